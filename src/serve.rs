//! `gazette serve`: build, serve the site on loopback, rebuild when a source changes and
//! reload the open browser tab. A failed rebuild shows its diagnostics over the last good
//! page, which stays served.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::RecursiveMode;

use crate::input::diagnostic::{Diagnostic, render_plain};
use crate::output::{self, Files};
use crate::pipeline::Error;
use crate::{config, discover};

/// Where the live-reload script listens; no file of a site can have this path.
const EVENTS: &str = "/__gazette/events";

/// Injected before `</body>` in served pages only, never in `build` output.
const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__gazette/events\");s.onmessage=function(){location.reload()};})();</script>";

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub bind: std::net::IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    /// The edition served and written (the English one to `output/en/`).
    pub locale: crate::input::Locale,
}

/// What the server tells the person running it.
#[derive(Debug)]
pub enum Event<'a> {
    Listening(SocketAddr),
    Built {
        elapsed: Duration,
        /// From the change to the browser having the new page (the PDF comes after).
        page: Duration,
        warnings: &'a [Diagnostic],
    },
    Failed(&'a [Diagnostic]),
    /// A problem of the machine (output could not be written), with its message.
    Trouble(&'a str),
}

/// The last good site, and the diagnostics of the last build when it failed.
struct State {
    generation: u64,
    site: Files,
    overlay: Option<String>,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// Serves the paper at `root` until the process is stopped. Fails only at start: when the
/// first build has no site to show at all, or the port cannot be had.
pub fn serve(root: &Path, options: &Options, report: &(dyn Fn(Event<'_>) + Sync)) -> Result<(), Error> {
    // Watch events name absolute paths; compare them with an absolute root.
    let root =
        &root.canonicalize().map_err(|e| Error::Usage(format!("cannot open `{}`: {e}", root.display())))?;
    let state: Shared =
        Arc::new((Mutex::new(State { generation: 0, site: Files::new(), overlay: None }), Condvar::new()));
    // Rebuilds read again only what changed.
    crate::input::source::keep_files();
    rebuild(root, options.locale, &state, report);
    let server = tiny_http::Server::http((options.bind, options.port)).map_err(|e| {
        Error::Environment(format!(
            "cannot listen on {}:{}: {e}; pass `--port` with another number, or `--port 0` for any free port",
            options.bind, options.port
        ))
    })?;
    let addr = server.server_addr().to_ip().unwrap_or_else(|| SocketAddr::new(options.bind, options.port));
    report(Event::Listening(addr));

    let (tx, rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(Duration::from_millis(40), None, tx)
        .map_err(|e| Error::Environment(format!("cannot watch the paper's files: {e}")))?;
    for (path, mode) in watched(root) {
        debouncer
            .watch(&path, mode)
            .map_err(|e| Error::Environment(format!("cannot watch `{}`: {e}", path.display())))?;
    }
    let out = root.join(output::DIR);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for result in rx {
                let Ok(events) = result else { continue };
                // Reading files (by our own build, too) raises access events: only changes count.
                let changed: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| is_change(&e.kind))
                    .flat_map(|e| e.paths.iter())
                    .filter(|p| is_source(root, &out, p))
                    .cloned()
                    .collect();
                if !changed.is_empty() {
                    crate::input::source::forget(&changed);
                    rebuild(root, options.locale, &state, report);
                }
            }
        });
        for request in server.incoming_requests() {
            let state = Arc::clone(&state);
            scope.spawn(move || respond(request, &state));
        }
    });
    drop(debouncer);
    Ok(())
}

/// The paths to watch: `gazette.yaml` (through its folder), `content/` and `themes/`.
fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut paths = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for dir in [discover::CONTENT, "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            paths.push((path, RecursiveMode::Recursive));
        }
    }
    paths
}

fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(m) => !matches!(m, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Whether a changed path is an input of the paper (not the output or its staging folders).
fn is_source(root: &Path, out: &Path, path: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let first =
        rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first == config::FILE || first == discover::CONTENT || first == "themes"
}

/// Rebuilds the paper: the site first, shown to the browser as soon as it is ready, then the
/// PDF and images, written with the site to `output/` as one build.
fn rebuild(root: &Path, locale: crate::input::Locale, state: &Shared, report: &(dyn Fn(Event<'_>) + Sync)) {
    let started = Instant::now();
    let (lock, wake) = &**state;
    let page = Mutex::new(Duration::ZERO);
    let publish = |rendered: &crate::pipeline::Rendered| {
        *page.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = started.elapsed();
        let site = rendered
            .files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("site/").map(|s| (s.to_string(), v.clone())))
            .collect();
        let mut s = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // The PDF of the last good build stays downloadable until the new one is made.
        let pdf: Files =
            s.site.iter().filter(|(k, _)| k.ends_with(".pdf")).map(|(k, v)| (k.clone(), v.clone())).collect();
        s.site = site;
        for (k, v) in pdf {
            s.site.entry(k).or_insert(v);
        }
        s.overlay = None;
        s.generation += 1;
        drop(s);
        wake.notify_all();
    };
    let result = crate::pipeline::load(root, locale, &|_| {})
        .and_then(|paper| crate::pipeline::render_site_first(&paper, &publish, &|_| {}));
    match result {
        Ok(rendered) => {
            if let Err(e) = crate::build::commit_edition(root, locale, &rendered.files) {
                report(Event::Trouble(&e.to_string()));
            }
            let page = *page.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            report(Event::Built { elapsed: started.elapsed(), page, warnings: &rendered.warnings });
            let mut s = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for (k, v) in rendered.files {
                if let Some(site_path) = k.strip_prefix("site/") {
                    s.site.insert(site_path.to_string(), v);
                }
            }
        }
        Err(error) => {
            let text = match &error {
                Error::Input(diags) => {
                    report(Event::Failed(diags));
                    render_plain(diags)
                }
                Error::Usage(m) | Error::Environment(m) => {
                    report(Event::Trouble(m));
                    m.clone()
                }
            };
            let mut s = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            s.overlay = Some(text);
            s.generation += 1;
            drop(s);
            wake.notify_all();
        }
    }
}

fn respond(request: tiny_http::Request, state: &Shared) {
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if url == EVENTS {
        events(request, state);
        return;
    }
    let Some(path) = site_path(&url) else {
        let _ = request.respond(plain(403, "403 forbidden: gazette serves only the files of the site"));
        return;
    };
    let (lock, _) = &**state;
    let (body, overlay) = {
        let s = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        (s.site.get(&path).cloned(), s.overlay.clone())
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
fn events(request: tiny_http::Request, state: &Shared) {
    let (lock, wake) = &**state;
    let mut seen = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner).generation;
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    loop {
        let guard = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (guard, _) = wake
            .wait_timeout_while(guard, Duration::from_secs(15), |s| s.generation == seen)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let message = if guard.generation == seen {
            ": keep-alive\n\n".to_string()
        } else {
            seen = guard.generation;
            format!("data: reload {seen}\n\n")
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
    let mut extra = String::new();
    if let Some(o) = overlay {
        extra.push_str("<div id=\"gazette-overlay\" role=\"alert\" style=\"position:fixed;left:0;right:0;top:0;max-height:70vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #9e1b1b;padding:1rem 1.25rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap\"><strong>gazette: the last change did not build; this is the last good page.</strong>\n\n");
        extra.push_str(&crate::render::html::escape(o));
        extra.push_str("</div>");
    }
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
    fn the_reload_script_goes_before_the_body_end() {
        let out = String::from_utf8(inject(b"<body><p>x</p></body>", Some("error: <x>"))).unwrap();
        assert!(out.ends_with("</script></body>"));
        assert!(out.contains("error: &lt;x&gt;"));
    }
}
