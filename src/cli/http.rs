//! The HTTP side of `gazette serve`: the last good site, served on loopback from memory, with
//! a script that reloads a page when a rebuild changes it (with a page per chapter, only the
//! pages whose chapters or charts changed), and the problems of a failed rebuild shown over
//! the page.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Where the live-reload script listens; no file of a site can have this path.
const EVENTS: &str = "/__gazette/events";

/// Injected before `</body>` in served pages only, never in `build` output. An event names
/// the pages that changed (`reload 7 index.html two.html`, or `*` for every page); a page
/// reloads when it is named.
const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__gazette/events\");s.onmessage=function(e){var w=e.data.split(\" \").slice(2),p=decodeURIComponent(location.pathname.split(\"/\").pop())||\"index.html\";if(w.indexOf(\"*\")>=0||w.indexOf(p)>=0)location.reload()};})();</script>";

/// Every page, in a change.
const EVERY_PAGE: &str = "*";

/// How many generations' changes are kept for listeners that fell behind.
const KEPT_CHANGES: usize = 32;

/// The site as served: the last good build's files, and the problems of the last build when
/// it failed. Each change moves the generation on, which reloads the open pages.
#[derive(Default)]
pub(crate) struct Site {
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    generation: u64,
    /// The site's files, by path under `output/site/`.
    files: BTreeMap<String, Vec<u8>>,
    /// The problems of the last build, when it failed.
    overlay: Option<String>,
    /// The pages each recent generation changed, oldest first.
    changes: VecDeque<(u64, Vec<String>)>,
}

impl State {
    /// Moves to a new generation that changed `pages`.
    fn record(&mut self, pages: Vec<String>) {
        self.generation += 1;
        self.changes.push_back((self.generation, pages));
        if self.changes.len() > KEPT_CHANGES {
            self.changes.pop_front();
        }
    }

    /// The pages changed since generation `seen`: every page when that is too long ago.
    fn changed_since(&self, seen: u64) -> Vec<String> {
        if self.changes.front().is_none_or(|(first, _)| *first > seen + 1) {
            return vec![EVERY_PAGE.to_string()];
        }
        let pages: BTreeSet<&String> =
            self.changes.iter().filter(|(g, _)| *g > seen).flat_map(|(_, p)| p).collect();
        pages.into_iter().cloned().collect()
    }
}

/// The pages a new site changes: those whose HTML differs, and those showing a chart whose
/// drawing differs; every page when anything else (a style sheet, an image) differs. The PDF
/// changes no page. Each page is read once, however many charts changed.
fn changed_pages(old: &BTreeMap<String, Vec<u8>>, new: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut pages = BTreeSet::new();
    let mut charts = BTreeSet::new();
    for path in old.keys().chain(new.keys()).collect::<BTreeSet<_>>() {
        if path.ends_with(".pdf") || old.get(path) == new.get(path) {
            continue;
        }
        if path.ends_with(".html") {
            pages.insert(path.clone());
        } else if let Some(chart) = path.strip_prefix("charts/").and_then(|c| c.split('.').next()) {
            charts.insert(chart);
        } else {
            return vec![EVERY_PAGE.to_string()];
        }
    }
    if !charts.is_empty() {
        for (page, html) in new.iter().filter(|(p, _)| p.ends_with(".html")) {
            let text = String::from_utf8_lossy(html);
            let shown = text.split("charts/").skip(1).filter_map(|rest| rest.split('.').next());
            if shown.into_iter().any(|id| charts.contains(id)) {
                pages.insert(page.clone());
            }
        }
    }
    pages.into_iter().collect()
}

impl Site {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Shows a new site at once (its PDF comes with [`built`](Self::built)); the PDF of the
    /// last good build stays downloadable until then.
    pub(crate) fn show(&self, files: &BTreeMap<String, Vec<u8>>) {
        let mut s = self.lock();
        let mut site: BTreeMap<String, Vec<u8>> = files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("site/").map(|s| (s.to_string(), v.clone())))
            .collect();
        for (k, v) in s.files.iter().filter(|(k, _)| k.ends_with(".pdf")) {
            site.entry(k.clone()).or_insert_with(|| v.clone());
        }
        // A page showing the last build's error overlay reloads whatever changed.
        let changed =
            if s.overlay.is_some() { vec![EVERY_PAGE.to_string()] } else { changed_pages(&s.files, &site) };
        s.files = site;
        s.overlay = None;
        s.record(changed);
        drop(s);
        self.wake.notify_all();
    }

    /// Adds the rest of a whole build's site (its PDF) to what is served.
    pub(crate) fn built(&self, files: BTreeMap<String, Vec<u8>>) {
        let mut s = self.lock();
        for (k, v) in files {
            if let Some(site_path) = k.strip_prefix("site/") {
                s.files.insert(site_path.to_string(), v);
            }
        }
    }

    /// Shows the problems of a failed build over the last good page.
    pub(crate) fn failed(&self, problems: String) {
        let mut s = self.lock();
        s.overlay = Some(problems);
        s.record(vec![EVERY_PAGE.to_string()]);
        drop(s);
        self.wake.notify_all();
    }
}

/// The HTTP server, listening, and the host names it answers to.
pub(crate) struct Server {
    http: tiny_http::Server,
    hosts: super::hosts::Hosts,
}

impl Server {
    /// Listens on `bind:port` (port 0: any free one), answering requests for this computer's
    /// addresses, `localhost` and the names in `allowed`.
    pub(crate) fn bind(
        bind: IpAddr,
        port: u16,
        allowed: &[String],
    ) -> Result<Self, Box<gazette::Diagnostic>> {
        let http = tiny_http::Server::http((bind, port)).map_err(|e| {
            Box::new(
                gazette::Diagnostic::error(format!("cannot listen on {bind}:{port}: {e}"))
                    .hint("pass `--port` with another number, or `--port 0` for any free port"),
            )
        })?;
        Ok(Server { http, hosts: super::hosts::Hosts::new(bind, allowed) })
    }

    /// Where it listens.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.http.server_addr().to_ip().unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Answers requests, each on its own thread, until the process is stopped. A request for
    /// another host (a web page using DNS rebinding to read the draft) is refused, and
    /// `refused` is told its host.
    pub(crate) fn serve(&self, site: &Site, refused: &(dyn Fn(&str) + Sync)) {
        std::thread::scope(|scope| {
            for request in self.http.incoming_requests() {
                if let Err(host) = self.hosts.check(request.headers()) {
                    refused(&host);
                    let _ = request.respond(plain(403, &super::hosts::refusal(&host)));
                    continue;
                }
                scope.spawn(move || respond(request, site));
            }
        });
    }
}

fn respond(request: tiny_http::Request, site: &Site) {
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if url == EVENTS {
        events(request, site);
        return;
    }
    let Some(path) = site_path(&url) else {
        let _ = request.respond(plain(403, "403 forbidden: gazette serves only the files of the site"));
        return;
    };
    let (body, overlay) = {
        let s = site.lock();
        (s.files.get(&path).cloned(), s.overlay.clone())
    };
    let Some(mut body) = body else {
        let message = match overlay {
            Some(o) => format!("the build failed:\n\n{o}"),
            None => format!("404 not found: `{path}` is not part of the site"),
        };
        let _ = request.respond(plain(404, &message));
        return;
    };
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        body = inject(&body, overlay.as_deref());
    }
    let response = tiny_http::Response::from_data(body)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// Streams server-sent events: one `reload` each time the build's generation moves on.
fn events(request: tiny_http::Request, site: &Site) {
    let mut seen = site.lock().generation;
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    loop {
        let guard = site.lock();
        let (guard, _) = site
            .wake
            .wait_timeout_while(guard, Duration::from_secs(15), |s| s.generation == seen)
            .unwrap_or_else(PoisonError::into_inner);
        let message = if guard.generation == seen {
            ": keep-alive\n\n".to_string()
        } else {
            let pages = guard.changed_since(seen).join(" ");
            seen = guard.generation;
            format!("data: reload {seen} {pages}\n\n")
        };
        drop(guard);
        if writer.write_all(message.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
}

/// The site file a URL asks for, or `None` when it tries to leave the site.
fn site_path(url: &str) -> Option<String> {
    let decoded = percent_decode(url)?;
    let mut parts = Vec::new();
    for part in decoded.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains(':') => return None,
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = overlay.map(gazette::overlay).unwrap_or_default();
    extra.push_str(RELOAD_SCRIPT);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn plain(status: u16, text: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(text)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// Opens a URL in the desktop's browser, quietly doing nothing where there is none.
pub(crate) fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "windows") {
        ("cmd", vec!["/C", "start", "", url])
    } else if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else {
        ("xdg-open", vec![url])
    };
    let _ = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_site_files_and_never_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/assets/style.css").as_deref(), Some("assets/style.css"));
        assert_eq!(site_path("/media/%E5%9B%BE.png").as_deref(), Some("media/图.png"));
        for bad in [
            "/../gazette.yaml",
            "/%2e%2e/gazette.yaml",
            "/assets/..%2F..%2Fgazette.yaml",
            "/C:/x",
            "/a/..\\b",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_rebuild_reloads_the_pages_it_changed() {
        let site = |files: &[(&str, &str)]| -> BTreeMap<String, Vec<u8>> {
            files.iter().map(|(p, b)| (p.to_string(), b.as_bytes().to_vec())).collect()
        };
        let old = site(&[
            ("index.html", "i"),
            ("a.html", "<img src=\"charts/c1.svg\">"),
            ("b.html", "b"),
            ("charts/c1.svg", "1"),
            ("x.pdf", "1"),
        ]);
        // The next build's files: the last one's with these changed or added.
        let changed = |edits: &[(&str, &str)]| {
            let mut new = old.clone();
            new.extend(site(edits));
            changed_pages(&old, &new)
        };
        assert_eq!(changed(&[("b.html", "B"), ("x.pdf", "2")]), ["b.html"]);
        let mut without_pdf = old.clone();
        without_pdf.remove("x.pdf");
        without_pdf.insert("charts/c1.svg".into(), b"2".to_vec());
        assert_eq!(changed_pages(&old, &without_pdf), ["a.html"]);
        assert_eq!(changed(&[("assets/style.css", "x")]), ["*"]);

        let mut state = State::default();
        state.record(vec!["a.html".into()]);
        state.record(vec!["b.html".into(), "a.html".into()]);
        assert_eq!(state.changed_since(1), ["a.html", "b.html"]);
        assert_eq!(state.changed_since(0), ["a.html", "b.html"]);
        for _ in 0..KEPT_CHANGES {
            state.record(vec!["c.html".into()]);
        }
        assert_eq!(state.changed_since(1), ["*"], "a listener too far behind reloads");
    }

    #[test]
    fn the_reload_script_goes_before_the_body_end() {
        let out = String::from_utf8(inject(b"<body><p>x</p></body>", Some("error: <x>"))).unwrap();
        assert!(out.ends_with("</script></body>"));
        assert!(out.contains("error: &lt;x&gt;"));
    }
}
