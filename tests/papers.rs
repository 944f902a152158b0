//! Real papers nobody here wrote, built as a new user would, and read back from every output:
//! each figure must print exactly as its court printed it — in the text, the charts, the data
//! tables, the 数据说明 appendix, the data files and the PDF.

mod common;

use common::{copy_tree, gazette, pdf_text, plain_text};
use std::path::{Path, PathBuf};
use std::process::Command;

fn papers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/papers")
}

/// A paper of `tests/papers/` copied into a fresh temporary folder.
fn paper(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&papers().join(name), dir.path());
    dir
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The figures of 《2022年度山东法院行政案件司法审查报告》 as the court printed them
/// (`shared/research/papers/shandong-2022.md`).
const SHANDONG_TEXT: &[&str] = &[
    "14730件",
    "14665件",
    "达到99.6%",
    "同比上升0.84个百分点",
    "20097件",
    "8307件",
    "270份",
    "1874件",
    "6.88%",
    "同比下降3.95个百分点",
    "分别为16.4%、11.36%、9.72%、10.83%",
    "5224件",
    "分别为3595件、3125件、2655件、2574件、2398件、1998件",
    "61.9%",
    "同比分别增长77.76%、65.78%",
    "同比分别下降21.74%、15.31%",
    "1532件",
    "81.75%",
    "17.1%",
    "均不足500件",
];

#[test]
fn shandong_prints_every_figure_as_the_court_printed_it() {
    let dir = paper("shandong-2022");
    let out = gazette(&["build"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "the paper builds without a warning:\n{err}");
    let html = read(dir.path(), "output/site/index.html");
    let text = plain_text(&html);
    for figure in SHANDONG_TEXT {
        assert!(text.contains(figure), "the site prints `{figure}`");
    }
    // Every figure in a list is a figure: kept on one line, with its source on hover.
    assert!(html.contains(r#"<span class="fig" data-metric="first_instance_loss_rate" title="#));
    assert!(html.contains(">11.36%</span>、<span"), "a year of a series is a figure");
    assert!(html.contains(">77.76%</span>、<span"), "a listed change is a figure");
    // The CMS fragment prints them too.
    let fragment = plain_text(&read(dir.path(), "output/fragment.html"));
    for figure in SHANDONG_TEXT {
        assert!(fragment.contains(figure), "the fragment prints `{figure}`");
    }
    // Cross-references are links to the numbered figure.
    assert!(html.contains(r##"<a class="fig-ref" href="#fig-3">图3</a>"##), "图3 links to its figure");

    // The PDF prints the same words.
    if let Some(pdf) = pdf_text(&dir.path().join("output/shandong-2022.pdf")) {
        let flat: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
        for figure in SHANDONG_TEXT {
            assert!(flat.contains(figure), "the PDF prints `{figure}`");
        }
    }
}

#[test]
fn shandong_charts_tables_appendix_and_data_print_the_texts_figures() {
    let dir = paper("shandong-2022");
    assert!(gazette(&["build"], dir.path()).status.success());
    let html = read(dir.path(), "output/site/index.html");
    // The line chart of the loss rate: the court's decimals, in the SVG and its data table.
    let trend = read(dir.path(), "output/site/charts/loss_rate_trend.svg");
    for figure in ["16.4%", "11.36%", "9.72%", "10.83%", "6.88%"] {
        assert!(trend.contains(figure), "the line chart prints `{figure}`");
        assert!(html.contains(&format!("<td>{figure}</td>")), "the data table prints `{figure}`");
    }
    let cities = read(dir.path(), "output/site/charts/six_cities.svg");
    for figure in ["3595件", "3125件", "2655件", "2574件", "2398件", "1998件"] {
        assert!(cities.contains(figure), "the bar chart prints `{figure}`");
    }
    // The donut prints the share as the text does (81.75%, not 81.8%).
    let donut = read(dir.path(), "output/site/charts/loss_fields.svg");
    assert!(donut.contains("81.75%") && !donut.contains("81.8%"), "{donut}");
    let kpi = read(dir.path(), "output/site/charts/headline.svg");
    for figure in ["14730件", "99.6%", "20097件", "8307件", "270份"] {
        assert!(kpi.contains(figure), "the KPI row prints `{figure}`");
    }
    // A table header never puts one metric's unit over another's figures.
    assert!(!html.contains("数值（件）"), "the data tables print each row's own unit");

    // The 数据说明 appendix lists every printed figure, series years and changes included.
    let appendix = &html[html.find("数据说明").expect("appendix")..];
    for figure in ["16.4%", "11.36%", "同比下降3.95个百分点", "同比增长77.76%", "同比下降21.74%", "不足500件"]
    {
        assert!(appendix.contains(figure), "the appendix lists `{figure}`");
    }
    // The data files carry the series, the stated change and the printed phrase.
    let json = read(dir.path(), "output/data/metrics.json");
    assert!(json.contains(r#""series": "2018: 16.4; 2019: 11.36; 2020: 9.72; 2021: 10.83; 2022: 6.88""#));
    assert!(json.contains(r#""change": "同比分别增长"#) || json.contains(r#""change": "同比增长77.76%""#));
    assert!(json.contains(r#""change_stated": true"#));
    assert!(json.contains(r#""phrase": "不足500件""#));
}

#[test]
fn shandong_english_edition_prints_the_same_figures_in_english() {
    let dir = paper("shandong-2022");
    let out = gazette(&["build", "--locale", "en"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = plain_text(&read(dir.path(), "output/en/site/index.html"));
    for figure in [
        "14,730",
        "99.6 percent",
        "up 0.84 percentage points year on year",
        "down 3.95 percentage points year on year",
        "16.4 percent, 11.36 percent, 9.72 percent and 10.83 percent",
        "up 77.76 percent and 65.78 percent year on year respectively",
        "down 21.74 percent and 15.31 percent year on year respectively",
        "under 500",
        "81.75 percent",
        "Figure 3",
    ] {
        assert!(text.contains(figure), "the English site prints `{figure}`");
    }
    // Charts keep the % sign in English.
    let trend = read(dir.path(), "output/en/site/charts/loss_rate_trend.svg");
    assert!(trend.contains("11.36%"), "{trend}");
}

/// `gazette.yaml` of a copied paper with one more setting.
fn with_setting(dir: &Path, line: &str) {
    let path = dir.join("gazette.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    std::fs::write(path, text).unwrap();
}

#[test]
fn two_builds_of_the_second_paper_are_identical_to_the_byte() {
    let (a, b) = (paper("shandong-2022"), paper("shandong-2022"));
    for dir in [&a, &b] {
        assert!(gazette(&["build"], dir.path()).status.success());
        assert!(gazette(&["build", "--locale", "en"], dir.path()).status.success());
    }
    let files = |dir: &Path| {
        let out = dir.join("output");
        walkdir::WalkDir::new(&out)
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(&out).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect::<Vec<_>>()
    };
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert!(fa.len() > 20, "both editions were written");
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between two builds", pa.display());
    }
}

#[test]
fn figures_can_be_numbered_in_chinese_in_site_pdf_and_images() {
    let arabic = paper("shandong-2022");
    assert!(gazette(&["build"], arabic.path()).status.success());
    let dir = paper("shandong-2022");
    with_setting(dir.path(), "\nfigure_numbering: chinese\n");
    let out = gazette(&["build"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = read(dir.path(), "output/site/index.html");
    assert!(html.contains(r##"<a class="fig-ref" href="#fig-3">图三</a>"##), "a reference prints 图三");
    assert!(html.contains(r#"<span class="fig-number">图三</span>"#), "the caption prints 图三");
    if let Some(pdf) = pdf_text(&dir.path().join("output/shandong-2022.pdf")) {
        let flat: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains("见图三"), "the PDF's reference prints 图三");
        assert!(flat.matches("图三").count() >= 3, "the PDF's caption prints 图三 too");
        assert!(!flat.contains("图3"), "no figure is numbered in digits");
    }
    // The images for WeChat and slides carry the number in their heading (图二 where it was 图2).
    let png = |d: &Path| std::fs::read(d.join("output/images/six_cities.png")).unwrap();
    assert_ne!(png(dir.path()), png(arabic.path()), "the image's heading changes with the numbering");
}

#[test]
fn published_parts_that_do_not_add_up_print_with_a_warning_and_a_note() {
    let dir = paper("shandong-2022");
    let file = dir.path().join("content/metrics/02-loss-rate.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // As if the report had printed 341 for the other fields: 1532 + 341 is not 1874.
    std::fs::write(&file, text.replace("其他领域: 342", "其他领域: 341")).unwrap();
    let out = gazette(&["build"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "parts that do not add up stop the build by default");
    assert!(err.contains("add up to 1873, but its value is 1874"), "{err}");
    std::fs::write(&file, text.replace("其他领域: 342", "其他领域: 341\n  check: warn")).unwrap();
    let out = gazette(&["build"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("content/metrics/02-loss-rate.yaml:"), "the warning is located: {err}");
    assert!(err.contains("printed as published"), "{err}");
    let html = read(dir.path(), "output/site/index.html");
    assert!(html.contains("分项之和为1873件，与总数1874件相差1件，按公布数字刊印"), "the appendix notes it");
    // The file's `defaults` gave every metric its source, period and owner.
    let json = read(dir.path(), "output/data/metrics.json");
    assert!(json.contains(r#""source": "《人民法院报》2023年7月20日""#));
    assert!(!json.contains(r#""source": """#), "every metric has a source");
}

#[test]
fn a_partial_english_edition_names_each_chapter_it_leaves_out() {
    let dir = paper("shandong-2022");
    std::fs::remove_file(dir.path().join("content/en/03-recommendations.md")).unwrap();
    let out = gazette(&["build", "--locale", "en"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("chapter `content/03-recommendations.md` has no English translation"), "{err}");
    assert_eq!(err.matches("has no English translation").count(), 1, "{err}");
}

#[test]
fn diff_prints_rate_changes_in_points_and_keeps_sentences_with_changes() {
    let old = paper("shandong-2022");
    let new = paper("shandong-2022");
    let file = new.path().join("content/metrics/03-appearance.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("value: 99.6", "value: 99.7").replace("change: 0.84", "change: 0.94"))
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["diff"])
        .arg(old.path())
        .arg(new.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("99.6% → 99.7% (+0.1个百分点)"), "{text}");
    assert!(text.contains("同比上升0.84个百分点 → 同比上升0.94个百分点"), "{text}");
    // The sentence that prints the rate and its change is listed, old and new.
    assert!(text.contains("出庭应诉率达到99.7%，同比上升0.94个百分点"), "{text}");
}
