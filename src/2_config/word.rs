//! The Word copy's style table (`docx/styles.yaml` of the theme): the page and one paragraph
//! style per role, for each edition. Read here, with located messages, so that the Word
//! writer only turns it into OOXML.

use std::sync::Arc;

use serde_yaml::Value;

use crate::input::Locale;
use crate::input::diagnostic::{Diagnostic, Source};
use crate::input::reader::Reader;
use crate::input::yaml::{YamlFile, key_string};

/// The roles a paragraph of the Word copy can have, in the order the styles are written.
pub(crate) const ROLES: &[&str] = &[
    "body", "title", "subtitle", "heading1", "heading2", "heading3", "heading4", "quote", "caption",
    "source", "table", "footnote", "footer", "code",
];

/// The page, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
    /// From the page's bottom edge to the page number's line.
    pub footer: f64,
}

/// How a paragraph's lines are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

/// One paragraph style. Sizes in points.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Style {
    /// The East Asian face (仿宋).
    pub font: String,
    /// The face for Latin letters and digits.
    pub latin: String,
    pub size: f64,
    /// A fixed line height, or single spacing.
    pub line: Option<f64>,
    /// First-line indent in characters.
    pub indent: f64,
    pub bold: bool,
    pub italic: bool,
    pub align: Align,
    pub before: f64,
    pub after: f64,
}

/// The style table of one theme: the page and each role's style, per edition.
#[derive(Debug, Clone)]
pub(crate) struct WordStyles {
    pub page: Page,
    zh: Vec<(String, Style)>,
    en: Vec<(String, Style)>,
}

impl WordStyles {
    /// Each role's style in the edition, in [`ROLES`] order.
    pub(crate) fn styles(&self, locale: Locale) -> &[(String, Style)] {
        match locale {
            Locale::Zh => &self.zh,
            Locale::En => &self.en,
        }
    }
}

/// Reads a style table; every role must have a style in the Chinese table, which the English
/// one changes key by key.
pub(crate) fn parse(source: &Arc<Source>, diags: &mut Vec<Diagnostic>) -> Option<WordStyles> {
    let file = YamlFile::parse(source).map_err(|d| diags.push(d)).ok()?;
    let before = diags.len();
    let mut r = Reader::new(&file, diags);
    let mut page = None;
    let mut zh: Vec<(String, Style)> = Vec::new();
    let mut en_changes: Vec<(String, Value)> = Vec::new();
    for entry in &file.entries {
        let key = entry.key.as_str();
        match key {
            "page" => page = read_page(&mut r, &entry.value),
            "zh" => {
                for (role, v) in table(&mut r, key, &entry.value) {
                    let style = read_style(&mut r, &["zh", role.as_str()], v, Style::default());
                    zh.push((role, style));
                }
            }
            "en" => en_changes = table(&mut r, key, &entry.value).map(|(k, v)| (k, v.clone())).collect(),
            _ => r.unknown(&[key], &["page", "zh", "en"], "the Word style table"),
        }
    }
    for role in ROLES {
        if !zh.iter().any(|(r, _)| r == role) {
            r.missing(&["zh"], role, "the Chinese style table", "{ font: 仿宋, size: 16 }");
        }
    }
    if page.is_none() {
        r.missing(
            &[],
            "page",
            "the Word style table",
            "{ width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26, footer: 21 }",
        );
    }
    zh.sort_by_key(|(role, _)| ROLES.iter().position(|r| r == role));
    let mut en = zh.clone();
    for (role, v) in &en_changes {
        if let Some((_, style)) = en.iter_mut().find(|(r, _)| r == role) {
            *style = read_style(&mut r, &["en", role.as_str()], v, style.clone());
        }
    }
    let page = page?;
    (diags.len() == before).then_some(WordStyles { page, zh, en })
}

/// The entries of an edition's table, each role checked against [`ROLES`].
fn table<'v>(
    r: &mut Reader<'_>,
    key: &str,
    v: &'v Value,
) -> impl Iterator<Item = (String, &'v Value)> + use<'v> {
    let map = r.mapping(&[key], v, "a mapping of styles such as `body: { font: 仿宋, size: 16 }`");
    let mut out = Vec::new();
    for (k, v) in map.into_iter().flatten() {
        let role = key_string(k);
        if ROLES.contains(&role.as_str()) {
            out.push((role, v));
        } else {
            r.unknown(&[key, role.as_str()], ROLES, "the Word style table");
        }
    }
    out.into_iter()
}

fn read_page(r: &mut Reader<'_>, v: &Value) -> Option<Page> {
    let map = r.mapping(&["page"], v, "a mapping such as `{ width: 210, height: 297, … }`")?;
    let mut page =
        Page { width: 210.0, height: 297.0, top: 37.0, bottom: 35.0, left: 28.0, right: 26.0, footer: 21.0 };
    for (k, val) in map {
        let key = key_string(k);
        let path = ["page", key.as_str()];
        let slot = match key.as_str() {
            "width" => &mut page.width,
            "height" => &mut page.height,
            "top" => &mut page.top,
            "bottom" => &mut page.bottom,
            "left" => &mut page.left,
            "right" => &mut page.right,
            "footer" => &mut page.footer,
            _ => {
                r.unknown(&path, &["width", "height", "top", "bottom", "left", "right", "footer"], "`page`");
                continue;
            }
        };
        if let Some(n) = number(r, &path, val, 0.0..=1000.0, "millimetres") {
            *slot = n;
        }
    }
    Some(page)
}

const STYLE_KEYS: &[&str] =
    &["font", "latin", "size", "line", "indent", "bold", "italic", "align", "before", "after"];

/// One style, starting from `base` (the Chinese style, for the English table).
fn read_style(r: &mut Reader<'_>, path: &[&str], v: &Value, base: Style) -> Style {
    let mut style = base;
    let Some(map) = r.mapping(path, v, "a mapping such as `{ font: 仿宋, size: 16 }`") else {
        return style;
    };
    for (k, val) in map {
        let key = key_string(k);
        let at = [path, &[key.as_str()]].concat();
        match key.as_str() {
            "font" => style.font = r.required_text(&at, val).unwrap_or(style.font),
            "latin" => style.latin = r.required_text(&at, val).unwrap_or(style.latin),
            "size" => style.size = number(r, &at, val, 4.0..=100.0, "points").unwrap_or(style.size),
            "line" => style.line = number(r, &at, val, 4.0..=200.0, "points").or(style.line),
            "indent" => style.indent = number(r, &at, val, 0.0..=10.0, "characters").unwrap_or(style.indent),
            "before" => style.before = number(r, &at, val, 0.0..=200.0, "points").unwrap_or(style.before),
            "after" => style.after = number(r, &at, val, 0.0..=200.0, "points").unwrap_or(style.after),
            "bold" => style.bold = r.boolean(&at, val).unwrap_or(style.bold),
            "italic" => style.italic = r.boolean(&at, val).unwrap_or(style.italic),
            "align" => {
                let names = [
                    ("left", Align::Left),
                    ("center", Align::Center),
                    ("right", Align::Right),
                    ("justify", Align::Justify),
                ];
                let name = r.text(&at, val).unwrap_or_default();
                match names.iter().find(|(n, _)| *n == name) {
                    Some((_, a)) => style.align = *a,
                    None => r.error(
                        &at,
                        format!("`{name}` is not an alignment"),
                        "use left, center, right or justify",
                    ),
                }
            }
            _ => r.unknown(&at, STYLE_KEYS, "a style"),
        }
    }
    if style.font.is_empty() || style.size == 0.0 {
        r.error(path, "a style needs at least `font` and `size`", "for example `{ font: 仿宋, size: 16 }`");
    }
    if style.latin.is_empty() {
        style.latin.clone_from(&style.font);
    }
    style
}

/// A number in `range`, or an error naming the unit.
fn number(
    r: &mut Reader<'_>,
    path: &[&str],
    v: &Value,
    range: std::ops::RangeInclusive<f64>,
    unit: &str,
) -> Option<f64> {
    match v.as_f64() {
        Some(n) if range.contains(&n) => Some(n),
        _ => {
            r.error(
                path,
                format!(
                    "`{}` must be a number of {unit} from {} to {}",
                    path.join("."),
                    range.start(),
                    range.end()
                ),
                "",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Option<WordStyles>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let s = parse(&Source::new("themes/x/docx/styles.yaml", text), &mut diags);
        (s, diags)
    }

    #[test]
    fn the_default_table_reads_and_the_english_one_changes_it_key_by_key() {
        let (styles, diags) = parse_str(include_str!("../../themes/default/docx/styles.yaml"));
        assert!(diags.is_empty(), "{diags:?}");
        let styles = styles.unwrap();
        let zh = styles.styles(Locale::Zh);
        assert_eq!(zh.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(), ROLES);
        let body = &zh[0].1;
        assert_eq!((body.font.as_str(), body.size, body.line, body.indent), ("仿宋", 16.0, Some(28.95), 2.0));
        let en_body = &styles.styles(Locale::En)[0].1;
        assert_eq!((en_body.latin.as_str(), en_body.size, en_body.indent), ("Times New Roman", 12.0, 0.0));
        assert_eq!(styles.page.top, 37.0);
    }

    #[test]
    fn a_misspelt_key_a_bad_size_and_a_missing_role_are_located() {
        let text = include_str!("../../themes/default/docx/styles.yaml")
            .replace(
                "  body:     { font: 仿宋, latin: Times New Roman, size: 16,",
                "  body:     { fnt: 仿宋, size: 160,",
            )
            .replace("  code:     { font: 仿宋, latin: Courier New, size: 12, line: 18 }\n", "");
        let (styles, diags) = parse_str(&text);
        assert!(styles.is_none());
        let text: Vec<String> =
            diags.iter().map(|d| crate::input::diagnostic::render_plain(std::slice::from_ref(d))).collect();
        let all = text.join("\n");
        assert!(all.contains("unknown key `fnt` in a style"), "{all}");
        assert!(all.contains("`zh.body.size` must be a number of points from 4 to 100"), "{all}");
        assert!(all.contains("the Chinese style table has no `code`"), "{all}");
        assert!(all.contains("styles.yaml:"), "{all}");
    }
}
