//! `Edm.Decimal`: an exact decimal number, sent as a JSON number or a JSON string.
//!
//! OData lets a service send decimals as strings (`IEEE754Compatible=true`), so both forms
//! are read. Values are written as a bare JSON number with every digit kept.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use super::ParseError;

/// `Edm.Decimal`: an exact decimal number of up to 28 significant digits.
///
/// Reads a JSON number or a JSON string (`"12.50"`, or scientific notation such as
/// `"1.5e3"`). A string is read exactly; a bare JSON number with more significant digits than
/// an `f64` holds (about 15) has already lost them in the JSON parser, so such values should
/// arrive as strings. Writes a bare JSON number with the scale kept (`12.50` writes `12.50`).
///
/// Writing goes through `serde_json`'s raw values, so it is meant for `serde_json`
/// serializers, which is how generated models are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Decimal(pub rust_decimal::Decimal);

impl Decimal {
    /// Wraps a `rust_decimal` value.
    pub fn new(value: rust_decimal::Decimal) -> Self {
        Self(value)
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Self(value)
    }
}

impl From<Decimal> for rust_decimal::Decimal {
    fn from(value: Decimal) -> Self {
        value.0
    }
}

impl FromStr for Decimal {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        let parsed = if text.contains(['e', 'E']) {
            rust_decimal::Decimal::from_scientific(text)
        } else {
            rust_decimal::Decimal::from_str_exact(text)
        };
        parsed
            .map(Self)
            .map_err(|_| ParseError::new("Edm.Decimal", text, "expected a decimal number"))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if crate::wire::ieee754_compatible_now() {
            return serializer.collect_str(self);
        }
        // `Display` never uses an exponent, so its text is always a valid JSON number.
        let number = RawValue::from_string(self.to_string()).map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

/// Reads a decimal from any JSON number or from a string.
struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Decimal as a JSON number or a numeric string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Decimal, E> {
        self.visit_str(&value.to_string())
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Decimal, E> {
        self.visit_str(&value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        // Rust prints the shortest text that reads back as the same `f64`, without an
        // exponent, which is the number as it was written in the JSON.
        if !value.is_finite() {
            return Err(E::custom(format!("invalid Edm.Decimal value {value}")));
        }
        self.visit_str(&value.to_string())
    }
}
