//! Codecs for `Edm.Int64`, `Edm.Double` and `Edm.Single`, which OData may send as strings.
//!
//! Int64 is read from a JSON number or from a string holding an integer (IEEE754Compatible
//! mode), and written as a number, or as a string inside [`super::ieee754_compatible`].
//! Double and Single also carry the non-finite values, which JSON numbers cannot hold, as
//! the strings `NaN`, `INF` and `-INF`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

use super::Codec;

/// The `Edm.Int64` codec.
pub struct Int64;

impl Codec for Int64 {
    type Value = i64;

    fn serialize<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
        if super::ieee754_compatible_now() {
            serializer.collect_str(value)
        } else {
            serializer.serialize_i64(*value)
        }
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        deserializer.deserialize_any(Int64Visitor)
    }
}

/// Reads an integer from a JSON number or a string, never through an `f64` when exact text
/// or an exact integer is available.
struct Int64Visitor;

impl Visitor<'_> for Int64Visitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Int64 as a JSON number or a string holding an integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::custom(format!("Edm.Int64 value {value} is too large")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        // JSON such as `1e3` or `12.0` still names an integer; anything else is refused.
        let in_range = (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&value);
        if value.fract() == 0.0 && in_range {
            return Ok(value as i64);
        }
        Err(E::custom(format!(
            "invalid Edm.Int64 value {value}: not an integer"
        )))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<i64, E> {
        text.trim()
            .parse()
            .map_err(|_| E::custom(format!("invalid Edm.Int64 value {text:?}: not an integer")))
    }
}

/// The `Edm.Double` codec.
pub struct Double;

impl Codec for Double {
    type Value = f64;

    fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(*value) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*value),
        }
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor::<f64>(PhantomData))
    }
}

/// The `Edm.Single` codec.
pub struct Single;

impl Codec for Single {
    type Value = f32;

    fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_text(f64::from(*value)) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f32(*value),
        }
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        deserializer.deserialize_any(FloatVisitor::<f32>(PhantomData))
    }
}

/// The OData text of a value that is not finite, or `None` for a finite value.
fn non_finite_text(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("INF")
    } else if value == f64::NEG_INFINITY {
        Some("-INF")
    } else {
        None
    }
}

/// A floating-point type that a [`FloatVisitor`] can produce.
trait Float: std::str::FromStr + Sized {
    /// The OData type name, for messages.
    const EDM_TYPE: &'static str;

    /// Converts a number the deserializer gave as an `f64`.
    fn from_f64(value: f64) -> Self;
}

impl Float for f64 {
    const EDM_TYPE: &'static str = "Edm.Double";

    fn from_f64(value: f64) -> Self {
        value
    }
}

impl Float for f32 {
    const EDM_TYPE: &'static str = "Edm.Single";

    fn from_f64(value: f64) -> Self {
        value as f32
    }
}

/// Reads a float from a JSON number, a numeric string, or a non-finite value's name.
struct FloatVisitor<F>(PhantomData<F>);

impl<F: Float> Visitor<'_> for FloatVisitor<F> {
    type Value = F;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an {} as a JSON number, a numeric string, NaN, INF or -INF",
            F::EDM_TYPE
        )
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<F, E> {
        Ok(F::from_f64(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<F, E> {
        Ok(F::from_f64(value as f64))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<F, E> {
        Ok(F::from_f64(value as f64))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<F, E> {
        // Rust's float parser already accepts `NaN`, `INF`, `-INF`, `Infinity` and
        // `-Infinity` in any letter case, besides decimal and scientific notation.
        text.trim().parse().map_err(|_| {
            E::custom(format!(
                "invalid {} value {text:?}: not a number",
                F::EDM_TYPE
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_values_have_odata_names() {
        assert_eq!(non_finite_text(f64::NAN), Some("NaN"));
        assert_eq!(non_finite_text(f64::INFINITY), Some("INF"));
        assert_eq!(non_finite_text(f64::NEG_INFINITY), Some("-INF"));
        assert_eq!(non_finite_text(1.5), None);
    }

    #[test]
    fn rust_float_parser_accepts_odata_names() {
        assert!("NaN".parse::<f64>().is_ok_and(f64::is_nan));
        assert_eq!("INF".parse::<f64>(), Ok(f64::INFINITY));
        assert_eq!("-INF".parse::<f32>(), Ok(f32::NEG_INFINITY));
        assert_eq!("Infinity".parse::<f64>(), Ok(f64::INFINITY));
        assert_eq!("-Infinity".parse::<f64>(), Ok(f64::NEG_INFINITY));
    }
}
