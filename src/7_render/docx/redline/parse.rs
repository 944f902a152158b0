//! The body of a Word copy, as gazette's own writer made it, read back into what a redline
//! compares: paragraphs (their properties and their text cut into tokens: a Chinese character,
//! a word, a space, a printed figure whole), tables (by row) and everything else as it is.

pub(super) use crate::render::docx::anchor::top_level;

/// A top-level element of the body.
pub(super) enum Unit {
    Para(Para),
    Table(Table),
    /// The body's section properties, and anything else compared as it is.
    Other(String),
}

/// A paragraph: its properties (`<w:pPr>…</w:pPr>`, or nothing), its content as tokens,
/// and its XML as written.
pub(super) struct Para {
    pub ppr: String,
    pub atoms: Vec<Atom>,
    pub raw: String,
}

/// A table: what comes before its rows (properties and grid), and its rows as written.
pub(super) struct Table {
    pub head: String,
    pub rows: Vec<String>,
}

/// The smallest thing a redline marks as deleted or inserted.
#[derive(Clone)]
pub(super) enum Atom {
    /// Text in a run with these properties: one Chinese character, one word, one run of spaces,
    /// one mark; a line break is `\n`, a tab `\t`.
    Text { rpr: String, text: String },
    /// A printed figure, whole: the `n`th the writer marked.
    Figure { rpr: String, text: String, n: usize },
    /// A run that holds no text (a picture, a field, a note's number) or an element around
    /// runs (a link), as written; `chart` when it is a chart's picture.
    Object { xml: String, chart: Option<String> },
}

impl Atom {
    /// What two atoms must share to be the same: their properties and text, or their XML with
    /// numbering taken out (`picture` tells what each picture relationship holds).
    pub(super) fn key(&self, picture: &dyn Fn(&str) -> String) -> String {
        match self {
            Atom::Text { rpr, text } => format!("{rpr}\u{0}{text}"),
            Atom::Figure { rpr, text, .. } => format!("{rpr}\u{0}\u{1}{text}"),
            Atom::Object { xml, .. } => normalise(xml, picture),
        }
    }

    /// The text a reader sees of it.
    pub(super) fn text(&self) -> &str {
        match self {
            Atom::Text { text, .. } | Atom::Figure { text, .. } => text,
            Atom::Object { .. } => "",
        }
    }
}

impl Para {
    /// The paragraph's text.
    pub(super) fn text(&self) -> String {
        self.atoms.iter().map(Atom::text).collect()
    }
}

/// Reads the body's XML (what is between `<w:body>` and `</w:body>`).
pub(super) fn body(xml: &str) -> Vec<Unit> {
    top_level(xml)
        .into_iter()
        .filter(|raw| !raw.starts_with("<gz:"))
        .map(|raw| {
            if raw.starts_with("<w:p>") || raw.starts_with("<w:p/>") {
                Unit::Para(paragraph(raw))
            } else if raw.starts_with("<w:tbl>") {
                Unit::Table(table(raw))
            } else {
                Unit::Other(raw.to_string())
            }
        })
        .collect()
}

/// The inside of an element: `<w:p>INSIDE</w:p>`; empty for `<w:p/>`.
pub(super) fn inside<'a>(raw: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    raw.strip_prefix(open.as_str()).and_then(|r| r.strip_suffix(close.as_str())).unwrap_or("")
}

pub(super) fn paragraph(raw: &str) -> Para {
    let mut para = Para { ppr: String::new(), atoms: Vec::new(), raw: raw.to_string() };
    let mut figure: Option<usize> = None;
    let mut chart: Option<String> = None;
    for child in top_level(inside(raw, "w:p")) {
        if child.starts_with("<w:pPr>") {
            para.ppr = child.to_string();
        } else if let Some(n) = child.strip_prefix("<gz:figure n=\"") {
            figure = n.split('"').next().and_then(|n| n.parse().ok());
        } else if let Some(id) = child.strip_prefix("<gz:chart id=\"") {
            chart = id.split('"').next().map(unescape);
        } else if child.starts_with("<w:r>") {
            match (run_text(child), figure.take()) {
                (Some((rpr, text)), Some(n)) => para.atoms.push(Atom::Figure { rpr, text, n }),
                (Some((rpr, text)), None) => para
                    .atoms
                    .extend(tokens(&text).map(|t| Atom::Text { rpr: rpr.clone(), text: t.to_string() })),
                (None, _) => para.atoms.push(Atom::Object { xml: child.to_string(), chart: chart.take() }),
            }
        } else {
            para.atoms.push(Atom::Object { xml: child.to_string(), chart: None });
        }
    }
    para
}

/// A run of text alone: its properties and its text; `None` for a run holding anything else.
fn run_text(raw: &str) -> Option<(String, String)> {
    let mut rpr = String::new();
    let mut text = String::new();
    for child in top_level(inside(raw, "w:r")) {
        if child.starts_with("<w:rPr>") {
            rpr = child.to_string();
        } else if child == "<w:br/>" {
            text.push('\n');
        } else if child == "<w:tab/>" {
            text.push('\t');
        } else if child.starts_with("<w:t>") || child.starts_with("<w:t ") {
            let start = child.find('>')? + 1;
            let end = child.rfind("</w:t>")?;
            text.push_str(&unescape(&child[start..end]));
        } else {
            return None;
        }
    }
    Some((rpr, text))
}

fn table(raw: &str) -> Table {
    let body = inside(raw, "w:tbl");
    let children = top_level(body);
    let first_row = children.iter().position(|c| c.starts_with("<w:tr>")).unwrap_or(children.len());
    Table {
        head: children[..first_row].concat(),
        rows: children[first_row..].iter().map(ToString::to_string).collect(),
    }
}

/// Text split into tokens: a run of letters and digits (with the `.`, `,` and `%` inside or
/// after a number), a run of spaces, or any other single character (a Chinese character, a
/// mark). A Chinese sentence is compared by character, an English one by word.
pub(super) fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let c = rest.chars().next()?;
        let word = |c: char| c.is_ascii_alphanumeric() || c == '\'' || c == '-';
        let len = if word(c) {
            let mut end = 0;
            let chars: Vec<(usize, char)> = rest.char_indices().collect();
            for (i, &(at, ch)) in chars.iter().enumerate() {
                let next_digit = chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_digit());
                let numeric = matches!(ch, '.' | ',') && next_digit && end > 0;
                if word(ch) || numeric || (ch == '%' && end > 0) {
                    end = at + ch.len_utf8();
                } else {
                    break;
                }
            }
            end
        } else if c == ' ' {
            rest.len() - rest.trim_start_matches(' ').len()
        } else {
            c.len_utf8()
        };
        let (token, after) = rest.split_at(len);
        rest = after;
        Some(token)
    })
}

/// The picture a run shows: where the number of its relationship (`r:embed="rIdMediaN"`)
/// is written in `xml`, and N (the picture's place among the copy's, from 1).
pub(super) fn embedded(xml: &str) -> Option<(std::ops::Range<usize>, usize)> {
    const EMBED: &str = "r:embed=\"rIdMedia";
    let start = xml.find(EMBED)? + EMBED.len();
    let end = xml[start..].find('"').map_or(xml.len(), |e| start + e);
    let n = xml[start..end].parse().ok().filter(|n| *n > 0)?;
    Some((start..end, n))
}

/// A table row's cells, each as its paragraphs.
pub(super) fn cells(row: &str) -> Vec<Vec<Para>> {
    top_level(inside(row, "w:tr"))
        .into_iter()
        .filter(|c| c.starts_with("<w:tc>"))
        .map(|cell| {
            top_level(inside(cell, "w:tc"))
                .into_iter()
                .filter(|p| p.starts_with("<w:p>"))
                .map(paragraph)
                .collect()
        })
        .collect()
}

/// What a table row must share with another to be the same.
pub(super) fn row_key(row: &str, picture: &dyn Fn(&str) -> String) -> String {
    normalise(&strip_marks(row), picture)
}

/// XML without the marks gazette's writer left for the redline (`<gz:figure n="…"/>`).
pub(super) fn strip_marks(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("<gz:") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find("/>").map_or("", |end| &rest[at + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// Text as XML holds it, read back.
fn unescape(text: &str) -> String {
    quick_xml::escape::unescape(text).map(std::borrow::Cow::into_owned).unwrap_or_else(|_| text.to_string())
}

/// XML with what numbers it in a document taken out: the `w:id` of notes and revisions and
/// the picture ids, and each picture relationship replaced by what the picture holds.
fn normalise(xml: &str, picture: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let next = |s: &str| [" w:id=\"", " id=\"", " r:embed=\""].iter().filter_map(|p| s.find(p)).min();
    while let Some(at) = next(rest) {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let (name, value_start) = match after.find('"') {
            Some(q) => (&after[..q], q + 1),
            None => break,
        };
        let value_end = after[value_start..].find('"').map_or(after.len(), |e| value_start + e);
        let value = &after[value_start..value_end];
        out.push_str(name);
        if name.ends_with("r:embed=") {
            out.push_str(&picture(value));
        }
        rest = &after[(value_end + 1).min(after.len())..];
    }
    out.push_str(rest);
    out
}

/// The note a footnote reference run points to (`<w:footnoteReference w:id="3"/>` → 3).
pub(super) fn referenced(run: &str) -> Option<usize> {
    let at = run.find("<w:footnoteReference w:id=\"")? + "<w:footnoteReference w:id=\"".len();
    run[at..].split('"').next()?.parse().ok()
}

/// The run with its footnote reference pointing to note `id` instead.
pub(super) fn pointed(run: &str, id: usize) -> String {
    match referenced(run) {
        Some(old) => run.replacen(
            &format!("<w:footnoteReference w:id=\"{old}\""),
            &format!("<w:footnoteReference w:id=\"{id}\""),
            1,
        ),
        None => run.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_by_character_english_by_word_numbers_whole() {
        let t: Vec<&str> = tokens("受理545件，up 12.3% in 2,024.").collect();
        assert_eq!(t, ["受", "理", "545", "件", "，", "up", " ", "12.3%", " ", "in", " ", "2,024", "."]);
    }

    #[test]
    fn a_marked_figure_is_one_atom() {
        let body = "<w:p><w:pPr><w:pStyle w:val=\"BodyText\"/></w:pPr><w:r><w:t xml:space=\"preserve\">收案</w:t></w:r><gz:figure n=\"0\"/><w:r><w:t xml:space=\"preserve\">545件</w:t></w:r></w:p><w:sectPr/>";
        let units = body_units(body);
        let Unit::Para(p) = &units[0] else { panic!() };
        assert_eq!(p.atoms.len(), 3);
        assert!(matches!(&p.atoms[2], Atom::Figure { text, n: 0, .. } if text == "545件"));
        assert!(matches!(&units[1], Unit::Other(x) if x == "<w:sectPr/>"));
    }

    fn body_units(xml: &str) -> Vec<Unit> {
        body(xml)
    }

    #[test]
    fn numbering_is_not_a_difference() {
        let a = "<w:r><w:footnoteReference w:id=\"3\"/></w:r>";
        let b = "<w:r><w:footnoteReference w:id=\"4\"/></w:r>";
        let same = |_: &str| String::new();
        assert_eq!(normalise(a, &same), normalise(b, &same));
    }
}
