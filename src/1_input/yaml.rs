//! YAML input: parsing with serde_yaml, and a key index that gives every key of a
//! block-style document its place in the file, so that semantic errors (unknown keys,
//! duplicate ids, bad values) point at the line the user wrote.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_yaml::Value;

use crate::input::diagnostic::{Diagnostic, Location, Source};

/// One top-level `key: value` entry of a YAML file, with the place of its key.
#[derive(Debug)]
pub(crate) struct Entry {
    pub key: String,
    pub value: Value,
    pub at: Location,
}

/// A parsed YAML file: its source, its top-level entries in file order and its key index.
#[derive(Debug)]
pub(crate) struct YamlFile {
    pub source: Arc<Source>,
    pub entries: Vec<Entry>,
    index: KeyIndex,
}

impl YamlFile {
    /// Parses a file whose top level is a mapping. An empty file (or one holding only
    /// comments) has no entries. Duplicate top-level keys are kept, in order, for the caller
    /// to report with both places.
    pub(crate) fn parse(source: &Arc<Source>) -> Result<Self, Diagnostic> {
        let index = KeyIndex::build(&source.text);
        let entries = if is_blank_yaml(&source.text) {
            Vec::new()
        } else {
            let raw: RawEntries = serde_yaml::from_str(&source.text).map_err(|e| syntax_error(source, &e))?;
            let mut seen: HashMap<String, usize> = HashMap::new();
            raw.0
                .into_iter()
                .map(|(k, value)| {
                    let key = key_string(&k);
                    let nth = seen.entry(key.clone()).or_default();
                    let span = index.top_level(&key, *nth).unwrap_or(0..0);
                    *nth += 1;
                    Entry { at: Location::new(source, span), key, value }
                })
                .collect()
        };
        Ok(Self { source: Arc::clone(source), entries, index })
    }

    /// The place of a nested key, or of its nearest located ancestor.
    pub(crate) fn locate(&self, path: &[&str]) -> Location {
        for n in (1..=path.len()).rev() {
            if let Some(span) = self.index.get(&path[..n]) {
                return Location::new(&self.source, span);
            }
        }
        Location::new(&self.source, 0..0)
    }

    /// The place of the value written after a nested key (for "this value is wrong"), also
    /// inside a flow mapping (`value: { from: …, row: 结案 }` locates `row` at `结案`).
    pub(crate) fn locate_value(&self, path: &[&str]) -> Location {
        let known = (1..=path.len()).rev().find(|n| self.index.get(&path[..*n]).is_some()).unwrap_or(0);
        if known > 0 && known < path.len() {
            let parent = self.value_of(&path[..known]);
            let inner = path[known..]
                .iter()
                .try_fold(parent.span.clone(), |span, key| super::flow::value(&self.source.text, span, key));
            return inner.map_or(parent, |span| Location::new(&self.source, span));
        }
        self.value_of(path)
    }

    /// The value after a key the index knows, on the key's line.
    fn value_of(&self, path: &[&str]) -> Location {
        let key = self.locate(path);
        let text = &self.source.text;
        let line_end = text[key.span.end..].find('\n').map_or(text.len(), |i| key.span.end + i);
        let after = &text[key.span.end..line_end];
        let Some(colon) = after.find(':') else {
            return key;
        };
        let rest = &after[colon + 1..];
        let trimmed = rest.trim_start();
        let value = trimmed.split(" #").next().unwrap_or("").trim_end();
        if value.is_empty() {
            return key;
        }
        let start = key.span.end + colon + 1 + (rest.len() - trimmed.len());
        Location::new(&self.source, start..start + value.len())
    }
}

/// The top-level keys of a block-style document, read from its text alone: for files that
/// do not parse, so that later stages know which ids the broken file meant to define.
pub(crate) fn top_level_keys(text: &str) -> Vec<String> {
    let index = KeyIndex::build(text);
    let mut keys: Vec<String> = index.top.into_keys().collect();
    keys.sort();
    keys
}

/// Turns a serde_yaml error into a located diagnostic, keeping its line and column. When the
/// parser names the construct it was in (an unclosed `[` or quote), that is where the user's
/// mistake is, so the diagnostic points there and names where the parser gave up.
pub(crate) fn syntax_error(source: &Arc<Source>, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    let (main, context) = match full.split_once(", while ") {
        Some((m, c)) => (m, Some(c)),
        None => (full.as_str(), None),
    };
    let message = strip_position(main);
    let place = |line: usize, col: usize| {
        let mut start = source.offset(line, col);
        // A position on a blank line or at the end means "what came before was unfinished".
        let rest_of_line = source.text[start..].split('\n').next().unwrap_or("");
        if rest_of_line.trim().is_empty()
            && let Some(i) = source.text[..start].rfind(|c: char| !c.is_whitespace())
        {
            start = i;
        }
        Location::new(source, start..next_char_end(&source.text, start))
    };
    let gave_up = err.location().map(|l| place(l.line(), l.column()));
    let started = context.and_then(position).map(|(l, c)| place(l, c));
    let what = context.map(strip_position);
    let hint = match what.as_deref() {
        Some(w) if w.contains("flow sequence") => "a list opened with `[` is not closed with `]`",
        Some(w) if w.contains("flow mapping") => "a mapping opened with `{` is not closed with `}`",
        Some(w) if w.contains("quoted scalar") => "a quotation mark is not closed on this line",
        _ => {
            "check the indentation and the `key: value` form around this place; text with `:` or `#` in it needs quotes"
        }
    };
    if message.starts_with("repetition limit exceeded") {
        return Diagnostic::error(
            "the YAML anchors (`&name`) and aliases (`*name`) expand to more than gazette reads",
        )
        .in_file(source.name.clone())
        .hint("write the values out instead of repeating aliases of aliases");
    }
    if message.starts_with("recursion limit exceeded") {
        let d = Diagnostic::error("the values are nested more than 128 levels deep");
        let d = match gave_up {
            Some(at) => d.at(at),
            None => d.in_file(source.name.clone()),
        };
        return d.hint(
            "a metric needs a few levels at most: check for brackets `[` or `{` that are never closed",
        );
    }
    if let Some(d) = plain_words(source, &message, gave_up.as_ref()) {
        return d;
    }
    let text = match &what {
        Some(w) => format!("invalid YAML: {message} (while {w})"),
        None => format!("invalid YAML: {message}"),
    };
    // A quoted value left open runs on to the next quote mark, so the parser fails far below
    // the mistake: point at the line where the quote opened.
    let open_quote = gave_up.as_ref().and_then(|g| unclosed_quote(&source.text[..g.span.start]));
    if let Some(start) = open_quote {
        let at = Location::new(source, start..start + 1);
        let mut d = Diagnostic::error("invalid YAML: a quoted value is not closed".to_string()).at(at);
        if let Some(end) = gave_up {
            d = d.related(end, "the parser gave up here");
        }
        return d.hint("add the closing quotation mark at the end of the value, or remove the opening one");
    }
    let diag = Diagnostic::error(text);
    match (started, gave_up) {
        (Some(start), Some(end)) => diag.at(start).related(end, "the parser gave up here"),
        (_, Some(at)) | (Some(at), None) => diag.at(at),
        (None, None) => diag.in_file(source.name.clone()),
    }
    .hint(hint)
}

/// The parser's most common messages in plain words, where a person writing metrics meets
/// them: a tab used to indent, a line indented deeper than its neighbours, a line in step
/// with none of the keys above it.
fn plain_words(source: &Arc<Source>, message: &str, at: Option<&Location>) -> Option<Diagnostic> {
    let at = at?;
    let text = source.text.as_str();
    let line_start = text[..at.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..];
    let indent = &indent[..indent.find(|c: char| c != ' ' && c != '\t').unwrap_or(indent.len())];
    if message.starts_with("found character that cannot start any token") && indent.contains('\t') {
        let tab = line_start + indent.find('\t').unwrap_or(0);
        return Some(
            Diagnostic::error("this line is indented with a tab, but YAML indents with spaces")
                .at(Location::new(source, tab..tab + 1))
                .hint("replace the tab with spaces: two for each level, as on the lines around it"),
        );
    }
    if message.starts_with("mapping values are not allowed in this context") {
        return Some(
            Diagnostic::error("a `:` where the value was expected: this line is indented deeper than the one above it, or a value has `: ` in it")
                .at(at.clone())
                .hint("start the key in the same column as the keys above it (`label:`, `value:`, `unit:` of a metric line up), or put a value that has `: ` in it in quotes"),
        );
    }
    if message.starts_with("did not find expected key") {
        let start = line_start + indent.len();
        return Some(
            Diagnostic::error("this line is out of step: its indentation lines up with none of the keys above it")
                .at(Location::new(source, start..next_char_end(text, start)))
                .hint("indent it with spaces exactly as far as the keys it belongs with, such as two spaces under a metric's id"),
        );
    }
    None
}

/// The offset of the first `key: "value` whose quote is not closed on its own line.
fn unclosed_quote(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end();
        let Some((_, value)) = body.split_once(": ") else { continue };
        let value = value.trim_start();
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let inner = &value[1..];
        let closed = if q == '"' {
            let mut escaped = false;
            inner.chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })
        } else {
            inner.contains('\'')
        };
        if !closed {
            return Some(start + (body.len() - value.len()));
        }
    }
    None
}

/// `line L column C` in a serde_yaml message.
fn position(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.find("at line ")? + 8..];
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

fn next_char_end(text: &str, start: usize) -> usize {
    text[start..].chars().next().map_or(start, |c| if c == '\n' { start } else { start + c.len_utf8() })
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// True when the text holds no YAML content: only blank lines, comments or `---`.
pub(crate) fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// Text as a double-quoted YAML scalar (JSON's quoting is valid YAML), for YAML that gazette
/// writes: a metrics table's rows, `gazette import`'s skeleton.
pub(crate) fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// How a key looks in a path and a message: strings as they are, numbers (years) as digits.
pub(crate) fn key_string(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "~".to_string(),
        other => describe(other).to_string(),
    }
}

/// What kind of YAML value this is, in words for a message.
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping of keys to values",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Top-level entries in file order, duplicates included.
struct RawEntries(Vec<(Value, Value)>);

impl<'de> Deserialize<'de> for RawEntries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = RawEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of `key: value` entries at the top level")
            }
            fn visit_unit<E>(self) -> Result<RawEntries, E> {
                Ok(RawEntries(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEntries, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<Value, Value>()? {
                    out.push(entry);
                }
                Ok(RawEntries(out))
            }
        }
        deserializer.deserialize_any(EntriesVisitor)
    }
}

/// Positions of the keys of a block-style YAML document, by path.
#[derive(Debug, Default)]
struct KeyIndex {
    by_path: HashMap<String, Range<usize>>,
    top: HashMap<String, Vec<Range<usize>>>,
}

impl KeyIndex {
    fn build(text: &str) -> Self {
        let mut index = Self::default();
        let mut stack: Vec<(usize, String)> = Vec::new();
        let mut block_scalar_indent: Option<usize> = None;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let line_start = offset;
            offset += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            let indent = content.len() - content.trim_start_matches(' ').len();
            let trimmed = content.trim_start_matches(' ');
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(parent) = block_scalar_indent {
                if indent > parent {
                    continue;
                }
                block_scalar_indent = None;
            }
            let (key_indent, rest) = match trimmed.strip_prefix("- ") {
                Some(r) => (indent + 2 + (r.len() - r.trim_start().len()), r.trim_start()),
                None => (indent, trimmed),
            };
            let Some((key, key_len, after)) = split_key(rest) else {
                continue;
            };
            while stack.last().is_some_and(|(i, _)| *i >= key_indent) {
                stack.pop();
            }
            let key_start = line_start + (content.len() - rest.len());
            let span = key_start..key_start + key_len;
            stack.push((key_indent, key.clone()));
            let path = stack.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>().join("\0");
            index.by_path.entry(path).or_insert_with(|| span.clone());
            if stack.len() == 1 {
                index.top.entry(key).or_default().push(span);
            }
            let value = after.split(" #").next().unwrap_or("").trim();
            if value.starts_with('|') || value.starts_with('>') {
                block_scalar_indent = Some(key_indent);
            }
        }
        index
    }

    fn get(&self, path: &[&str]) -> Option<Range<usize>> {
        self.by_path.get(&path.join("\0")).cloned()
    }

    fn top_level(&self, key: &str, nth: usize) -> Option<Range<usize>> {
        self.top.get(key).and_then(|v| v.get(nth)).cloned()
    }
}

/// Splits `key: rest` into the unquoted key, the key's length in the line and the rest.
fn split_key(s: &str) -> Option<(String, usize, &str)> {
    if let Some(quote) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = s[1..].find(quote)? + 1;
        let after = s[end + 1..].trim_start_matches(' ');
        let rest = after.strip_prefix(':')?;
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return None;
        }
        return Some((s[1..end].to_string(), end + 1, rest));
    }
    let mut search = 0;
    loop {
        let i = search + s[search..].find(':')?;
        let rest = &s[i + 1..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            let key = s[..i].trim_end();
            if key.is_empty() || key.starts_with(['{', '[', '&', '*', '!', '|', '>']) {
                return None;
            }
            return Some((key.to_string(), key.len(), rest));
        }
        search = i + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> YamlFile {
        YamlFile::parse(&Source::new("m.yaml", text)).unwrap()
    }

    #[test]
    fn locates_nested_keys_and_duplicates() {
        let f = file("a:\n  label: x\n  parts:\n    刑事: 3\nb:\n  label: y\na:\n  label: z\n");
        assert_eq!(f.entries.len(), 3);
        assert_eq!(f.entries[2].at.line_col(), (7, 1));
        assert_eq!(f.locate(&["a", "parts", "刑事"]).line_col(), (4, 5));
        assert_eq!(f.locate(&["b", "label"]).line_col(), (6, 3));
        assert_eq!(f.locate(&["b", "nothing"]).line_col(), (5, 1));
        assert_eq!(f.locate_value(&["b", "label"]).line_col(), (6, 10));
        // Inside a flow mapping, nested ones too.
        let f = file(
            "a:\n  value: { from: x.xlsx, row: [一审, 结案], column: 2023 }\n  change: { value: 10.0 }\n",
        );
        assert_eq!(f.locate_value(&["a", "value", "column"]).line_col(), (2, 49));
        let text = |path: &[&str]| {
            let at = f.locate_value(path);
            at.source.text[at.span].to_string()
        };
        assert_eq!(text(&["a", "value", "row"]), "[一审, 结案]");
        assert_eq!(text(&["a", "change", "value"]), "10.0");
        assert_eq!(text(&["a", "value", "sheet"]), "{ from: x.xlsx, row: [一审, 结案], column: 2023 }");
    }

    #[test]
    fn block_scalars_are_not_keys() {
        let f = file("a:\n  note: |\n    x: not a key\n  unit: 件\n");
        assert_eq!(f.locate(&["a", "unit"]).line_col(), (4, 3));
        assert_eq!(f.locate(&["a", "note", "x"]).line_col(), (2, 3));
    }

    #[test]
    fn empty_and_comment_only_files_have_no_entries() {
        assert!(file("").entries.is_empty());
        assert!(file("# nothing yet\n\n").entries.is_empty());
    }

    #[test]
    fn syntax_errors_keep_their_line() {
        let src = Source::new("m.yaml", "a:\n  label: x\n  value: [1, 2\n");
        let err = YamlFile::parse(&src).unwrap_err();
        assert_eq!(
            err.message,
            "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
        );
        assert_eq!(err.line_col(), Some((3, 10)));
        assert_eq!(err.hints, ["a list opened with `[` is not closed with `]`"]);
    }
}
