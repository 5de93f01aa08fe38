//! `Edm.Guid`: a UUID, read in any common form and written hyphenated.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use super::lenient::{lenient_ord, lenient_type, Repr};
use super::ParseError;

/// `Edm.Guid`: a UUID, read in any common form (hyphenated, simple, braced, URN, any case)
/// and written hyphenated in lower case (`01234567-89ab-cdef-0123-456789abcdef`).
///
/// Lenient: text that is not a UUID (`"skuId-value"`) is kept and written back unchanged;
/// [`value`](Self::value) is then `None`.
#[derive(Debug, Clone)]
pub struct Guid(Repr<Uuid>);

impl Guid {
    /// Wraps a UUID.
    pub fn new(value: Uuid) -> Self {
        Self(Repr::Valid(value))
    }

    /// The UUID; `None` when the text did not parse.
    pub fn value(&self) -> Option<Uuid> {
        self.0.valid().copied()
    }

    fn key(&self) -> Result<Uuid, &str> {
        self.value()
            .ok_or_else(|| self.unparsed().unwrap_or_default())
    }
}

lenient_type!(
    Guid,
    "an Edm.Guid string such as 01234567-89ab-cdef-0123-456789abcdef"
);
lenient_ord!(Guid);

impl From<Uuid> for Guid {
    fn from(value: Uuid) -> Self {
        Self::new(value)
    }
}

impl FromStr for Guid {
    type Err = ParseError;

    /// Reads a valid UUID only; see [`Guid::from_text`] for the lenient read.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        Uuid::parse_str(text)
            .map(Self::new)
            .map_err(|_| ParseError::new("Edm.Guid", text, "expected a UUID"))
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Valid(value) => write!(f, "{}", value.hyphenated()),
            Repr::Unparsed(text) => f.write_str(text),
        }
    }
}
