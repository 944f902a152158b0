//! Markdown (after template expansion) into the document model, with figure markers turned
//! into figure nodes and headings numbered 一、（一）1.（1）.

mod inline;
mod sanitize;
mod tree;

pub(crate) use sanitize::code_in;
pub(crate) use tree::{Context, parse};
