//! Chapter files: YAML front matter and the Markdown body that follows it.

use std::sync::Arc;

use crate::input::diagnostic::{Diagnostic, Location, Source};
use crate::input::reader::Reader;
use crate::input::yaml::YamlFile;

/// A chapter file split into its settings and its body.
#[derive(Debug, Clone)]
pub(crate) struct ChapterFile {
    pub source: Arc<Source>,
    pub front: FrontMatter,
    /// Byte offset in `source.text` where the body starts.
    pub body_start: usize,
}

impl ChapterFile {
    pub(crate) fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

/// The settings at the top of a chapter.
#[derive(Debug, Clone, Default)]
pub(crate) struct FrontMatter {
    pub title: String,
    pub slug: Option<String>,
    pub summary: Option<String>,
    /// Whether the chapter takes an ordinal (一、二、…); a preface or closing note may not.
    pub numbered: bool,
    /// Numbers the prose may print as typed, not from a metric (`allow_numbers: [110, 12345]`).
    pub allow_numbers: Vec<String>,
}

const KEYS: &[&str] = &["title", "slug", "summary", "numbered", "allow_numbers"];

/// Splits and validates the front matter of a chapter.
pub(crate) fn parse(source: &Arc<Source>) -> Result<ChapterFile, Vec<Diagnostic>> {
    let text = source.text.as_str();
    let example = "start the file with a line `---`, then `title: 一、…`, then a closing `---`";
    if !(text.starts_with("---\n") || text == "---") {
        let what =
            if text.trim().is_empty() { "the chapter is empty" } else { "the chapter has no front matter" };
        return Err(vec![Diagnostic::error(what).at(Location::new(source, 0..0)).hint(example)]);
    }
    let Some((fm_end, body_start)) = closing_fence(text) else {
        return Err(vec![
            Diagnostic::error("the front matter is not closed")
                .at(Location::new(source, 0..3))
                .hint("add a line `---` after the last setting (`title: …`) and before the chapter text"),
        ]);
    };
    // The YAML keeps the file's byte offsets: the opening fence becomes a comment.
    let yaml = Source::new(source.name.clone(), format!("#--{}", &text[3..fm_end]));
    let mut diags = Vec::new();
    let file = match YamlFile::parse(&yaml) {
        Ok(f) => f,
        Err(d) => return Err(vec![relocate(d, source)]),
    };
    let mut front = FrontMatter { numbered: true, ..FrontMatter::default() };
    let mut title = None;
    {
        let mut r = Reader::new(&file, &mut diags);
        for entry in &file.entries {
            let key = entry.key.as_str();
            let path = [key];
            match key {
                "title" => title = r.required_text(&path, &entry.value),
                "summary" => front.summary = r.text(&path, &entry.value),
                "numbered" => front.numbered = r.boolean(&path, &entry.value).unwrap_or(true),
                "allow_numbers" => front.allow_numbers = allow_numbers(&mut r, &entry.value),
                "slug" => front.slug = read_slug(&mut r, &entry.value),
                _ => r.unknown(&path, KEYS, "a chapter's front matter"),
            }
        }
        if title.is_none() && !file.entries.iter().any(|e| e.key == "title") {
            r.diags.push(
                Diagnostic::error("the chapter has no `title`").at(Location::new(&yaml, 0..3)).hint(
                    "add a line such as `title: 发挥职能作用，促推法治政府建设` between the `---` lines",
                ),
            );
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags.into_iter().map(|d| relocate(d, source)).collect());
    }
    front.title = title.unwrap_or_default();
    Ok(ChapterFile { source: Arc::clone(source), front, body_start })
}

/// `allow_numbers: [12345, 110]`: the numbers the chapter may type itself.
fn allow_numbers(r: &mut Reader<'_>, v: &serde_yaml::Value) -> Vec<String> {
    let serde_yaml::Value::Sequence(items) = v else {
        r.error(
            &["allow_numbers"],
            "`allow_numbers` is a list of the numbers the chapter may type itself",
            "for example `allow_numbers: [12345, 110]`",
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|v| match v {
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::String(s) => Some(s.trim().to_string()),
            _ => None,
        })
        .collect()
}

fn read_slug(r: &mut Reader<'_>, v: &serde_yaml::Value) -> Option<String> {
    let s = r.required_text(&["slug"], v)?;
    if crate::config::is_reserved_slug(&s) {
        r.error(
            &["slug"],
            format!("`slug: {s}` is a name the site already uses for something else, so links to it would go astray"),
            format!("choose another, for example `slug: {s}-chapter`"),
        );
        return None;
    }
    if crate::config::is_slug(&s) {
        return Some(s);
    }
    r.error(
        &["slug"],
        format!("`slug` must be lowercase ASCII letters, digits and `-`, found `{s}`"),
        "for example `slug: support-law`",
    );
    None
}

/// The end of the front matter and the start of the body, after the closing `---`.
fn closing_fence(text: &str) -> Option<(usize, usize)> {
    let mut offset = text.find('\n')? + 1;
    for line in text[offset..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// Points a diagnostic made on the front matter's YAML at the chapter file itself.
fn relocate(mut d: Diagnostic, chapter: &Arc<Source>) -> Diagnostic {
    if let Some(at) = d.at.take() {
        d = d.at(Location::new(chapter, at.span));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<ChapterFile, Vec<Diagnostic>> {
        parse(&Source::new("content/01-a.md", text))
    }

    #[test]
    fn splits_front_matter_and_body() {
        let c = parse_str("---\ntitle: 一、总体情况\nsummary: 概要\n---\n正文\n").unwrap();
        assert_eq!(c.front.title, "一、总体情况");
        assert_eq!(c.body(), "正文\n");
        assert!(c.front.numbered);
    }

    #[test]
    fn unterminated_front_matter_is_located() {
        let e = parse_str("---\ntitle: x\n正文\n").unwrap_err();
        assert_eq!(e[0].message, "the front matter is not closed");
        assert_eq!(e[0].line_col(), Some((1, 1)));
    }

    #[test]
    fn front_matter_errors_point_into_the_chapter() {
        let e = parse_str("---\ntitle: x\nsumary: y\n---\nbody\n").unwrap_err();
        assert_eq!(
            e[0].short(),
            "content/01-a.md:3:1: error: unknown key `sumary` in a chapter's front matter"
        );
        assert_eq!(e[0].hints, ["did you mean `summary`?"]);
        assert_eq!(e[0].at.as_ref().unwrap().source.text.lines().nth(2), Some("sumary: y"));
    }

    #[test]
    fn missing_title_and_no_front_matter() {
        assert_eq!(parse_str("---\nslug: a\n---\n").unwrap_err()[0].message, "the chapter has no `title`");
        assert_eq!(parse_str("# 标题\n").unwrap_err()[0].message, "the chapter has no front matter");
    }
}
