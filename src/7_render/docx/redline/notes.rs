//! The redline's footnotes: the new copy's notes, each changed in its text since the old
//! copy's with that change tracked as in the body, and after them the old notes whose
//! reference the redline deletes (carried unchanged, as Word keeps a note whose reference was
//! deleted with tracking: rejecting the deletion brings the note back).

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::emit::Emitter;
use super::parse;

/// The redline's `w:footnote` elements: the new notes (ids from 1), then the old ones the
/// deleted references in `e`'s body point to.
pub(super) fn footnotes(old: &[String], new: &[String], e: &mut Emitter<'_>) -> Vec<String> {
    let (old_inner, new_inner): (Vec<&str>, Vec<&str>) =
        (old.iter().map(|n| inner(n)).collect(), new.iter().map(|n| inner(n)).collect());
    let mut out: Vec<String> = new.to_vec();
    for op in capture_diff_slices(Algorithm::Patience, &old_inner, &new_inner) {
        if let DiffOp::Replace { old_index, old_len, new_index, new_len } = op {
            // Notes changed in their text, paired in order.
            for k in 0..old_len.min(new_len) {
                let (o, n) = (old_inner[old_index + k], new_inner[new_index + k]);
                let body = e.compared(&parse::body(o), &parse::body(n));
                out[new_index + k] =
                    format!("<w:footnote w:id=\"{}\">{body}</w:footnote>", new_index + k + 1);
            }
        }
    }
    for (place, &old_id) in e.carried_notes.iter().enumerate() {
        if let Some(note) = old_inner.get(old_id.wrapping_sub(1)) {
            out.push(format!("<w:footnote w:id=\"{}\">{note}</w:footnote>", new.len() + place + 1));
        }
    }
    out
}

/// A note's content: what is inside `<w:footnote w:id="N">…</w:footnote>`.
fn inner(note: &str) -> &str {
    let open = note.find('>').map_or(0, |i| i + 1);
    let close = note.rfind("</w:footnote>").unwrap_or(note.len());
    note.get(open..close).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::docx::redline::parse::{pointed, referenced};

    #[test]
    fn a_reference_is_read_and_pointed_elsewhere() {
        let run = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"3\"/></w:r>";
        assert_eq!(referenced(run), Some(3));
        assert!(pointed(run, 12).contains("<w:footnoteReference w:id=\"12\"/>"));
        assert_eq!(inner("<w:footnote w:id=\"3\"><w:p/></w:footnote>"), "<w:p/>");
    }
}
