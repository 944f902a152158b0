//! Values inside YAML flow mappings (`{ from: x.xlsx, row: [一审, 结案] }`), found in the text
//! so that a message about one points at it rather than at the whole mapping.

/// The value of `key` inside the flow mapping written at `span` (`{ a: 1, key: [x, y] }`):
/// its text up to the `,` or `}` that ends it, quotes and brackets respected.
pub(crate) fn value(text: &str, span: std::ops::Range<usize>, key: &str) -> Option<std::ops::Range<usize>> {
    let body = text.get(span.clone())?;
    if !body.starts_with('{') {
        return None;
    }
    let bytes = body.as_bytes();
    let (mut depth, mut quote, mut i) = (0usize, None::<u8>, 0);
    let mut entry_start = None;
    while i < bytes.len() {
        let c = bytes[i];
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'{' | b'[') => {
                depth += 1;
                if depth == 1 {
                    entry_start = Some(i + 1);
                }
            }
            (None, b'}' | b']') => depth = depth.saturating_sub(1),
            (None, b',') if depth == 1 => entry_start = Some(i + 1),
            _ => {}
        }
        if let Some(start) = entry_start.filter(|_| depth == 1 && quote.is_none()) {
            let entry = &body[start..];
            let trimmed = entry.trim_start();
            if let Some(rest) = trimmed.strip_prefix(key) {
                let after = rest.trim_start();
                if after.starts_with(':') {
                    let value_start = span.start
                        + start
                        + (entry.len() - trimmed.len())
                        + key.len()
                        + (rest.len() - after.len())
                        + 1;
                    return value_extent(text, value_start, span.end);
                }
            }
            entry_start = None;
        }
        i += 1;
    }
    None
}

/// A flow value starting at `from` (after its colon): from its first character to the `,` or
/// `}` that ends it.
fn value_extent(text: &str, from: usize, limit: usize) -> Option<std::ops::Range<usize>> {
    let rest = text.get(from..limit)?;
    let start = from + (rest.len() - rest.trim_start().len());
    let bytes = text.as_bytes();
    let (mut depth, mut quote, mut end) = (0usize, None::<u8>, start);
    while end < limit {
        let c = bytes[end];
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'{' | b'[') => depth += 1,
            (None, b'}' | b']') if depth == 0 => break,
            (None, b'}' | b']') => depth -= 1,
            (None, b',') if depth == 0 => break,
            _ => {}
        }
        end += 1;
    }
    let value = text.get(start..end)?.trim_end();
    (!value.is_empty()).then_some(start..start + value.len())
}
