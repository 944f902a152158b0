//! Figures bound to workbooks: written by the tests (xlsx with rust_xlsxwriter, ods and csv by
//! hand), printed as the paper prints them, traced to the cell in every output, and every
//! mistake told in the sheet's own terms at the binding's line.

use std::io::Write as _;

use rust_xlsxwriter::{Format, Formula, Workbook};

use crate::common::{PaperTest, no_git};

/// The statistics office's workbook: 行政 (a total and a series), 地市 (parts and their
/// total) and 问题 (cells with the mistakes a binding must name).
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("行政").unwrap();
    sheet.write_string(0, 0, "项目").unwrap();
    for (i, (year, rate)) in
        [(2018, 16.4), (2019, 11.36), (2020, 9.72), (2021, 10.83), (2022, 8.1)].iter().enumerate()
    {
        let col = 1 + i as u16;
        // A year as the office may type it: 2022 or 2022年.
        match year {
            2022 => sheet.write_string(0, col, "2022年").map(|_| ()).unwrap(),
            _ => sheet.write_number(0, col, *year as f64).map(|_| ()).unwrap(),
        }
        sheet.write_number(1, col, *rate).unwrap();
    }
    sheet.write_string(1, 0, "败诉率").unwrap();
    sheet.write_number(11, 2, 14730.0).unwrap();
    let cities = book.add_worksheet();
    cities.set_name("地市").unwrap();
    for (row, (city, n)) in [("济南", 1200.0), ("青岛", 980.0), ("烟台", 640.0)].iter().enumerate() {
        cities.write_string(1 + row as u32, 0, *city).unwrap();
        cities.write_number(1 + row as u32, 1, *n).unwrap();
    }
    // The total as Excel saves a formula: with its result.
    cities.write_formula(4, 1, Formula::new("=SUM(B2:B4)").set_result("2820")).unwrap();
    let wrong = book.add_worksheet();
    wrong.set_name("问题").unwrap();
    wrong.set_formula_result_default("");
    wrong.write_string(0, 0, "545件").unwrap();
    wrong.write_formula(2, 0, "=1+1").unwrap();
    wrong.write_number(3, 0, 0.996).unwrap();
    wrong.merge_range(0, 1, 0, 2, "合并", &Format::new()).unwrap();
    book.save_to_buffer().unwrap()
}

/// A one-sheet OpenDocument spreadsheet with `545` in A1, as LibreOffice and WPS save it.
fn ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="行政"><table:table-row><table:table-cell office:value-type="float" office:value="545"><text:p>545</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const GOOD: &str = "\
received:
  label: 全省行政案件收案
  value: { from: data/2022收结案.xlsx, sheet: 行政, cell: C12 }
  unit: 件
  source: 省法院审判管理办公室
loss_rate:
  label: 败诉率
  value: 8.1
  series: { from: data/2022收结案.xlsx, sheet: 行政, years: B1:F1, values: B2:F2 }
  unit: '%'
  source: 省法院审判管理办公室
three_cities:
  label: 三市收案
  value: { from: data/2022收结案.xlsx, sheet: 地市, cell: B5 }
  parts: { from: data/2022收结案.xlsx, sheet: 地市, labels: A2:A4, values: B2:B4 }
  unit: 件
  source: 省法院审判管理办公室
settled:
  label: 服判息诉率
  value: { from: data/2022收结案.xlsx, sheet: 问题, cell: A4, percent: fraction }
  unit: '%'
  source: 省法院审判管理办公室
stated_as_is:
  label: 再审率
  value: { from: data/2022收结案.xlsx, sheet: 问题, cell: A4, percent: as_is }
  unit: '%'
  source: 省法院审判管理办公室
from_ods:
  label: 一审收案
  value: { from: data/收案.ods, cell: A1 }
  unit: 件
  source: 中级法院
from_csv:
  label: 二审收案
  value: { from: data/收案.csv, cell: B2 }
  unit: 件
  source: 中级法院
";

const CHAPTER: &str = "---\ntitle: 数据\n---\n\n全省收案{{ m.received }}，败诉率{{ m.loss_rate }}，三市{{ m.three_cities }}（{{ list(parts=\"three_cities\") }}），服判息诉率{{ m.settled }}，再审率{{ m.stated_as_is }}；一审{{ m.from_ods }}，二审{{ m.from_csv }}。\n";

fn paper() -> PaperTest {
    let paper = PaperTest::fixture("valid/basic")
        .with_file("content/metrics/sheet.yaml", GOOD)
        .with_file("content/03-data.md", CHAPTER);
    std::fs::create_dir_all(paper.path().join("data")).unwrap();
    // As Excel saves a CSV on a Chinese computer: GBK.
    let (gbk, _, _) = encoding_rs::GBK.encode("项目,数值\n二审,1874\n");
    std::fs::write(paper.path().join("data/收案.csv"), gbk).unwrap();
    std::fs::write(paper.path().join("data/2022收结案.xlsx"), workbook()).unwrap();
    std::fs::write(paper.path().join("data/收案.ods"), ods()).unwrap();
    paper
}

#[test]
fn figures_from_xlsx_ods_and_csv_print_as_the_paper_prints_them_and_name_their_cells() {
    let paper = paper();
    paper.build();
    let page = paper.read("output/site/index.html");
    let text = crate::common::plain_text(&page);
    for printed in [
        "全省收案14730件",
        "败诉率8.1%",
        "三市2820件",
        "济南1200件、青岛980件、烟台640件",
        "服判息诉率99.6%",
        "再审率0.996%",
        "一审545件",
        "二审1874件",
    ] {
        assert!(text.contains(printed), "`{printed}` is not printed:\n{text}");
    }
    // The cell, in the hover text, the appendix and the data files.
    assert!(page.contains("data/2022收结案.xlsx 行政!C12"), "no cell in the page");
    let json = paper.read("output/data/metrics.json");
    assert!(json.contains("\"cells\": \"data/2022收结案.xlsx 行政!C12\""), "{json}");
    assert!(json.contains("\"cells\": \"data/2022收结案.xlsx 行政!B2:F2\""), "{json}");
    assert!(json.contains("2021: 10.83; 2022: 8.1\""), "the year typed 2022年 is read: {json}");
    assert!(
        json.contains("\"cells\": \"data/2022收结案.xlsx 地市!B5; data/2022收结案.xlsx 地市!B2:B4\""),
        "{json}"
    );
    assert!(json.contains("\"cells\": \"data/收案.ods 行政!A1\""));
    assert!(json.contains("\"cells\": \"data/收案.csv 收案!B2\""));
    assert!(paper.read("output/data/metrics.csv").contains("data/2022收结案.xlsx 行政!C12"));
    // The manifest records each workbook's SHA-256, so a diff of two builds shows new data.
    let manifest = paper.read("output/manifest.json");
    let bytes = std::fs::read(paper.path().join("data/2022收结案.xlsx")).unwrap();
    let digest = <sha2::Sha256 as sha2::Digest>::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert!(manifest.contains("\"path\": \"data/2022收结案.xlsx\""), "{manifest}");
    assert!(manifest.contains(&hex), "{manifest}");
}

#[test]
fn every_workbook_mistake_is_told_in_the_sheets_terms_at_the_binding() {
    let cases: &[(&str, &str, &str)] = &[
        ("{ from: data/没有.xlsx, cell: A1 }", "件", "there is no workbook `data/没有.xlsx`"),
        ("{ from: ../outside.xlsx, cell: A1 }", "件", "`../outside.xlsx` is outside the paper's folder"),
        (
            "{ from: data/2022收结案.xlsx, sheet: 行正, cell: C12 }",
            "件",
            "`data/2022收结案.xlsx` has no sheet `行正`",
        ),
        (
            "{ from: data/2022收结案.xlsx, cell: C12 }",
            "件",
            "`data/2022收结案.xlsx` has 3 sheets: say which with `sheet:`",
        ),
        ("{ from: data/2022收结案.xlsx, sheet: 行政, cell: C0 }", "件", "`C0` is not a cell"),
        (
            "{ from: data/2022收结案.xlsx, sheet: 问题, cell: A1 }",
            "件",
            "data/2022收结案.xlsx 问题!A1 holds `545件`, which is text, not a number",
        ),
        (
            "{ from: data/2022收结案.xlsx, sheet: 问题, cell: A2 }",
            "件",
            "data/2022收结案.xlsx 问题!A2 is empty",
        ),
        (
            "{ from: data/2022收结案.xlsx, sheet: 问题, cell: A3 }",
            "件",
            "问题!A3 holds a formula whose result was never saved",
        ),
        (
            "{ from: data/2022收结案.xlsx, sheet: 问题, cell: A4 }",
            "%",
            "问题!A4 holds 0.996, a fraction, but the figure is stated in `%`",
        ),
        (
            "{ from: data/2022收结案.xlsx, sheet: 问题, cell: C1 }",
            "件",
            "问题!C1 is inside the merged cells B1:C1",
        ),
        (
            "{ from: data/2022收结案.xlsx, sheet: 行政, cel: C12 }",
            "件",
            "unknown key `cel` in a binding to a workbook",
        ),
    ];
    let mut yaml = String::new();
    for (i, (binding, unit, _)) in cases.iter().enumerate() {
        yaml.push_str(&format!(
            "m{i}:\n  label: 数{i}\n  value: {binding}\n  unit: '{unit}'\n  source: 表\n"
        ));
    }
    // A series whose two ranges differ in length, at line 5 × cases + 3.
    yaml.push_str("short:\n  label: 率\n  series: { from: data/2022收结案.xlsx, sheet: 行政, years: B1:F1, values: B2:E2 }\n  value: 1\n  unit: '%'\n  source: 表\n");
    let paper = PaperTest::fixture("valid/basic").with_file("content/metrics/bad.yaml", &yaml);
    std::fs::create_dir_all(paper.path().join("data")).unwrap();
    std::fs::write(paper.path().join("data/2022收结案.xlsx"), workbook()).unwrap();
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(1));
    for (i, (_, _, message)) in cases.iter().enumerate() {
        let line = 5 * i + 3;
        let at = run.stderr.find(message).unwrap_or_else(|| panic!("no `{message}` in:\n{}", run.stderr));
        // Told on its own (its place follows it), or as one place of a problem told once
        // (its line is shown just above it).
        let own = run.stderr[at..]
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains(&format!("content/metrics/bad.yaml:{line}:")));
        let listed = run.stderr[..at].rfind(&format!("\n{line} │")).is_some_and(|i| at - i < 400);
        assert!(own || listed, "`{message}` is not at line {line}:\n{}", run.stderr);
    }
    // The three cells of 问题 that hold no figure fail at once, as a moved sheet would: one
    // message for them, at the first, naming each.
    assert!(
        run.stderr.contains("error: 3 bindings into sheet `问题` of `data/2022收结案.xlsx` no longer find what they expect: rows or columns may have moved"),
        "{}",
        run.stderr
    );
    for hint in [
        "open the workbook in Excel or WPS and save it",
        "if the sheet shows it as 99.6%, add `percent: fraction` to the binding",
        "did you mean `行政`?",
        "`years: B1:F1` has 5 cells but `values: B2:E2` has 4",
    ] {
        assert!(run.stderr.contains(hint), "no `{hint}` in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"));
    // Alone, each of those cells has its own hint.
    for (cell, hint) in [
        ("A1", "put the number alone in the cell and the unit in `unit:` (`unit: 件`)"),
        ("C1", "a merged area keeps its value in its first cell: bind `B1`"),
    ] {
        let one = format!(
            "one:\n  label: 数\n  value: {{ from: data/2022收结案.xlsx, sheet: 问题, cell: {cell} }}\n  unit: 件\n  source: 表\n"
        );
        std::fs::write(paper.path().join("content/metrics/bad.yaml"), one).unwrap();
        let run = paper.run(&["build"]);
        assert!(run.stderr.contains(hint), "no `{hint}` in:\n{}", run.stderr);
        // A binding by address that fails says what a moved row would mean, too.
        let moved = "if rows or columns were inserted or moved in `问题`, bind by labels";
        assert!(run.stderr.contains(moved), "{}", run.stderr);
    }
}

#[test]
fn a_saved_workbook_rebuilds_its_figures_in_serve_and_diff_lists_them() {
    let paper = paper();
    let root = paper.path();
    let rebuilder = gazette::Rebuilder::new(root, gazette::Locale::Zh).unwrap();
    assert!(matches!(rebuilder.rebuild(&|_| {}), gazette::Outcome::Built { trouble: None, .. }));
    let before = tempfile::tempdir().unwrap();
    crate::common::copy_tree(root, before.path());
    std::fs::write(root.join("data/收案.csv"), "项目,数值\n一审,1900\n").unwrap();
    rebuilder.forget(&[root.join("data/收案.csv")]);
    assert!(matches!(rebuilder.rebuild(&|_| {}), gazette::Outcome::Built { trouble: None, .. }));
    assert!(
        paper.read("output/site/index.html").contains(">1900件</span>"),
        "the kept metrics were not read again"
    );
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["diff", "--format", "markdown"])
        .arg(before.path())
        .arg(root)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("1874件") && out.contains("1900件"), "{out}");
}

#[test]
fn a_metrics_table_gives_one_metric_per_row_and_its_mistakes_are_at_their_rows() {
    let table = "编号,名称,数值,单位,约数,来源\npetitions,涉诉信访,120,件,plus,信访办\nmediation_rate,调解成功率,58.4,%,,诉调对接中心\n";
    let paper = PaperTest::fixture("valid/basic").with_file("content/metrics/指标.csv", table).with_file(
        "content/03-table.md",
        "---\ntitle: 表\n---\n\n化解信访{{ m.petitions }}，调解成功率{{ m.mediation_rate }}。\n",
    );
    paper.build();
    let text = crate::common::plain_text(&paper.read("output/site/index.html"));
    assert!(text.contains("化解信访120余件，调解成功率58.4%。"), "{text}");
    assert!(
        paper.read("output/data/metrics.json").contains("\"cells\": \"content/metrics/指标.csv 指标!C2\"")
    );
    // A malformed id and text where the value belongs, each at its row's line.
    let bad = format!("{table}Bad Id,错误,1,件,,x\ntext_value,文字,五百,件,,x\n");
    let paper = paper.with_file("content/metrics/指标.csv", &bad);
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("content/metrics/指标.csv:4:"), "{}", run.stderr);
    assert!(run.stderr.contains("metric id `Bad Id` must be lowercase"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/metrics/指标.csv 指标!C5 holds `五百`, which is text, not a number"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/metrics/指标.csv:5:"), "{}", run.stderr);
    // Told in the table's terms: the row as the office wrote it, the cell and its column, never
    // the metrics file it is turned into.
    assert!(run.stderr.contains("text_value | 文字 | 五百 | 件"), "{}", run.stderr);
    assert!(!run.stderr.contains("value: {from"), "{}", run.stderr);
    assert!(run.stderr.contains("write the figure in digits"), "{}", run.stderr);
    let approx = format!("{table}wrong,近似,100,件,abc,x\n");
    let run = paper.with_file("content/metrics/指标.csv", &approx).run(&["build"]);
    crate::common::assert_shows(
        &run.stderr,
        "content/metrics/指标.csv:4:24: error: 指标!E4 (约数): `approx: abc` is not a known qualifier",
        "approx",
    );
    let paper = PaperTest::fixture("valid/basic");
    // A column the table does not know.
    let paper = paper.with_file("content/metrics/指标.csv", "编号,名称,数值,单价\n");
    let run = paper.run(&["build"]);
    assert!(
        run.stderr.contains("content/metrics/指标.csv 指标!D1: `单价` is not a column of a metrics table"),
        "{}",
        run.stderr
    );
}

#[test]
fn import_prints_a_metrics_file_bound_by_labels_that_builds_once_given_units() {
    let paper = paper();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["import", "data/2022收结案.xlsx", "--sheet", "行政", "--range", "A1:F2"])
        .current_dir(paper.path())
        .output()
        .unwrap();
    let yaml = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // One metric for the row: its latest year as the value, its years as a series.
    assert!(
        yaml.contains("s1_r2:\n  label: \"败诉率\"\n  value: { from: \"data/2022收结案.xlsx\", sheet: \"行政\", row: 败诉率, column: 2022 }   # 8.1 (F2)\n  series: { from: \"data/2022收结案.xlsx\", sheet: \"行政\", row: 败诉率 }\n"),
        "{yaml}"
    );
    assert_eq!(yaml.matches("\n  value: ").count(), 1, "one labelled row: {yaml}");
    // Given its unit, it builds, printing the figure without a warning about addresses.
    let file = yaml.replace("unit: \"\"", "unit: '%'");
    let paper = paper.with_file("content/metrics/imported.yaml", &file).with_file(
        "content/04-imported.md",
        "---\ntitle: 导入\n---\n\n败诉率{{ m.s1_r2 }}，{{ metric.s1_r2.yoy }}。\n",
    );
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}\n{file}", run.stderr);
    let text = crate::common::plain_text(&paper.read("output/site/index.html"));
    assert!(text.contains("败诉率8.1%，同比下降2.73个百分点。"), "{text}");
    // A sheet the workbook does not have, with the nearest name.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["import", "data/2022收结案.xlsx", "--sheet", "行正"])
        .current_dir(paper.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error: `data/2022收结案.xlsx` has no sheet `行正`"), "{err}");
    assert!(err.contains("= hint: did you mean `行政`?"), "{err}");
    // Outside the paper, it says so.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.csv"), "1\n").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["import"])
        .arg(outside.path().join("x.csv"))
        .current_dir(paper.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is outside the paper's folder"));
}

#[test]
fn diff_between_two_commits_where_only_the_workbook_changed_lists_the_figures() {
    if no_git() {
        return;
    }
    let paper = paper();
    let root = paper.path();
    let git = |args: &[&str]| crate::common::git_in(root, args);
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "2022"]);
    let (gbk, _, _) = encoding_rs::GBK.encode("项目,数值\n二审,1900\n");
    std::fs::write(root.join("data/收案.csv"), gbk).unwrap();
    git(&["commit", "-qam", "new workbook"]);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["diff", "HEAD~1", "HEAD"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("from_csv")
            && out.contains("1874件 → 1900件")
            && out.contains("from data/收案.csv 收案!B2"),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
