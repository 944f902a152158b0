//! gazette turns a folder of YAML metrics and Markdown chapters into a publication: a static
//! HTML site (and, as the pipeline grows, charts and a PDF), every figure printed from one
//! metric file the way Chinese publications print it.
//!
//! The pipeline: [`config::load`] → [`paper::discover`] → [`metrics::load`] →
//! [`chapters::load`] (front matter, template expansion, Markdown) into one
//! [`document::Document`] → [`site::render`] → [`output::commit`].

// Diagnostics travel on the cold path, where their size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

// The stages, in the order data flows through them; each imports only from those before it.
#[path = "5_charts/mod.rs"]
pub mod charts;
#[path = "2_config/mod.rs"]
pub mod config;
#[path = "6_content/mod.rs"]
pub mod content;
#[path = "3_discover.rs"]
pub mod discover;
#[path = "1_input/mod.rs"]
pub mod input;
#[path = "4_metrics/mod.rs"]
pub mod metrics;
#[path = "8_output/mod.rs"]
pub mod output;
#[path = "7_render/mod.rs"]
pub mod render;

// What runs the stages: a build, a comparison of two builds, the rebuild loop, a new paper.
pub mod build;
pub mod diff;
#[doc(hidden)]
pub mod fuzzing;
pub mod init;
pub mod pipeline;
pub mod serve;

pub use build::{Report, build, build_with, check, check_edition, commit_edition, render};
pub use input::{Diagnostic, Locale};
pub use pipeline::{Error, Outputs, Paper, Rendered, load};
