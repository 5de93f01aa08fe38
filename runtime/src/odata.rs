//! OData conventions that generated models share: reading the `@odata.type` discriminator
//! of a payload and writing it for a derived value.

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
}
