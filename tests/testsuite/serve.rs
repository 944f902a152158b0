//! `gazette serve`: served pages, live rebuilds, and what the rebuild loop keeps.

use std::collections::BTreeMap;
use std::process::Command;

use crate::common::*;

/// A GET over plain TCP, for the host it is addressed to: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    request(addr, path, &format!("Host: {addr}\r\n"))
}

/// `gazette serve --port 0 ARGS PAPER`, running until dropped, with the address it serves
/// and the lines it prints after saying so.
fn start(paper: &std::path::Path, args: &[&str]) -> (Server, String, Lines) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0"])
        .args(args)
        .arg(paper)
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let server = Server(child);
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    (server, addr, lines)
}

/// What `serve` prints, line by line.
type Lines = std::io::Lines<std::io::BufReader<std::process::ChildStderr>>;

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn what_serve_keeps_between_rebuilds_never_shows_in_the_output() {
    // `serve` keeps files, chapters, bodies and images made from unchanged inputs. After every
    // kind of edit, a rebuild that reuses them must equal, to the byte, a clean build of the
    // same files.
    let dir = example();
    let root = dir.path();
    let rebuilder = gazette::Rebuilder::new(root, gazette::Locale::Zh).unwrap();
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        rebuilder.forget(&[path]);
    };
    let same_as_clean = |step: &str| {
        match rebuilder.rebuild(&|_| {}) {
            gazette::Outcome::Built { trouble: None, .. } => {}
            other => panic!("after {step}, the rebuild failed: {other:?}"),
        }
        let clean = tempfile::tempdir().unwrap();
        std::fs::copy(root.join("gazette.yaml"), clean.path().join("gazette.yaml")).unwrap();
        copy_tree(&root.join("content"), &clean.path().join("content"));
        copy_tree(&root.join("themes"), &clean.path().join("themes"));
        let o = gazette(&["build"], clean.path());
        assert!(o.status.success(), "{}", stderr(&o));
        for file in ["output/site/index.html", "output/fragment.html", "output/manifest.json"] {
            let kept = std::fs::read_to_string(root.join(file)).unwrap();
            let fresh = std::fs::read_to_string(clean.path().join(file)).unwrap();
            assert!(kept == fresh, "after {step}, {file} differs from a clean build's");
        }
        index_html(root)
    };
    same_as_clean("the first build");
    edit("content/metrics/01-government.yaml", "value: 32\n", "value: 33\n");
    assert!(same_as_clean("a metric's value changed").contains(">33次</span>"));
    // A metric in no chart: only the figure's hover text in the chapter changes.
    edit("content/metrics/01-government.yaml", "label: 行政审判行动举措", "label: 行政审判举措");
    assert!(same_as_clean("a metric's label changed").contains("title=\"行政审判举措"));
    edit("content/charts/charts.yaml", "title: 府院联动主要数据（2023年以来）", "title: 府院联动数据");
    assert!(same_as_clean("a chart's title changed").contains("府院联动数据"));
    edit(
        "content/01-government.md",
        "{{ chart.government_kpi }}",
        "新增一段文字。\n\n{{ chart.government_kpi }}",
    );
    assert!(same_as_clean("a chapter's text changed").contains("新增一段文字。"));
    // The settings reach every chapter: Chinese figure numbers renumber every chart.
    edit(
        "gazette.yaml",
        "title: 深化府院联动　服务法治崂山",
        "title: 深化府院联动\nfigure_numbering: chinese",
    );
    assert!(same_as_clean("gazette.yaml changed").contains("图一"));
    // With a page run per chapter, Typst keeps the runs of the chapters that did not change.
    edit("gazette.yaml", "theme: default", "theme: default\npdf: { chapters: new-page }");
    same_as_clean("the PDF's chapters put on new pages");
    // The theme's page template is read again when it changes.
    edit("themes/default/templates/page.html", "</body>", "<!-- 主题已改 --></body>");
    assert!(same_as_clean("the theme changed").contains("<!-- 主题已改 -->"));
    // A new first chapter with a chart renumbers the charts of every chapter after it, and
    // taking the slug of another chapter changes that one's slug and anchors.
    std::fs::write(
        root.join("content/00-aa-new.md"),
        "---\ntitle: 新章\nslug: lawful-government\nnumbered: false\n---\n\n{{ chart.admin_rates }}\n",
    )
    .unwrap();
    assert!(same_as_clean("a chapter was added before the others").contains("id=\"lawful-government-2\""));
    std::fs::remove_file(root.join("content/00-aa-new.md")).unwrap();
    same_as_clean("that chapter was deleted");
    // An image a kept chapter shows is looked for again on every build.
    std::fs::create_dir_all(root.join("content/images")).unwrap();
    std::fs::copy(
        fixtures().join("valid/basic/content/images/seal.svg"),
        root.join("content/images/seal.svg"),
    )
    .unwrap();
    edit("content/02-urban-renewal.md", "\n\n", "\n\n![院徽](images/seal.svg)\n\n");
    assert!(same_as_clean("an image was added").contains("src=\"media/images/seal.svg\""));
    std::fs::remove_file(root.join("content/images/seal.svg")).unwrap();
    match rebuilder.rebuild(&|_| {}) {
        gazette::Outcome::Failed(gazette::Error::Input(diags)) => {
            assert!(
                diags.iter().any(|d| d.message() == "image `images/seal.svg` does not exist"),
                "{diags:?}"
            );
        }
        other => panic!("a build without the image must fail at the chapter, not {other:?}"),
    }
}

#[test]
fn serve_serves_and_writes_the_english_edition_keeping_the_chinese_one() {
    use std::io::BufRead;
    let dir = example();
    assert!(gazette(&["build"], dir.path()).status.success());
    let zh_before: BTreeMap<String, Vec<u8>> =
        snapshot(dir.path()).into_iter().filter(|(k, _)| !k.starts_with("en/")).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "--locale", "en"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let _server = Server(child);
    // The first build is written before the server listens.
    let (mut addr, mut built) = (None, false);
    while addr.is_none() || !built {
        let line = lines.next().expect("serve printed its build and its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            addr = rest.split('/').next().map(str::to_string);
        }
        built |= line.starts_with("built in ");
    }
    std::thread::spawn(move || for _ in lines {});
    let (status, page) = get(&addr.unwrap(), "/");
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\"") && page.contains("more than 4,500"));
    let written = std::fs::read_to_string(dir.path().join("output/en/site/index.html")).unwrap();
    assert!(written.contains("more than 4,500") && !written.contains("EventSource"));
    let zh_after: BTreeMap<String, Vec<u8>> =
        snapshot(dir.path()).into_iter().filter(|(k, _)| !k.starts_with("en/")).collect();
    assert!(zh_before == zh_after, "serving the English edition must leave the Chinese files as they were");
}

#[test]
fn serve_rebuilds_on_a_metric_edit_and_tells_the_browser() {
    use std::io::{Read, Write};
    let dir = paper("valid/basic");
    let (_server, addr, lines) = start(dir.path(), &[]);
    std::thread::spawn(move || for _ in lines {});
    let (status, page) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(page.contains(">545件</span>") && page.contains("new EventSource"));
    let built = std::fs::read_to_string(dir.path().join("output/site/index.html")).unwrap();
    assert!(!built.contains("EventSource"), "the reload script is only for serve");
    assert_eq!(get(&addr, "/../gazette.yaml").0, 403);
    assert_eq!(get(&addr, "/%2e%2e/gazette.yaml").0, 403);

    let mut events = std::net::TcpStream::connect(&addr).unwrap();
    write!(events, "GET /__gazette/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    events.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 512];
    let n = events.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).contains("text/event-stream"));

    let metrics = dir.path().join("content/metrics/cases.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap().replace("value: 545", "value: 546");
    std::fs::write(&metrics, text).unwrap();
    let mut seen = String::new();
    while !seen.contains("data: reload") {
        let n = events.read(&mut buf).expect("a reload event within 10 s");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(get(&addr, "/").1.contains(">546件</span>"));

    std::fs::write(&metrics, "cases_concluded: [\n").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let page = get(&addr, "/").1;
        if page.contains("gazette-overlay") {
            assert!(page.contains(">546件</span>"), "the last good page stays served");
            assert!(page.contains("invalid YAML"));
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no overlay after a failed rebuild");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn serve_open_hands_the_page_address_to_the_desktop_browser() {
    use std::io::BufRead;
    use std::os::unix::fs::PermissionsExt;
    let dir = paper("valid/basic");
    // A stand-in for the desktop's `xdg-open`, which records the address it is given.
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let script = bin.path().join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "--open"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .env("PATH", path)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let _server = Server(child);
    let url = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving ") {
            break rest.split(' ').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    // The stand-in browser creates the file, then writes the address: wait for a whole line.
    let written = || std::fs::read_to_string(&opened).is_ok_and(|t| t.ends_with('\n'));
    while !written() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let given = std::fs::read_to_string(&opened).expect("the browser was opened");
    assert_eq!(given.trim(), url, "the browser is given the page's address");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
}

/// A request with the headers given, over plain TCP: (status, body).
fn request(addr: &str, path: &str, headers: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n").unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn serve_answers_only_its_own_hosts_so_no_web_page_can_read_the_draft() {
    let dir = paper("valid/basic");
    let (_server, addr, lines) = start(dir.path(), &["--allow-host", "paper.test"]);
    let port = addr.rsplit(':').next().unwrap().to_string();
    for host in
        [addr.clone(), format!("localhost:{port}"), format!("[::1]:{port}"), format!("paper.test:{port}")]
    {
        let (status, page) = request(&addr, "/", &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "{host}");
        assert!(page.contains(">545件</span>"), "{host}");
    }
    // A page of another site that rebound its name to this computer.
    let (status, page) = request(&addr, "/", &format!("Host: evil.example:{port}\r\n"));
    assert_eq!(status, 403);
    assert!(page.contains("answers only requests for this computer") && !page.contains("545件"), "{page}");
    // The live-reload channel, asked from a foreign page.
    let origin = format!("Host: {addr}\r\nOrigin: http://evil.example:{port}\r\n");
    assert_eq!(request(&addr, "/__gazette/events", &origin).0, 403);
    assert_eq!(request(&addr, "/", &format!("Host: {addr}\r\nOrigin: http://{addr}\r\n")).0, 200);
    // The terminal says so.
    let told =
        lines.map_while(Result::ok).find(|l| l.contains("refused a request")).expect("the terminal is told");
    assert!(told.contains("`evil.example:") && told.contains("--allow-host"), "{told}");
}
