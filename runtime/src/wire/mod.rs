//! How generated models meet the wire: [`Object`], through which each generated struct reads
//! and writes its JSON object member by member (keeping members sent as `null` and members
//! the docs do not list), the codecs for Edm primitives whose wire forms vary ([`Int64`],
//! [`Double`], [`Single`]), and serde `with` modules that apply those codecs to the fields
//! of hand-written structs.
//!
//! In a `with` module, a missing key and JSON `null` both read as `None`, and `None` writes
//! nothing:
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct DriveItem {
//!     #[serde(
//!         default,
//!         skip_serializing_if = "Option::is_none",
//!         with = "::graph_runtime::wire::int64_opt"
//!     )]
//!     size: Option<i64>,
//! }
//!
//! let item: DriveItem = serde_json::from_str(r#"{"size": "9007199254740993"}"#)?;
//! assert_eq!(item.size, Some(9_007_199_254_740_993));
//! assert_eq!(serde_json::to_string(&item)?, r#"{"size":9007199254740993}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! - [`int64_opt`], [`int64_vec_opt`]: `Edm.Int64`, read from a number or a string holding an
//!   integer, written as a number.
//! - [`double_opt`], [`double_vec_opt`], [`single_opt`], [`single_vec_opt`]: `Edm.Double` and
//!   `Edm.Single`, read from a number, a numeric string, `NaN`, `INF` or `-INF`, written as a
//!   number or, when not finite, as one of those strings.
//! - [`binary_opt`], [`binary_vec_opt`]: `Edm.Binary`, raw bytes in the field and base64 on
//!   the wire.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod binary;
mod number;
mod object;

pub(crate) use binary::decode as decode_base64;
use binary::Binary;
pub use number::{Double, Int64, Single};
pub use object::{read_object, write_object, Found, MemberValue, Members, Object};

/// How one Edm primitive is read from and written to the wire: [`Int64`], [`Double`] and
/// [`Single`] name the codecs that [`MemberValue::read_via`] and [`Members::write_via`] take.
pub trait Codec {
    /// The Rust type of a field value.
    type Value;

    /// Writes one value.
    fn serialize<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error>;

    /// Reads one value.
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self::Value, D::Error>;
}

/// A borrowed value that serializes through codec `C`.
struct Out<'a, C: Codec>(&'a C::Value);

impl<C: Codec> Serialize for Out<'_, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::serialize(self.0, serializer)
    }
}

/// A borrowed list whose elements serialize through codec `C`.
struct OutList<'a, C: Codec>(&'a [C::Value]);

impl<C: Codec> Serialize for OutList<'_, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Out::<C>))
    }
}

/// An owned value that deserializes through codec `C`.
struct In<C: Codec>(C::Value);

impl<'de, C: Codec> Deserialize<'de> for In<C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::deserialize(deserializer).map(In)
    }
}

/// Writes `Some` through codec `C`, and `None` as null (normally skipped by the field).
fn serialize_opt<C: Codec, S: Serializer>(
    value: &Option<C::Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&Out::<C>(value)),
        None => serializer.serialize_none(),
    }
}

/// Reads null as `None`, and anything else through codec `C`.
fn deserialize_opt<'de, C: Codec, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<C::Value>, D::Error> {
    let value = Option::<In<C>>::deserialize(deserializer)?;
    Ok(value.map(|In(value)| value))
}

/// Writes `Some` as a list whose elements go through codec `C`, and `None` as null.
fn serialize_vec_opt<C: Codec, S: Serializer>(
    value: &Option<Vec<C::Value>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(values) => serializer.serialize_some(&OutList::<C>(values)),
        None => serializer.serialize_none(),
    }
}

/// Reads null as `None`, and a list whose elements go through codec `C`.
fn deserialize_vec_opt<'de, C: Codec, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<C::Value>>, D::Error> {
    let values = Option::<Vec<In<C>>>::deserialize(deserializer)?;
    Ok(values.map(|values| values.into_iter().map(|In(value)| value).collect()))
}

/// Declares a public `with` module for `Option<$value>` fields, backed by codec `$codec`.
macro_rules! option_module {
    ($(#[$doc:meta])* $name:ident, $codec:ty, $value:ty) => {
        $(#[$doc])*
        pub mod $name {
            use serde::{Deserializer, Serializer};

            /// Writes the value; `None` writes null (the field normally skips it).
            pub fn serialize<S: Serializer>(
                value: &Option<$value>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                super::serialize_opt::<$codec, S>(value, serializer)
            }

            /// Reads the value; JSON null reads as `None`.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<$value>, D::Error> {
                super::deserialize_opt::<$codec, D>(deserializer)
            }
        }
    };
}

/// Declares a public `with` module for `Option<Vec<$value>>` fields, backed by codec `$codec`.
macro_rules! vec_option_module {
    ($(#[$doc:meta])* $name:ident, $codec:ty, $value:ty) => {
        $(#[$doc])*
        pub mod $name {
            use serde::{Deserializer, Serializer};

            /// Writes the list; `None` writes null (the field normally skips it).
            pub fn serialize<S: Serializer>(
                value: &Option<Vec<$value>>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                super::serialize_vec_opt::<$codec, S>(value, serializer)
            }

            /// Reads the list; JSON null reads as `None`.
            pub fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<Vec<$value>>, D::Error> {
                super::deserialize_vec_opt::<$codec, D>(deserializer)
            }
        }
    };
}

option_module!(
    /// `Edm.Int64` in an `Option<i64>` field: reads a JSON number or a string holding an
    /// integer (exactly, beyond 2^53), writes a bare JSON number.
    int64_opt, super::Int64, i64
);

vec_option_module!(
    /// `Collection(Edm.Int64)` in an `Option<Vec<i64>>` field: each element as in
    /// [`int64_opt`].
    int64_vec_opt, super::Int64, i64
);

option_module!(
    /// `Edm.Double` in an `Option<f64>` field: reads a number, a numeric string, or `NaN`,
    /// `INF`, `-INF` (`Infinity`, `-Infinity` too); writes a number, or one of `"NaN"`,
    /// `"INF"`, `"-INF"` for values that are not finite.
    double_opt, super::Double, f64
);

vec_option_module!(
    /// `Collection(Edm.Double)` in an `Option<Vec<f64>>` field: each element as in
    /// [`double_opt`].
    double_vec_opt, super::Double, f64
);

option_module!(
    /// `Edm.Single` in an `Option<f32>` field: read and written as in
    /// [`double_opt`].
    single_opt, super::Single, f32
);

vec_option_module!(
    /// `Collection(Edm.Single)` in an `Option<Vec<f32>>` field: each element as in
    /// [`single_opt`].
    single_vec_opt, super::Single, f32
);

option_module!(
    /// `Edm.Binary` in an `Option<Vec<u8>>` field. The field holds the raw bytes; the
    /// base64 step happens here, exactly once each way. Reads standard or URL-safe base64,
    /// padded or not (`""` is empty bytes); writes standard padded base64.
    binary_opt, super::Binary, Vec<u8>
);

vec_option_module!(
    /// `Collection(Edm.Binary)` in an `Option<Vec<Vec<u8>>>` field: each element as in
    /// [`binary_opt`].
    binary_vec_opt, super::Binary, Vec<u8>
);

thread_local! {
    static IEEE754_COMPATIBLE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `write` with `Edm.Int64` and `Edm.Decimal` values written as JSON strings, the form
/// a request declared `IEEE754Compatible=true` promises (numbers beyond 2^53 then survive
/// JavaScript-based readers); outside it they are bare numbers.
///
/// ```
/// use graph_runtime::edm::Decimal;
/// let price: Decimal = "12.50".parse().unwrap();
/// let text = graph_runtime::wire::ieee754_compatible(|| serde_json::to_string(&price));
/// assert_eq!(text.unwrap(), r#""12.50""#);
/// assert_eq!(serde_json::to_string(&price).unwrap(), "12.50");
/// ```
pub fn ieee754_compatible<T>(write: impl FnOnce() -> T) -> T {
    /// Puts the previous mode back, also when `write` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            IEEE754_COMPATIBLE.with(|mode| mode.set(self.0));
        }
    }
    let _restore = Restore(IEEE754_COMPATIBLE.with(|mode| mode.replace(true)));
    write()
}

/// Whether the current thread is inside [`ieee754_compatible`].
pub(crate) fn ieee754_compatible_now() -> bool {
    IEEE754_COMPATIBLE.with(std::cell::Cell::get)
}
