//! The PDF: its text, its standards.

use crate::common::*;

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

/// Each word of a PDF's page with its left edge, through `pdftotext -bbox`.
fn words_of_page(pdf: &std::path::Path, page: u32) -> Option<Vec<(f64, String)>> {
    let n = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(
        html.split("<word xMin=\"")
            .skip(1)
            .filter_map(|w| {
                let (x, rest) = w.split_once('"')?;
                let text = rest.split_once('>')?.1.split_once('<')?.0;
                Some((x.parse().ok()?, text.to_string()))
            })
            .collect(),
    )
}

#[test]
fn english_chapter_headings_stand_at_the_margin_above_their_indented_paragraphs() {
    let dir = example();
    let o = gazette(&["build", "--only", "pdf", "--locale", "en"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let Some(words) = words_of_page(&dir.path().join("output/en/laoshan-2024.pdf"), 3) else {
        eprintln!("skipped: poppler's pdftotext is not installed");
        return;
    };
    let x = |w: &str| {
        words.iter().find(|(_, t)| t == w).map(|(x, _)| *x).unwrap_or_else(|| panic!("no `{w}`: {words:?}"))
    };
    // "1. Supporting …" begins where "Preface" does; the paragraph under it is indented.
    assert!((x("1.") - x("Preface")).abs() < 1.0);
    assert!(x("Courts") - x("Preface") > 20.0, "the first line of a paragraph is indented");
}

#[test]
fn a_line_break_written_in_the_title_breaks_the_site_title_there_and_only_there() {
    let dir = paper("valid/basic");
    let yaml = std::fs::read_to_string(dir.path().join("gazette.yaml")).unwrap();
    let yaml = yaml.replace("title: 行政审判白皮书（测试）", "title: \"行政审判白皮书\\n（测试）\"");
    std::fs::write(dir.path().join("gazette.yaml"), yaml).unwrap();
    assert!(gazette(&["build"], dir.path()).status.success());
    let html = index_html(dir.path());
    assert!(html.contains("<h1 style=\"--title-em: 7.0\"><span class=\"title-line\">行政审判白皮书</span><br><span class=\"title-line\">（测试）</span></h1>"), "{html}");
    // On one line, with an ideographic space, wherever a title is metadata.
    assert!(html.contains("<title>行政审判白皮书\u{3000}（测试）</title>"));
    let docx = std::fs::read(dir.path().join("output/basic.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut document).unwrap();
    assert!(
        document.contains(
            "行政审判白皮书</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">（测试）"
        ),
        "the Word copy's title"
    );
    // The browser breaks a Chinese title at its spaces and punctuation only.
    assert!(read(dir.path(), "output/site/assets/style.css").contains("word-break: keep-all"));
    if let Some(text) = pdf_text(&dir.path().join("output/basic.pdf")) {
        let cover = text.split('\u{c}').next().unwrap_or_default();
        let lines: Vec<&str> = cover.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert!(lines.contains(&"行政审判白皮书") && lines.contains(&"（测试）"), "{lines:?}");
    }
}

/// The office's own faces: a 仿宋 face placed in the paper and named for the body and the
/// title sets the PDF's text; the bundled serif is left unused. (The fixture is a subset of
/// Noto Serif CJK renamed "Gazette Test FangSong", covering the characters of `valid/basic`.)
#[test]
fn a_face_the_paper_brings_sets_the_body_and_title_of_the_pdf() {
    let dir = paper("valid/basic");
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    std::fs::copy(fixtures().join("fonts/GazetteTestFangSong.otf"), dir.path().join("fonts/FangSong.otf"))
        .unwrap();
    with_setting(
        dir.path(),
        "pdf:\n  fonts: [fonts/FangSong.otf]\n  body_font: Gazette Test FangSong\n  title_font: Gazette Test FangSong\n",
    );
    let o = gazette(&["build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let Ok(fonts) = std::process::Command::new("pdffonts").arg(dir.path().join("output/basic.pdf")).output()
    else {
        eprintln!("skipped: poppler's pdffonts is not installed");
        return;
    };
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    assert!(fonts.contains("GazetteTestFangSong-Regular"), "the paper's face is embedded:\n{fonts}");
    assert!(!fonts.contains("NotoSerifCJKsc-Regular"), "the bundled serif sets no text:\n{fonts}");
    assert!(fonts.contains("NotoSansCJKsc"), "headings keep the bundled sans:\n{fonts}");

    // A face named but not brought is an error at its line, naming the families there are.
    let config = std::fs::read_to_string(dir.path().join("gazette.yaml")).unwrap();
    std::fs::write(
        dir.path().join("gazette.yaml"),
        config.replace("title_font: Gazette Test FangSong", "title_font: 方正小标宋简体"),
    )
    .unwrap();
    let o = gazette(&["build"], dir.path());
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(err.contains("no font of the paper is called `方正小标宋简体` (for `title_font`)"), "{err}");
    assert!(err.contains("gazette.yaml:9:15"), "{err}");
    assert!(err.contains("Gazette Test FangSong"), "{err}");
}

/// Every word of a PDF with its height, which for gazette's faces is its font size in
/// points (`pdftotext -bbox`: ascender to descender is one em).
fn word_sizes(pdf: &std::path::Path) -> Option<Vec<(f64, String)>> {
    let out = std::process::Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().ok()?;
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |w: &str, name: &str| -> Option<f64> { w.split(name).nth(1)?.split('"').nth(1)?.parse().ok() };
    Some(
        html.split("<word ")
            .skip(1)
            .filter_map(|w| {
                let text = w.split_once('>')?.1.split_once('<')?.0;
                Some((attr(w, "yMax=")? - attr(w, "yMin=")?, text.to_string()))
            })
            .collect(),
    )
}

/// No text of the PDF under 9 pt: chart text (kept as text from the SVGs), captions and
/// footnote numbers included, in both papers and both editions.
#[test]
fn no_text_in_the_pdf_is_smaller_than_9_pt() {
    for (dir, slug) in [(example(), "laoshan-2024"), (real_paper("shandong-2022"), "shandong-2022")] {
        for (args, pdf) in [
            (&["build", "--only", "pdf"][..], format!("output/{slug}.pdf")),
            (&["build", "--only", "pdf", "--locale", "en"][..], format!("output/en/{slug}.pdf")),
        ] {
            let o = gazette(args, dir.path());
            assert!(o.status.success(), "{}", stderr(&o));
            let Some(words) = word_sizes(&dir.path().join(&pdf)) else {
                eprintln!("skipped: poppler's pdftotext is not installed");
                return;
            };
            assert!(words.len() > 500, "{pdf}: the text is read");
            let small: Vec<_> = words.iter().filter(|(size, _)| *size < 8.95).take(5).collect();
            assert!(small.is_empty(), "{pdf}: text under 9 pt: {small:?}");
        }
    }
}

#[test]
fn a_theme_whose_page_header_reads_the_whole_document_is_warned_at_the_place() {
    // A header that reads `data` would make `serve` typeset the whole paper after every save.
    let dir = example();
    let main = dir.path().join("themes/default/pdf/main.typ");
    let text = std::fs::read_to_string(&main).unwrap();
    let edited = text.replacen("fill: luma(90), paper-title)", "fill: luma(90), data.title)", 1);
    assert_ne!(edited, text, "the default theme's header prints `paper-title`");
    std::fs::write(&main, &edited).unwrap();
    let o = gazette(&["build", "--only", "site"], dir.path());
    let err = stderr(&o);
    assert!(o.status.success(), "a warning, not an error:\n{err}");
    let line = edited.lines().position(|l| l.contains("data.title)")).unwrap() + 1;
    assert_shows(
        &err,
        &format!(
            "themes/default/pdf/main.typ:{line}:{}: warning: the PDF template reads `data` inside a `context` block: every edit makes `gazette serve` typeset the whole paper again",
            edited.lines().nth(line - 1).unwrap().find("data.title").unwrap() + 1
        ),
        "header reads data",
    );
    assert!(err.contains("#let paper-title = data.title"), "{err}");
}

/// Where each chapter's heading stands in the PDF, as (its line on its page, counting the
/// running header as line 0), for the example's five chapters; none without poppler.
fn chapter_heading_lines(pdf: &std::path::Path) -> Option<Vec<usize>> {
    let text = pdf_text(pdf)?;
    let headings = ["前言", "一、依法履职", "二、服务城市更新", "三、稳企惠企", "四、推进多元解纷"];
    // After the cover and the contents (which lists every heading too).
    let pages: Vec<Vec<String>> = text
        .split('\u{c}')
        .skip(2)
        .map(|p| {
            p.lines().map(|l| l.split_whitespace().collect::<String>()).filter(|l| !l.is_empty()).collect()
        })
        .collect();
    let at = |h: &str| {
        pages
            .iter()
            .find_map(|lines| lines.iter().position(|l| l.starts_with(h)))
            .unwrap_or_else(|| panic!("no heading `{h}` in the PDF"))
    };
    Some(headings.iter().map(|h| at(h)).collect())
}

#[test]
fn a_paper_can_start_each_chapter_of_its_pdf_on_a_new_page() {
    let dir = example();
    let o = gazette(&["build", "--only", "pdf"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = dir.path().join("output/laoshan-2024.pdf");
    let Some(run_on) = chapter_heading_lines(&pdf) else {
        eprintln!("skipped: poppler's pdftotext is not installed");
        return;
    };
    // A short paper's chapters follow one another on the page (`auto`).
    assert!(run_on.iter().any(|&line| line > 1), "{run_on:?}");
    with_setting(dir.path(), "pdf: { chapters: new-page }\n");
    let o = gazette(&["build", "--only", "pdf"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // Each heading is the first line under the running header: nothing stands above it, not
    // even the chart of its first section, which floats to the top of a page.
    assert_eq!(chapter_heading_lines(&pdf), Some(vec![1; 5]));
}
