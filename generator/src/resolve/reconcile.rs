//! Reconciling the property tables with the examples. Where a table and the examples
//! disagree on whether a property is a list, or a `String` row carries objects, the
//! reading most examples support wins, and the disagreement is reported.
//!
//! Rule: every request and response example whose body is valid JSON votes, per property
//! it shows with a non-null value, for "list" or "single value" (and for "object" on
//! `String` rows). A property is flipped only when the votes against the table outnumber
//! the votes for it.

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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_dates_from_date_times_in_any_text() {
        assert!(is_date_only("2021-07-16"));
        assert!(!is_date_only("2021-07-16T09:00:00Z"));
        assert!(is_date_time("2021-07-16T09:00:00Z"));
        assert!(!is_date_time("Training 🏋️ session"));
        assert!(!is_date_only("Training 🏋"));
    }
}
