//! The comments of a reviewed copy (`comments.xml`), threaded by Word's
//! `commentsExtended.xml` and placed where the body marks them.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::body::Places;
use super::model::Comment;
use super::xml::{MAX_DEPTH, attr, entity, too_deep};
use crate::input::hinted::Hinted;

/// Each comment's author, date and text, by id.
pub(super) fn comment_texts(xml: &str) -> Result<Vec<(String, Comment, String)>, Hinted> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(String, Comment, String)> = None;
    let (mut depth, mut in_text) = (0usize, false);
    loop {
        match reader.read_event().map_err(|_| Hinted::new("the file's comments are not well-formed XML"))? {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep());
                }
                match e.local_name().as_ref() {
                    "comment" => {
                        let c = Comment {
                            author: attr(&e, "author"),
                            date: attr(&e, "date"),
                            ..Comment::default()
                        };
                        current = Some((attr(&e, "id"), c, String::new()));
                    }
                    "p" => {
                        // The last paragraph's id: what a reply names as its parent.
                        if let Some((_, c, para_id)) = &mut current {
                            *para_id = attr(&e, "paraId");
                            if !c.text.is_empty() {
                                c.text.push('\n');
                            }
                        }
                    }
                    "t" => in_text = true,
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    "comment" => out.extend(current.take()),
                    "t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                if let Some((_, c, _)) = &mut current {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some((_, c, _)) = &mut current {
                    c.text.push_str(&entity(&r.xml10_content()));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Each reply's parent, by the `w14:paraId` of their last paragraphs (`commentsExtended.xml`).
pub(super) fn parents(xml: &str) -> HashMap<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = HashMap::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "commentEx" => {
                let parent = attr(&e, "paraIdParent");
                if !parent.is_empty() {
                    out.insert(attr(&e, "paraId"), parent);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The comments at their places, each reply under the comment it answers.
pub(super) fn threaded(
    texts: Vec<(String, Comment, String)>,
    places: &Places,
    parents: &HashMap<String, String>,
) -> Vec<Comment> {
    let mut top: Vec<(String, Comment)> = Vec::new();
    let mut replies: Vec<(String, Comment)> = Vec::new();
    for (id, mut c, para_id) in texts {
        match parents.get(&para_id) {
            Some(parent) => replies.push((parent.clone(), c)),
            None => {
                if let Some((p, at, quoted)) = places.get(&id) {
                    (c.paragraph, c.at, c.quoted) = (Some(*p), *at, quoted.clone());
                }
                top.push((para_id, c));
            }
        }
    }
    for (parent, reply) in replies {
        if let Some((_, c)) = top.iter_mut().find(|(p, _)| *p == parent) {
            c.replies.push(reply);
        }
    }
    top.into_iter().map(|(_, c)| c).collect()
}
