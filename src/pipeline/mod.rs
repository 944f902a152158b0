//! The stages joined: [`load()`] reads and checks every input into one [`Paper`]; [`render()`]
//! turns a paper into the bytes of every output file. A one-off build runs them once; `serve`
//! runs them on every change with a [`BuildCache`] it owns.

mod load;
mod model;
mod render;

pub(crate) use load::{load, open};
pub(crate) use model::{BuildCache, Paper};
pub use model::{Error, Outputs, Rendered};
pub(crate) use render::{redline, render, render_site_first, written};
