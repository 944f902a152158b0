//! The small pieces of reading WordprocessingML the body and comments readers share.

use quick_xml::events::{BytesStart, Event};

use crate::input::hinted::Hinted;

/// The deepest XML nesting read: no Word document comes near it.
pub(super) const MAX_DEPTH: usize = 256;

/// The value of an attribute by its local name (`w:author` → `author`).
pub(super) fn attr(e: &BytesStart<'_>, key: &str) -> String {
    let mut attributes = e.attributes();
    attributes.with_checks(false);
    attributes
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(std::borrow::Cow::into_owned)
        })
        .unwrap_or_default()
}

pub(super) fn too_deep() -> Hinted {
    Hinted::new("the file's XML is nested deeper than any Word document")
        .hint("open it in Word or WPS and save it again")
}

/// The character an entity or character reference (`amp`, `#x4E2D`) stands for.
pub(super) fn entity(name: &str) -> String {
    quick_xml::escape::unescape(&format!("&{name};")).map(std::borrow::Cow::into_owned).unwrap_or_default()
}

/// The text of the first element named `name` (by its local name) in `xml`; empty when none.
pub(super) fn element_text(xml: &str, name: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => inside = e.local_name().as_ref() == name,
            Event::Text(t) if inside => return t.xml10_content().into_owned(),
            Event::End(_) => inside = false,
            Event::Eof => break,
            _ => {}
        }
    }
    String::new()
}

/// The value of the custom document property `name` (`docProps/custom.xml`).
pub(super) fn property(xml: &str, name: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut value: Option<String> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) if e.local_name().as_ref() == "property" && attr(&e, "name") == name => {
                value = Some(String::new());
            }
            Event::Text(t) => value.iter_mut().for_each(|v| v.push_str(&t.xml10_content())),
            Event::GeneralRef(r) => value.iter_mut().for_each(|v| v.push_str(&entity(&r.xml10_content()))),
            Event::End(e) if e.local_name().as_ref() == "property" && value.is_some() => return value,
            Event::Eof => break,
            _ => {}
        }
    }
    None
}

/// Whether a change or comment by `author` at `date` bears a redline's `signature`: its
/// author, and its date to the second (a program may write the date back in another form).
pub(super) fn signed(signature: Option<&(String, String)>, author: &str, date: &str) -> bool {
    let second = |d: &str| d.chars().take(19).collect::<String>();
    signature.is_some_and(|(a, d)| a == author && second(d) == second(date))
}
