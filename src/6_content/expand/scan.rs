//! The template tags of a chapter read without the template engine: where each `{{ … }}` is,
//! the identifier chains (`m.ID`, `metric.ID.FIELD`, `chart.ID`) and the ids a `list(…)` names.

/// Every metric and chart a chapter's text refers to: the root (`m`, `metric` or `chart`)
/// and the id. These are all a chapter's template can read.
pub(crate) fn references(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = tags(text)
        .into_iter()
        .flat_map(|(_, tag)| identifier_chains(tag))
        .filter_map(|(_, mut chain)| {
            if chain.len() < 2 || !matches!(chain[0].as_str(), "m" | "metric" | "chart" | "ref") {
                return None;
            }
            chain.truncate(2);
            let id = chain.pop()?;
            let root = chain.pop()?;
            Some((if root == "ref" { "chart".to_string() } else { root }, id))
        })
        .collect();
    for (_, tag) in tags(text) {
        out.extend(list_ids(tag).map(|(_, id)| ("metric".to_string(), id.to_string())));
    }
    out
}

/// The metric ids a `list(…)` call names in its strings, with their offsets in the tag.
pub(super) fn list_ids(tag: &str) -> impl Iterator<Item = (usize, &str)> {
    // Strings alternate with the code between them: every second piece is a string.
    let tag = if tag.contains("list(") { tag } else { "" };
    tag.split(['"', '\''])
        .scan(0, |offset, piece| {
            let at = *offset;
            *offset += piece.len() + 1;
            Some((at, piece))
        })
        .skip(1)
        .step_by(2)
        .filter(|(_, piece)| crate::input::keyed::is_id(piece))
}

/// The inside of every `{{ … }}` and `{% … %}` tag, with its byte offset.
pub(super) fn tags(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find('{') {
        let start = i + pos;
        let close = match text[start + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                i = start + 1;
                continue;
            }
        };
        let inner = start + 2;
        let Some(len) = text[inner..].find(close) else { break };
        if close != "#}" {
            out.push((inner, &text[inner..inner + len]));
        }
        i = inner + len + 2;
    }
    out
}

/// Dotted identifier chains (`metric.x.label`) in a tag, outside string literals.
pub(super) fn identifier_chains(tag: &str) -> Vec<(usize, Vec<String>)> {
    let bytes = tag.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' || c == b'`' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += 1;
            }
            i += 1;
            continue;
        }
        let starts_ident = (c.is_ascii_alphabetic() || c == b'_')
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b'.'));
        if !starts_ident {
            i += 1;
            continue;
        }
        let start = i;
        let mut chain = Vec::new();
        loop {
            let s = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            chain.push(tag[s..i].to_string());
            if i + 1 < bytes.len()
                && bytes[i] == b'.'
                && (bytes[i + 1].is_ascii_alphabetic() || bytes[i + 1] == b'_')
            {
                i += 1;
            } else {
                break;
            }
        }
        out.push((start, chain));
    }
    out
}
