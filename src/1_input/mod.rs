//! Stage 1, input: reading the paper's files, through the one door to them ([`files`]). In:
//! paths under the paper. Out: decoded text with positions ([`source`], [`yaml`]), fields read by type with located problems
//! ([`reader`], [`keyed`]), the cells of workbooks ([`sheet`]), and what every later stage speaks in: the [`Diagnostic`] of a
//! problem, the edition's [`Locale`] and its words, and the fonts gazette carries.

pub(crate) mod diagnostic;
pub(crate) mod files;
mod flow;
pub(crate) mod fonts;
pub(crate) mod grouped;
pub(crate) mod hinted;
pub(crate) mod keyed;
pub(crate) mod locale;
pub(crate) mod reader;
pub(crate) mod reviewed;
pub(crate) mod sheet;
pub(crate) mod source;
pub(crate) mod yaml;

pub(crate) use diagnostic::Diagnostic;
pub use locale::Locale;
