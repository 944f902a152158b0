//! Stage 4, metrics: every figure of the paper, written once in `content/metrics/*.yaml`
//! with its unit, approximation, period and source. In: the metric files found by
//! `discover`. Out: [`Metrics`], each checked, derived (`formula`) and phrased in both
//! editions' styles, ready for any later stage to print.

mod check;
pub mod derive;
mod model;
pub mod phrase;
pub mod phrase_en;
mod read;

pub use model::{Change, Check, Facet, Formula, Metric, Metrics, Period};
pub use read::{load, load_file};
