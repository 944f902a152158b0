//! Text as HTML: escaped, raw HTML with gazette's stand-ins written as references, URLs made
//! safe, images as `data:` URLs.

use std::fmt::Write as _;

use crate::charts::draw::escape_char;
use crate::content::document::Align;
use crate::content::markers::is_render_stand_in;

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

pub(super) fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if is_render_stand_in(c) {
            push_reference(c, out);
        } else {
            escape_char(c, out);
        }
    }
}

pub(super) fn push_reference(c: char, out: &mut String) {
    let _ = write!(out, "&#x{:X};", c as u32);
}

/// Raw HTML the paper allows, with the stand-in characters written as references.
pub(super) fn push_raw(html: &str, out: &mut String) {
    if !html.contains(is_render_stand_in) {
        out.push_str(html);
        return;
    }
    for c in html.chars() {
        if is_render_stand_in(c) { push_reference(c, out) } else { out.push(c) }
    }
}

/// A file as a `data:` URL, so a fragment carries its images with it.
pub(crate) fn data_url(path: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    let mime = match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    };
    format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

pub(super) fn align_attr(a: Option<&Align>) -> &'static str {
    match a {
        Some(Align::Left) => " class=\"left\"",
        Some(Align::Center) => " class=\"center\"",
        Some(Align::Right) => " class=\"right\"",
        _ => "",
    }
}

/// Links may not run script: `javascript:` and `data:` URLs become inert.
pub(super) fn safe_url(url: &str) -> String {
    let lower: String =
        url.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("vbscript:") || lower.starts_with("data:") {
        "#".to_string()
    } else {
        url.to_string()
    }
}
