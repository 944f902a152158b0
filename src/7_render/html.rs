//! HTML rendering of the document model: the body of each chapter, every text escaped,
//! every figure kept on one line and carrying its source.

mod body;
mod render;
mod text;

pub(crate) use body::Body;
pub(crate) use render::chapter_body;
pub(crate) use text::{data_url, escape};
