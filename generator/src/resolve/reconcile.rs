//! Reconciling the property tables with the examples. Where a table and the examples
//! disagree on whether a property is a list, or a `String` row carries objects, booleans
//! or integers, the reading most examples support wins, and the disagreement is reported.
//!
//! Rule: every request and response example whose body is valid JSON votes, per property
//! it shows with a non-null value, for "list" or "single value", and for the JSON kind of
//! the value (object, text, boolean, integer). A property is changed only when the votes
//! against the table outnumber the votes for it.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::diag::{DiagKind, Diagnostics, SourceSpan};
use crate::model::{
    ExampleKind, Operation, Primitive, QualifiedName, RequestBody, StructType, TypeRef,
};

#[derive(Default)]
struct Votes {
    list: usize,
    single: usize,
    object: usize,
    text: usize,
    boolean: usize,
    integer: usize,
    /// Text values that are a date alone (`2021-07-16`).
    date_only: usize,
    /// Text values that are a date and a time (`2021-07-16T09:00:00Z`).
    date_time: usize,
}

type Key = (QualifiedName, String);

/// Applies what the examples show to the structs.
pub(crate) fn reconcile_with_examples(
    structs: &mut BTreeMap<QualifiedName, StructType>,
    operations: &[Operation],
    diags: &mut Diagnostics,
) {
    let by_lower: HashMap<String, QualifiedName> = structs
        .keys()
        .map(|k| (k.to_string().to_lowercase(), k.clone()))
        .collect();
    let mut votes: BTreeMap<Key, Votes> = BTreeMap::new();
    let mut first_seen: BTreeMap<Key, SourceSpan> = BTreeMap::new();
    for op in operations {
        for example in &op.examples {
            let Some(body) = example.body.as_deref() else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<Value>(body) else {
                continue;
            };
            let declared = match (&example.odata_type, example.kind, &op.body) {
                (Some(named), _, _) => by_lower.get(&lower_name(named)).cloned(),
                (
                    None,
                    ExampleKind::Request,
                    Some(RequestBody::Type {
                        ty: TypeRef::Struct(n),
                        ..
                    }),
                ) => Some(n.clone()),
                (None, ExampleKind::Response, _) => match &op.response.ty {
                    Some(TypeRef::Struct(n)) => Some(n.clone()),
                    _ => None,
                },
                _ => None,
            };
            let Some(declared) = declared else { continue };
            let items: Vec<&Value> = match json.get("value").and_then(Value::as_array) {
                Some(items) => items.iter().collect(),
                None => vec![&json],
            };
            for item in items {
                let mut ctx = VoteContext {
                    structs,
                    by_lower: &by_lower,
                    votes: &mut votes,
                    first_seen: &mut first_seen,
                    span: &example.span,
                };
                ctx.vote(&declared, item, 0);
            }
        }
    }
    for (key, tally) in votes {
        let span = first_seen.get(&key).cloned().unwrap_or_default();
        apply(structs, &key, &tally, span, diags);
    }
}

fn lower_name(named: &str) -> String {
    let name = named.trim().trim_start_matches('#').to_lowercase();
    if name.contains('.') {
        name
    } else {
        format!("microsoft.graph.{name}")
    }
}

struct VoteContext<'a> {
    structs: &'a BTreeMap<QualifiedName, StructType>,
    by_lower: &'a HashMap<String, QualifiedName>,
    votes: &'a mut BTreeMap<Key, Votes>,
    first_seen: &'a mut BTreeMap<Key, SourceSpan>,
    span: &'a SourceSpan,
}

impl VoteContext<'_> {
    fn vote(&mut self, declared: &QualifiedName, value: &Value, depth: usize) {
        let Value::Object(map) = value else { return };
        if depth > 8 {
            return;
        }
        // A payload's own `@odata.type` names the type it really is.
        let tagged = map.get("@odata.type").and_then(Value::as_str);
        let actual = tagged
            .and_then(|t| self.by_lower.get(&lower_name(t)))
            .unwrap_or(declared);
        for (key, value) in map {
            if value.is_null() || key.contains('@') {
                continue;
            }
            let Some((owner, ty)) = self.find_property(actual, key) else {
                continue;
            };
            let vote_key = (owner, key.clone());
            if !self.first_seen.contains_key(&vote_key) {
                self.first_seen.insert(vote_key.clone(), self.span.clone());
            }
            let tally = self.votes.entry(vote_key).or_default();
            match value {
                Value::Array(_) => tally.list += 1,
                _ => tally.single += 1,
            }
            let first = match value {
                Value::Array(items) => items.first(),
                other => Some(other),
            };
            match first {
                Some(Value::Object(_)) => tally.object += 1,
                Some(Value::String(text)) => {
                    tally.text += 1;
                    tally.date_only += usize::from(is_date_only(text));
                    tally.date_time += usize::from(is_date_time(text));
                }
                Some(Value::Bool(_)) => tally.boolean += 1,
                Some(Value::Number(n)) if n.is_i64() || n.is_u64() => tally.integer += 1,
                _ => {}
            }
            if let TypeRef::Struct(nested) = ty {
                let items: Vec<&Value> = match value {
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                for item in items {
                    self.vote(&nested, item, depth + 1);
                }
            }
        }
    }

    /// The struct that declares `property` on `name` or its bases, and the property's type.
    fn find_property(
        &self,
        name: &QualifiedName,
        property: &str,
    ) -> Option<(QualifiedName, TypeRef)> {
        let mut current = Some(name);
        let mut guard = 0;
        while let Some(n) = current {
            let s = self.structs.get(n)?;
            if let Some(p) = s.properties.iter().find(|p| p.name == property) {
                return Some((n.clone(), p.ty.clone()));
            }
            current = s.base.as_ref();
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        None
    }
}

/// `YYYY-MM-DD` at the start of `bytes`.
fn starts_with_date(bytes: &[u8]) -> bool {
    bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..10]
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

fn is_date_only(text: &str) -> bool {
    text.len() == 10 && starts_with_date(text.as_bytes())
}

fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() > 10 && starts_with_date(bytes) && bytes[10] == b'T'
}

fn apply(
    structs: &mut BTreeMap<QualifiedName, StructType>,
    key: &Key,
    tally: &Votes,
    span: SourceSpan,
    diags: &mut Diagnostics,
) {
    let Some(s) = structs.get_mut(&key.0) else {
        return;
    };
    let Some(property) = s.properties.iter_mut().find(|p| p.name == key.1) else {
        return;
    };
    let type_name = s.name.name.clone();
    if !property.collection && tally.list > tally.single {
        property.collection = true;
        let message = format!(
            "the examples show `{}` of `{type_name}` as a list ({} of {}), but its table row \
             gives a single value; it is generated as a list",
            key.1,
            tally.list,
            tally.list + tally.single
        );
        diags.push(DiagKind::TableJsonMismatch, span.clone(), message);
    } else if property.collection && tally.single > tally.list {
        property.collection = false;
        let message = format!(
            "the examples show `{}` of `{type_name}` as a single value ({} of {}), but its \
             table row says collection; it is generated as a single value",
            key.1,
            tally.single,
            tally.list + tally.single
        );
        diags.push(DiagKind::TableJsonMismatch, span.clone(), message);
    }
    // A `Date` row whose examples carry times, or a `DateTimeOffset` row whose examples are
    // dates alone, takes the type the examples show.
    let swap = match property.ty {
        TypeRef::Primitive(Primitive::Date) if tally.date_time > tally.date_only => {
            Some(Primitive::DateTimeOffset)
        }
        TypeRef::Primitive(Primitive::DateTimeOffset) if tally.date_only > tally.date_time => {
            Some(Primitive::Date)
        }
        _ => None,
    };
    if let Some(primitive) = swap {
        let message = format!(
            "the examples give `{}` of `{type_name}` as {:?} values, not as its table row's type; \
             it is generated as {primitive:?}",
            key.1, primitive
        );
        diags.push(DiagKind::TableJsonMismatch, span.clone(), message);
        property.ty = TypeRef::Primitive(primitive);
    }
    let is_string = property.ty == TypeRef::Primitive(Primitive::String);
    if is_string && tally.object > tally.text {
        property.ty = TypeRef::Json;
        let message = format!(
            "the examples show objects in `{}` of `{type_name}`, whose table row says String; \
             it is generated as untyped JSON",
            key.1
        );
        diags.push(DiagKind::TableJsonMismatch, span, message);
        return;
    }
    // A `String` row whose examples hold booleans or integers (`"allowMultipleLines":
    // false`) takes that type; Int64 also reads integers sent as text.
    let scalar = if tally.boolean > tally.text + tally.integer {
        Some(Primitive::Boolean)
    } else if tally.integer > tally.text + tally.boolean {
        Some(Primitive::Int64)
    } else {
        None
    };
    if let Some(primitive) = scalar.filter(|_| is_string && tally.object == 0) {
        let message = format!(
            "the examples give `{}` of `{type_name}` as {primitive:?} values, but its table row \
             says String; it is generated as {primitive:?}",
            key.1
        );
        diags.push(DiagKind::TableJsonMismatch, span, message);
        property.ty = TypeRef::Primitive(primitive);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMN_PAGE: &str = "---\ntitle: \"textCell resource type\"\n---\n\n\
        # textCell resource type\n\nNamespace: microsoft.graph\n\nA cell of text.\n\n\
        ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n\
        |multiline|String|Whether the text may span lines.|\n\
        |maxLength|String|The longest text allowed.|\n\
        |label|String|A label.|\n\
        |tags|String|Tags.|\n\n\
        ## JSON representation\n<!-- { \"blockType\": \"resource\", \
        \"@odata.type\": \"microsoft.graph.textCell\" } -->\n\
        ```json\n{ \"multiline\": true, \"maxLength\": 255 }\n```\n";

    const GET_PAGE: &str = "---\ntitle: \"Get textCell\"\n---\n\n# Get textCell\n\n\
        Namespace: microsoft.graph\n\nRead a cell.\n\n## HTTP request\n\
        <!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /cells/{id}\n```\n\n\
        ## Response\nIf successful, this method returns a `200 OK` response code and a \
        [textCell](../resources/textcell.md) object in the response body.\n\n## Example\n\n\
        ### Request\n<!-- { \"blockType\": \"request\", \"name\": \"get_cell\" } -->\n\
        ```http\nGET https://graph.microsoft.com/v1.0/cells/7\n```\n\n### Response\n\
        <!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.textCell\" } -->\n\
        ```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n\
        { \"multiline\": false, \"maxLength\": 40, \"label\": \"Title\", \"tags\": [true] }\n```\n";

    #[test]
    fn string_rows_take_the_scalar_type_the_examples_show() {
        let dir = tempfile::tempdir().unwrap();
        for (sub, name, text) in [
            ("resources", "textcell.md", COLUMN_PAGE),
            ("api", "textcell-get.md", GET_PAGE),
        ] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
            std::fs::write(dir.path().join(sub).join(name), text).unwrap();
        }
        let analysis = crate::Generator::new(dir.path()).analyze().unwrap();
        let version = &analysis.model.versions[0];
        let cell = version
            .structs
            .values()
            .find(|s| s.name.name == "textCell")
            .expect("the type is read");
        let type_of = |name: &str| {
            let p = cell.properties.iter().find(|p| p.name == name).unwrap();
            (p.ty.clone(), p.collection)
        };
        let boolean = TypeRef::Primitive(Primitive::Boolean);
        assert_eq!(type_of("multiline"), (boolean.clone(), false));
        assert_eq!(
            type_of("maxLength"),
            (TypeRef::Primitive(Primitive::Int64), false)
        );
        // Text keeps its row's type; a list of booleans becomes a list.
        assert_eq!(
            type_of("label"),
            (TypeRef::Primitive(Primitive::String), false)
        );
        assert_eq!(type_of("tags"), (boolean, true));
        let reported = analysis
            .diagnostics
            .iter()
            .filter(|d| d.kind == DiagKind::TableJsonMismatch && d.message.contains("String;"))
            .count();
        assert_eq!(reported, 3, "{:#?}", analysis.diagnostics);
    }

    #[test]
    fn tells_dates_from_date_times_in_any_text() {
        assert!(is_date_only("2021-07-16"));
        assert!(!is_date_only("2021-07-16T09:00:00Z"));
        assert!(is_date_time("2021-07-16T09:00:00Z"));
        assert!(!is_date_time("Training 🏋️ session"));
        assert!(!is_date_only("Training 🏋"));
    }
}
