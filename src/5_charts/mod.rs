//! Stage 5, charts: figures declared in `content/charts/*.yaml` from metrics, their series
//! and their parts, so that a corrected number corrects the chart too. In: the chart files
//! and the [`Metrics`](crate::metrics::Metrics). Out: [`Charts`], each checked and holding its
//! data in the shape its kind draws; later, [`draw_all`] draws them (SVG with plotters for the
//! site and the PDF, PNG through resvg for channels that take only images) into [`Drawn`]
//! charts by id.

pub(crate) mod describe;
pub(crate) mod draw;
mod drawn;
mod kinds;
mod load;
mod model;
pub(crate) mod raster;
mod refs;

pub(crate) use drawn::{Drawn, draw_all, pictures, png_all, size};
pub(crate) use load::load;
pub(crate) use model::Charts;
