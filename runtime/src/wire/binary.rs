//! The `Edm.Binary` codec: raw bytes in the field, base64 text on the wire.
//!
//! Docs describe such fields as "base64-encoded", but the Rust field holds the decoded bytes;
//! this codec does the one encoding on write and the one decoding on read.

use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

use super::Codec;

/// Decoding settings that accept padded and unpadded text alike.
const ANY_PADDING: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);

/// Reads the standard alphabet (`+`, `/`), padded or not.
const STANDARD_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, ANY_PADDING);

/// Reads the URL-safe alphabet (`-`, `_`), padded or not.
const URL_SAFE_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, ANY_PADDING);

/// The `Edm.Binary` codec.
pub(super) struct Binary;

impl Codec for Binary {
    type Value = Vec<u8>;

    fn serialize<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(value))
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_str(BinaryVisitor)
    }
}

/// Decodes base64 in either alphabet, padded or not.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let standard = STANDARD_ANY_PADDING.decode(text);
    standard.or_else(|_| URL_SAFE_ANY_PADDING.decode(text)).ok()
}

/// Reads base64 text; formats that carry bytes natively may give them directly.
struct BinaryVisitor;

impl Visitor<'_> for BinaryVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Binary as a base64 string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<u8>, E> {
        decode(text).ok_or_else(|| E::custom(format!("invalid Edm.Binary value {text:?}")))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
        Ok(bytes.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_alphabets_decode_with_or_without_padding() {
        assert_eq!(decode("+/8="), Some(vec![0xfb, 0xff]));
        assert_eq!(decode("+/8"), Some(vec![0xfb, 0xff]));
        assert_eq!(decode("-_8="), Some(vec![0xfb, 0xff]));
        assert_eq!(decode("-_8"), Some(vec![0xfb, 0xff]));
        assert_eq!(decode(""), Some(Vec::new()));
        assert_eq!(decode("not base64!"), None);
    }
}
