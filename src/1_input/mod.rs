//! Stage 1, input: reading the paper's files. In: paths under the paper. Out: decoded text
//! with positions ([`source`], [`yaml`]), fields read by type with located problems
//! ([`reader`], [`keyed`]), and what every later stage speaks in: the [`Diagnostic`] of a
//! problem, the edition's [`Locale`] and its words, and the fonts gazette carries.

pub mod diagnostic;
pub mod fonts;
pub mod keyed;
pub mod locale;
pub mod reader;
pub mod source;
pub mod yaml;

pub use diagnostic::Diagnostic;
pub use locale::Locale;
