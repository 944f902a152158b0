//! Integration tests: the `gazette` binary run on fixture papers copied to temporary folders.

mod common;

use common::{copy_tree, gazette, pdf_text, plain_text};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture paper copied into a fresh temporary folder.
fn paper(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join(name), dir.path());
    dir
}

/// The example paper of this repository, copied.
fn example() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("gazette.yaml"), dir.path().join("gazette.yaml")).unwrap();
    copy_tree(&root.join("content"), &dir.path().join("content"));
    copy_tree(&root.join("themes"), &dir.path().join("themes"));
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `output` (or the bytes of `output` itself when it is a file).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = dir.join("output");
    let mut files = BTreeMap::new();
    if out.is_file() {
        files.insert(String::new(), std::fs::read(&out).unwrap());
        return files;
    }
    if !out.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

fn index_html(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("output/site/index.html")).unwrap()
}

/// The article's figures, as the article prints them.
const SEED_FIGURES: &[&str] = &[
    "32次",
    "41个",
    "64个",
    "超过20%",
    "8项",
    "545件",
    "4年",
    "100%",
    "20余次",
    "8名",
    "8次",
    "12件",
    "47起",
    "30余家",
    "400余次",
    "260余件",
    "超4亿元",
    "近200件",
    "近40户",
    "79家",
    "1047起",
    "4500余件",
    "58.4%",
    "百余起",
    "近五年",
    "60余起",
    "10余个",
    "1500余人",
    "21件",
];

#[test]
fn the_example_prints_every_figure_of_the_article_as_the_article_prints_it() {
    let dir = example();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = index_html(dir.path());
    for figure in SEED_FIGURES {
        let span = format!(">{figure}</span>");
        assert!(html.contains(&span), "the page does not print {figure} as a figure");
    }
    assert!(html.contains("连续<span class=\"fig\" data-metric=\"appearance_streak_years\""));
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for chapter in ["一、", "二、", "三、", "四、"] {
        assert!(html.contains(&format!("<span class=\"ordinal\">{chapter}</span>")), "{chapter}");
    }
    assert!(dir.path().join("output/site/assets/style.css").is_file());
}

#[test]
fn the_site_requests_nothing_from_other_hosts() {
    let dir = example();
    assert!(gazette(&["build"], dir.path()).status.success());
    let html = index_html(dir.path());
    for attr in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import", "url(http"] {
        assert!(!html.contains(attr), "{attr}");
    }
    let css = std::fs::read_to_string(dir.path().join("output/site/assets/style.css")).unwrap();
    assert!(!css.contains("url(") && !css.contains("@import"));
}

#[test]
fn two_builds_in_different_folders_are_identical_to_the_byte() {
    let a = example();
    let b = example();
    assert!(gazette(&["build"], a.path()).status.success());
    assert!(gazette(&["build"], b.path()).status.success());
    let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
    assert!(!sa.is_empty());
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between two builds");
    }
}

#[test]
fn the_basic_fixture_renders_as_snapshotted() {
    let dir = paper("valid/basic");
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = index_html(dir.path());
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap() + 7];
    insta::assert_snapshot!("basic_main", main);
    assert!(!html.contains("<script"), "raw HTML must be escaped");
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("来源：调解平台 &lt;统计&gt;"), "YAML values are escaped in attributes");
    assert_eq!(
        std::fs::read(dir.path().join("output/site/media/images/seal.svg")).unwrap(),
        std::fs::read(fixtures().join("valid/basic/content/images/seal.svg")).unwrap()
    );
}

#[test]
fn timings_name_every_stage_with_its_time_and_peak_memory() {
    let dir = paper("valid/basic");
    let o = gazette(&["build", "--only", "site", "--timings"], dir.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    for stage in [
        "reading metrics",
        "reading chapters",
        "drawing charts",
        "rendering the site",
        "writing output",
        "total",
    ] {
        let line = err.lines().find(|l| l.trim_start().starts_with(stage)).unwrap_or_else(|| panic!("{err}"));
        assert!(line.contains(" ms"), "{line}");
        #[cfg(target_os = "linux")]
        assert!(line.ends_with(" MiB peak"), "{line}");
    }
}

#[test]
fn check_reports_success_and_writes_nothing() {
    let dir = paper("valid/basic");
    let o = gazette(&["check"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("no errors"));
    assert!(!dir.path().join("output").exists());
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "check wrote something: {names:?}");
}

#[test]
fn a_folder_that_is_not_a_paper_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["build", "check"] {
        let o = gazette(&[cmd], dir.path());
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("there is no `gazette.yaml`"), "{}", stderr(&o));
    }
}

#[test]
fn the_build_ends_with_one_summary_line() {
    let dir = paper("valid/basic");
    let o = gazette(&["build"], dir.path());
    let err = stderr(&o);
    let last = err.lines().last().unwrap();
    assert!(last.starts_with("built `output/` in ") && last.ends_with("9 files"), "{last}");
}

/// What an invalid fixture expects: exit status and diagnostics.
struct Expect {
    exit: i32,
    lines: Vec<String>,
    absent: Vec<String>,
}

fn read_expect(case: &Path) -> Expect {
    let text = std::fs::read_to_string(case.join("expect.txt")).unwrap();
    let mut exit = 1;
    let mut lines = Vec::new();
    let mut absent = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(n) = line.strip_prefix("exit ") {
            exit = n.parse().unwrap();
        } else if let Some(t) = line.strip_prefix("not: ") {
            absent.push(t.to_string());
        } else {
            lines.push(line.to_string());
        }
    }
    Expect { exit, lines, absent }
}

/// Asserts that the rendered diagnostics show `line`: `FILE:LINE:COL: error: MESSAGE` is an
/// `error: MESSAGE` header followed by `┌─ FILE:LINE:COL`; other lines must appear as written.
fn assert_shows(err: &str, line: &str, case: &str) {
    for sev in [": error: ", ": warning: "] {
        if let Some(i) = line.find(sev) {
            let (loc, msg) = (&line[..i], &line[i + 2..]);
            if !loc.contains(':') {
                // A file-level message: `error: MESSAGE` naming the file, or `error: FILE: MESSAGE`.
                let text = &msg[msg.find(": ").unwrap() + 2..];
                let found = err.lines().any(|l| l.contains(text) && l.contains(loc));
                assert!(found, "{case}: expected `{msg}` naming `{loc}` in:\n{err}");
                return;
            }
            let lines: Vec<&str> = err.lines().collect();
            let found =
                lines.windows(2).any(|w| w[0].starts_with(msg) && w[1].contains(&format!("┌─ {loc}")));
            assert!(found, "{case}: expected `{msg}` at `{loc}` in:\n{err}");
            return;
        }
    }
    assert!(err.contains(line), "{case}: expected `{line}` in:\n{err}");
}

#[test]
fn every_invalid_fixture_fails_with_a_located_message_and_leaves_output_untouched() {
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(fixtures().join("invalid")).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} invalid fixtures", cases.len());
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expect = read_expect(&case);
        let dir = paper("valid/basic");
        let first = gazette(&["build"], dir.path());
        assert!(first.status.success(), "{name}: the base paper must build: {}", stderr(&first));
        if case.join("output").is_file() {
            std::fs::remove_dir_all(dir.path().join("output")).unwrap();
        }
        copy_tree(&case, dir.path());
        std::fs::remove_file(dir.path().join("expect.txt")).unwrap();
        let before = snapshot(dir.path());
        for cmd in ["build", "check"] {
            let o = gazette(&[cmd], dir.path());
            let err = stderr(&o);
            assert_eq!(
                o.status.code(),
                Some(expect.exit),
                "{name}: `gazette {cmd}` exit status; stderr:\n{err}"
            );
            assert!(!err.contains("panicked"), "{name}: panic:\n{err}");
            for line in &expect.lines {
                assert_shows(&err, line, &format!("{name} ({cmd})"));
            }
            for text in &expect.absent {
                assert!(
                    !err.contains(text.as_str()),
                    "{name} ({cmd}): `{text}` should not be reported:\n{err}"
                );
            }
            assert!(snapshot(dir.path()) == before, "{name}: `gazette {cmd}` changed output/");
        }
    }
}

#[test]
fn check_json_lists_every_diagnostic_with_its_place() {
    let dir = paper("valid/basic");
    copy_tree(&fixtures().join("invalid/unknown-metric-reference"), dir.path());
    let o = gazette(&["check", "--format", "json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["errors"], 2);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/03-more.md");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 10);
    assert_eq!(first["message"], "unknown metric `cases_conclude`");
    assert_eq!(first["hints"][0], "did you mean `cases_concluded`?");
    let clean = gazette(&["check", "--format", "json"], paper("valid/basic").path());
    let doc: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!((clean.status.code(), doc["errors"].as_u64()), (Some(0), Some(0)));
}

#[test]
fn init_writes_a_paper_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("新白皮书 2025");
    let o = gazette(&["init"], &target);
    assert!(o.status.success(), "{}", stderr(&o));
    let built = gazette(&["build"], &target);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(index_html(&target).contains(">545件</span>"));
    let before = std::fs::read(target.join("gazette.yaml")).unwrap();
    let again = gazette(&["init"], &target);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("is not empty"), "{}", stderr(&again));
    assert_eq!(std::fs::read(target.join("gazette.yaml")).unwrap(), before);
}

#[test]
fn a_theme_replaces_single_files_and_its_template_errors_are_located() {
    let dir = paper("valid/basic");
    let theme = dir.path().join("themes/court/assets");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("style.css"), "body { color: black; }\n").unwrap();
    std::fs::write(theme.join("logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n").unwrap();
    let config = dir.path().join("gazette.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("theme: court\n");
    std::fs::write(&config, text).unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let css = std::fs::read_to_string(dir.path().join("output/site/assets/style.css")).unwrap();
    assert_eq!(css, "body { color: black; }\n");
    assert!(dir.path().join("output/site/assets/logo.svg").is_file());
    assert!(
        index_html(dir.path()).contains("<h1>行政审判白皮书（测试）</h1>"),
        "the built-in page template still serves"
    );

    let templates = dir.path().join("themes/court/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("page.html"), "<html>\n<body>\n{{ title }\n</body>\n").unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("┌─ themes/court/templates/page.html:3:"), "{}", stderr(&o));
}

/// A GET over plain TCP: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

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
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = paper("valid/basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let _server = Server(child);
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
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

/// The width of a PNG, from its header.
fn png_width(bytes: &[u8]) -> u32 {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    u32::from_be_bytes(bytes[16..20].try_into().unwrap())
}

#[test]
fn every_chart_kind_draws_the_same_svg_as_snapshotted() {
    let dir = paper("valid/charts");
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    for id in
        ["bar_chart", "hbar_chart", "line_chart", "pie_chart", "donut_chart", "stacked_chart", "kpi_chart"]
    {
        let svg = std::fs::read_to_string(dir.path().join(format!("output/site/charts/{id}.svg"))).unwrap();
        assert!(svg.contains("role=\"img\""), "{id}");
        insta::assert_snapshot!(format!("chart_{id}"), svg);
        let png = std::fs::read(dir.path().join(format!("output/images/{id}.png"))).unwrap();
        assert!(png_width(&png) >= 1080, "{id}: PNG too narrow");
    }
}

#[test]
fn charts_in_the_site_are_numbered_figures_with_source_alt_text_and_table() {
    let dir = paper("valid/charts");
    assert!(gazette(&["build"], dir.path()).status.success());
    let html = index_html(dir.path());
    assert!(
        html.contains("alt=\"柱状图：多元解纷主要数据。诉前化解纠纷4500余件，协助排查化解矛盾纠纷1047起\""),
        "alt text"
    );
    assert!(html.contains("<span class=\"fig-number\">图1</span>　多元解纷主要数据"));
    assert!(html.contains("<span class=\"fig-number\">图7</span>　主要数据"));
    assert!(html.contains("数据来源：调解平台；基层治理台账"));
    assert!(html.contains("<caption>图3　行政案件数量变化</caption>"));
    assert!(html.contains("<th scope=\"row\">2021年</th><td>240件</td><td>70件</td>"));
    assert!(html.contains("<p>正文中间的段落<span class=\"fig\""), "text before a chart stays a paragraph");
    let figure = &html[html.find("<figure class=\"chart\" id=\"fig-1\">").unwrap()..];
    insta::assert_snapshot!("chart_figure_html", &figure[..figure.find("</figure>").unwrap() + 9]);
}

#[test]
fn a_corrected_figure_corrects_its_chart() {
    let dir = paper("valid/charts");
    assert!(gazette(&["build"], dir.path()).status.success());
    let before = std::fs::read(dir.path().join("output/site/charts/bar_chart.svg")).unwrap();
    let metrics = dir.path().join("content/metrics/data.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap().replace("value: 1047", "value: 1200");
    std::fs::write(&metrics, text).unwrap();
    assert!(gazette(&["build"], dir.path()).status.success());
    let after = std::fs::read_to_string(dir.path().join("output/site/charts/bar_chart.svg")).unwrap();
    assert_ne!(before, after.as_bytes());
    assert!(after.contains("1200起"));
}

#[test]
fn the_example_pdf_is_a_pdf_with_every_figure_in_its_text() {
    let dir = example();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = dir.path().join("output/laoshan-2024.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/StructTreeRoot") && raw.contains("/Lang"), "the PDF is tagged with its language");
    let Some(text) = pdf_text(&pdf) else {
        eprintln!("skipped the PDF text check: `pdftotext` (Debian's poppler-utils) is not installed");
        return;
    };
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for figure in SEED_FIGURES {
        assert!(text.contains(figure), "the PDF text lacks {figure}");
    }
    assert!(text.contains("—1—"), "page numbers are printed as — 1 —");
}

#[test]
fn the_manifest_lists_every_output_file_with_its_sha256() {
    let dir = paper("valid/charts");
    assert!(gazette(&["build"], dir.path()).status.success());
    let files = snapshot(dir.path());
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let listed: Vec<&str> =
        manifest["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    let actual: Vec<&str> = files.keys().map(String::as_str).filter(|p| *p != "manifest.json").collect();
    assert_eq!(listed, actual);
    let pdf = manifest["files"].as_array().unwrap().iter().find(|f| f["path"] == "charts.pdf").unwrap();
    assert_eq!(pdf["bytes"].as_u64().unwrap() as usize, files["charts.pdf"].len());
    assert_eq!(pdf["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn the_fragment_is_the_article_alone_with_inline_charts_and_no_script() {
    let dir = example();
    assert!(gazette(&["build"], dir.path()).status.success());
    let fragment = std::fs::read_to_string(dir.path().join("output/fragment.html")).unwrap();
    assert!(fragment.starts_with("<div class=\"gazette-article\""));
    for figure in SEED_FIGURES {
        assert!(fragment.contains(&format!(">{figure}</span>")), "{figure}");
    }
    assert!(fragment.contains("<svg ") && fragment.contains("role=\"img\""), "charts are inline SVG");
    assert!(!fragment.contains("<script") && !fragment.contains("<img src=\"charts/"));
    for external in ["src=\"http", "href=\"http", "url(", "@import", "<link"] {
        assert!(!fragment.contains(external), "{external}");
    }
    for rule in fragment[fragment.find("<style>").unwrap() + 7..fragment.find("</style>").unwrap()]
        .lines()
        .filter(|l| !l.is_empty())
    {
        assert!(rule.starts_with(".gazette-article"), "unscoped style rule: {rule}");
    }
}

#[test]
fn the_fragment_embeds_images_the_site_links_from_one_rendering() {
    let dir = paper("valid/basic");
    // Private-use characters typed in a chapter are text, never taken for the stand-ins
    // that mark where the site and the fragment put charts and images.
    let chapter = dir.path().join("content/02-outlook.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{text}\n私用区字符\u{E012}0\u{E013}照录。\n")).unwrap();
    // The site alone: no font has these characters, which the PDF refuses.
    let o = gazette(&["build", "--only", "site"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = index_html(dir.path());
    let fragment = std::fs::read_to_string(dir.path().join("output/fragment.html")).unwrap();
    assert!(html.contains("<img src=\"media/images/seal.svg\" alt=\""), "the site links the image");
    assert!(fragment.contains("<img src=\"data:image/svg+xml;base64,"), "the fragment embeds the image");
    assert!(!fragment.contains("src=\"media/"));
    for page in [&html, &fragment] {
        assert!(page.contains("私用区字符&#xE012;0&#xE013;照录。"), "stand-in characters print as text");
    }
}

#[test]
fn the_page_carries_metadata_and_a_relative_pdf_link() {
    let dir = example();
    let config = dir.path().join("gazette.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("base_url: https://court.example.cn/wp/2024\nkeywords: [府院联动, 行政审判]\n");
    std::fs::write(&config, text).unwrap();
    assert!(gazette(&["build"], dir.path()).status.success());
    let html = index_html(dir.path());
    for meta in [
        "<meta name=\"ArticleTitle\" content=\"深化府院联动　服务法治崂山\">",
        "<meta name=\"PubDate\" content=\"2024-07-19 00:00\">",
        "<meta name=\"ContentSource\" content=\"崂山区人民法院\">",
        "<meta property=\"og:title\" content=\"深化府院联动　服务法治崂山\">",
        "<meta property=\"og:url\" content=\"https://court.example.cn/wp/2024/\">",
        "<link rel=\"canonical\" href=\"https://court.example.cn/wp/2024/\">",
        "<meta name=\"keywords\" content=\"府院联动,行政审判\">",
        "<a href=\"laoshan-2024.pdf\" download>",
    ] {
        assert!(html.contains(meta), "missing {meta}");
    }
    assert!(dir.path().join("output/site/laoshan-2024.pdf").is_file(), "the PDF is beside the page");
    for href in html.split("href=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]) {
        assert!(!href.starts_with('/') && !href.starts_with("../"), "internal link `{href}` is not relative");
    }
}

#[test]
fn a_draft_is_marked_on_every_page_and_a_published_paper_is_not() {
    let dir = paper("valid/basic");
    assert!(gazette(&["build"], dir.path()).status.success());
    assert!(!index_html(dir.path()).contains("征求意见稿"));
    let config = dir.path().join("gazette.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("status: draft\n");
    std::fs::write(&config, text).unwrap();
    assert!(gazette(&["build"], dir.path()).status.success());
    assert!(index_html(dir.path()).contains("<p class=\"draft-mark\" role=\"note\">征求意见稿</p>"));
    if let Some(text) = pdf_text(&dir.path().join("output/basic.pdf")) {
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
        assert!(pages.len() >= 3);
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains("征求意见稿"), "page {} has no draft mark", i + 1);
        }
    }
}

fn diff_papers() -> (tempfile::TempDir, tempfile::TempDir) {
    let old = paper("valid/charts");
    let new = paper("valid/charts");
    let metrics = new.path().join("content/metrics/data.yaml");
    let text = std::fs::read_to_string(&metrics)
        .unwrap()
        .replace("value: 1047", "value: 1200")
        .replace("source: 立案庭", "source: 立案庭统计台账")
        .replace(
            "amount:\n",
            "new_metric:\n  label: 新增指标\n  value: 12\n  unit: 件\n  source: s\namount:\n",
        );
    std::fs::write(&metrics, text).unwrap();
    let chapter = new.path().join("content/01-charts.md");
    let text = std::fs::read_to_string(&chapter).unwrap().replace(
        "正文中间的段落{{ m.prelitigation }}。",
        "正文中间的段落{{ m.prelitigation }}，排查{{ m.screened }}。",
    );
    std::fs::write(chapter, text).unwrap();
    let old_chapter = old.path().join("content/01-charts.md");
    let text = std::fs::read_to_string(&old_chapter).unwrap().replace(
        "正文中间的段落{{ m.prelitigation }}。",
        "正文中间的段落{{ m.prelitigation }}，排查{{ m.screened }}。",
    );
    std::fs::write(old_chapter, text).unwrap();
    (old, new)
}

fn diff_output(args: &[&str], cwd: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .arg("diff")
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn diff_between_two_folders_lists_metrics_charts_and_sentences() {
    let (old, new) = diff_papers();
    let parent = old.path().parent().unwrap();
    let (a, b) = (
        old.path().file_name().unwrap().to_str().unwrap(),
        new.path().file_name().unwrap().to_str().unwrap(),
    );
    let text = diff_output(&[a, b], parent).replace(a, "OLD").replace(b, "NEW");
    insta::assert_snapshot!("diff_text", text);
    let markdown = diff_output(&["--format", "markdown", a, b], parent).replace(a, "OLD").replace(b, "NEW");
    insta::assert_snapshot!("diff_markdown", markdown);
    let json = diff_output(&["--format", "json", a, b], parent).replace(a, "OLD").replace(b, "NEW");
    insta::assert_snapshot!("diff_json", json);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let screened = doc["metrics"].as_array().unwrap().iter().find(|m| m["id"] == "screened").unwrap();
    assert_eq!(
        (screened["old_phrase"].as_str(), screened["new_phrase"].as_str()),
        (Some("1047起"), Some("1200起"))
    );
    assert_eq!((screened["delta"].as_str(), screened["relative"].as_str()), (Some("+153"), Some("+14.6%")));
}

#[test]
fn diff_between_two_commits_of_a_repository() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: `git` is not installed, so there are no revisions to compare");
        return;
    }
    let (old, new) = diff_papers();
    let repo = tempfile::tempdir().unwrap();
    let paper_dir = repo.path().join("papers/2024");
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args([
                "-c",
                "user.name=test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("git runs");
        assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    copy_tree(old.path(), &paper_dir);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "2023"]);
    std::fs::remove_dir_all(&paper_dir).unwrap();
    copy_tree(new.path(), &paper_dir);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "2024"]);
    let out = diff_output(&["HEAD~1", "HEAD"], &paper_dir);
    assert!(out.starts_with("comparing HEAD~1 → HEAD"), "{out}");
    assert!(out.contains("~ screened  协助排查化解矛盾纠纷 1047起 → 1200起 (+153, +14.6%)"), "{out}");
    assert!(out.contains("+ new_metric"), "{out}");
    assert!(out.contains("- 正文中间的段落4500余件，排查1047起。"), "{out}");
    let working = diff_output(&["HEAD"], &paper_dir);
    assert!(working.contains("no figure changed"), "{working}");
}

#[test]
fn pdf_ua_and_pdf_a_can_be_asked_for_together() {
    let dir = paper("valid/charts");
    let config = dir.path().join("gazette.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("pdf:\n  standard: [ua-1, a-2b]\n");
    std::fs::write(&config, text).unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = std::fs::read(dir.path().join("output/charts.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("pdfuaid:part") && raw.contains("pdfaid:part"),
        "the XMP metadata names both standards"
    );
}

#[test]
fn files_saved_on_windows_with_bom_crlf_and_chinese_names_build() {
    let dir = paper("valid/basic");
    let metrics = "\u{feff}hearings:\r\n  label: 开庭\r\n  value: 20\r\n  unit: 次\r\n  approx: 余\r\n  source: 审判管理系统\r\n";
    std::fs::write(dir.path().join("content/metrics/庭审 数据.yaml"), metrics).unwrap();
    let chapter = "\u{feff}---\r\ntitle: 庭审情况\r\n---\r\n\r\n全年开庭{{ m.hearings }}。\r\n";
    std::fs::write(dir.path().join("content/03 庭审 情况.md"), chapter).unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = index_html(dir.path());
    assert!(html.contains("全年开庭<span class=\"fig\" data-metric=\"hearings\""), "{html}");
    assert!(html.contains(">20余次</span>。</p>"));
    assert!(html.contains("id=\"chapter-3\""), "a chapter with a Chinese file name gets an ASCII anchor");
}

#[test]
fn raw_html_passes_only_when_allowed_and_never_with_script_unless_named() {
    let dir = paper("valid/basic");
    std::fs::write(
        dir.path().join("content/03-raw.md"),
        "---\ntitle: 原始HTML\n---\n\n<div class=\"note\">说明</div>\n",
    )
    .unwrap();
    assert!(gazette(&["build"], dir.path()).status.success());
    assert!(
        index_html(dir.path()).contains("&lt;div class=&quot;note&quot;&gt;说明&lt;/div&gt;"),
        "escaped by default"
    );
    let config = dir.path().join("gazette.yaml");
    let base = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{base}allow_raw_html: true\n")).unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(1), "the fixture's inline <script> is refused");
    assert!(stderr(&o).contains("raw HTML with `<script>` is refused"), "{}", stderr(&o));
    let overview = dir.path().join("content/01-overview.md");
    let text =
        std::fs::read_to_string(&overview).unwrap().replace(r#"<script>alert("x")</script>"#, "<b>脚本</b>");
    std::fs::write(&overview, text).unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(index_html(dir.path()).contains("<div class=\"note\">说明</div>"), "passed through when allowed");
    std::fs::write(
        dir.path().join("content/04-script.md"),
        "---\ntitle: 脚本\n---\n\n<script>track()</script>\n",
    )
    .unwrap();
    assert_eq!(
        gazette(&["build"], dir.path()).status.code(),
        Some(1),
        "script is refused even when raw HTML is allowed"
    );
    std::fs::write(&config, format!("{base}allow_raw_html: [script]\n")).unwrap();
    assert!(gazette(&["build"], dir.path()).status.success());
    assert!(index_html(dir.path()).contains("<script>track()</script>"), "allowed by name");
}

#[test]
fn every_figure_is_listed_with_its_source_in_data_files_and_the_appendix() {
    let dir = example();
    assert!(gazette(&["build"], dir.path()).status.success());
    let rows: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("output/data/metrics.json")).unwrap()).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 30, "every metric of the example");
    for r in rows {
        assert!(!r["source"].as_str().unwrap().is_empty(), "{} has no source", r["id"]);
        assert!(r["used"].as_bool().unwrap(), "{} is not printed anywhere", r["id"]);
    }
    let concluded = rows.iter().find(|r| r["id"] == "admin_cases_concluded").unwrap();
    assert_eq!((concluded["phrase"].as_str(), concluded["value"].as_str()), (Some("545件"), Some("545")));
    let csv = std::fs::read_to_string(dir.path().join("output/data/metrics.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}id,label,value,unit,approx,phrase,period,"));
    assert!(csv.contains(
        "\nconstruction_claims_amount,从快办理的工程款纠纷总标的额,400000000,元,over_short,超4亿元,近年来,"
    ));
    let html = index_html(dir.path());
    let appendix = &html[html.find("id=\"data-notes\"").expect("the site ends with 数据说明")..];
    assert!(appendix.contains("<td><span class=\"fig\">4500余件</span></td><td>诉前化解纠纷</td><td>近年来</td><td>《中国经济周刊》2024年7月19日刊载文章</td>"));
    if let Some(text) = pdf_text(&dir.path().join("output/laoshan-2024.pdf")) {
        assert!(text.contains("数据说明"), "the PDF ends with 数据说明");
    }
}

/// Every file of a paper outside `output/`, with its bytes and modification time.
fn sources(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != "output")
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, (std::fs::read(e.path()).unwrap(), e.metadata().unwrap().modified().unwrap()))
        })
        .collect()
}

#[test]
fn build_check_and_diff_never_write_outside_output() {
    let dir = example();
    let before = sources(dir.path());
    for args in [&["build"][..], &["check"], &["build"]] {
        let o = gazette(args, dir.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let o = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["diff", ".", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(sources(dir.path()), before, "a source file was written, added or removed");
    let top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["gazette.yaml", "content", "themes", "output"].contains(&n.as_str()))
        .collect();
    assert!(top.is_empty(), "left behind in the paper: {top:?}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_under_content_ends_in_a_message_not_a_hang() {
    let dir = paper("valid/basic");
    // A folder link back up the tree, and a link to itself.
    std::os::unix::fs::symlink("..", dir.path().join("content/metrics/loop")).unwrap();
    std::os::unix::fs::symlink("self.yaml", dir.path().join("content/metrics/self.yaml")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("content/images/self")).unwrap();
    // A hang would never return; a loop followed would read the paper again and again.
    let o = gazette(&["build"], dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("`content/metrics/self.yaml` is a broken or looping link"), "{err}");
    assert!(
        err.contains("`content/metrics/loop` is a link to a folder, which gazette does not follow"),
        "{err}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name_without_reading_it() {
    let dir = paper("valid/basic");
    let huge = std::fs::File::create(dir.path().join("content/metrics/huge.yaml")).unwrap();
    // Sparse: 65 MiB on paper, nothing on disk.
    huge.set_len(65 * 1024 * 1024).unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("`content/metrics/huge.yaml` is 65 MiB, more than the 64 MiB gazette reads"),
        "{err}"
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn a_ten_megabyte_chapter_builds() {
    let dir = paper("valid/basic");
    let paragraph = "本院坚持依法审理行政案件，全年办结{{ m.cases_concluded }}，\
                     持续推进行政争议实质性化解，调解成功率达{{ m.success_rate }}。\n\n";
    let mut text = String::from("---\ntitle: 长篇附录\n---\n\n");
    let mut n = 0;
    while text.len() < 10 * 1024 * 1024 {
        n += 1;
        if n % 40 == 0 {
            text.push_str(&format!("## 第{n}节\n\n"));
        }
        text.push_str(paragraph);
    }
    std::fs::write(dir.path().join("content/03-long.md"), &text).unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = index_html(dir.path());
    assert!(html.len() > 10 * 1024 * 1024);
    assert!(html.contains("第40节"));
}

#[test]
fn every_input_the_fuzzers_keep_is_replayed_without_a_panic() {
    type Target = (&'static str, fn(&[u8]));
    let targets: [Target; 3] = [
        ("metrics", gazette::fuzzing::metrics_file),
        ("chapter", gazette::fuzzing::chapter_file),
        ("phrase", gazette::fuzzing::figure),
    ];
    let mut replayed = 0;
    for (target, run) in targets {
        for entry in std::fs::read_dir(fixtures().join("fuzz").join(target)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let caught = std::panic::catch_unwind(|| run(&bytes));
            assert!(caught.is_ok(), "{target}: {} panics", path.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 3);
}

#[cfg(unix)]
#[test]
fn an_image_linked_from_outside_the_paper_is_refused_and_not_published() {
    let dir = paper("valid/basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), b"not for the public").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.png"), dir.path().join("content/images/leak.png"))
        .unwrap();
    std::fs::write(
        dir.path().join("content/03-leak.md"),
        "---\ntitle: 图片\n---\n\n![照片](images/leak.png)\n",
    )
    .unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("image `images/leak.png` is a link to a file outside `content/`"), "{err}");
    assert!(err.contains("┌─ content/03-leak.md:5:"), "{err}");
    assert!(!dir.path().join("output").exists());
}

#[test]
fn ranges_year_on_year_and_derived_figures_print_in_site_and_pdf() {
    let dir = paper("valid/basic");
    std::fs::write(
        dir.path().join("content/metrics/derived.yaml"),
        "fee_range:\n  label: 收费标准\n  value: [130000, 170000]\n  unit: 元\n  source: 测试\n\n\
         months:\n  label: 审理周期\n  value: [3, 4]\n  unit: 个月\n  numerals: chinese\n  source: 测试\n\n\
         appearance:\n  label: 出庭应诉率\n  value: 99.6\n  unit: '%'\n  series: {2023: 98.76, 2024: 99.6}\n  source: 测试\n\n\
         filed:\n  label: 收案\n  value: 1123\n  unit: 件\n  series: {2023: 1000, 2024: 1123}\n  source: 测试\n\n\
         share:\n  label: 占比\n  formula: by_type / cases_concluded * 100\n  unit: '%'\n  source: 计算\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/03-more.md"),
        "---\ntitle: 补充\n---\n\n收费{{ m.fee_range }}，周期{{ m.months }}。出庭应诉率{{ m.appearance }}，\
         {{ metric.appearance.yoy }}；收案{{ m.filed }}，{{ metric.filed.yoy }}。占比{{ m.share }}。\n",
    )
    .unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = index_html(dir.path());
    for phrase in ["13万元~17万元", "三四个月", "99.6%", "同比上升0.84个百分点", "同比增长12.3%", "5.5%"]
    {
        assert!(html.contains(phrase), "`{phrase}` is not in the page");
    }
    if let Some(text) = pdf_text(&dir.path().join("output/basic.pdf")) {
        let flat: String = text.split_whitespace().collect();
        for phrase in ["13万元~17万元", "同比上升0.84个百分点", "5.5%"] {
            assert!(flat.contains(phrase), "`{phrase}` is not in the PDF");
        }
    }
}

#[test]
fn check_warns_about_numbers_typed_in_the_text_and_names_the_metric() {
    let dir = paper("valid/basic");
    std::fs::write(
        dir.path().join("content/03-more.md"),
        "---\ntitle: 补充\nallow_numbers: [12345]\n---\n\n2023年全年办结545件，热线12345。\n",
    )
    .unwrap();
    let o = gazette(&["check"], dir.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_shows(
        &err,
        "content/03-more.md:6:10: warning: `545件` is typed in the text, not taken from a metric",
        "lint",
    );
    assert!(err.contains("metric `cases_concluded` prints 545件: write `{{ m.cases_concluded }}`"), "{err}");
    assert!(!err.contains("`2023"), "a year was flagged:\n{err}");
    assert!(!err.contains("`12345"), "an allowed number was flagged:\n{err}");
}

#[test]
fn the_english_edition_is_built_beside_the_chinese_one_from_the_same_figures() {
    let dir = example();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let zh_before = snapshot(dir.path());
    let o = gazette(&["build", "--locale", "en"], dir.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("built `output/en/`"), "{err}");
    let html = std::fs::read_to_string(dir.path().join("output/en/site/index.html")).unwrap();
    assert!(html.contains("<html lang=\"en\""));
    let html = plain_text(&html);
    for phrase in [
        "more than 4,500",
        "over 400 million yuan",
        "nearly 200",
        "58.4 percent",
        "for four consecutive years",
        "About the figures",
        "Figure 1",
    ] {
        assert!(html.contains(phrase), "`{phrase}` is not in the English page");
    }
    assert!(!html.contains("数据说明"), "the English page carries Chinese furniture");
    // The English build left every Chinese file as it was.
    let after = snapshot(dir.path());
    for (path, bytes) in &zh_before {
        assert_eq!(after.get(path), Some(bytes), "`{path}` changed");
    }
    assert!(after.keys().any(|p| p.starts_with("en/images/") && p.ends_with(".png")));
    if let Some(text) = pdf_text(&dir.path().join("output/en/laoshan-2024.pdf")) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for phrase in ["more than 4,500", "over 400 million yuan", "58.4 percent", "four consecutive years"] {
            assert!(flat.contains(phrase), "`{phrase}` is not in the English PDF");
        }
    }
    // And a Chinese build keeps the English edition.
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("output/en/site/index.html").is_file());
}

#[test]
fn an_english_edition_without_english_labels_is_refused_at_the_metric() {
    let dir = paper("valid/basic");
    std::fs::create_dir_all(dir.path().join("content/en")).unwrap();
    std::fs::write(
        dir.path().join("content/en/01-overview.md"),
        "---\ntitle: Overview\n---\n\nThe court concluded {{ m.cases_concluded }} cases.\n",
    )
    .unwrap();
    let mut config = std::fs::read_to_string(dir.path().join("gazette.yaml")).unwrap();
    config.push_str("en: { title: Test paper }\n");
    std::fs::write(dir.path().join("gazette.yaml"), config).unwrap();
    let o = gazette(&["build", "--locale", "en"], dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_shows(
        &err,
        "content/metrics/cases.yaml:1:1: error: metric `cases_concluded` is printed in the English edition but has no English label",
        "english",
    );
    assert!(!dir.path().join("output").exists());
}
