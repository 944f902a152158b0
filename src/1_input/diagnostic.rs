//! Diagnostics: located, collected messages about the user's input, rendered with
//! codespan-reporting so that every error shows its file, line, column and source line.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;

/// One input file as read, with the display name used in every message (relative to the paper).
#[derive(Debug)]
pub(crate) struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub(crate) fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(Self { name: name.into(), text: text.into() })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// Byte offset of a 1-based line and column (in characters), clamped to the text.
    pub(crate) fn offset(&self, line: usize, col: usize) -> usize {
        let mut start = 0;
        for _ in 1..line {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let rest = &self.text[start..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        rest[..line_end]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(start + line_end, |(i, _)| start + i)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A span of one source file.
#[derive(Debug, Clone)]
pub(crate) struct Location {
    pub source: Arc<Source>,
    pub span: Range<usize>,
}

impl Location {
    pub(crate) fn new(source: &Arc<Source>, span: Range<usize>) -> Self {
        let end = span.end.min(source.text.len());
        let start = span.start.min(end);
        Self {
            source: Arc::clone(source),
            span: floor_char_boundary(&source.text, start)..floor_char_boundary(&source.text, end),
        }
    }

    pub(crate) fn line_col(&self) -> (usize, usize) {
        self.source.line_col(self.span.start)
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build stops: nothing is written.
    Error,
    /// The build goes on, and says so.
    Warning,
}

/// A message about the user's input: what is wrong, where, and what to do.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    pub(crate) message: String,
    /// The file concerned, as shown to the user, when there is one.
    pub(crate) file: Option<String>,
    /// The exact place, when the file could be read.
    pub(crate) at: Option<Location>,
    /// Other places that explain this one ("first defined here").
    pub(crate) related: Vec<(Location, String)>,
    /// What to do about it.
    pub(crate) hints: Vec<String>,
    /// The one problem it is a case of, when many places can meet the same one (a sheet
    /// renamed, rows moved): such cases are told once, with every place ([`group`]).
    pub(crate) group: Option<Group>,
}

/// The one problem behind several diagnostics, and how to tell it once.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// What makes two diagnostics cases of the same problem.
    pub key: String,
    /// The message told once for all of them; `{n}` stands for how many places.
    pub message: String,
    /// What this place found, beside its location.
    pub detail: String,
    /// What to do, told once.
    pub hint: String,
}

impl Diagnostic {
    /// An error: what is wrong, in plain words.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            at: None,
            related: Vec::new(),
            hints: Vec::new(),
            group: None,
        }
    }

    /// A warning: what is doubtful, in plain words.
    pub fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(message) }
    }

    #[must_use]
    pub(crate) fn at(mut self, location: Location) -> Self {
        self.file = Some(location.source.name.clone());
        self.at = Some(location);
        self
    }

    /// The same, concerning `file` (as shown to the user, relative to the paper).
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The same, with `hint` on what to do.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The same, as one case of a problem that may be met in many places.
    #[must_use]
    pub(crate) fn grouped(mut self, group: Group) -> Self {
        self.group = Some(group);
        self
    }

    #[must_use]
    pub(crate) fn related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push((location, message.into()));
        self
    }

    /// Whether it stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How bad it is.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// What is wrong, in plain words.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The file concerned, relative to the paper, when there is one.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// What to do about it.
    pub fn hints(&self) -> &[String] {
        &self.hints
    }

    /// 1-based line and column, when the diagnostic has a place in a file.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.at.as_ref().map(Location::line_col)
    }

    /// `file:line:col: severity: message`, one line: for logs, tests and editors.
    pub fn short(&self) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(file);
            if let Some((line, col)) = self.line_col() {
                let _ = write!(out, ":{line}:{col}");
            }
            out.push_str(": ");
        }
        out.push_str(match self.severity {
            Severity::Error => "error: ",
            Severity::Warning => "warning: ",
        });
        out.push_str(&self.message);
        out
    }

    /// Renders the diagnostic with its source lines, as a person reads it in a terminal.
    pub fn render(&self, writer: &mut dyn term::WriteStyle) {
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut notes: Vec<String> = self.hints.iter().map(|h| format!("hint: {h}")).collect();
        let config = term::Config::default();
        let Some(at) = &self.at else {
            let mut message = self.message.clone();
            if let Some(file) = self.file.as_ref().filter(|f| !message.contains(&format!("`{f}`"))) {
                message = format!("{file}: {message}");
            }
            let diag = cs::Diagnostic::new(severity).with_message(message).with_notes(notes);
            let empty = SimpleFile::new(String::new(), String::new());
            let _ = term::emit_to_write_style(writer, &config, &empty, &diag);
            return;
        };
        // A line too long to read (a minified or machine-made file) is shown around the place.
        let text = at.source.text.as_str();
        let line_start = text[..at.span.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
        let line_len = text[line_start..].find('\n').unwrap_or(text.len() - line_start);
        if line_len > LONGEST_SHOWN_LINE {
            self.render_window(writer, at, line_start..line_start + line_len, notes);
            return;
        }
        // Related places in other files are named in notes; those in the same file are labelled.
        let file = SimpleFile::new(at.source.name.clone(), at.source.text.as_str());
        let mut labels = vec![cs::Label::primary((), at.span.clone())];
        for (loc, msg) in &self.related {
            if Arc::ptr_eq(&loc.source, &at.source) {
                labels.push(cs::Label::secondary((), loc.span.clone()).with_message(msg.clone()));
            } else {
                let (line, col) = loc.line_col();
                notes.insert(0, format!("{msg}: {}:{line}:{col}", loc.source.name));
            }
        }
        let diag = cs::Diagnostic::new(severity)
            .with_message(self.message.clone())
            .with_labels(labels)
            .with_notes(notes);
        let _ = term::emit_to_write_style(writer, &config, &file, &diag);
    }
}

impl Diagnostic {
    /// Renders the diagnostic on a line too long to print whole: a window of the line around
    /// the place, cut with `…`, under the real line and column.
    fn render_window(
        &self,
        writer: &mut dyn term::WriteStyle,
        at: &Location,
        line: Range<usize>,
        mut notes: Vec<String>,
    ) {
        let text = &at.source.text[line.clone()];
        let start = at.span.start.clamp(line.start, line.end) - line.start;
        let from = text[..start].char_indices().rev().nth(WINDOW_BEFORE - 1).map_or(0, |(i, _)| i);
        let to = text[start..].char_indices().nth(WINDOW_AFTER).map_or(text.len(), |(i, _)| start + i);
        let (open, close) = (if from > 0 { "…" } else { "" }, if to < text.len() { "…" } else { "" });
        let window = format!("{open}{}{close}", &text[from..to]);
        let (number, column) = at.line_col();
        // Blank lines before the window give it its real line number in the rendering.
        let padding = number - 1;
        let shown = format!("{}{window}\n", "\n".repeat(padding));
        let begin = padding + open.len() + start - from;
        let end = (begin + at.span.len()).min(padding + open.len() + to - from).max(begin);
        notes.push(format!("the line is {} bytes long; it is shown around column {column}", text.len()));
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let diag = cs::Diagnostic::new(severity)
            .with_message(self.message.clone())
            .with_labels(vec![cs::Label::primary((), begin..end)])
            .with_notes(notes);
        let file = SimpleFile::new(at.source.name.clone(), shown.as_str());
        let mut buffer = term::termcolor::NoColor::new(Vec::new());
        let _ = term::emit_to_write_style(&mut buffer, &term::Config::default(), &file, &diag);
        let rendered = String::from_utf8_lossy(&buffer.into_inner()).into_owned();
        // The header names the column in the window; the reader needs the one in the file.
        let shown_column = window[..open.len() + start - from].chars().count() + 1;
        let name = &at.source.name;
        let rendered = rendered.replacen(
            &format!("{name}:{number}:{shown_column}"),
            &format!("{name}:{number}:{column}"),
            1,
        );
        let _ = writer.write_all(rendered.as_bytes());
    }
}

/// Characters shown before and after the place on a line too long to print whole.
const WINDOW_BEFORE: usize = 40;
const WINDOW_AFTER: usize = 60;

/// Lines longer than this are shown as a window around the place.
const LONGEST_SHOWN_LINE: usize = 400;

/// Renders diagnostics as plain text, the way a terminal without colour shows them.
pub(crate) fn render_plain(diagnostics: &[Diagnostic]) -> String {
    let mut buffer = term::termcolor::NoColor::new(Vec::new());
    for d in diagnostics {
        d.render(&mut buffer);
    }
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}

/// The closest candidate to a misspelt name, when one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            // Short names (行正 for 行政) are one edit apart but score low on similarity.
            let short = name.chars().count() <= 4 && strsim::levenshtein(name, c) == 1;
            let score = strsim::jaro_winkler(name, c);
            (if short { score.max(0.81) } else { score }, c)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for a misspelt name, if a candidate is close.
pub(crate) fn suggestion<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// A diagnostic as `gazette check --format json` writes it: its place as line and column
/// (1-based, in characters), each related place likewise. The keys are in alphabetical order.
#[derive(serde::Serialize)]
struct Placed<'a> {
    column: Option<usize>,
    end_column: Option<usize>,
    end_line: Option<usize>,
    file: Option<&'a str>,
    hints: &'a [String],
    line: Option<usize>,
    message: &'a str,
    related: Vec<Related<'a>>,
    severity: &'static str,
}

#[derive(serde::Serialize)]
struct Related<'a> {
    column: usize,
    file: &'a str,
    line: usize,
    message: &'a str,
}

impl serde::Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let start = self.at.as_ref().map(Location::line_col);
        let end = self.at.as_ref().map(|a| a.source.line_col(a.span.end));
        let related = self
            .related
            .iter()
            .map(|(loc, message)| {
                let (line, column) = loc.line_col();
                Related { column, file: &loc.source.name, line, message }
            })
            .collect();
        Placed {
            column: start.map(|(_, c)| c),
            end_column: end.map(|(_, c)| c),
            end_line: end.map(|(l, _)| l),
            file: self.file.as_deref(),
            hints: &self.hints,
            line: start.map(|(l, _)| l),
            message: &self.message,
            related,
            severity: match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_as_a_window_at_the_real_column() {
        let text = format!("a: [{}x]\n", "1, ".repeat(200));
        let source = Source::new("content/metrics/long.yaml", text.clone());
        let at = text.find('x').unwrap();
        let d = Diagnostic::error("not a number").at(Location::new(&source, at..at + 1));
        let out = render_plain(&[d]);
        let column = at + 1;
        assert!(out.contains(&format!("┌─ content/metrics/long.yaml:1:{column}")), "{out}");
        assert!(out.contains("1 │ …") && out.contains("x]"), "{out}");
        let caret_line = out.lines().find(|l| l.trim_start().starts_with("│") && l.contains('^')).unwrap();
        let text_line = out.lines().find(|l| l.starts_with("1 │")).unwrap();
        let caret = caret_line.chars().position(|c| c == '^').unwrap();
        assert_eq!(text_line.chars().nth(caret), Some('x'), "{out}");
        assert!(out.contains(&format!(
            "the line is {} bytes long; it is shown around column {column}",
            text.len() - 1
        )));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let s = Source::new("a.md", "第一行\n办结{{ m.x }}");
        let off = s.text.find("{{").unwrap();
        assert_eq!(s.line_col(off), (2, 3));
        assert_eq!(s.offset(2, 3), off);
    }

    #[test]
    fn suggests_close_names_only() {
        let ids = ["admin_cases_concluded", "prelitigation_resolved"];
        assert_eq!(did_you_mean("admin_case_concluded", ids), Some("admin_cases_concluded"));
        assert_eq!(did_you_mean("zzz", ids), None);
    }
}
