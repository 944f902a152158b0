//! Figures that cannot go silently wrong: a statistics office's workbook (a title, a 单位 line,
//! a two-row merged header, 其中 rows, years written 2023年, a rate formatted as a percentage)
//! is changed as statisticians change them — a row inserted, a column inserted, two rows
//! swapped, a header renamed — and every build either prints the same right figures (bindings
//! by label) or stops with a located message that says what moved. The same in `.xlsx`, `.ods`
//! and `.csv`.

use std::io::Write as _;

use rust_xlsxwriter::{Format, Workbook};

use crate::common::PaperTest;

/// A sheet as rows of cells (a number, a percentage written `97%`, or text), with its merged
/// areas (first row, first column, last row, last column; from 0).
#[derive(Clone)]
pub(crate) struct Grid {
    rows: Vec<Vec<String>>,
    merges: Vec<(usize, usize, usize, usize)>,
}

impl Grid {
    /// The office's table: 2021–2023 and the first ten months of 2024.
    pub(crate) fn office() -> Grid {
        let rows: &[&[&str]] = &[
            &["2021—2024年全省法院行政案件统计表"],
            &["", "", "", "", "单位：件"],
            &["项目", "年份", "", "", "2024年1-10月"],
            &["", "2021年", "2022年", "2023年", ""],
            &["收案", "9000", "9500", "10000", "8000"],
            &["其中：城建", "3000", "3100", "3200", "2600"],
            &["　　资源", "2000", "2100", "2200", "1800"],
            &["结案", "8800", "9400", "9900", "7900"],
            &["出庭应诉率", "95%", "96%", "97%", "98%"],
        ];
        Grid {
            rows: rows.iter().map(|r| r.iter().map(|c| (*c).to_string()).collect()).collect(),
            merges: vec![(0, 0, 0, 4), (2, 0, 3, 0), (2, 1, 2, 3), (2, 4, 3, 4)],
        }
    }

    fn insert_row(mut self, at: usize, row: &[&str]) -> Grid {
        self.rows.insert(at, row.iter().map(|c| (*c).to_string()).collect());
        for m in &mut self.merges {
            if m.0 >= at {
                m.0 += 1;
                m.2 += 1;
            }
        }
        self
    }

    fn insert_column(mut self, at: usize, column: &[&str]) -> Grid {
        for (r, row) in self.rows.iter_mut().enumerate() {
            while row.len() < at {
                row.push(String::new());
            }
            row.insert(at, column.get(r).copied().unwrap_or("").to_string());
        }
        for m in &mut self.merges {
            if m.1 >= at {
                (m.1, m.3) = (m.1 + 1, m.3 + 1);
            } else if m.3 >= at {
                m.3 += 1;
            }
        }
        self
    }

    fn swap_rows(mut self, a: usize, b: usize) -> Grid {
        self.rows.swap(a, b);
        self
    }

    fn rename(mut self, from: &str, to: &str) -> Grid {
        for cell in self.rows.iter_mut().flatten() {
            if cell == from {
                *cell = to.to_string();
            }
        }
        self
    }

    pub(crate) fn xlsx(&self) -> Vec<u8> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("行政").unwrap();
        let percent = Format::new().set_num_format("0%");
        for (r, row) in self.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if let Some(p) = cell.strip_suffix('%') {
                    sheet
                        .write_number_with_format(r, c, p.parse::<f64>().unwrap() / 100.0, &percent)
                        .unwrap();
                } else if let Ok(n) = cell.parse::<f64>() {
                    sheet.write_number(r, c, n).unwrap();
                } else if !cell.is_empty() {
                    sheet.write_string(r, c, cell).unwrap();
                }
            }
        }
        for &(r0, c0, r1, c1) in &self.merges {
            let text = self.rows[r0].get(c0).cloned().unwrap_or_default();
            sheet.merge_range(r0 as u32, c0 as u16, r1 as u32, c1 as u16, &text, &Format::new()).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    fn csv(&self) -> String {
        self.rows.iter().map(|r| r.join(",")).collect::<Vec<_>>().join("\n") + "\n"
    }

    /// As LibreOffice saves it: merged areas spanned, percentages typed as such.
    fn ods(&self) -> Vec<u8> {
        let mut table = String::new();
        for (r, row) in self.rows.iter().enumerate() {
            table.push_str("<table:table-row>");
            for (c, cell) in row.iter().enumerate() {
                let covered = self
                    .merges
                    .iter()
                    .any(|m| (m.0..=m.2).contains(&r) && (m.1..=m.3).contains(&c) && (m.0, m.1) != (r, c));
                if covered {
                    table.push_str("<table:covered-table-cell/>");
                    continue;
                }
                let span = self.merges.iter().find(|m| (m.0, m.1) == (r, c)).map_or(String::new(), |m| {
                    format!(
                        " table:number-rows-spanned=\"{}\" table:number-columns-spanned=\"{}\"",
                        m.2 - m.0 + 1,
                        m.3 - m.1 + 1
                    )
                });
                if let Some(p) = cell.strip_suffix('%') {
                    let v = p.parse::<f64>().unwrap() / 100.0;
                    table.push_str(&format!("<table:table-cell office:value-type=\"percentage\" office:value=\"{v}\"{span}><text:p>{cell}</text:p></table:table-cell>"));
                } else if cell.parse::<f64>().is_ok() {
                    table.push_str(&format!("<table:table-cell office:value-type=\"float\" office:value=\"{cell}\"{span}><text:p>{cell}</text:p></table:table-cell>"));
                } else if cell.is_empty() {
                    table.push_str(&format!("<table:table-cell{span}/>"));
                } else {
                    table.push_str(&format!("<table:table-cell office:value-type=\"string\"{span}><text:p>{cell}</text:p></table:table-cell>"));
                }
            }
            table.push_str("</table:table-row>");
        }
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="行政">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, text) in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content.as_str()),
        ] {
            zip.start_file(name, stored).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }
}

/// Metrics bound by labels, as the README shows.
pub(crate) fn anchored(file: &str) -> String {
    let sheet = if file.ends_with(".csv") { String::new() } else { ", sheet: 行政".to_string() };
    format!(
        "\
defaults:
  source: 省法院审判管理办公室
received:
  label: 全省法院行政案件收案
  value: {{ from: {file}{sheet}, row: 收案, column: 2023 }}
  series: {{ from: {file}{sheet}, row: 收案 }}
  parts: {{ from: {file}{sheet}, under: 收案, column: 2023 }}
  partial: true
  unit: 件
concluded:
  label: 全省法院行政案件结案
  value: {{ from: {file}{sheet}, row: 结案, column: 2023年 }}
  unit: 件
appearance:
  label: 行政机关负责人出庭应诉率
  value: {{ from: {file}{sheet}, row: 出庭应诉率, column: 2023 }}
  series: {{ from: {file}{sheet}, row: 出庭应诉率 }}
  unit: '%'
ten_months:
  label: 1至10月收案
  value: {{ from: {file}{sheet}, row: 收案, column: 2024年1-10月 }}
  unit: 件
"
    )
}

pub(crate) const CHAPTER: &str = "---\ntitle: 数据\n---\n\n全年收案{{ m.received }}，{{ metric.received.yoy }}，其中{{ list(parts=\"received\") }}；结案{{ m.concluded }}；出庭应诉率{{ m.appearance }}，{{ metric.appearance.yoy }}；今年以来收案{{ m.ten_months }}。\n";

/// What the chapter prints from the office's table.
const PRINTED: &str = "全年收案1万件，同比增长5.3%，其中城建3200件、资源2200件；结案9900件；出庭应诉率97%，同比上升1个百分点；今年以来收案8000件。";

pub(crate) fn paper_with(file: &str, bytes: &[u8], metrics: &str) -> PaperTest {
    let paper = PaperTest::fixture("valid/basic")
        .with_file("content/metrics/sheet.yaml", metrics)
        .with_file("content/03-data.md", CHAPTER);
    let path = paper.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    paper
}

/// The workbook in each format gazette reads.
fn formats(grid: &Grid) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("data/统计.xlsx", grid.xlsx()),
        ("data/统计.ods", grid.ods()),
        ("data/行政.csv", grid.csv().into_bytes()),
    ]
}

fn printed(paper: &PaperTest) -> String {
    crate::common::plain_text(&paper.read("output/site/index.html"))
}

#[test]
fn figures_bound_by_labels_survive_inserted_moved_and_swapped_rows_and_columns() {
    let changes: Vec<(&str, Grid)> = vec![
        ("as sent", Grid::office()),
        (
            "a row inserted between 收案 and 结案",
            Grid::office().insert_row(7, &["旧存", "100", "200", "300", "250"]),
        ),
        ("a row inserted above the title", Grid::office().insert_row(0, &["内部资料"])),
        (
            "a year inserted before 2021",
            Grid::office().insert_column(1, &["", "", "", "2020年", "8000", "2900", "1900", "7800", "94%"]),
        ),
        ("结案 and 出庭应诉率 swapped", Grid::office().swap_rows(7, 8)),
    ];
    for (what, grid) in &changes {
        for (file, bytes) in formats(grid) {
            let paper = paper_with(file, &bytes, &anchored(file));
            let run = paper.run(&["build", "--only", "site"]);
            assert_eq!(run.code, Some(0), "{what}, {file}:\n{}", run.stderr);
            let text = printed(&paper);
            assert!(text.contains(PRINTED), "{what}, {file}: the figures changed:\n{text}\n{}", run.stderr);
            assert!(!run.stderr.contains("by address alone"), "{what}, {file}:\n{}", run.stderr);
            // The cells they came from, in the data files.
            let json = paper.read("output/data/metrics.json");
            assert!(json.contains(&format!("\"cells\": \"{file} ")), "{what}, {file}: {json}");
        }
    }
}

#[test]
fn a_renamed_or_doubled_label_stops_the_build_at_the_binding_and_says_what_it_found() {
    for (file, bytes) in formats(&Grid::office().rename("结案", "审结")) {
        let paper = paper_with(file, &bytes, &anchored(file));
        let run = paper.run(&["build"]);
        assert_eq!(run.code, Some(1), "{file}");
        let message = format!("error: sheet `行政` of `{file}` has no row labelled `结案`");
        let at =
            run.stderr.find(&message).unwrap_or_else(|| panic!("{file}: no `{message}` in:\n{}", run.stderr));
        assert!(
            run.stderr[at..].contains("┌─ content/metrics/sheet.yaml:12:"),
            "{file}: not at the binding:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("审结 (row 8)"), "{file}:\n{}", run.stderr);
        assert!(!paper.path().join("output").exists(), "{file}: a build with an error wrote output");
    }
    // A second 收案 row (a hidden working row, say): never the first one found.
    let doubled = Grid::office().insert_row(9, &["收案", "1", "2", "3", "4"]);
    let (file, bytes) = ("data/统计.xlsx", doubled.xlsx());
    let paper = paper_with(file, &bytes, &anchored(file));
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("has 2 rows labelled `收案`: 收案 (row 5), 收案 (row 10)"), "{}", run.stderr);
    // A whole year asked for where the sheet has only part of it.
    let metrics = anchored(file).replace("column: 2024年1-10月", "column: 2024");
    let run = paper_with(file, &Grid::office().xlsx(), &metrics).run(&["build"]);
    assert!(
        run.stderr.contains("there is `2024年1-10月` (column E): a part of a year is bound by its own label"),
        "{}",
        run.stderr
    );
}

/// The same figures bound by address, with the labels each cell must have.
fn by_address(file: &str) -> String {
    format!(
        "\
defaults:
  source: 省法院审判管理办公室
concluded:
  label: 全省法院行政案件结案
  value: {{ from: {file}, sheet: 行政, cell: D8, expect: {{ row: 结案, column: 2023 }} }}
  unit: 件
appearance:
  label: 行政机关负责人出庭应诉率
  value: {{ from: {file}, sheet: 行政, cell: D9, expect: {{ row: 出庭应诉率, column: 2023 }} }}
  unit: '%'
"
    )
}

#[test]
fn cells_bound_by_address_check_their_labels_and_a_moved_sheet_is_told_once() {
    let file = "data/统计.xlsx";
    let chapter = "---\ntitle: 数据\n---\n\n结案{{ m.concluded }}，出庭应诉率{{ m.appearance }}。\n";
    let paper =
        paper_with(file, &Grid::office().xlsx(), &by_address(file)).with_file("content/03-data.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(printed(&paper).contains("结案9900件，出庭应诉率97%。"));
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // 旧存 inserted above 结案: both cells now hold other figures; one message says why.
    let moved = Grid::office().insert_row(7, &["旧存", "100", "200", "300", "250"]);
    std::fs::write(paper.path().join(file), moved.xlsx()).unwrap();
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    crate::common::assert_shows(
        &run.stderr,
        "content/metrics/sheet.yaml:5:10: error: 2 bindings into sheet `行政` of `data/统计.xlsx` no longer find what they expect: rows or columns may have moved",
        "moved",
    );
    for place in [
        "D8 expects row `结案`; `结案` is now row 9 (D9)",
        "D9 expects row `出庭应诉率`; `出庭应诉率` is now row 10 (D10)",
    ] {
        assert!(run.stderr.contains(place), "no `{place}` in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("check: warn") && !run.stderr.contains("unit: 年"), "{}", run.stderr);
}

#[test]
fn a_cell_bound_by_address_alone_is_warned_about_with_the_labels_that_would_follow_it() {
    let file = "data/统计.xlsx";
    let metrics = by_address(file)
        .replace(", expect: { row: 结案, column: 2023 }", "")
        .replace(", expect: { row: 出庭应诉率, column: 2023 }", "");
    let chapter = "---\ntitle: 数据\n---\n\n结案{{ m.concluded }}，出庭应诉率{{ m.appearance }}。\n";
    let paper = paper_with(file, &Grid::office().xlsx(), &metrics).with_file("content/03-data.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "one warning for the sheet: {}", run.stderr);
    assert!(
        run.stderr
            .contains("2 bindings into sheet `行政` of `data/统计.xlsx` name their cells by address alone"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`D8`: `row: 结案, column: 2023`"), "{}", run.stderr);
    // The rate bound by address now reads 结案's 9900: refused, never printed as 9900%.
    let moved = Grid::office().insert_row(7, &["旧存", "100", "200", "300", "250"]);
    std::fs::write(paper.path().join(file), moved.xlsx()).unwrap();
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("a rate or share lies between 0 and 100%"), "{}", run.stderr);
}

#[test]
fn a_rate_read_as_a_fraction_over_one_is_refused_and_a_series_that_jumps_is_warned_about() {
    let file = "data/统计.xlsx";
    let metrics = "\
rate:
  label: 出庭应诉率
  value: { from: data/统计.xlsx, sheet: 行政, cell: D5, percent: fraction, expect: { row: 收案 } }
  unit: '%'
  source: 表
jumps:
  label: 收案
  value: 1000
  series: { 2022: 79, 2023: 1000 }
  unit: 件
  source: 表
";
    let paper = paper_with(file, &Grid::office().xlsx(), metrics)
        .with_file("content/03-data.md", "---\ntitle: 数据\n---\n\n{{ m.jumps }}\n");
    let run = paper.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("holds 10000, which as a fraction (`percent: fraction`) is 1000000%: a rate or share cannot be above 100%"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the series of metric `jumps` goes from 79 in 2022 to 1000 in 2023, a tenfold change"),
        "{}",
        run.stderr
    );
    // A growth rate that may exceed 100% says so.
    let fine = metrics
        .replace(
            "  unit: '%'\n  source: 表\njumps",
            "  unit: '%'\n  bounds: [0, 1000000]\n  source: 表\njumps",
        )
        .replace("  unit: 件\n  source: 表\n", "  unit: 件\n  allow: [jump]\n  source: 表\n");
    let paper = paper.with_file("content/metrics/sheet.yaml", &fine);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("tenfold"), "{}", run.stderr);
}

#[test]
fn a_change_is_checked_against_the_metric_it_is_measured_from_and_a_total_of_years_takes_their_period() {
    let metrics = "\
defaults:
  source: 金融审判庭
cases_2022:
  label: 2022年金融案件收案
  value: 5013
  unit: 件
  period: 2022年
cases_2023:
  label: 2023年金融案件收案
  value: 6017
  unit: 件
  period: 2023年
  change: { value: 20.03, base: cases_2022 }
cases_2024:
  label: 2024年1-10月金融案件收案
  value: 5200
  unit: 件
  period: 2024年1-10月
total:
  label: 金融案件收案合计
  formula: cases_2022 + cases_2023 + cases_2024
  unit: 件
";
    let chapter = "---\ntitle: 金融\n---\n\n2023年收案{{ m.cases_2023 }}，{{ metric.cases_2023.yoy }}；累计{{ m.total }}。\n";
    let paper = PaperTest::fixture("valid/basic")
        .with_file("content/metrics/finance.yaml", metrics)
        .with_file("content/03-finance.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("different periods"), "{}", run.stderr);
    let page = paper.read("output/site/index.html");
    assert!(
        printed(&paper).contains("2023年收案6017件，同比增长20.03%；累计16230件。"),
        "{}",
        printed(&paper)
    );
    assert!(page.contains("2022年1月—2024年10月"), "the total's period is the union of its years");
    // A stated change that the two figures do not give stops the build at `base`.
    let wrong = metrics.replace("value: 20.03", "value: 21.03");
    let run = paper.with_file("content/metrics/finance.yaml", &wrong).run(&["build"]);
    assert_eq!(run.code, Some(1));
    crate::common::assert_shows(
        &run.stderr,
        "content/metrics/finance.yaml:13:33: error: metric `cases_2023` states a change of 21.03%, but from `cases_2022` (5013件) to 6017件 it is 20.03%",
        "base",
    );
}

#[test]
fn a_defined_name_and_an_excel_table_find_their_cells_wherever_they_are() {
    use rust_xlsxwriter::{Table, TableColumn};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("收案").unwrap();
    // Two rows above the table, so that its cells are not where a table would start.
    sheet.write_string(0, 0, "全省法院收案情况").unwrap();
    for (r, (label, a, b)) in [("一审", 100.0, 120.0), ("二审", 40.0, 45.0)].iter().enumerate() {
        let r = 3 + r as u32;
        sheet.write_string(r, 1, *label).unwrap();
        sheet.write_number(r, 2, *a).unwrap();
        sheet.write_number(r, 3, *b).unwrap();
    }
    let columns = ["项目", "2022年", "2023年"].map(|h| TableColumn::new().set_header(h));
    sheet.add_table(2, 1, 4, 3, &Table::new().set_name("收案表").set_columns(&columns)).unwrap();
    book.define_name("二审收案", "=收案!$D$5").unwrap();
    book.define_name("一审逐年", "=收案!$C$4:$D$4").unwrap();
    let metrics = "\
defaults:
  source: 审管办
from_table:
  label: 二审收案
  value: { from: data/t.xlsx, table: 收案表, row: 二审, column: 2023 }
  unit: 件
by_name:
  label: 二审收案（名称）
  value: { from: data/t.xlsx, name: 二审收案 }
  unit: 件
first:
  label: 一审收案
  value: 120
  series: { from: data/t.xlsx, name: 一审逐年 }
  unit: 件
";
    let chapter = "---\ntitle: 数据\n---\n\n二审{{ m.from_table }}，即{{ m.by_name }}；一审{{ m.first }}，{{ metric.first.yoy }}。\n";
    let paper = paper_with("data/t.xlsx", &book.save_to_buffer().unwrap(), metrics)
        .with_file("content/03-data.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(printed(&paper).contains("二审45件，即45件；一审120件，同比增长20%。"), "{}", printed(&paper));
    let json = paper.read("output/data/metrics.json");
    assert!(json.contains("\"cells\": \"data/t.xlsx 收案!D5\""), "{json}");
    assert!(json.contains("\"cells\": \"data/t.xlsx 收案!C4:D4\""), "{json}");
    // A table or name the workbook lacks is told with what it has.
    let wrong = metrics.replace("table: 收案表", "table: 收案").replace("name: 二审收案", "name: 二审");
    let run = paper.with_file("content/metrics/sheet.yaml", &wrong).run(&["build"]);
    assert!(run.stderr.contains("`data/t.xlsx` has no table `收案`"), "{}", run.stderr);
    assert!(run.stderr.contains("`data/t.xlsx` has no defined name `二审`"), "{}", run.stderr);
}

#[test]
fn series_down_the_side_parts_by_list_chosen_years_and_given_header_rows_read_as_the_readme_says() {
    let rows: &[&[&str]] = &[
        &["说明：本表为内部资料"],
        &["年份", "收案", "结案"],
        &["2021", "9000", "8800"],
        &["2022", "9500", "9400"],
        &["2023", "10000", "9900"],
    ];
    let grid = Grid {
        rows: rows.iter().map(|r| r.iter().map(|c| (*c).to_string()).collect()).collect(),
        merges: Vec::new(),
    };
    let metrics = "\
defaults:
  source: 表
received:
  label: 收案
  value: { from: data/t.csv, row: 2023, column: 收案 }
  series: { from: data/t.csv, column: 收案, years: [2022, 2023] }
  parts: { from: data/t.csv, columns: [收案, 结案], row: 2021 }
  partial: true
  unit: 件
concluded:
  label: 结案
  value: { from: data/t.csv, header: 2, row: 2023, column: 结案 }
  parts: { from: data/统计.xlsx, sheet: 行政, rows: [资源, 城建], column: 2023 }
  partial: true
  unit: 件
";
    let chapter = "---\ntitle: 数据\n---\n\n收案{{ m.received }}，{{ metric.received.yoy }}；{{ list(parts=\"received\") }}；{{ list(series=\"received\") }}；结案{{ m.concluded }}，{{ list(parts=\"concluded\") }}。\n";
    let paper =
        paper_with("data/t.csv", grid.csv().as_bytes(), metrics).with_file("content/03-data.md", chapter);
    std::fs::write(paper.path().join("data/统计.xlsx"), Grid::office().xlsx()).unwrap();
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = printed(&paper);
    assert!(text.contains("收案1万件，同比增长5.3%；收案9000件、结案8800件；9500件、1万件；结案9900件，资源2200件、城建3200件。"), "{text}");
}

#[test]
fn only_the_sheets_a_paper_binds_are_read_so_a_damaged_other_sheet_changes_nothing() {
    use std::io::{Read as _, Write as _};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("行政").unwrap();
    sheet.write_string(0, 0, "项目").unwrap();
    sheet.write_string(0, 1, "2023年").unwrap();
    sheet.write_string(1, 0, "收案").unwrap();
    sheet.write_number(1, 1, 545.0).unwrap();
    book.add_worksheet().set_name("刑事").unwrap().write_number(0, 0, 1.0).unwrap();
    let good = book.save_to_buffer().unwrap();
    // The second sheet cut off half way, as a failed copy leaves it.
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(&good)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..from.len() {
        let mut entry = from.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            bytes = b"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"x\"><v>".to_vec();
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    let damaged = out.finish().unwrap().into_inner();
    let metrics = "received:\n  label: 收案\n  value: { from: data/t.xlsx, sheet: 行政, row: 收案, column: 2023 }\n  unit: 件\n  source: 表\n";
    let chapter = "---\ntitle: 数据\n---\n\n收案{{ m.received }}。\n";
    let paper = paper_with("data/t.xlsx", &damaged, metrics).with_file("content/03-data.md", chapter);
    let run = paper.run(&["build", "--only", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(printed(&paper).contains("收案545件。"));
    // Bound, the damaged sheet is named.
    let bound = metrics.replace("sheet: 行政, row: 收案, column: 2023", "sheet: 刑事, cell: A1");
    let run = paper.with_file("content/metrics/sheet.yaml", &bound).run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("`data/t.xlsx` cannot be read as a workbook: sheet `刑事`"),
        "{}",
        run.stderr
    );
}
