//! The Word copy: opened as the zip it is, its XML parsed, and checked for what a reviewer in
//! Word would see — every figure as printed, the styles, pictures with descriptions, tables
//! with header rows, footnotes and comments that resolve, the same bytes on every build.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;

use crate::common::PaperTest;

/// Every part of a `.docx`, by name.
pub(crate) fn parts(path: &Path) -> BTreeMap<String, String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.insert(entry.name().unwrap().to_string(), String::from_utf8_lossy(&bytes).into_owned());
    }
    out
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The texts of a part's runs (`w:t`), in order.
fn runs(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

/// The figures the site prints, as printed (`<span class="fig" …>545件</span>`).
fn site_figures(html: &str) -> BTreeSet<String> {
    html.split("<span class=\"fig\"")
        .skip(1)
        .filter_map(|s| {
            s.split_once('>').and_then(|(_, rest)| rest.split_once("</span>")).map(|(t, _)| t.to_string())
        })
        .map(|t| t.replace("&quot;", "\"").replace("&amp;", "&"))
        .collect()
}

/// Checks that every figure the site prints is a run of its own in the Word copy.
fn assert_figures(paper: &PaperTest, site: &str, docx: &str) {
    let figures = site_figures(&paper.read(site));
    assert!(figures.len() >= 15, "{figures:?}");
    let parts = parts(&paper.path().join(docx));
    let runs: BTreeSet<String> = runs(&parts["word/document.xml"]).into_iter().collect();
    let missing: Vec<&String> = figures.iter().filter(|f| !runs.contains(*f)).collect();
    assert!(missing.is_empty(), "{docx}: figures not printed as runs of their own: {missing:?}");
}

#[test]
fn every_figure_of_both_papers_and_both_editions_is_in_the_word_copy_as_printed() {
    let example = PaperTest::example();
    example.build();
    assert_figures(&example, "output/site/index.html", "output/laoshan-2024.docx");
    assert_eq!(example.run(&["build", "--locale", "en"]).code, Some(0));
    assert_figures(&example, "output/en/site/index.html", "output/en/laoshan-2024.docx");
    let shandong = PaperTest::real("shandong-2022");
    shandong.build();
    let slug = "shandong-2022";
    assert_figures(&shandong, "output/site/index.html", &format!("output/{slug}.docx"));
    let text =
        runs(&parts(&shandong.path().join(format!("output/{slug}.docx")))["word/document.xml"]).concat();
    for printed in ["14730件", "同比上升0.84个百分点", "分别为16.4%、11.36%、9.72%、10.83%", "均不足500件"]
    {
        assert!(text.contains(printed), "`{printed}` is not in the Word copy");
    }
}

#[test]
fn the_word_copy_is_styled_after_gb_t_9704_with_named_styles_a_contents_field_and_page_numbers() {
    let paper = PaperTest::example();
    paper.build();
    let parts = parts(&paper.path().join("output/laoshan-2024.docx"));
    let styles = roxmltree::Document::parse(&parts["word/styles.xml"]).unwrap();
    let style = |id: &str| {
        styles
            .descendants()
            .find(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some(id))
            .unwrap_or_else(|| panic!("no style `{id}`"))
    };
    let attr = |node: roxmltree::Node<'_, '_>, tag: &str, name: &str| {
        node.descendants()
            .find(|n| n.has_tag_name((W, tag)))
            .and_then(|n| n.attribute((W, name)))
            .map(str::to_string)
    };
    // Body: 仿宋 size 3 (16 pt) with a fixed 28.95 pt line, two characters indented.
    let body = style("BodyText");
    assert_eq!(attr(body, "rFonts", "eastAsia").as_deref(), Some("仿宋"));
    assert_eq!(attr(body, "rFonts", "ascii").as_deref(), Some("Times New Roman"));
    assert_eq!(attr(body, "sz", "val").as_deref(), Some("32"));
    assert_eq!(attr(body, "spacing", "line").as_deref(), Some("579"));
    assert_eq!(attr(body, "spacing", "lineRule").as_deref(), Some("exact"));
    assert_eq!(attr(body, "ind", "firstLineChars").as_deref(), Some("200"));
    assert_eq!(attr(body, "jc", "val").as_deref(), Some("both"), "Chinese is justified");
    // Title 小标宋 size 2; headings 黑体 then 楷体, each with its outline level for the contents.
    assert_eq!(attr(style("Title"), "rFonts", "eastAsia").as_deref(), Some("方正小标宋简体"));
    assert_eq!(attr(style("Title"), "sz", "val").as_deref(), Some("44"));
    assert_eq!(attr(style("Heading1"), "rFonts", "eastAsia").as_deref(), Some("黑体"));
    assert_eq!(attr(style("Heading2"), "rFonts", "eastAsia").as_deref(), Some("楷体"));
    assert_eq!(attr(style("Heading2"), "outlineLvl", "val").as_deref(), Some("1"));
    // The styles are applied.
    let document = &parts["word/document.xml"];
    for id in ["Title", "Heading1", "Heading2", "BodyText", "Caption", "FigureSource", "TableText", "TOC1"] {
        assert!(document.contains(&format!("<w:pStyle w:val=\"{id}\"/>")), "no paragraph in `{id}`");
    }
    // A4, the type area's margins, the contents field Word updates on opening, "— N —".
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "not A4");
    assert!(document.contains("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
    assert!(document.contains("TOC \\o \"1-2\" \\h \\z \\u"));
    assert!(parts["word/settings.xml"].contains("<w:updateFields w:val=\"true\"/>"));
    assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
    assert!(parts["word/footer1.xml"].contains(" PAGE ") && parts["word/footer1.xml"].contains("— "));
    assert!(
        parts["word/footer1.xml"].contains("w:val=\"right\"")
            && parts["word/footer2.xml"].contains("w:val=\"left\"")
    );
    // Fonts are named with the names Windows knows them by, not embedded.
    assert!(parts["word/fontTable.xml"].contains("<w:font w:name=\"仿宋\"><w:altName w:val=\"FangSong\"/>"));
    assert!(!parts.keys().any(|k| k.starts_with("word/fonts/")));
}

#[test]
fn charts_are_described_pictures_with_caption_source_and_data_table_and_footnotes_resolve() {
    let paper = PaperTest::example();
    paper.build();
    let parts = parts(&paper.path().join("output/laoshan-2024.docx"));
    let doc = roxmltree::Document::parse(&parts["word/document.xml"]).unwrap();
    let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
    let pictures: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((wp, "docPr"))).collect();
    assert_eq!(pictures.len(), 6, "one picture per chart");
    let ids: BTreeSet<&str> = pictures.iter().filter_map(|p| p.attribute("id")).collect();
    assert_eq!(ids.len(), 6, "picture ids must be unique");
    for p in &pictures {
        let descr = p.attribute("descr").unwrap_or("");
        assert!(descr.chars().count() > 20, "a picture without a description: {descr:?}");
    }
    assert!(pictures[0].attribute("descr").unwrap().contains("545件"));
    let media: Vec<&String> = parts.keys().filter(|k| k.starts_with("word/media/")).collect();
    assert_eq!(media.len(), 6);
    let text = runs(&parts["word/document.xml"]).concat();
    assert!(text.contains("图1　府院联动主要数据（2023年以来）"), "no caption");
    assert!(text.contains("数据来源：《中国经济周刊》2024年7月19日刊载文章"), "no source line");
    // Every table repeats its header row on a new page: the charts' data and the appendix.
    let tables: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((W, "tbl"))).collect();
    assert!(tables.len() >= 7, "{} tables", tables.len());
    for t in &tables {
        let first = t.children().find(|n| n.has_tag_name((W, "tr"))).unwrap();
        assert!(
            first.descendants().any(|n| n.has_tag_name((W, "tblHeader"))),
            "a table without a header row"
        );
    }
    assert!(text.contains("数据说明") && text.contains("统计期间"), "no appendix table");
    // Footnotes: each reference has its note, which prints its number at the foot of the page.
    let notes = roxmltree::Document::parse(&parts["word/footnotes.xml"]).unwrap();
    let refs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "footnoteReference")))
        .filter_map(|n| n.attribute((W, "id")))
        .collect();
    assert!(!refs.is_empty());
    for id in refs {
        let note = notes
            .descendants()
            .find(|n| n.has_tag_name((W, "footnote")) && n.attribute((W, "id")) == Some(id))
            .unwrap_or_else(|| panic!("footnote {id} has no note"));
        assert!(note.descendants().any(|n| n.has_tag_name((W, "footnoteRef"))));
        let text: String =
            note.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|n| n.text()).collect();
        assert!(text.contains("content/metrics/"), "{text}");
    }
    assert!(parts["word/footnotes.xml"].contains("w:type=\"separator\""));
}

#[test]
fn two_builds_write_the_same_word_copy_and_the_manifest_lists_it() {
    let paper = PaperTest::example();
    paper.build();
    let first = std::fs::read(paper.path().join("output/laoshan-2024.docx")).unwrap();
    paper.build();
    let second = std::fs::read(paper.path().join("output/laoshan-2024.docx")).unwrap();
    assert!(first == second, "two builds wrote different Word copies");
    assert!(paper.read("output/manifest.json").contains("\"laoshan-2024.docx\""));
}

#[test]
fn only_docx_writes_the_word_copy_alone_with_the_draft_mark_and_svg_pictures_drawn() {
    let paper = PaperTest::fixture("valid/basic");
    crate::common::with_setting(paper.path(), "status: draft\n");
    let run = paper.run(&["build", "--only", "docx"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let files: Vec<String> = paper.output().into_keys().collect();
    assert_eq!(files, ["basic.docx", "manifest.json"]);
    let parts = parts(&paper.path().join("output/basic.docx"));
    assert_eq!(runs(&parts["word/document.xml"]).first().map(String::as_str), Some("征求意见稿"));
    // The fixture's seal is an SVG: Word is given a PNG of it, described by its alt text.
    let png = parts.keys().find(|k| k.starts_with("word/media/") && k.ends_with("-image.png"));
    assert!(png.is_some(), "{:?}", parts.keys().collect::<Vec<_>>());
    assert!(parts["word/document.xml"].contains("name=\"media/images/seal.svg\""));
}

#[test]
fn with_comments_on_every_figure_carries_its_label_period_and_source() {
    let paper = PaperTest::example();
    crate::common::with_setting(paper.path(), "docx: { comments: true }");
    paper.build();
    let parts = parts(&paper.path().join("output/laoshan-2024.docx"));
    let comments = &parts["word/comments.xml"];
    let document = &parts["word/document.xml"];
    let count = document.matches("<w:commentReference ").count();
    assert_eq!(count, comments.matches("<w:comment ").count());
    assert!(count >= 20, "{count} comments");
    assert!(
        comments.contains(
            "办结各类行政案件：545件；统计期间：2023年以来；来源：《中国经济周刊》2024年7月19日刊载文章"
        ),
        "{}",
        &comments[..comments.len().min(1500)]
    );
    // Off by default.
    let plain = PaperTest::example();
    plain.build();
    assert!(!parts_of(&plain).contains_key("word/comments.xml"));
}

fn parts_of(paper: &PaperTest) -> BTreeMap<String, String> {
    parts(&paper.path().join("output/laoshan-2024.docx"))
}

#[test]
fn a_picture_word_cannot_take_is_refused_at_its_line_and_nothing_is_written() {
    let paper = PaperTest::fixture("valid/basic").with_file(
        "content/03-photo.md",
        "---\ntitle: 照片\n---\n\n现场照片如下。\n\n![调解现场](images/scene.webp)\n",
    );
    // A WebP picture of one pixel: the site and the PDF publish it, Word cannot show it.
    let webp = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA",
    )
    .unwrap();
    std::fs::write(paper.path().join("content/images/scene.webp"), webp).unwrap();
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("error: the Word copy cannot show the picture `images/scene.webp`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/03-photo.md:7:"), "{}", run.stderr);
    assert!(!paper.path().join("output").exists());
    assert_eq!(paper.run(&["build", "--only", "site"]).code, Some(0));
}

#[test]
fn a_theme_changes_the_word_styles_and_a_mistake_in_them_is_located() {
    let table = include_str!("../../themes/default/docx/styles.yaml").replace(
        "body:     { font: 仿宋, latin: Times New Roman, size: 16,",
        "body:     { font: 仿宋_GB2312, latin: Times New Roman, size: 16,",
    );
    let paper = PaperTest::fixture("valid/basic").with_file("themes/office/docx/styles.yaml", &table);
    crate::common::with_setting(paper.path(), "theme: office");
    paper.build();
    let parts = parts(&paper.path().join("output/basic.docx"));
    assert!(parts["word/styles.xml"].contains("w:eastAsia=\"仿宋_GB2312\""));
    assert!(parts["word/fontTable.xml"].contains("<w:altName w:val=\"FangSong_GB2312\"/>"));
    let broken = table.replace("size: 22, line: 36", "size: big, line: 36");
    let paper = paper.with_file("themes/office/docx/styles.yaml", &broken);
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("`zh.title.size` must be a number of points from 4 to 100"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("themes/office/docx/styles.yaml:14:"), "{}", run.stderr);
}

#[test]
fn what_word_is_strict_about_links_in_footnotes_touching_tables_and_absent_notes() {
    let paper = PaperTest::fixture("valid/basic").with_file(
        "content/03-notes.md",
        "---\ntitle: 附注\n---\n\n正文见注释。[^web]\n\n| 项目 | 数值 |\n| --- | --- |\n| 收案 | 1 |\n\n| 项目 | 数值 |\n| --- | --- |\n| 结案 | 2 |\n\n[^web]: 见[法院网站](https://www.example-court.gov.cn/)与![院徽](images/seal.svg)。\n",
    );
    paper.build();
    let noted = parts(&paper.path().join("output/basic.docx"));
    // A footnote's part has no relationships: its link is a HYPERLINK field, its picture the
    // picture's description.
    let notes = &noted["word/footnotes.xml"];
    assert!(notes.contains(" HYPERLINK \"https://www.example-court.gov.cn/\" "), "{notes}");
    assert!(!notes.contains("r:id=") && !notes.contains("r:embed="), "{notes}");
    assert!(notes.contains(">院徽<"));
    // Two tables in a row, or a table at the end, are kept apart from what follows.
    let document = &noted["word/document.xml"];
    assert!(!document.contains("</w:tbl><w:tbl>") && !document.contains("</w:tbl><w:sectPr>"));
    // A paper without footnotes has no footnote separators in its settings.
    let plain = PaperTest::fixture("valid/charts");
    plain.build();
    let docx = plain.output().into_keys().find(|k| k.ends_with(".docx")).unwrap();
    let plain = parts(&plain.path().join("output").join(docx));
    assert!(!plain.contains_key("word/footnotes.xml"));
    assert!(!plain["word/settings.xml"].contains("footnotePr"));
}

#[test]
fn the_english_word_copy_is_ragged_right_as_the_pdf_and_the_site_are() {
    let paper = PaperTest::example();
    assert_eq!(paper.run(&["build", "--locale", "en"]).code, Some(0));
    let parts = parts(&paper.path().join("output/en/laoshan-2024.docx"));
    let styles = roxmltree::Document::parse(&parts["word/styles.xml"]).unwrap();
    for id in ["BodyText", "Quote"] {
        let style = styles
            .descendants()
            .find(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some(id))
            .unwrap_or_else(|| panic!("no style `{id}`"));
        let jc =
            style.descendants().find(|n| n.has_tag_name((W, "jc"))).and_then(|n| n.attribute((W, "val")));
        assert_eq!(jc, Some("left"), "`{id}` is ragged-right in English");
    }
}
