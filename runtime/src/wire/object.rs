//! Generated structs as JSON objects, read and written member by member.
//!
//! serde's derived code reads a member sent as `null` into `None`, the same as a missing
//! one, so writing the value back would drop the member. A struct that implements
//! [`Object`] instead keeps such a member, and every member it has no field for, in its
//! catch-all map, and writes them back where its typed fields do not say otherwise.
//!
//! ```
//! use std::collections::BTreeMap;
//!
//! use graph_runtime::wire::{self, Found, MemberValue, Members, Object};
//! use serde::de::MapAccess;
//! use serde::ser::SerializeMap;
//!
//! #[derive(Default)]
//! struct Event {
//!     subject: Option<String>,
//!     size: Option<i64>,
//!     additional_data: BTreeMap<String, serde_json::Value>,
//! }
//!
//! impl Object for Event {
//!     fn empty() -> Self {
//!         Self::default()
//!     }
//!
//!     fn other_members(&self) -> &BTreeMap<String, serde_json::Value> {
//!         &self.additional_data
//!     }
//!
//!     fn other_members_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value> {
//!         &mut self.additional_data
//!     }
//!
//!     fn read_member<'de, A: MapAccess<'de>>(
//!         &mut self,
//!         name: &str,
//!         value: MemberValue<'_, A>,
//!     ) -> Result<Found, A::Error> {
//!         match name {
//!             "subject" => value.read(&mut self.subject),
//!             "size" => value.read_via::<wire::Int64>(&mut self.size),
//!             _ => Ok(Found::Unknown),
//!         }
//!     }
//!
//!     fn write_members<M: SerializeMap>(&self, members: &mut Members<M>) -> Result<(), M::Error> {
//!         members.write("subject", &self.subject)?;
//!         members.write_via::<wire::Int64>("size", &self.size)
//!     }
//! }
//!
//! impl<'de> serde::Deserialize<'de> for Event {
//!     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         wire::read_object(deserializer)
//!     }
//! }
//!
//! impl serde::Serialize for Event {
//!     fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         wire::write_object(self, serializer)
//!     }
//! }
//!
//! let text = r#"{"subject":null,"size":"42","@odata.etag":"W/\"1\""}"#;
//! let mut event: Event = serde_json::from_str(text)?;
//! assert_eq!((event.subject.as_deref(), event.size), (None, Some(42)));
//! let back: serde_json::Value = serde_json::to_value(&event)?;
//! assert_eq!(back, serde_json::json!({"subject": null, "size": 42, "@odata.etag": "W/\"1\""}));
//!
//! // A typed field that is set wins over a remembered `null`.
//! event.subject = Some("Review".into());
//! assert_eq!(serde_json::to_value(&event)?["subject"], "Review");
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Codec, In, Out, OutList};

/// A generated struct read from and written to a JSON object one member at a time.
///
/// Its `Deserialize` and `Serialize` impls call [`read_object`] and [`write_object`].
pub trait Object: Sized {
    /// A value with no member set, into which a payload is read.
    fn empty() -> Self;

    /// The members no typed field holds: unknown ones, and typed ones sent as `null`.
    fn other_members(&self) -> &BTreeMap<String, Value>;

    /// The same map, to fill while reading.
    fn other_members_mut(&mut self) -> &mut BTreeMap<String, Value>;

    /// Reads the member `name` into its field, or answers [`Found::Unknown`] for a name the
    /// struct has no field for.
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        value: MemberValue<'_, A>,
    ) -> Result<Found, A::Error>;

    /// Writes every typed field that holds a value.
    fn write_members<M: SerializeMap>(&self, members: &mut Members<M>) -> Result<(), M::Error>;
}

/// What [`Object::read_member`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// A value, now in its field.
    Value,
    /// `null`, for a field that then holds `None`.
    Null,
    /// A name the struct has no field for; the value is still to be read.
    Unknown,
}

/// The value of one member, not read yet.
pub struct MemberValue<'a, A> {
    map: &'a mut A,
}

impl<'de, A: MapAccess<'de>> MemberValue<'_, A> {
    /// Reads the value into an optional field; `null` leaves `None`.
    pub fn read<T: Deserialize<'de>>(self, field: &mut Option<T>) -> Result<Found, A::Error> {
        *field = self.map.next_value()?;
        Ok(found(field))
    }

    /// Reads the value through codec `C` (an Edm primitive whose wire forms vary).
    pub fn read_via<C: Codec>(self, field: &mut Option<C::Value>) -> Result<Found, A::Error> {
        *field = self
            .map
            .next_value::<Option<In<C>>>()?
            .map(|In(value)| value);
        Ok(found(field))
    }

    /// Reads a list whose elements go through codec `C`.
    pub fn read_list_via<C: Codec>(
        self,
        field: &mut Option<Vec<C::Value>>,
    ) -> Result<Found, A::Error> {
        let values = self.map.next_value::<Option<Vec<In<C>>>>()?;
        *field = values.map(|values| values.into_iter().map(|In(value)| value).collect());
        Ok(found(field))
    }
}

fn found<T>(field: &Option<T>) -> Found {
    if field.is_some() {
        Found::Value
    } else {
        Found::Null
    }
}

/// The members of an object being written.
pub struct Members<'a, M> {
    map: &'a mut M,
    /// The typed members written so far, while the catch-all map has entries that could
    /// repeat one of them.
    written: Option<Vec<&'static str>>,
}

impl<M: SerializeMap> Members<'_, M> {
    /// Writes an optional field; `None` writes nothing.
    pub fn write<T: Serialize>(
        &mut self,
        name: &'static str,
        field: &Option<T>,
    ) -> Result<(), M::Error> {
        match field {
            Some(value) => self.entry(name, value),
            None => Ok(()),
        }
    }

    /// Writes an optional field through codec `C`.
    pub fn write_via<C: Codec>(
        &mut self,
        name: &'static str,
        field: &Option<C::Value>,
    ) -> Result<(), M::Error> {
        match field {
            Some(value) => self.entry(name, &Out::<C>(value)),
            None => Ok(()),
        }
    }

    /// Writes an optional list whose elements go through codec `C`.
    pub fn write_list_via<C: Codec>(
        &mut self,
        name: &'static str,
        field: &Option<Vec<C::Value>>,
    ) -> Result<(), M::Error> {
        match field {
            Some(values) => self.entry(name, &OutList::<C>(values)),
            None => Ok(()),
        }
    }

    fn entry<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        if let Some(written) = &mut self.written {
            written.push(name);
        }
        self.map.serialize_entry(name, value)
    }
}

/// Reads a JSON object into `T`, member by member; for `T`'s `Deserialize` impl.
pub fn read_object<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// Writes `value` as a JSON object; for `T`'s `Serialize` impl.
///
/// The typed fields come first; then the catch-all map, less any member a typed field has
/// written (so a field set after reading `null` is not written twice).
pub fn write_object<S: Serializer, T: Object>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let others = value.other_members();
    let mut map = serializer.serialize_map(None)?;
    let mut members = Members {
        map: &mut map,
        written: (!others.is_empty()).then(Vec::new),
    };
    value.write_members(&mut members)?;
    let written = members.written.unwrap_or_default();
    for (name, other) in others {
        if !written.contains(&name.as_str()) {
            map.serialize_entry(name, other)?;
        }
    }
    map.end()
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::empty();
        while let Some(name) = map.next_key_seed(NameSeed)? {
            match object.read_member(&name, MemberValue { map: &mut map })? {
                Found::Value => {}
                Found::Null => {
                    object.other_members_mut().insert(name.into(), Value::Null);
                }
                Found::Unknown => {
                    let value = map.next_value::<Value>()?;
                    object.other_members_mut().insert(name.into(), value);
                }
            }
        }
        Ok(object)
    }
}

/// A member name, borrowed from the input where the deserializer allows it.
enum Name<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl std::ops::Deref for Name<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Name::Borrowed(name) => name,
            Name::Owned(name) => name,
        }
    }
}

impl From<Name<'_>> for String {
    fn from(name: Name<'_>) -> String {
        match name {
            Name::Borrowed(name) => name.to_owned(),
            Name::Owned(name) => name,
        }
    }
}

struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Name<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Name<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed {
    type Value = Name<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, name: &'de str) -> Result<Name<'de>, E> {
        Ok(Name::Borrowed(name))
    }

    fn visit_str<E>(self, name: &str) -> Result<Name<'de>, E> {
        Ok(Name::Owned(name.to_owned()))
    }

    fn visit_string<E>(self, name: String) -> Result<Name<'de>, E> {
        Ok(Name::Owned(name))
    }
}
