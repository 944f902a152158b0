//! Raw HTML a paper allows (`allow_raw_html: true`), cleaned by an allowlist with ammonia:
//! what a white paper needs (text markup, tables, lists, figures, images from the paper)
//! is kept; everything else is removed and named, so the chapter can say what it lost. Tags
//! that run code or load other sites pass only when named (`allow_raw_html: [iframe]`);
//! naming `script` opts the paper out of cleaning altogether.

use std::collections::{BTreeSet, HashMap, HashSet};

/// The elements a chapter's raw HTML may use.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Attributes any allowed element may carry.
const GENERIC: &[&str] = &["class", "lang", "title"];

/// Attributes of particular elements.
const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("img", &["src", "alt", "width", "height"]),
    ("td", &["colspan", "rowspan", "align"]),
    ("th", &["colspan", "rowspan", "align", "scope"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start"]),
];

/// Tags a paper may allow by name, with the attributes they then keep.
const NAMED: &[(&str, &[&str])] = &[
    ("iframe", &["src", "width", "height", "title", "allow", "allowfullscreen", "frameborder"]),
    ("object", &["data", "type", "width", "height"]),
    ("embed", &["src", "type", "width", "height"]),
    ("form", &["action", "method"]),
    ("style", &[]),
    ("link", &["rel", "href"]),
    ("meta", &["name", "content"]),
    ("base", &["href"]),
    ("frame", &["src"]),
    ("frameset", &["rows", "cols"]),
];

/// Link schemes kept in `href` (and `src` of named embeds).
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// `html` cleaned, and what was removed from it (`<script>`, `onclick=`, `javascript:`), in
/// the order met; `allowed` are the tags the paper names in `allow_raw_html`.
pub(super) fn sanitize(html: &str, allowed: &[String]) -> (String, Vec<String>) {
    if allowed.iter().any(|a| a == "script") {
        return (html.to_string(), Vec::new());
    }
    let named: Vec<(&str, &[&str])> =
        NAMED.iter().filter(|(t, _)| allowed.iter().any(|a| a == t)).copied().collect();
    let mut tags: HashSet<&str> = TAGS.iter().copied().collect();
    let mut attributes: HashMap<&str, HashSet<&str>> =
        ATTRIBUTES.iter().map(|(t, a)| (*t, a.iter().copied().collect())).collect();
    for (tag, attrs) in &named {
        tags.insert(tag);
        attributes.insert(tag, attrs.iter().copied().collect());
    }
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags.clone())
        .generic_attributes(GENERIC.iter().copied().collect())
        .tag_attributes(attributes.clone())
        .url_schemes(SCHEMES.iter().copied().collect())
        .link_rel(None)
        .strip_comments(false)
        .clean_content_tags(["script", "style"].into_iter().filter(|t| !tags.contains(t)).collect())
        // An image loads only from the paper, never from another site.
        .attribute_filter(|element, attribute, value| {
            let foreign = value.contains("://") || value.trim_start().starts_with("//");
            if element == "img" && attribute == "src" && foreign { None } else { Some(value.into()) }
        });
    let clean = builder.clean(html).to_string();
    (clean, removed(html, &tags, &attributes))
}

/// One tag of inline HTML, as pulldown-cmark hands it over (`<b>`, `</b>`, `<a href=…>`),
/// cleaned the same way: a start tag is what ammonia keeps of it, an end tag is kept when its
/// element is allowed, a comment is dropped.
pub(super) fn sanitize_inline(fragment: &str, allowed: &[String]) -> (String, Vec<String>) {
    if allowed.iter().any(|a| a == "script") {
        return (fragment.to_string(), Vec::new());
    }
    let trimmed = fragment.trim();
    if let Some(end) = trimmed.strip_prefix("</") {
        let name: String =
            end.chars().take_while(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        let kept = TAGS.contains(&name.as_str())
            || NAMED.iter().any(|(t, _)| *t == name && allowed.iter().any(|a| a == t));
        return (if kept { format!("</{name}>") } else { String::new() }, Vec::new());
    }
    if !trimmed.starts_with('<') || trimmed.starts_with("<!") || trimmed.starts_with("<?") {
        return (String::new(), Vec::new());
    }
    let (clean, removed) = sanitize(trimmed, allowed);
    let name: String =
        trimmed[1..].chars().take_while(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let start = match clean.find('>') {
        Some(end) if clean[1..].to_ascii_lowercase().starts_with(&name) && !name.is_empty() => {
            clean[..=end].to_string()
        }
        _ => String::new(),
    };
    (start, removed)
}

/// The first thing in `html` that could run code: a `<script>` element, an event-handler
/// attribute (`onclick=`) or a `javascript:` URL; for the fuzz target's check of cleaned HTML.
pub(crate) fn code_in(html: &str) -> Option<String> {
    // A comment is inert however it reads (`<!-- <script … -->`): only what is outside counts.
    let mut outside = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        outside.push_str(&rest[..open]);
        rest = rest[open + 4..].find("-->").map_or("", |close| &rest[open + 4 + close + 3..]);
    }
    outside.push_str(rest);
    for (tag, attrs) in start_tags(&outside) {
        if tag == "script" {
            return Some("<script>".into());
        }
        for (name, value) in attrs {
            if name.starts_with("on") {
                return Some(format!("{name}="));
            }
            let compact: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            if compact.to_ascii_lowercase().starts_with("javascript:") {
                return Some("javascript:".into());
            }
        }
    }
    None
}

/// What the allowlist removes from `html`, read from its start tags: elements not allowed,
/// attributes not allowed on their element, links with a scheme other than [`SCHEMES`], and
/// images from another site.
fn removed(html: &str, tags: &HashSet<&str>, attributes: &HashMap<&str, HashSet<&str>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut note = |what: String| {
        if seen.insert(what.clone()) {
            out.push(what);
        }
    };
    for (tag, attrs) in start_tags(html) {
        if !tags.contains(tag.as_str()) {
            note(format!("<{tag}>"));
            continue;
        }
        for (name, value) in attrs {
            let allowed = GENERIC.contains(&name.as_str())
                || attributes.get(tag.as_str()).is_some_and(|a| a.contains(name.as_str()));
            if !allowed {
                note(format!("{name}="));
                continue;
            }
            let lower = value.trim().to_ascii_lowercase();
            let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
            if matches!(name.as_str(), "href" | "src" | "data" | "action")
                && scheme.is_some_and(|s| !SCHEMES.contains(&s))
            {
                note(format!("{}:", scheme.unwrap_or_default()));
            } else if tag == "img" && name == "src" && (lower.contains("://") || lower.starts_with("//")) {
                note("an image from another site".to_string());
            }
        }
    }
    out
}

/// The start tags of `html`, lowercased, each with its attributes and their values.
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        rest = &rest[name.len()..];
        let (attrs, after) = attributes(rest);
        tags.push((name.to_ascii_lowercase(), attrs));
        rest = after;
    }
    tags
}

/// The attributes at the start of `text`, up to the tag's `>`, and the text after it.
fn attributes(mut text: &str) -> (Vec<(String, String)>, &str) {
    let mut attrs = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if text.is_empty() || text.starts_with('>') {
            return (attrs, text.get(1..).unwrap_or(""));
        }
        let name: String = text.chars().take_while(|c| !c.is_whitespace() && !"=>/".contains(*c)).collect();
        text = &text[name.len().max(1).min(text.len())..];
        let mut value = String::new();
        let trimmed = text.trim_start();
        if let Some(after_eq) = trimmed.strip_prefix('=') {
            let v = after_eq.trim_start();
            let (val, after) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => match v[1..].find(q) {
                    Some(end) => (&v[1..=end], &v[end + 2..]),
                    None => (&v[1..], ""),
                },
                _ => {
                    let end = v.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(v.len());
                    (&v[..end], &v[end..])
                }
            };
            value = val.to_string();
            text = after;
        }
        if !name.is_empty() {
            attrs.push((name.to_ascii_lowercase(), value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> (String, Vec<String>) {
        sanitize(html, &[])
    }

    #[test]
    fn what_a_white_paper_needs_is_kept() {
        let html = "<table class=\"data\"><tr><th scope=\"col\">年份</th></tr><tr><td colspan=\"2\">545<sup>1</sup></td></tr></table>";
        let (out, removed) = clean(html);
        assert_eq!(
            out,
            "<table class=\"data\"><tbody><tr><th scope=\"col\">年份</th></tr><tr><td colspan=\"2\">545<sup>1</sup></td></tr></tbody></table>"
        );
        assert!(removed.is_empty(), "{removed:?}");
    }

    #[test]
    fn a_comment_is_inert_but_what_follows_it_is_not() {
        assert_eq!(code_in("<!--s\n <script\n-->"), None);
        assert_eq!(code_in("<!-- x --><script>alert(1)</script>").as_deref(), Some("<script>"));
        // A bogus comment (`<!s …`) is cleaned into a real one, its text inert.
        let (out, _) = clean("<!s；\n2. x ---\n <script\n,y\n");
        assert_eq!(code_in(&out), None, "{out}");
    }

    #[test]
    fn code_in_any_spelling_is_removed_and_named() {
        for (html, named) in [
            ("<script>alert(1)</script>", "<script>"),
            ("<SCRIPT>alert(1)</SCRIPT>", "<script>"),
            ("<img src=x onerror=alert(1)>", "onerror="),
            ("<a href=\"javascript:alert(1)\">x</a>", "javascript:"),
            ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "javascript:"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>", ""),
            ("<svg onload=alert(1)>", "<svg>"),
            ("<div style=\"background:url(javascript:x)\">", "style="),
            ("<iframe src=\"https://example.com\"></iframe>", "<iframe>"),
            ("<img src=\"https://tracker.example/p.gif\">", "an image from another site"),
            ("<p/onmouseover=alert(1)>x</p>", "onmouseover="),
        ] {
            let (out, removed) = clean(html);
            let lower = out.to_ascii_lowercase();
            assert!(
                !lower.contains("script")
                    && !lower.contains("onerror")
                    && !lower.contains("onload")
                    && !lower.contains("onmouseover")
                    && !lower.contains("iframe")
                    && !lower.contains("tracker"),
                "{html} → {out}"
            );
            if !named.is_empty() {
                assert!(removed.iter().any(|r| r == named), "{html}: {removed:?}");
            }
        }
    }

    #[test]
    fn inline_tags_are_cleaned_one_by_one() {
        let inline = |f: &str| sanitize_inline(f, &[]);
        assert_eq!(inline("<b>"), ("<b>".to_string(), vec![]));
        assert_eq!(inline("</b>"), ("</b>".to_string(), vec![]));
        assert_eq!(
            inline("<span class=\"num\" onclick=\"x()\">"),
            ("<span class=\"num\">".to_string(), vec!["onclick=".to_string()])
        );
        assert_eq!(
            inline("<a href=\"javascript:x()\">"),
            ("<a>".to_string(), vec!["javascript:".to_string()])
        );
        assert_eq!(inline("<script>"), (String::new(), vec!["<script>".to_string()]));
        assert_eq!(inline("</script>"), (String::new(), vec![]));
        assert_eq!(inline("<br>"), ("<br>".to_string(), vec![]));
    }

    #[test]
    fn named_tags_pass_and_script_opts_out_of_cleaning() {
        let iframe = "<iframe src=\"https://v.example/1\" width=\"640\"></iframe>";
        let (out, removed) = sanitize(iframe, &["iframe".to_string()]);
        assert_eq!((out.as_str(), removed.len()), (iframe, 0));
        let script = "<script>track()</script>";
        assert_eq!(sanitize(script, &["script".to_string()]).0, script);
    }
}
