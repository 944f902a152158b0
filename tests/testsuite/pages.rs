//! A long paper's site as a page per chapter: its pages, their links, their figure numbers,
//! and `serve` keeping what it can between rebuilds of them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::*;

/// Every page of a built site, by file name.
fn pages(dir: &Path) -> BTreeMap<String, String> {
    let site = dir.join("output/site");
    std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".html"))
        .map(|f| (f.clone(), std::fs::read_to_string(site.join(&f)).unwrap()))
        .collect()
}

/// The values of an attribute (`href`) throughout a page.
fn values<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    html.split(&format!(" {name}=\"")).skip(1).filter_map(|v| v.split_once('"').map(|(v, _)| v)).collect()
}

/// Each figure of the site as its caption numbers it, `图N　title`, in reading order.
fn figures(pages: &[&str]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|html| html.split("<span class=\"fig-number\">").skip(1))
        .map(|rest| plain_text(&rest[..rest.find("<span class=\"fig-source\">").unwrap_or(rest.len())]))
        .collect()
}

/// Follows every link and every image of every page: each file is part of the site, and each
/// `#anchor` is an id of the page it points at.
fn assert_every_link_resolves(dir: &Path, pages: &BTreeMap<String, String>) -> usize {
    let mut followed = 0;
    for (file, html) in pages {
        let targets =
            values(html, "href").into_iter().chain(values(html, "src")).chain(values(html, "srcset"));
        for target in targets.filter(|t| !t.starts_with("http")) {
            let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
            let path = if path.is_empty() { file.as_str() } else { path };
            assert!(
                dir.join("output/site").join(path).is_file(),
                "{file}: `{target}` is not part of the site"
            );
            if !anchor.is_empty() && path != file.as_str() {
                let here = format!(" id=\"{anchor}\"");
                assert!(!html.contains(&here), "{file}: `{target}` leads away from its own `#{anchor}`");
            }
            if !anchor.is_empty() {
                let page = &pages[path];
                assert!(
                    page.contains(&format!(" id=\"{anchor}\"")),
                    "{file}: `{target}`: no such anchor on {path}"
                );
            }
            followed += 1;
        }
    }
    // Every anchor names one place in the site: only the page's own `main` is on every page.
    let mut seen: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for (file, html) in pages {
        for id in values(html, "id") {
            let page = if id == "main" { file.as_str() } else { "" };
            if let Some(other) = seen.insert((page, id), file) {
                panic!("`#{id}` is on {other} and on {file}");
            }
        }
    }
    followed
}

/// Chapter files named like ids the site gives other things (`main.md`, `fig-1.md`, a
/// chapter's `-title`, a footnote's `fn-…-1`) get slugs of their own, on one page and on
/// many; a slug written so in the front matter is refused where it is written.
#[test]
fn chapters_named_like_the_sites_own_ids_get_slugs_of_their_own() {
    let dir = example();
    let chapter = |file: &str, text: &str| {
        std::fs::write(
            dir.path().join(format!("content/{file}.md")),
            format!("---\ntitle: {file}\n---\n\n{text}\n"),
        )
        .unwrap();
    };
    chapter("90-main", "正文。");
    chapter("91-fig-1", "正文。");
    chapter("92-notes", "正文。[^a]\n\n[^a]: 注释。");
    chapter("93-notes-title", "正文。");
    chapter("94-fn-notes-1", "正文。");
    chapter("95-data-notes", "正文。");
    chapter("96-index", "正文。");
    // Two chapters named `fig`: the second, numbered, must not become figure 2's `fig-2`.
    chapter("98-fig", "正文。");
    chapter("99-fig", "正文。");
    let config = read(dir.path(), "gazette.yaml");
    for setting in ["site: { pages: one }\n", "site: { pages: chapter }\n"] {
        std::fs::write(dir.path().join("gazette.yaml"), format!("{config}{setting}")).unwrap();
        let o = gazette(&["build"], dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        let pages = pages(dir.path());
        assert_every_link_resolves(dir.path(), &pages);
        let index = &pages["index.html"];
        assert!(index.contains("#fig-1-chapter\">") && index.contains("#main-chapter\">"), "{setting}");
    }
    // Chapters named like the pages of a paged site have pages of their own.
    let pages = pages(dir.path());
    assert!(pages.contains_key("index-chapter.html") && pages.contains_key("data-notes-chapter.html"));
    assert!(pages.contains_key("fig.html") && pages.contains_key("fig-2-chapter.html"), "{:?}", pages.keys());
    assert!(pages["index.html"].contains("class=\"cover\""), "the first page is still the cover");

    let path = dir.path().join("content/97-aside.md");
    std::fs::write(&path, "---\ntitle: 旁注\nslug: fig-2\n---\n\n正文。\n").unwrap();
    let o = gazette(&["build"], dir.path());
    assert!(!o.status.success());
    assert_shows(
        &stderr(&o),
        "content/97-aside.md:3:7: error: `slug: fig-2` is a name the site already uses for something else, so links to it would go astray",
        "a reserved slug",
    );
}

#[test]
fn a_paper_as_a_page_per_chapter_keeps_its_links_and_figure_numbers() {
    let dir = real_paper("shandong-2022");
    assert!(gazette(&["build"], dir.path()).status.success());
    let one = index_html(dir.path());
    let numbered = figures(&[&one]);
    assert!(numbered.len() >= 4, "{numbered:?}");

    with_setting(dir.path(), "site: { pages: chapter }\n");
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = pages(dir.path());
    let files: BTreeSet<&str> = pages.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "index.html",
            "preface.html",
            "overview.html",
            "problems.html",
            "recommendations.html",
            "data-notes.html"
        ])
    );
    let followed = assert_every_link_resolves(dir.path(), &pages);
    assert!(followed > 50, "{followed} links followed");

    // The figures keep the numbers of the one-page site, which are the PDF's.
    let order = ["preface.html", "overview.html", "problems.html", "recommendations.html"];
    assert_eq!(figures(&order.map(|f| pages[f].as_str())), numbered);
    if let Some(text) = pdf_text(&dir.path().join("output/shandong-2022.pdf")) {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for f in &numbered {
            let f: String = f.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(text.contains(&f), "the PDF captions `{f}` too");
        }
    }
    // 见图3 in chapter 二 points at the figure on chapter 一's page.
    let problems = &pages["problems.html"];
    assert!(problems.contains("href=\"overview.html#fig-3\""), "a figure on another page is linked there");
    assert!(
        problems
            .contains("<title>二、依法行政存在的主要问题 - 2022年度山东法院　行政案件司法审查报告</title>")
    );
    assert!(problems.contains(
        "<a class=\"previous\" rel=\"prev\" href=\"overview.html\"><span>上一页</span>一、基本情况</a>"
    ));
    assert!(problems.contains(
        "<a class=\"next\" rel=\"next\" href=\"recommendations.html\"><span>下一页</span>三、对策建议</a>"
    ));
    assert!(!problems.contains("class=\"cover\"") && !problems.contains("数据说明</h2>"));
    // The first page has the cover and the contents, each entry linking to its page.
    let index = &pages["index.html"];
    assert!(
        index.contains("class=\"cover\"")
            && index.contains("<a href=\"problems.html#problems\">二、依法行政存在的主要问题</a>")
    );
    assert!(index.contains("<a href=\"data-notes.html#data-notes\">数据说明</a>"));
    assert!(!index.contains("class=\"chapter\""), "no chapter on the first page");
    assert!(pages["data-notes.html"].contains("<td data-label=\"数据\"><span class=\"fig\">1532件</span>"));
    // The CMS fragment is the whole article still.
    assert!(read(dir.path(), "output/fragment.html").contains("1532件"));
}

/// `auto` (the default) gives a paper of more than 100,000 characters a page per chapter.
#[test]
fn a_long_paper_gets_a_page_per_chapter_by_itself() {
    let dir = paper("valid/basic");
    let paragraph =
        "本院坚持依法审理行政案件，持续推进行政争议实质性化解，加强与行政机关的沟通协调。".repeat(10);
    for i in 0..12 {
        // Sections in every chapter: chapter `long`'s second heading and the chapter `long-2`
        // must not share an anchor.
        let body: String = (0..25)
            .map(|k| format!("{}{paragraph}\n\n", if k % 10 == 0 { "## 一节\n\n" } else { "" }))
            .collect();
        std::fs::write(
            dir.path().join(format!("content/5{i:02}-long.md")),
            format!("---\ntitle: 专题{i}\n---\n\n{body}"),
        )
        .unwrap();
    }
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = pages(dir.path());
    // The first page, the fixture's two chapters, the twelve long ones, 数据说明.
    assert_eq!(pages.len(), 1 + 2 + 12 + 1, "{:?}", pages.keys());
    assert!(pages.contains_key("long.html") && pages.contains_key("long-12.html"), "{:?}", pages.keys());
    assert_every_link_resolves(dir.path(), &pages);

    with_setting(dir.path(), "site: { pages: one }\n");
    assert!(gazette(&["build", "--only", "site"], dir.path()).status.success());
    assert_eq!(self::pages(dir.path()).len(), 1, "`one` keeps the long paper on one page");
}

/// What `serve` keeps between rebuilds of a paged paper never shows: after a metric edit, the
/// pages equal a clean build's byte for byte.
#[test]
fn a_kept_rebuild_of_a_paged_paper_equals_a_clean_one() {
    let dir = real_paper("shandong-2022");
    let root = dir.path();
    with_setting(root, "site: { pages: chapter }\n");
    let rebuilder = gazette::Rebuilder::new(root, gazette::Locale::Zh).unwrap();
    let built = |outcome| match outcome {
        gazette::Outcome::Built { trouble: None, .. } => {}
        other => panic!("the rebuild failed: {other:?}"),
    };
    built(rebuilder.rebuild(&|_| {}));
    let metrics = root.join("content/metrics/05-problems.yaml");
    let text = std::fs::read_to_string(&metrics).unwrap();
    std::fs::write(&metrics, text.replacen("value: 5224", "value: 5225", 1)).unwrap();
    rebuilder.forget(&[metrics]);
    built(rebuilder.rebuild(&|_| {}));
    let kept = pages(root);
    assert!(kept["problems.html"].contains("5225件"));

    let clean = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("gazette.yaml"), clean.path().join("gazette.yaml")).unwrap();
    copy_tree(&root.join("content"), &clean.path().join("content"));
    assert!(gazette(&["build"], clean.path()).status.success());
    assert_eq!(kept, pages(clean.path()));
    assert_eq!(read(root, "output/manifest.json"), read(clean.path(), "output/manifest.json"));
}
