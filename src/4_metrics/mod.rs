//! Stage 4, metrics: every figure of the paper, written once in `content/metrics/*.yaml`
//! with its unit, approximation, period and source. In: the metric files found by
//! `discover`, and the workbooks their figures are bound to. Out: [`Metrics`], each checked, derived (`formula`) and phrased in both
//! editions' styles, ready for any later stage to print.

mod bind;
pub(crate) mod change;
mod check;
mod days;
mod defaults;
pub(crate) mod derive;
mod fields;
mod formula;
mod model;
mod period;
pub(crate) mod phrase;
pub(crate) mod phrase_en;
mod plausible;
mod read;
mod table;

pub(crate) use model::{Change, Facet, Metric, Metrics, Period};
pub(crate) use read::{Kept, load, load_file};
