//! gazette turns a folder of YAML metrics and Markdown chapters into a publication: a static
//! site, a PDF white paper and chart images, every figure printed from one metric file the
//! way Chinese publications print it, with its source.
//!
//! The library is the `gazette` command's engine. A paper goes through eight stages, each a
//! module in the order data flows (see the README's "How gazette is built"):
//! input → config → discover → metrics → charts → content → render → output.
//! From outside, a paper is built with [`build()`] or [`build_with`], checked with [`check`],
//! compared across versions with [`diff()`], started with [`init()`], given metrics from a
//! workbook with [`import()`] and rebuilt as it changes
//! with a [`Rebuilder`] (what `gazette serve` runs).

// Diagnostics travel on the cold path, where their size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]
// Without the `pdf` feature (the fuzz build only) what only the PDF reads goes unread.
#![cfg_attr(not(feature = "pdf"), allow(dead_code, unused_imports))]

// The stages, in the order data flows through them; each imports only from those before it.
#[path = "5_charts/mod.rs"]
mod charts;
#[path = "2_config/mod.rs"]
mod config;
#[path = "6_content/mod.rs"]
mod content;
#[path = "3_discover.rs"]
mod discover;
#[path = "1_input/mod.rs"]
mod input;
#[path = "4_metrics/mod.rs"]
mod metrics;
#[path = "8_output/mod.rs"]
mod output;
#[path = "7_render/mod.rs"]
mod render;

// What runs the stages: the pipeline that joins them, a build, the rebuild loop of `serve`,
// a comparison of two versions, a reviewed Word copy read back, a new paper.
mod build;
mod diff;
#[doc(hidden)]
pub mod fuzzing;
mod import;
mod init;
mod pipeline;
mod rebuild;
mod review;

pub use build::{Report, build, build_with, check, check_edition};
pub use diff::{PaperDiff, diff, redline};
pub use import::{Import, import};
pub use init::init;
pub use input::Locale;
pub use input::diagnostic::{Diagnostic, Severity};
pub use pipeline::{Error, Outputs, Rendered};
pub use rebuild::{Outcome, Rebuilder, Timing, Watcher, overlay};
pub use review::{Applied, Review, review};
