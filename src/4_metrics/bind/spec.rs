//! What a binding says, read from its YAML with every mistake located: the workbook and sheet,
//! and where in it (labels, a defined name, a table, or cell addresses).

use serde_yaml::{Mapping, Value};

use crate::input::reader::Reader;
use crate::input::yaml::key_string;

/// The keys a binding may have.
pub(super) const KEYS: &[&str] = &[
    "from", "sheet", "row", "column", "rows", "columns", "under", "years", "name", "table", "header", "cell",
    "expect", "labels", "values", "percent",
];

/// A binding, read.
#[derive(Debug, Default)]
pub(super) struct Spec {
    pub from: String,
    pub sheet: Option<String>,
    /// A row's labels, outermost first (`[一审, 收案]`), or one label.
    pub row: Option<Vec<String>>,
    pub column: Option<Vec<String>>,
    /// Parts by their rows' or columns' labels.
    pub rows: Option<Vec<Vec<String>>>,
    pub columns: Option<Vec<Vec<String>>>,
    /// Parts: the rows under this one (其中 rows, or rows indented under it).
    pub under: Option<Vec<String>>,
    /// A series: only these years (`years: [2021, 2022, 2023]`).
    pub only_years: Option<Vec<i64>>,
    /// A defined name (名称管理器).
    pub name: Option<String>,
    /// An Excel table (表格).
    pub table: Option<String>,
    /// The header block's first and last rows (from 0), when given.
    pub header: Option<(u32, u32)>,
    /// Cells by address: one (`cell`), or ranges (`years`/`labels` and `values`).
    pub cell: Option<String>,
    pub years: Option<String>,
    pub labels: Option<String>,
    pub values: Option<String>,
    /// The labels a cell bound by address must have: row and column.
    pub expect: Option<Expect>,
    /// `Some(true)` for `percent: fraction`, `Some(false)` for `percent: as_is`.
    pub percent: Option<bool>,
}

impl Spec {
    /// Whether it finds its cells by labels, a name or a table, not by address.
    pub(super) fn anchored(&self) -> bool {
        self.row.is_some()
            || self.column.is_some()
            || self.rows.is_some()
            || self.columns.is_some()
            || self.under.is_some()
            || self.name.is_some()
    }
}

/// The labels a cell bound by address must have (`expect: { row: 结案, column: 2023 }`).
#[derive(Debug, Default)]
pub(super) struct Expect {
    pub row: Option<Vec<String>>,
    pub column: Option<Vec<String>>,
}

/// The binding at `path`, or `None` with its mistakes reported.
pub(super) fn read(r: &mut Reader<'_>, path: &[&str], b: &Mapping) -> Option<Spec> {
    let mut spec = Spec::default();
    let errors = r.diags.iter().filter(|d| d.is_error()).count();
    for (k, v) in b {
        let key = key_string(k);
        let at = [path, &[key.as_str()]].concat();
        match key.as_str() {
            "from" => spec.from = r.text(&at, v).unwrap_or_default(),
            "sheet" => spec.sheet = r.text(&at, v),
            "row" => spec.row = labels(r, &at, v),
            "column" => spec.column = labels(r, &at, v),
            "rows" => spec.rows = label_list(r, &at, v),
            "columns" => spec.columns = label_list(r, &at, v),
            "under" => spec.under = labels(r, &at, v),
            "name" => spec.name = r.text(&at, v),
            "table" => spec.table = r.text(&at, v),
            "header" => spec.header = header(r, &at, v),
            "cell" => spec.cell = r.text(&at, v),
            "labels" => spec.labels = r.text(&at, v),
            "values" => spec.values = r.text(&at, v),
            "years" => match v {
                Value::Sequence(items) => {
                    let years: Vec<i64> = items.iter().filter_map(Value::as_i64).collect();
                    if years.len() != items.len() {
                        r.error(&at, "`years` lists years, such as `[2021, 2022, 2023]`", "");
                    }
                    spec.only_years = Some(years);
                }
                other => spec.years = r.text(&at, other),
            },
            "expect" => spec.expect = expect(r, &at, v),
            "percent" => {
                let words = [("fraction", true), ("as_is", false)];
                let hint = "write `percent: fraction` (0.996 is 99.6%) or `percent: as_is`";
                spec.percent = r.choice(&at, v, &words, hint);
            }
            _ => r.unknown(&at, KEYS, "a binding to a workbook"),
        }
    }
    (r.diags.iter().filter(|d| d.is_error()).count() == errors).then_some(spec)
}

/// One label (`结案`, `2023`) or a path of them (`[一审, 结案]`).
fn labels(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Vec<String>> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let out: Option<Vec<String>> = match v {
        Value::Sequence(items) => items.iter().map(one).collect(),
        other => one(other).map(|s| vec![s]),
    };
    match out {
        Some(labels) if !labels.is_empty() && labels.iter().all(|l| !l.is_empty()) => Some(labels),
        _ => {
            let key = path.last().unwrap_or(&"");
            r.error(
                path,
                format!("`{key}` names a label as the sheet writes it"),
                format!("for example `{key}: 结案`, or `{key}: [一审, 结案]` for 结案 under 一审"),
            );
            None
        }
    }
}

/// A list of labels, each one label or a path.
fn label_list(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Vec<Vec<String>>> {
    let Value::Sequence(items) = v else {
        let key = path.last().unwrap_or(&"");
        r.error(path, format!("`{key}` lists labels"), format!("for example `{key}: [城建, 资源, 公安]`"));
        return None;
    };
    items.iter().map(|item| labels(r, path, item)).collect()
}

/// `header: 4` (rows 1 to 4) or `header: [3, 4]`, 1-based as Excel numbers rows.
fn header(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<(u32, u32)> {
    let row = |v: &Value| v.as_u64().filter(|n| (1..=1_048_576).contains(n)).map(|n| n as u32 - 1);
    let rows = match v {
        Value::Sequence(items) if items.len() == 2 => row(&items[0]).zip(row(&items[1])),
        other => row(other).map(|last| (0, last)),
    };
    match rows {
        Some((first, last)) if first <= last && last - first < 12 => Some((first, last)),
        _ => {
            r.error(
                path,
                "`header` gives the rows that label the columns, as Excel numbers them: at most 12",
                "for example `header: 4` (rows 1 to 4) or `header: [3, 4]`",
            );
            None
        }
    }
}

/// `expect: { row: 结案, column: 2023 }`.
fn expect(r: &mut Reader<'_>, path: &[&str], v: &Value) -> Option<Expect> {
    let map = r.mapping(path, v, "the labels the cell must have, such as `{ row: 结案, column: 2023 }`")?;
    let (mut row, mut column) = (None, None);
    for (k, v) in map {
        let key = key_string(k);
        let at = [path, &[key.as_str()]].concat();
        match key.as_str() {
            "row" => row = labels(r, &at, v),
            "column" => column = labels(r, &at, v),
            _ => r.unknown(&at, &["row", "column"], "`expect`"),
        }
    }
    Some(Expect { row, column })
}
