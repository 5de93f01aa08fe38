//! OData conventions that generated models share: reading the `@odata.type` discriminator
//! of a payload, writing it for a derived value, and PATCH bodies that clear properties.

use std::collections::BTreeSet;

use serde::{Serialize, Serializer};
use serde_json::Value;

/// The key that names a payload's type.
pub const TYPE_KEY: &str = "@odata.type";

/// The payload's `@odata.type`, without its leading `#` and lower-cased, so it can be
/// compared with a qualified name such as `microsoft.graph.group`.
pub fn type_tag(value: &Value) -> Option<String> {
    let tag = value.get(TYPE_KEY)?.as_str()?;
    Some(tag.trim().trim_start_matches('#').to_ascii_lowercase())
}

/// Serialises `value`, adding `"@odata.type": tag` when the value does not carry its own
/// discriminator, so that the service knows which derived type it receives.
pub fn serialize_tagged<T, S>(value: &T, tag: &str, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Serialize,
    S: Serializer,
{
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut json {
        if !map.contains_key(TYPE_KEY) {
            map.insert(TYPE_KEY.to_owned(), Value::String(tag.to_owned()));
        }
    }
    json.serialize(serializer)
}

/// A request body that also sends some properties as `null`, which clears them on the
/// service.
///
/// A model field left `None` is not written at all, which leaves the property unchanged; a
/// field set to `Some` sets it. To clear a property, name it here: it is written as `null`,
/// whatever the value's field holds, until [`Patch::keep`] takes it back.
///
/// ```
/// use graph_runtime::odata::Patch;
/// #[derive(serde::Serialize, Default)]
/// struct Event {
///     #[serde(rename = "subject", skip_serializing_if = "Option::is_none")]
///     subject: Option<String>,
/// }
/// let body = Patch::new(Event { subject: Some("Review".into()) }).clear("location");
/// let json = serde_json::to_value(&body).unwrap();
/// assert_eq!(json, serde_json::json!({"subject": "Review", "location": null}));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Patch<T> {
    value: T,
    cleared: BTreeSet<String>,
}

impl<T> Patch<T> {
    /// A body that sends `value` and clears nothing yet.
    pub fn new(value: T) -> Self {
        Patch {
            value,
            cleared: BTreeSet::new(),
        }
    }

    /// Sends the property whose JSON name is `property` as `null`.
    pub fn clear(mut self, property: &str) -> Self {
        self.cleared.insert(property.to_owned());
        self
    }

    /// Takes back an earlier [`Patch::clear`]: the value's own field is sent again.
    pub fn keep(mut self, property: &str) -> Self {
        self.cleared.remove(property);
        self
    }

    /// The JSON names of the properties sent as `null`.
    pub fn cleared(&self) -> impl Iterator<Item = &str> {
        self.cleared.iter().map(String::as_str)
    }

    /// The value sent.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value sent, to change it.
    pub fn value_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// What a PATCH method of the request builders takes for a body of type `T`: the value
/// itself (its `None` fields stay unchanged) or a [`Patch`] of it, which also clears.
///
/// ```
/// use graph_runtime::odata::{Patch, PatchBody};
/// #[derive(serde::Serialize, Default)]
/// struct Event {
///     #[serde(rename = "subject", skip_serializing_if = "Option::is_none")]
///     subject: Option<String>,
/// }
/// fn update(body: &impl PatchBody<Event>) -> String {
///     serde_json::to_string(body).unwrap()
/// }
/// assert_eq!(update(&Event::default()), "{}");
/// assert_eq!(update(&Patch::new(Event::default()).clear("subject")), r#"{"subject":null}"#);
/// ```
pub trait PatchBody<T: ?Sized>: Serialize {}

impl<T: Serialize + ?Sized> PatchBody<T> for T {}

impl<T: Serialize> PatchBody<T> for Patch<T> {}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut json = serde_json::to_value(&self.value).map_err(serde::ser::Error::custom)?;
        if let Value::Object(map) = &mut json {
            for property in &self.cleared {
                map.insert(property.clone(), Value::Null);
            }
        }
        json.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_in_both_spellings() {
        let a = serde_json::json!({"@odata.type": "#microsoft.graph.Group"});
        let b = serde_json::json!({"@odata.type": "microsoft.graph.group"});
        assert_eq!(type_tag(&a).as_deref(), Some("microsoft.graph.group"));
        assert_eq!(type_tag(&a), type_tag(&b));
        assert_eq!(type_tag(&serde_json::json!({"id": "x"})), None);
    }

    #[test]
    fn adds_a_missing_tag_only() {
        let untagged = serde_json::json!({"id": "1"});
        let written = serialize_tagged(
            &untagged,
            "#microsoft.graph.group",
            serde_json::value::Serializer,
        );
        assert_eq!(
            written.unwrap(),
            serde_json::json!({"id": "1", "@odata.type": "#microsoft.graph.group"})
        );
        let tagged = serde_json::json!({"@odata.type": "#microsoft.graph.x"});
        let written = serialize_tagged(
            &tagged,
            "#microsoft.graph.group",
            serde_json::value::Serializer,
        );
        assert_eq!(written.unwrap(), tagged);
    }

    #[test]
    fn patch_clears_once_and_can_keep() {
        let value = serde_json::json!({"a": 1, "b": 2});
        let body = Patch::new(value.clone()).clear("b").clear("c");
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(json, r#"{"a":1,"b":null,"c":null}"#);
        let body = body.keep("b");
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"a":1,"b":2,"c":null}"#
        );
    }
}
