//! Building: the command's output, reproducible bytes, the manifest, editions, unusual files and
//! sizes, and nothing written outside `output/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::*;

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
    assert!(last.starts_with("built `output/` in ") && last.ends_with("10 files"), "{last}");
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

#[test]
fn a_chapter_just_under_the_one_mebibyte_limit_builds_its_site_and_pdf() {
    let dir = paper("valid/basic");
    let paragraph = "本院坚持依法审理行政案件，全年办结{{ m.cases_concluded }}，\
                     持续推进行政争议实质性化解，调解成功率达{{ m.success_rate }}。\n\n";
    let mut text = String::from("---\ntitle: 长篇附录\n---\n\n");
    let mut n = 0;
    while text.len() < 1024 * 1024 - 1024 {
        n += 1;
        if n % 40 == 0 {
            text.push_str(&format!("## 第{n}节\n\n"));
        }
        text.push_str(paragraph);
    }
    std::fs::write(dir.path().join("content/03-long.md"), &text).unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // A paper this long gets a page per chapter: the long chapter is a page of its own.
    let html = read(dir.path(), "output/site/long.html");
    assert!(html.len() > 1024 * 1024);
    assert!(html.contains("第40节"));
    assert!(index_html(dir.path()).contains("<a href=\"long.html#long\">三、长篇附录</a>"));
    assert!(dir.path().join("output/basic.pdf").exists());
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
fn two_builds_of_the_second_paper_are_identical_to_the_byte() {
    let (a, b) = (PaperTest::real("shandong-2022"), PaperTest::real("shandong-2022"));
    for paper in [&a, &b] {
        paper.build();
        assert_eq!(paper.run(&["build", "--locale", "en"]).code, Some(0));
    }
    let (fa, fb) = (a.output(), b.output());
    assert!(fa.len() > 20 && fa.keys().any(|k| k.starts_with("en/")), "both editions were written");
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for ((path, ba), bb) in fa.iter().zip(fb.values()) {
        assert!(ba == bb, "{path} differs between two builds");
    }
}

#[test]
fn a_partial_english_edition_names_each_chapter_it_leaves_out() {
    let dir = real_paper("shandong-2022");
    std::fs::remove_file(dir.path().join("content/en/03-recommendations.md")).unwrap();
    let out = gazette(&["build", "--locale", "en"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("chapter `content/03-recommendations.md` has no English translation"), "{err}");
    assert_eq!(err.matches("has no English translation").count(), 1, "{err}");
}

#[test]
fn a_paper_dated_by_its_month_prints_the_month_in_every_output() {
    let dir = paper("valid/basic");
    let yaml = std::fs::read_to_string(dir.path().join("gazette.yaml")).unwrap();
    std::fs::write(dir.path().join("gazette.yaml"), yaml.replace("date: 2024-01-05", "date: 2023-12"))
        .unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let page = index_html(dir.path());
    assert!(page.contains("<time datetime=\"2023-12\">2023年12月</time>"), "{page}");
    if let Some(text) = pdf_text(&dir.path().join("output/basic.pdf")) {
        assert!(text.contains("2023年12月"), "{text}");
        assert!(!text.contains("2023年12月1日"), "{text}");
    }
    let docx = crate::docx::parts(&dir.path().join("output/basic.docx"));
    assert!(docx["word/document.xml"].contains("2023年12月"));
}

#[test]
fn only_one_output_keeps_the_others_and_links_only_to_a_pdf_that_is_there() {
    // A first build of the site alone: there is no PDF, and no link to one.
    let dir = paper("valid/basic");
    let o = gazette(&["build", "--only", "site"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!index_html(dir.path()).contains("basic.pdf"), "a link to a PDF that was never built");
    // The whole publication, then the site again: the PDF, Word copy and images stay.
    assert!(gazette(&["build"], dir.path()).status.success());
    let full = snapshot(dir.path());
    let o = gazette(&["build", "--only", "site"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let after = snapshot(dir.path());
    for kept in ["basic.pdf", "basic.docx", "site/basic.pdf"] {
        assert_eq!(after.get(kept), full.get(kept), "{kept} was not kept");
    }
    assert_eq!(after.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
    assert!(index_html(dir.path()).contains("href=\"basic.pdf\""), "the kept PDF is linked");
    let manifest = read(dir.path(), "output/manifest.json");
    assert!(manifest.contains("\"path\": \"basic.docx\""), "{manifest}");
    // The Word copy alone keeps the site.
    assert!(gazette(&["build", "--only", "docx"], dir.path()).status.success());
    assert_eq!(snapshot(dir.path()).keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
    // The PDF alone, the site kept: the new PDF goes beside the site's page too.
    assert!(gazette(&["build", "--only", "pdf"], dir.path()).status.success());
    assert_eq!(snapshot(dir.path()), full);
    // The PDF beside the page edited by hand: the site alone puts the PDF's copy back.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.path().join("output/site/basic.pdf"), b"not the PDF").unwrap();
    assert!(gazette(&["build", "--only", "site"], dir.path()).status.success());
    assert_eq!(snapshot(dir.path()), full);
}

/// A build links each file the last build wrote unchanged (the same inode), and writes again
/// a file edited by hand in `output/` since, even one of the same size: the manifest, written
/// last, tells which files are still as the build wrote them.
#[cfg(unix)]
#[test]
fn a_build_links_what_is_unchanged_and_rewrites_what_was_edited_by_hand() {
    use std::os::unix::fs::MetadataExt;
    let dir = paper("valid/basic");
    assert!(gazette(&["build"], dir.path()).status.success());
    let clean = snapshot(dir.path());
    let inode = |rel: &str| std::fs::metadata(dir.path().join("output").join(rel)).unwrap().ino();
    let (page, pdf) = (inode("site/index.html"), inode("basic.pdf"));
    // A page edited by hand, keeping its size, a moment after the build.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let page_path = dir.path().join("output/site/index.html");
    let text = std::fs::read_to_string(&page_path).unwrap();
    std::fs::write(&page_path, text.replacen("<title>", "<titlf>", 1)).unwrap();
    assert!(gazette(&["build"], dir.path()).status.success());
    assert_eq!(snapshot(dir.path()), clean, "a build after a hand edit equals a clean one");
    assert_ne!(inode("site/index.html"), page, "the page edited by hand is written again");
    assert_eq!(inode("basic.pdf"), pdf, "the unchanged PDF is linked, not written");
    // The site alone, after a full build: its unchanged pages are linked too.
    let page = inode("site/index.html");
    assert!(gazette(&["build", "--only", "site"], dir.path()).status.success());
    assert_eq!(snapshot(dir.path()), clean);
    assert_eq!(inode("site/index.html"), page, "an unchanged page is linked, not written");
    // The site alone keeps the PDF unread, listed as the last manifest listed it; a kept PDF
    // edited by hand since is listed as it is now.
    let listed = |rel: &str| {
        let manifest: serde_json::Value =
            serde_json::from_str(&read(dir.path(), "output/manifest.json")).unwrap();
        let files = manifest["files"].as_array().unwrap().clone();
        let entry =
            files.into_iter().find(|f| f["path"] == rel).unwrap_or_else(|| panic!("{rel} is not listed"));
        (entry["bytes"].as_u64().unwrap(), entry["sha256"].as_str().unwrap().to_string())
    };
    let before = listed("basic.pdf");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let pdf_path = dir.path().join("output/basic.pdf");
    let mut bytes = std::fs::read(&pdf_path).unwrap();
    bytes.extend_from_slice(b"% edited by hand\n");
    std::fs::write(&pdf_path, &bytes).unwrap();
    assert!(gazette(&["build", "--only", "site"], dir.path()).status.success());
    use sha2::Digest as _;
    let sha: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(listed("basic.pdf"), (bytes.len() as u64, sha));
    assert_ne!(listed("basic.pdf"), before);
    assert_eq!(std::fs::read(&pdf_path).unwrap(), bytes, "the kept PDF is kept as it is");
}
