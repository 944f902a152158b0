//! A sheet read as a statistics office lays out a table: a block of header rows that label the
//! columns (a title, a 单位 line, a merged 收案 over 旧存 and 新收, years written 2023 or
//! 2023年), a stub of columns that label the rows (一审 over 收案 and 结案, 其中 rows), and the
//! figures between. A binding finds its cell by these labels, so an inserted or moved row or
//! column changes nothing that is printed; a label found twice or not at all is never guessed.

use std::collections::BTreeMap;

use super::model::{Cell, Sheet, cell_name};
use super::normalise::likeness;
pub(crate) use super::normalise::{normalise, year};

/// The most rows a header block has (the rows just above the figures), and the most columns
/// of row labels: bounds that no statistics table reaches and that keep a hostile sheet cheap.
const MAX_HEADER_ROWS: u32 = 12;
const MAX_STUB_COLUMNS: u32 = 8;

/// The labelled rows and columns of a sheet.
#[derive(Debug, Default, Clone)]
pub(crate) struct Layout {
    /// The first and last rows of the header block (from 0).
    pub header: (u32, u32),
    /// The columns that hold row labels (from 0), first and last; `None` when no column does.
    pub stub: Option<(u32, u32)>,
    /// The rows below the header that have a label.
    pub rows: Vec<Line>,
    /// The columns right of the stub that have a label.
    pub columns: Vec<Line>,
}

/// A labelled row or column.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Its row or column (from 0).
    pub at: u32,
    /// Its labels as written, outermost first (收案 › 新收), without a leading 其中.
    pub path: Vec<String>,
    /// The same, as compared (see [`normalise`]).
    keys: Vec<String>,
    /// Written as a part of the row above it (其中：城建), or indented under it.
    pub part: bool,
    /// The white space before its innermost label, as written.
    pub indent: usize,
    /// The unit its label names (（件） in 收案（件）).
    pub unit: Option<String>,
}

impl Line {
    /// The whole year its innermost label names (2023, 2023年, 2023年度); not a part of one.
    pub(crate) fn year(&self) -> Option<i64> {
        year(self.keys.last()?)
    }

    /// Its innermost label as written (其中 left out).
    pub(crate) fn label(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }

    /// Its labels joined as a binding writes them: `[一审, 收案]`, or `收案` alone.
    pub(crate) fn written(&self) -> String {
        written(&self.path)
    }

    /// Whether a binding's labels name this line: its last label is this line's innermost,
    /// and the others stand in its path in the same order.
    fn matches(&self, query: &[String]) -> bool {
        let Some((last, outer)) = query.split_last() else { return false };
        let Some((own, own_outer)) = self.keys.split_last() else { return false };
        if own != last {
            return false;
        }
        let mut rest = own_outer.iter();
        outer.iter().all(|q| rest.any(|k| k == q))
    }
}

/// What looking a label up found.
#[derive(Debug)]
pub(crate) enum Found<'l> {
    One(&'l Line),
    None,
    Many(Vec<&'l Line>),
}

impl Layout {
    /// The layout of a sheet, its header block found as described in the module's comment, or
    /// given (`header`: its first and last rows).
    pub(crate) fn of(sheet: &Sheet, header: Option<(u32, u32)>) -> Layout {
        let rows = by_row(sheet);
        let Some(&first) = rows.keys().next() else { return Layout::default() };
        let header = header.unwrap_or_else(|| {
            let end = header_end(&rows);
            (first.max(end.saturating_sub(MAX_HEADER_ROWS - 1)), end)
        });
        let data: Vec<u32> = rows.keys().copied().filter(|r| *r > header.1).collect();
        let stub = stub_columns(sheet, &rows, &data);
        let shown = |at: (u32, u32)| -> String {
            let at = sheet.merged_into(at).map_or(at, |(start, _)| start);
            match sheet.get(at) {
                Cell::Text(t) => t.clone(),
                Cell::Number(n) => format!("{n}"),
                _ => String::new(),
            }
        };
        let row_lines = row_lines(&data, stub, &shown);
        let mut columns = Vec::new();
        let first_figure = stub.map_or(0, |s| s.1 + 1);
        let last_col = sheet.last_column();
        let fill_left = sheet.merged.is_empty();
        let mut above: BTreeMap<u32, String> = BTreeMap::new();
        for c in first_figure..=last_col {
            let mut raw = Vec::new();
            for r in header.0..=header.1 {
                let mut text = shown((r, c)).trim().to_string();
                // Without merged areas (CSV, a sheet saved without them), a blank upper header
                // cell belongs to the label on its left, as a merged one would.
                if text.is_empty() && fill_left && r < header.1 && c > first_figure {
                    text = above.get(&r).cloned().unwrap_or_default();
                }
                if !text.is_empty() {
                    above.insert(r, text.clone());
                    raw.push(text);
                }
            }
            raw.dedup();
            if let Some(line) = line(c, &raw) {
                columns.push(line);
            }
        }
        Layout { header, stub, rows: row_lines, columns }
    }

    /// The row the labels name.
    pub(crate) fn row(&self, query: &[String]) -> Found<'_> {
        find(&self.rows, query)
    }

    /// The column the labels name.
    pub(crate) fn column(&self, query: &[String]) -> Found<'_> {
        find(&self.columns, query)
    }

    /// The rows that are parts of `parent` (其中 rows, rows indented under it, or rows whose
    /// path runs through it), in order.
    pub(crate) fn parts_of(&self, parent: &Line) -> Vec<&Line> {
        let mut out = Vec::new();
        let start = self.rows.iter().position(|l| l.at == parent.at).map_or(self.rows.len(), |i| i + 1);
        for line in &self.rows[start..] {
            let nested = line.keys.len() > parent.keys.len() && line.keys.starts_with(&parent.keys);
            let under = line.keys.len() == parent.keys.len() && (line.part || line.indent > parent.indent);
            if nested || under {
                out.push(line);
            } else {
                break;
            }
        }
        out
    }

    /// The fewest labels that find `line` among `lines` (its own label, or its label with the
    /// ones above it: `[二审, 收案]`), a year as a plain number; all of its labels when none do.
    pub(crate) fn shortest_path(lines: &[Line], line: &Line) -> Vec<String> {
        let n = line.path.len();
        let mut query = (1..=n)
            .map(|k| line.path[n - k..].to_vec())
            .find(|q| matches!(find(lines, q), Found::One(found) if found.at == line.at))
            .unwrap_or_else(|| line.path.clone());
        if let (Some(last), Some(year)) = (query.last_mut(), line.year()) {
            *last = year.to_string();
        }
        query
    }

    /// [`Layout::shortest_path`] as a binding writes it: `收案`, or `[二审, 收案]`.
    pub(crate) fn shortest(lines: &[Line], line: &Line) -> String {
        written(&Layout::shortest_path(lines, line))
    }

    /// The labels nearest to `query`, for a message: up to three, with their places.
    pub(crate) fn nearest(lines: &[Line], query: &[String], name: impl Fn(u32) -> String) -> Vec<String> {
        let Some(q) = query.last() else { return Vec::new() };
        let mut scored: Vec<(f64, &Line)> = lines
            .iter()
            .map(|l| (likeness(q, l.keys.last().map_or("", String::as_str)), l))
            .filter(|(s, _)| *s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.at.cmp(&b.1.at)));
        scored
            .iter()
            .take(3)
            .map(|(_, l)| format!("{} ({})", Layout::shortest(lines, l), name(l.at)))
            .collect()
    }
}

fn find<'l>(lines: &'l [Line], query: &[String]) -> Found<'l> {
    let query: Vec<String> = query.iter().map(|q| normalise(q).0).collect();
    let mut hits: Vec<&Line> = lines.iter().filter(|l| l.matches(&query)).collect();
    match hits.len() {
        0 => Found::None,
        1 => Found::One(hits.remove(0)),
        _ => Found::Many(hits),
    }
}

/// The sheet's cells by row, each row's cells by column.
fn by_row(sheet: &Sheet) -> BTreeMap<u32, BTreeMap<u32, &Cell>> {
    let mut rows: BTreeMap<u32, BTreeMap<u32, &Cell>> = BTreeMap::new();
    for (&(r, c), cell) in &sheet.cells {
        if !matches!(cell, Cell::Empty) {
            rows.entry(r).or_default().insert(c, cell);
        }
    }
    rows
}

/// The last row of the header block: the row above the first that holds a label and a figure
/// (a row of years alone, 2019 2020 … 2023, is a header row while no row above it named years).
fn header_end(rows: &BTreeMap<u32, BTreeMap<u32, &Cell>>) -> u32 {
    let first = rows.keys().next().copied().unwrap_or(0);
    let mut years_seen = false;
    let mut last_header = None;
    for (&r, cells) in rows {
        let numbers: Vec<f64> =
            cells.values().filter_map(|c| if let Cell::Number(n) = c { Some(*n) } else { None }).collect();
        let texts = cells.values().filter(|c| matches!(c, Cell::Text(_))).count();
        let year_texts =
            cells.values().any(|c| matches!(c, Cell::Text(t) if year(&normalise(t).0).is_some()));
        let is_years = !numbers.is_empty() && !years_seen && years_in_a_row(&numbers);
        if !numbers.is_empty() && !is_years && (texts > 0 || last_header.is_some()) {
            return last_header.unwrap_or(first);
        }
        years_seen |= is_years || year_texts;
        last_header = Some(r);
    }
    // No row of figures: the first row labels the columns.
    first
}

/// Numbers that read as the years of a header: whole, from 1900 to 2200, rising, within 30.
fn years_in_a_row(numbers: &[f64]) -> bool {
    let whole = numbers.iter().all(|n| n.fract() == 0.0 && (1900.0..=2200.0).contains(n));
    let rising = numbers.windows(2).all(|w| w[0] < w[1]);
    let span = numbers.last().unwrap_or(&0.0) - numbers.first().unwrap_or(&0.0);
    whole && rising && span <= 30.0
}

/// The columns left of the figures whose cells label the rows: text, or years down the side.
fn stub_columns(
    sheet: &Sheet,
    rows: &BTreeMap<u32, BTreeMap<u32, &Cell>>,
    data: &[u32],
) -> Option<(u32, u32)> {
    let first = data.iter().flat_map(|r| rows[r].keys().copied()).min()?;
    let mut last = None;
    for c in first..=sheet.last_column().min(first + MAX_STUB_COLUMNS - 1) {
        let mut any = false;
        let labels = data.iter().all(|r| match rows[r].get(&c) {
            None => true,
            Some(Cell::Text(_)) => {
                any = true;
                true
            }
            Some(Cell::Number(n)) => {
                any = true;
                n.fract() == 0.0 && (1900.0..=2200.0).contains(n) && c == first
            }
            Some(_) => true,
        });
        if !labels || !any {
            break;
        }
        last = Some(c);
    }
    last.map(|l| (first, l))
}

/// The labelled rows of the data block: the stub's texts, outer columns carried down over the
/// blank cells below them (as a merged 一审 over 收案 and 结案 reads).
fn row_lines(data: &[u32], stub: Option<(u32, u32)>, shown: &impl Fn((u32, u32)) -> String) -> Vec<Line> {
    let Some((first, last)) = stub else { return Vec::new() };
    let mut carried: Vec<String> = vec![String::new(); (last - first) as usize];
    let mut out = Vec::new();
    for &r in data {
        let mut raw = Vec::new();
        for c in first..=last {
            let text = shown((r, c));
            let i = (c - first) as usize;
            if c < last {
                if !text.trim().is_empty() {
                    carried[i] = text.clone();
                    carried[i + 1..].iter_mut().for_each(String::clear);
                }
                if !carried[i].trim().is_empty() {
                    raw.push(carried[i].clone());
                }
            } else if !text.trim().is_empty() {
                raw.push(text);
            }
        }
        raw.dedup();
        if let Some(line) = line(r, &raw) {
            out.push(line);
        }
    }
    out
}

/// Labels as a binding writes them: `收案`, or `[一审, 收案]` for a path.
pub(crate) fn written(labels: &[String]) -> String {
    match labels {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

/// A line from its labels as written, outermost first; `None` when it has none.
fn line(at: u32, raw: &[String]) -> Option<Line> {
    let inner = raw.last()?;
    let indent = inner.chars().take_while(|c| c.is_whitespace()).count();
    let mut path = Vec::new();
    let mut keys = Vec::new();
    let mut part = false;
    let mut unit = None;
    for (i, text) in raw.iter().enumerate() {
        let (key, is_part, u) = normalise(text);
        if key.is_empty() {
            continue;
        }
        if i + 1 == raw.len() {
            part = is_part;
            unit = u;
        }
        path.push(shown_label(text));
        keys.push(key);
    }
    (!keys.is_empty()).then_some(Line { at, path, keys, part, indent, unit })
}

/// A label as printed for a part: trimmed, its 其中 left out.
fn shown_label(text: &str) -> String {
    let t = text.trim().trim_start_matches('\u{3000}').trim();
    let t = t.strip_prefix("其中").map_or(t, |rest| rest.trim_start_matches([':', '：', ' ', '\u{3000}']));
    t.trim_end_matches([':', '：']).trim().to_string()
}

/// A row written as Excel numbers it (5 for the row from 0 at 4).
pub(crate) fn row_name(r: u32) -> String {
    format!("row {}", r + 1)
}

/// A column written as Excel letters it (`C`).
pub(crate) fn column_name(c: u32) -> String {
    cell_name((0, c)).trim_end_matches('1').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        let mut s = Sheet::default();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let cell = match text.parse::<f64>() {
                    Ok(n) => Cell::Number(n),
                    Err(_) => Cell::Text((*text).to_string()),
                };
                s.cells.insert((r as u32, c as u32), cell);
            }
        }
        s
    }

    fn q(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn labels_compare_as_an_office_writes_them() {
        assert_eq!(normalise("收　案（件）"), ("收案".into(), false, Some("件".into())));
        assert_eq!(normalise("其中：城建").0, "城建");
        assert!(normalise("其中：城建").1);
        assert_eq!(normalise("2023年").0, "2023");
        assert_eq!(normalise("2023年度").0, "2023");
        assert_eq!(normalise("2023").0, "2023");
        assert_eq!(normalise("2023年1－10月").0, "2023年1-10月");
        assert_eq!(normalise("一、收案").0, "收案");
        assert_eq!(normalise("（二）结案：").0, "结案");
        assert_eq!(normalise("2.5").0, "2.5");
    }

    #[test]
    fn a_titled_two_row_header_labels_its_columns_and_rows() {
        let s = sheet(&[
            &["2023年全省行政案件统计表"],
            &["", "", "", "单位：件"],
            &["项目", "2022年", "2023年", "2023年1-10月"],
            &["收案", "90", "100", "80"],
            &["其中：城建", "10", "20", "15"],
            &["　　资源", "5", "30", "12"],
            &["结案", "88", "79", "70"],
        ]);
        let l = Layout::of(&s, None);
        assert_eq!(l.header, (0, 2));
        assert_eq!(l.stub, Some((0, 0)));
        let Found::One(col) = l.column(&q(&["2023"])) else { panic!("{:?}", l.columns) };
        assert_eq!(col.at, 2);
        let Found::One(row) = l.row(&q(&["结案"])) else { panic!() };
        assert_eq!(row.at, 6);
        let Found::One(收案) = l.row(&q(&["收案"])) else { panic!() };
        let parts: Vec<&str> = l.parts_of(收案).iter().map(|l| l.label()).collect();
        assert_eq!(parts, ["城建", "资源"]);
        assert!(matches!(l.column(&q(&["2021"])), Found::None));
        let Found::One(partial) = l.column(&q(&["2023年1-10月"])) else { panic!() };
        assert_eq!(partial.at, 3);
        assert_eq!(partial.year(), None);
    }

    #[test]
    fn years_as_numbers_head_the_columns_and_a_row_inserted_changes_nothing() {
        let rows: &[&[&str]] = &[&["项目", "2019", "2020", "2021"], &["收案", "1998", "2005", "2010"]];
        let l = Layout::of(&sheet(rows), None);
        assert_eq!(l.header, (0, 0));
        let Found::One(c) = l.column(&q(&["2020"])) else { panic!() };
        assert_eq!(c.at, 2);
        let moved: &[&[&str]] =
            &[&["项目", "2019", "2020", "2021"], &["旧存", "1", "2", "3"], &["收案", "1998", "2005", "2010"]];
        let l = Layout::of(&sheet(moved), None);
        let Found::One(r) = l.row(&q(&["收案"])) else { panic!() };
        assert_eq!(r.at, 2);
    }

    #[test]
    fn a_label_twice_is_found_twice_and_a_path_picks_one() {
        let s = sheet(&[
            &["", "", "2023"],
            &["一审", "收案", "100"],
            &["", "结案", "90"],
            &["二审", "收案", "40"],
            &["", "结案", "38"],
        ]);
        let l = Layout::of(&s, None);
        assert_eq!(l.stub, Some((0, 1)));
        assert!(matches!(l.row(&q(&["收案"])), Found::Many(m) if m.len() == 2));
        let Found::One(r) = l.row(&q(&["二审", "结案"])) else { panic!() };
        assert_eq!(r.at, 4);
        assert_eq!(r.written(), "[二审, 结案]");
    }

    #[test]
    fn a_merged_header_labels_the_columns_beneath_it() {
        let s = sheet(&[
            &["项目", "收案", "", "结案", ""],
            &["", "旧存", "新收", "旧存", "新收"],
            &["行政", "1", "2", "3", "4"],
        ]);
        let l = Layout::of(&s, None);
        assert_eq!(l.header, (0, 1));
        let Found::One(c) = l.column(&q(&["结案", "新收"])) else { panic!("{:?}", l.columns) };
        assert_eq!(c.at, 4);
        assert!(matches!(l.column(&q(&["新收"])), Found::Many(_)));
    }

    #[test]
    fn years_down_the_side_label_the_rows() {
        let s = sheet(&[&["年份", "收案"], &["2021", "100"], &["2022", "120"]]);
        let l = Layout::of(&s, None);
        let Found::One(r) = l.row(&q(&["2022"])) else { panic!("{l:?}") };
        assert_eq!((r.at, r.year()), (2, Some(2022)));
    }
}
