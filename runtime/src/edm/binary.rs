//! `Edm.Binary`: raw bytes in the field, base64 text on the wire.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::lenient::{lenient_type, Repr};
use super::ParseError;
use crate::wire::decode_base64;

/// `Edm.Binary`: holds the raw bytes; the base64 step happens in serde, once each way.
///
/// Reads standard or URL-safe base64, padded or not (`""` is empty bytes), and writes
/// standard padded base64, except that bytes read from text are written back in the
/// spelling they came in. Docs call such fields "base64-encoded"; the value here is
/// already decoded, so do not encode it again.
///
/// Lenient: text that is not base64 (`"MIIDYDCCAki..."`) is kept and written back
/// unchanged; [`bytes`](Self::bytes) is then `None`.
#[derive(Debug, Clone)]
pub struct Binary(Repr<(Vec<u8>, Option<Box<str>>)>);

impl Binary {
    /// Wraps raw bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(Repr::Valid((bytes.into(), None)))
    }

    /// The decoded bytes; `None` when the text was not base64.
    pub fn bytes(&self) -> Option<&[u8]> {
        self.0.valid().map(|(bytes, _)| bytes.as_slice())
    }

    /// The decoded bytes, owned; `None` when the text was not base64.
    pub fn into_bytes(self) -> Option<Vec<u8>> {
        match self.0 {
            Repr::Valid((bytes, _)) => Some(bytes),
            Repr::Unparsed(_) => None,
        }
    }

    fn key(&self) -> Result<&[u8], &str> {
        self.bytes()
            .ok_or_else(|| self.unparsed().unwrap_or_default())
    }
}

lenient_type!(Binary, "an Edm.Binary as a base64 string");

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes)
    }
}

impl FromStr for Binary {
    type Err = ParseError;

    /// Reads valid base64 only; see [`Binary::from_text`] for the lenient read.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        let bytes = decode_base64(text)
            .ok_or_else(|| ParseError::new("Edm.Binary", text, "expected base64"))?;
        // Keeps a spelling other than the standard padded one, to write it back as read.
        let spelling = (STANDARD.encode(&bytes) != text).then(|| text.into());
        Ok(Self(Repr::Valid((bytes, spelling))))
    }
}

impl fmt::Display for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Valid((_, Some(spelling))) => f.write_str(spelling),
            Repr::Valid((bytes, None)) => f.write_str(&STANDARD.encode(bytes)),
            Repr::Unparsed(text) => f.write_str(text),
        }
    }
}
