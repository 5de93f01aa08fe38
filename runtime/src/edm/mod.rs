//! OData `Edm` primitive types whose JSON form differs from the obvious Rust type.
//!
//! Each type here parses the text Microsoft Graph really sends (which is often looser than
//! its documentation says) and writes the canonical form back. Every type implements
//! `FromStr` (strict: only valid values) and `Display` with the same text as its JSON form.
//!
//! Reading JSON is lenient and lossless: a `DateTimeOffset`, `Date`, `TimeOfDay`,
//! `Duration`, `Guid` or `Binary` whose text does not parse keeps that text, writes it back
//! unchanged and reports `is_valid() == false`, instead of failing the whole payload.
//! [`watch_unparsed`] lists such values. `Decimal` and `Flags` are not affected.

use std::fmt;

mod binary;
mod decimal;
mod duration;
mod flags;
mod guid;
mod lenient;
mod temporal;

pub use binary::Binary;
pub use decimal::Decimal;
pub use duration::Duration;
pub use flags::Flags;
pub use guid::Guid;
pub use lenient::watch_unparsed;
pub use temporal::{Date, DateTimeOffset, TimeOfDay};

/// The error returned when the text of an `Edm` value cannot be read.
///
/// Its message names the `Edm` type and quotes the text, so a serde error built from it
/// says which value was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    edm_type: &'static str,
    text: String,
    reason: &'static str,
}

impl ParseError {
    pub(crate) fn new(edm_type: &'static str, text: &str, reason: &'static str) -> Self {
        let text = text.to_owned();
        Self {
            edm_type,
            text,
            reason,
        }
    }

    /// The name of the `Edm` type that was expected, such as `Edm.Duration`.
    pub fn edm_type(&self) -> &'static str {
        self.edm_type
    }

    /// The text that could not be read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            edm_type,
            text,
            reason,
        } = self;
        write!(f, "invalid {edm_type} value {text:?}: {reason}")
    }
}

impl std::error::Error for ParseError {}

/// Writes `.` and the fraction of a second, with trailing zeros removed; nothing when zero.
pub(crate) fn write_fraction(f: &mut fmt::Formatter<'_>, nanos: u32) -> fmt::Result {
    if nanos == 0 {
        return Ok(());
    }
    let digits = format!("{nanos:09}");
    write!(f, ".{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fraction(u32);

    impl fmt::Display for Fraction {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_fraction(f, self.0)
        }
    }

    #[test]
    fn fraction_keeps_only_needed_digits() {
        assert_eq!(Fraction(0).to_string(), "");
        assert_eq!(Fraction(100_000_000).to_string(), ".1");
        assert_eq!(Fraction(473_761_800).to_string(), ".4737618");
        assert_eq!(Fraction(1).to_string(), ".000000001");
    }

    #[test]
    fn parse_error_names_type_and_text() {
        let error = ParseError::new("Edm.Duration", "1:30:00", "expected a leading 'P'");
        let message = "invalid Edm.Duration value \"1:30:00\": expected a leading 'P'";
        assert_eq!(error.to_string(), message);
        assert_eq!(error.edm_type(), "Edm.Duration");
        assert_eq!(error.text(), "1:30:00");
    }
}
