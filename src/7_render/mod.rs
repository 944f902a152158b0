//! Stage 7, render: the bytes of each output. In: the document, the metrics, the drawn charts
//! and the theme. Out: the site's pages and data files ([`site`], [`html`], [`provenance`]),
//! the fragment for a court's own site ([`fragment`]) and the PDF ([`pdf`]).

pub mod fragment;
pub mod html;
pub mod pdf;
pub mod provenance;
pub mod site;

/// The files of one build, by path under `output/` (with `/`), in a stable order.
pub type Files = std::collections::BTreeMap<String, Vec<u8>>;
