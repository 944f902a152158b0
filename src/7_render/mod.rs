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

use crate::charts::{Charts, Drawn};
use crate::config::theme::Theme;
use crate::content::document::Document;

/// What the renderers embed besides the document: each chart drawn, by id, its PNG for the
/// Word copy (when one is made), and the bytes of each image the chapters show, by its path in
/// the site (`media/…`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Assets<'a> {
    pub charts: &'a BTreeMap<String, Drawn>,
    pub pictures: &'a BTreeMap<String, Vec<u8>>,
    pub media: &'a BTreeMap<String, Vec<u8>>,
}

/// What every output is rendered from, the one value a renderer receives: the document (its
/// chapters, settings and the charts' numbers), the provenance of every figure it prints (the
/// 数据说明 appendix, in reading order), the charts and their drawings, the images and the
/// theme. A new output is a folder that reads this.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub doc: &'a Document,
    pub appendix: &'a [provenance::Row],
    pub charts: &'a Charts,
    pub theme: &'a Theme,
    pub assets: Assets<'a>,
    /// Whether the PDF stands beside the site, for the site to link to it.
    pub pdf: bool,
}
