//! The redline's body: the new Word copy's paragraphs and tables, aligned with the old one's,
//! with what only the old had as deleted text (`w:del`) and what only the new has as inserted
//! text (`w:ins`), so that accepting every change gives the new copy and rejecting every change
//! the old one. Paragraphs are aligned first (an inserted paragraph is one insertion), then
//! each pair is compared token by token, a printed figure being one token.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::parse::{Atom, Para, Table, Unit};

/// Which side a piece of the redline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// Only the old copy has it.
    Deleted,
    /// Only the new copy has it.
    Inserted,
}

/// Where a redline is written as it is worked out: the Word copy's body, or a web page.
/// Deleted pieces come from the old copy, the others from the new.
pub(super) trait Sink {
    /// What an old picture relationship holds, for comparing.
    fn picture_old(&self, rel: &str) -> String;
    /// What a new picture relationship holds, for comparing.
    fn picture_new(&self, rel: &str) -> String;
    /// Body XML only the new copy has that is not a paragraph or table (its section).
    fn raw(&mut self, xml: &str);
    /// A table row both copies have.
    fn raw_unmarked(&mut self, row: &str);
    /// A unit both copies have.
    fn unchanged(&mut self, u: &Unit);
    fn paragraph_start(&mut self, ppr: &str);
    fn paragraph_end(&mut self);
    /// A paragraph only one copy has.
    fn whole_paragraph(&mut self, p: &Para, change: Change);
    /// Tokens replaced by others.
    fn replacement(&mut self, gone: &[Atom], came: &[Atom]);
    /// Tokens unchanged, deleted or inserted.
    fn atoms(&mut self, atoms: &[Atom], change: Option<Change>);
    fn table_start(&mut self, t: &Table);
    fn table_end(&mut self);
    /// A table row only one copy has.
    fn row(&mut self, row: &str, change: Change);
}

/// Compares the old body with the new and writes the redline's body into `e`.
pub(super) fn bodies(old: &[Unit], new: &[Unit], e: &mut dyn Sink) {
    let old_keys: Vec<String> = old.iter().map(|u| unit_key(u, &|r| e.picture_old(r))).collect();
    let new_keys: Vec<String> = new.iter().map(|u| unit_key(u, &|r| e.picture_new(r))).collect();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                for u in &new[new_index..new_index + len] {
                    e.unchanged(u);
                }
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                for u in &old[old_index..old_index + old_len] {
                    whole(u, Change::Deleted, e);
                }
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                for u in &new[new_index..new_index + new_len] {
                    whole(u, Change::Inserted, e);
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                replaced(&old[old_index..old_index + old_len], &new[new_index..new_index + new_len], e);
            }
        }
    }
}

/// What a unit must share with another to be the same.
fn unit_key(u: &Unit, picture: &dyn Fn(&str) -> String) -> String {
    match u {
        Unit::Para(p) => {
            let mut key = p.ppr.clone();
            for a in &p.atoms {
                key.push('\u{2}');
                key.push_str(&a.key(picture));
            }
            key
        }
        Unit::Table(t) => {
            let rows: Vec<String> = t.rows.iter().map(|r| super::parse::row_key(r, picture)).collect();
            format!("{}\u{3}{}", t.head, rows.join("\u{3}"))
        }
        Unit::Other(x) => x.clone(),
    }
}

/// A unit only one side has, whole.
fn whole(u: &Unit, change: Change, e: &mut dyn Sink) {
    match u {
        Unit::Para(p) => e.whole_paragraph(p, change),
        Unit::Table(t) => {
            e.table_start(t);
            for row in &t.rows {
                e.row(row, change);
            }
            e.table_end();
        }
        // The old body's section properties give way to the new's.
        Unit::Other(x) if change == Change::Inserted => e.raw(x),
        Unit::Other(_) => {}
    }
}

/// Units replaced by others: those that correspond (a paragraph edited, a table with rows
/// changed) are compared within; the rest are deleted or inserted whole, deletions first.
fn replaced(old: &[Unit], new: &[Unit], e: &mut dyn Sink) {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    for (n, u) in new.iter().enumerate() {
        if let Some(o) = (from..old.len()).find(|&o| correspond(&old[o], u)) {
            pairs.push((o, n));
            from = o + 1;
        }
    }
    let (mut o, mut n) = (0, 0);
    for (po, pn) in pairs.into_iter().chain(std::iter::once((old.len(), new.len()))) {
        for u in &old[o..po] {
            whole(u, Change::Deleted, e);
        }
        for u in &new[n..pn] {
            whole(u, Change::Inserted, e);
        }
        if po < old.len() && pn < new.len() {
            match (&old[po], &new[pn]) {
                (Unit::Para(a), Unit::Para(b)) => paragraph(a, b, e),
                (Unit::Table(a), Unit::Table(b)) => table(a, b, e),
                (_, b) => e.unchanged(b),
            }
        }
        (o, n) = (po + 1, pn + 1);
    }
}

/// Whether an old unit and a new one are the same paragraph or table, edited.
fn correspond(a: &Unit, b: &Unit) -> bool {
    match (a, b) {
        (Unit::Para(a), Unit::Para(b)) if a.ppr == b.ppr => {
            let (ta, tb) = (a.text(), b.text());
            if ta.is_empty() || tb.is_empty() {
                // A picture's paragraph: the same kind of object on both sides.
                return ta.is_empty() && tb.is_empty() && charts(a) == charts(b);
            }
            let longest = ta.chars().count().max(tb.chars().count());
            let ratio = similar::TextDiff::from_chars(ta.as_str(), tb.as_str()).ratio();
            ratio >= if longest >= 20 { 0.5 } else { 0.7 }
        }
        (Unit::Table(a), Unit::Table(b)) => a.head == b.head,
        _ => false,
    }
}

/// The charts a paragraph shows, by id.
fn charts(p: &Para) -> Vec<&str> {
    p.atoms
        .iter()
        .filter_map(|a| match a {
            Atom::Object { chart: Some(id), .. } => Some(id.as_str()),
            _ => None,
        })
        .collect()
}

/// A paragraph edited: its tokens compared, the new paragraph's properties kept.
fn paragraph(a: &Para, b: &Para, e: &mut dyn Sink) {
    let old_keys: Vec<String> = a.atoms.iter().map(|x| x.key(&|r| e.picture_old(r))).collect();
    let new_keys: Vec<String> = b.atoms.iter().map(|x| x.key(&|r| e.picture_new(r))).collect();
    e.paragraph_start(&b.ppr);
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { new_index, len, .. } => e.atoms(&b.atoms[new_index..new_index + len], None),
            DiffOp::Delete { old_index, old_len, .. } => {
                e.atoms(&a.atoms[old_index..old_index + old_len], Some(Change::Deleted));
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                e.atoms(&b.atoms[new_index..new_index + new_len], Some(Change::Inserted));
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let gone = &a.atoms[old_index..old_index + old_len];
                let came = &b.atoms[new_index..new_index + new_len];
                e.replacement(gone, came);
            }
        }
    }
    e.paragraph_end();
}

/// A table edited: its rows compared, a changed row deleted and inserted whole.
fn table(a: &Table, b: &Table, e: &mut dyn Sink) {
    let key = |row: &String, picture: &dyn Fn(&str) -> String| super::parse::row_key(row, picture);
    let old_keys: Vec<String> = a.rows.iter().map(|r| key(r, &|x| e.picture_old(x))).collect();
    let new_keys: Vec<String> = b.rows.iter().map(|r| key(r, &|x| e.picture_new(x))).collect();
    e.table_start(b);
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        let (old_rows, new_rows, same) = match op {
            DiffOp::Equal { new_index, len, .. } => {
                (&a.rows[0..0], &b.rows[new_index..new_index + len], true)
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                (&a.rows[old_index..old_index + old_len], &b.rows[0..0], false)
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                (&a.rows[0..0], &b.rows[new_index..new_index + new_len], false)
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (&a.rows[old_index..old_index + old_len], &b.rows[new_index..new_index + new_len], false)
            }
        };
        for row in old_rows {
            e.row(row, Change::Deleted);
        }
        for row in new_rows {
            if same { e.raw_unmarked(row) } else { e.row(row, Change::Inserted) }
        }
    }
    e.table_end();
}
