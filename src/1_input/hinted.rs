//! A message with what to do about it, before it has a place: what a function that reads no
//! file returns (a phrase that cannot be printed, a formula that does not parse, a workbook
//! that cannot be opened), for its caller to place in the file it was reading. After
//! Typst's `HintedString` and `At` (`typst-library/src/diag.rs`): one shape for every such
//! message, so that none loses its hint on the way to the user.

use std::fmt;

use super::diagnostic::{Diagnostic, Location};

/// What is wrong, in plain words, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hinted {
    /// What is wrong.
    pub message: String,
    /// What to do, in order; often one.
    pub hints: Vec<String>,
    /// The name the message is about (a metric id), when the caller places it by that name
    /// rather than where it was reading.
    pub subject: Option<String>,
}

/// A result whose error is a [`Hinted`] message.
pub(crate) type HintedResult<T> = Result<T, Hinted>;

impl Hinted {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Hinted { message: message.into(), hints: Vec::new(), subject: None }
    }

    /// The same, with `hint` on what to do (an empty hint adds nothing).
    #[must_use]
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        let hint = hint.into();
        if !hint.is_empty() {
            self.hints.push(hint);
        }
        self
    }

    /// The same, about `subject`.
    #[must_use]
    pub(crate) fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The same message, its words put after `prefix` (`metric `x`: …`).
    #[must_use]
    pub(crate) fn prefixed(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}{}", self.message);
        self
    }

    /// The error it is, with its hints, not yet placed.
    pub(crate) fn error(self) -> Diagnostic {
        self.hints.into_iter().fold(Diagnostic::error(self.message), Diagnostic::hint)
    }
}

impl fmt::Display for Hinted {
    /// The message alone; the hints are for a diagnostic to show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

impl From<String> for Hinted {
    fn from(message: String) -> Self {
        Hinted::new(message)
    }
}

impl From<&str> for Hinted {
    fn from(message: &str) -> Self {
        Hinted::new(message)
    }
}

/// Places a hinted error in a file, as Typst's `At` does with a span.
pub(crate) trait At<T> {
    /// The error as a diagnostic at `location`.
    fn at(self, location: Location) -> Result<T, Diagnostic>;
}

impl<T> At<T> for HintedResult<T> {
    fn at(self, location: Location) -> Result<T, Diagnostic> {
        self.map_err(|h| h.error().at(location))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::diagnostic::Source;

    #[test]
    fn a_hinted_error_keeps_its_hints_when_placed() {
        let source = Source::new("content/metrics/a.yaml", "a:\n  value: x\n");
        let failed: HintedResult<()> = Err(Hinted::new("`value` is not a number").hint("write 545").hint(""));
        let d = failed.at(Location::new(&source, 12..13)).unwrap_err();
        assert_eq!(d.short(), "content/metrics/a.yaml:2:10: error: `value` is not a number");
        assert_eq!(d.hints(), ["write 545"]);
    }
}
