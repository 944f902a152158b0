//! Stage 7, render: the text and bytes of each output. In: the document, the metrics, the
//! charts drawn by id, the images and the theme. Out, as values (where each goes is the
//! output stage's call): the site's page ([`site`], from [`html`] bodies), the data files
//! ([`provenance`]), the fragment for a court's own site ([`fragment`]), the PDF ([`pdf`]) and the
//! Word copy ([`docx`]).

pub(crate) mod docx;
pub(crate) mod fragment;
pub(crate) mod html;
#[cfg(feature = "pdf")]
pub(crate) mod pdf;
pub(crate) mod provenance;
pub(crate) mod site;

use std::collections::BTreeMap;

use crate::charts::Drawn;

/// What the renderers embed besides the document: each chart drawn, by id, and the bytes of
/// each image the chapters show, by its path in the site (`media/…`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Assets<'a> {
    pub charts: &'a BTreeMap<String, Drawn>,
    pub media: &'a BTreeMap<String, Vec<u8>>,
}
