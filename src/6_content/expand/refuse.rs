//! What a chapter's template may not do, refused at its place before it runs. A chapter
//! prints figures and text; these would let a few lines make a chapter of any size or run
//! for hours: keeping values (`set`, `set_global`: a text doubled line by line, or in a
//! loop, outgrows any memory), filters that make text longer (`replace`, `join`, `indent`…:
//! chained, they multiply it), and loops nested more than two deep (loops over the metrics,
//! nested, run billions of times even when they print nothing).

use std::ops::Range;

use crate::input::hinted::Hinted;

/// The filters a chapter may use: none makes its text longer than its input.
const FILTERS: &[&str] = &[
    "abs",
    "as_str",
    "capitalize",
    "default",
    "first",
    "float",
    "int",
    "last",
    "length",
    "lower",
    "nth",
    "reverse",
    "round",
    "safe",
    "str",
    "title",
    "trim",
    "trim_end",
    "trim_start",
    "truncate",
    "upper",
    "wordcount",
];

/// How deep `{% for %}` loops may nest.
const MAX_LOOP_DEPTH: usize = 2;

/// Each refused construct in `tags` (the tags of a chapter with their offsets), with where
/// it is and why.
pub(super) fn refused(tags: &[(usize, &str)]) -> Vec<(Range<usize>, Hinted)> {
    let mut found = Vec::new();
    let mut depth = 0;
    for &(start, tag) in tags {
        let code = tag.trim_start_matches(['-', '+', '~']).trim_start();
        let offset = start + (tag.len() - code.len());
        let word = code.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
        match word {
            "set" | "set_global" => found.push((
                offset..offset + word.len(),
                Hinted::new(format!("`{word}` is not available in chapters"))
                    .hint("print figures with `{{ m.ID }}` and their fields with `{{ metric.ID.FIELD }}`; a value kept and grown in a template could make a chapter of any size"),
            )),
            "for" => {
                depth += 1;
                if depth > MAX_LOOP_DEPTH {
                    found.push((
                        offset..offset + 3,
                        Hinted::new(format!("a loop inside {MAX_LOOP_DEPTH} others: chapters nest loops at most {MAX_LOOP_DEPTH} deep"))
                            .hint("loop over a series' years or a metric's parts; loops nested deeper run too many times"),
                    ));
                }
            }
            "endfor" => depth = depth.saturating_sub(1),
            _ => {}
        }
        for (at, name) in filters(tag) {
            if !FILTERS.contains(&name) {
                found.push((
                    start + at..start + at + name.len(),
                    Hinted::new(format!("the filter `{name}` is not available in chapters"))
                        .hint(format!("chapters may use {}; a filter that makes text longer could make a chapter of any size", FILTERS.join(", "))),
                ));
            }
        }
    }
    found
}

/// Each filter named in a tag (`| name`), outside string literals, with its offset.
fn filters(tag: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if c == '|' => {
                let rest = &tag[i + 1..];
                let name_at = i + 1 + (rest.len() - rest.trim_start().len());
                let len = tag[name_at..]
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .unwrap_or(tag.len() - name_at);
                if len > 0 {
                    found.push((name_at, &tag[name_at..name_at + len]));
                }
            }
            None => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeping_values_growing_filters_and_deep_loops_are_refused_at_their_place() {
        let body = "{% set s = \"x\" %}{{ s | replace(from=\"x\", to=\"xx\") | upper }}{{ \"a|b\" | round }}\
                    {% for a in x %}{% for b in x %}{% for c in x %}{% endfor %}{% endfor %}{% endfor %}{% for d in x %}{% endfor %}";
        let tags = super::super::scan::tags(body);
        let found: Vec<(&str, String)> =
            refused(&tags).into_iter().map(|(r, h)| (&body[r], h.message)).collect();
        assert_eq!(
            found,
            [
                ("set", "`set` is not available in chapters".to_string()),
                ("replace", "the filter `replace` is not available in chapters".to_string()),
                ("for", "a loop inside 2 others: chapters nest loops at most 2 deep".to_string()),
            ]
        );
    }
}
