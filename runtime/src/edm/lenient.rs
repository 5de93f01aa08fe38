//! The lenient half of the `Edm` types: a value whose text does not parse is kept as that
//! text and written back unchanged, so one odd value never fails a whole payload.
//!
//! Pages and services send placeholders (`"datetime-value"`), date-only text in timestamp
//! fields and truncated base64. Rejecting them would lose the rest of the object; keeping
//! them as parsed values would invent data. [`watch_unparsed`] reports what was kept.

use std::cell::RefCell;

use super::ParseError;

/// A value read from the wire: parsed, or kept as the text that did not parse.
#[derive(Debug, Clone)]
pub(crate) enum Repr<V> {
    /// The text parsed.
    Valid(V),
    /// The text as received; written back unchanged.
    Unparsed(Box<str>),
}

impl<V> Repr<V> {
    /// The parsed value, if the text parsed.
    pub(crate) fn valid(&self) -> Option<&V> {
        match self {
            Self::Valid(value) => Some(value),
            Self::Unparsed(_) => None,
        }
    }

    /// The text kept because it did not parse.
    pub(crate) fn unparsed(&self) -> Option<&str> {
        match self {
            Self::Valid(_) => None,
            Self::Unparsed(text) => Some(text),
        }
    }
}

thread_local! {
    // `None` while nobody watches, so the common path only pays when a value fails.
    static WATCHED: RefCell<Option<Vec<ParseError>>> = const { RefCell::new(None) };
}

/// Records a value kept as text, for [`watch_unparsed`].
pub(crate) fn note_unparsed(error: ParseError) {
    WATCHED.with(|watched| {
        if let Some(list) = watched.borrow_mut().as_mut() {
            list.push(error);
        }
    });
}

/// Runs `f` and returns, beside its result, every `Edm` value that was kept as unparsed text
/// while it ran on this thread (each as the [`ParseError`] the strict reading gave).
///
/// Decoding never fails on such values; this is how a caller learns about them:
///
/// ```
/// use graph_runtime::edm::{watch_unparsed, DateTimeOffset};
///
/// let (value, unparsed) = watch_unparsed(|| {
///     serde_json::from_str::<DateTimeOffset>(r#""datetime-value""#)
/// });
/// let value = value?;
/// assert!(!value.is_valid());
/// assert_eq!(value.to_string(), "datetime-value");
/// assert_eq!(unparsed[0].edm_type(), "Edm.DateTimeOffset");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn watch_unparsed<R>(f: impl FnOnce() -> R) -> (R, Vec<ParseError>) {
    let outer = WATCHED.with(|watched| watched.borrow_mut().replace(Vec::new()));
    // Restores the outer watch even if `f` panics.
    struct Restore(Option<Option<Vec<ParseError>>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0.take() {
                WATCHED.with(|watched| *watched.borrow_mut() = outer);
            }
        }
    }
    let mut restore = Restore(Some(outer));
    let result = f();
    let seen = WATCHED.with(|watched| watched.borrow_mut().take().unwrap_or_default());
    // A watch around this one sees these values too.
    if let Some(Some(mut outer)) = restore.0.take() {
        outer.extend(seen.iter().cloned());
        restore.0 = Some(Some(outer));
    }
    drop(restore);
    (result, seen)
}

/// Implements the lenient API, equality, hashing and serde for an `Edm` type whose
/// representation is `self.0: Repr<_>` and whose `key()` gives the value compared.
///
/// `Serialize` writes the `Display` text; `Deserialize` reads any string through
/// `from_text`, so it fails only on a value that is not a string.
macro_rules! lenient_type {
    ($ty:ident, $expecting:literal) => {
        impl $ty {
            /// Reads `text`, keeping it as unparsed text when it is not a valid value.
            pub fn from_text(text: &str) -> Self {
                match text.parse() {
                    Ok(value) => value,
                    Err(error) => {
                        $crate::edm::lenient::note_unparsed(error);
                        Self($crate::edm::lenient::Repr::Unparsed(text.into()))
                    }
                }
            }

            /// Whether the value parsed; `false` when it is kept as unparsed text.
            pub fn is_valid(&self) -> bool {
                self.0.valid().is_some()
            }

            /// The text as received when it did not parse (written back unchanged);
            /// `None` for a valid value.
            pub fn unparsed(&self) -> Option<&str> {
                self.0.unparsed()
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                self.key() == other.key()
            }
        }

        impl Eq for $ty {}

        impl ::std::hash::Hash for $ty {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.key().hash(state)
            }
        }

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
                        Ok(<$ty>::from_text(text))
                    }
                }

                deserializer.deserialize_str(TextVisitor)
            }
        }
    };
}

pub(crate) use lenient_type;

/// Orders a [`lenient_type!`] type by its `key()`: valid values in their own order, then
/// unparsed texts by text.
macro_rules! lenient_ord {
    ($ty:ident) => {
        impl PartialOrd for $ty {
            fn partial_cmp(&self, other: &Self) -> Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $ty {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.key().cmp(&other.key())
            }
        }
    };
}

pub(crate) use lenient_ord;

/// The number of fraction digits written after the first `.` in `text`, if any.
pub(crate) fn fraction_digits(text: &str) -> Option<u8> {
    let (_, after) = text.split_once('.')?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    u8::try_from(digits).ok()
}
