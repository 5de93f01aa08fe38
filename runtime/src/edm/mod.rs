//! OData `Edm` primitive types whose JSON form differs from the obvious Rust type.
//!
//! Each type here parses the text Microsoft Graph really sends (which is often looser than
//! its documentation says) and writes the canonical form back. Every type implements
//! `FromStr` and `Display` with the same text as its JSON form.

use std::fmt;

mod decimal;
mod duration;
mod flags;
mod temporal;

pub use decimal::Decimal;
pub use duration::Duration;
pub use flags::Flags;
pub use temporal::{Date, DateTimeOffset, TimeOfDay};

/// `Edm.Guid`: a UUID, read in any common form and written hyphenated
/// (`01234567-89ab-cdef-0123-456789abcdef`).
pub use uuid::Uuid as Guid;

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

/// Implements `Serialize` as the `Display` text and `Deserialize` from a string through
/// `FromStr`, for a type whose `FromStr` error is [`ParseError`].
macro_rules! serde_via_text {
    ($ty:ty, $expecting:literal) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                struct TextVisitor;

                impl ::serde::de::Visitor<'_> for TextVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> Result<$ty, E> {
                        text.parse().map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(TextVisitor)
            }
        }
    };
}

pub(crate) use serde_via_text;

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
