//! Lints on resource pages' property tables: type names written without a link, tables
//! that contradict the page's JSON representation, and pages that give one property of one
//! type different types.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::TypeLookup;
use crate::diag::{DiagKind, Diagnostics};
use crate::extract::{PageFacts, RawProperty, RawStruct, TypeCell, TypeCellRef};
use crate::model::TypeRef;

/// A property typed by a bare name (`alertFeedback`) that names a known type: readers of
/// the page cannot follow it, so the docs team would want a link.
pub(super) fn check_unlinked_types(
    facts: &[PageFacts],
    types: &TypeLookup<'_>,
    diags: &mut Diagnostics,
) {
    for raw in facts.iter().flat_map(|f| &f.structs) {
        let Some(model) = types
            .get(&raw.name)
            .or_else(|| types.struct_named(&raw.name.name))
        else {
            continue;
        };
        for row in &raw.properties {
            let TypeCell::Name(name) = &row.ty.cell else {
                continue;
            };
            let resolved = model
                .properties
                .iter()
                .find(|p| p.name == row.name)
                .is_some_and(|p| matches!(p.ty, TypeRef::Struct(_) | TypeRef::Enum(_)));
            if resolved {
                let message = format!(
                    "the type `{name}` of `{}` is written without a link to its page",
                    row.name
                );
                diags.push(DiagKind::UnlinkedType, row.span.clone(), message);
            }
        }
    }
}

/// The property table is the authority; the resolver already reports keys only the JSON
/// has. This reports the other direction: table properties the JSON lacks, keys spelled in
/// another case, and a collection in one that is a single value in the other.
/// Relationships are skipped, since the JSON omits them by convention.
pub(super) fn check_json_representations(facts: &[PageFacts], diags: &mut Diagnostics) {
    for raw in facts.iter().flat_map(|f| &f.structs) {
        let Some(keys) = &raw.json_keys else {
            continue;
        };
        // The first key of each spelling wins; an exact spelling is looked up first, so
        // keys that differ only in case (`id` and `Id`) are each found as written.
        let mut by_lower: BTreeMap<String, (&str, &Value)> = BTreeMap::new();
        for key in keys {
            by_lower
                .entry(key.name.to_lowercase())
                .or_insert((key.name.as_str(), &key.value));
        }
        let exact: BTreeMap<&str, &Value> =
            keys.iter().map(|k| (k.name.as_str(), &k.value)).collect();
        // A row repeating an earlier one is reported as a duplicate and dropped, not compared.
        let mut seen = BTreeSet::new();
        for row in raw.properties.iter().filter(|p| !p.navigation) {
            let lower = row.name.to_lowercase();
            if seen.contains(&lower) {
                continue;
            }
            let found = match exact.get_key_value(row.name.as_str()) {
                Some((&key, &value)) => Some((key, value)),
                None => by_lower.get(&lower).copied(),
            };
            seen.insert(lower);
            check_row_against_json(raw, row, found, diags);
        }
    }
}

fn check_row_against_json(
    raw: &RawStruct,
    row: &RawProperty,
    found: Option<(&str, &Value)>,
    diags: &mut Diagnostics,
) {
    let span = row.span.clone();
    let ty = &raw.name.name;
    let Some((key, value)) = found else {
        let message = format!(
            "the property `{}` of `{ty}` is in the table but not in the JSON representation",
            row.name
        );
        diags.push(DiagKind::TableJsonMismatch, span, message);
        return;
    };
    if key != row.name {
        let message = format!(
            "the property `{}` of `{ty}` is spelled `{key}` in the JSON representation",
            row.name
        );
        diags.push(DiagKind::TableJsonMismatch, span, message);
        return;
    }
    // `null` and `{}` say nothing about the shape.
    let json_collection = match value {
        Value::Array(_) => Some(true),
        Value::Null => None,
        Value::Object(map) if map.is_empty() => None,
        _ => Some(false),
    };
    if json_collection.is_some_and(|c| c != row.ty.collection) {
        let (table, json) = if row.ty.collection {
            ("a collection", "a single value")
        } else {
            ("a single value", "a collection")
        };
        let message = format!(
            "the property `{}` of `{ty}` is {table} in the table but {json} in the JSON \
             representation",
            row.name
        );
        diags.push(DiagKind::TableJsonMismatch, span, message);
    }
}

/// Pages that define the same type and give one property different types. The resolver
/// merges such pages (see the README's merge rule) and keeps the first page's row; this
/// says which row lost, naming both pages.
pub(super) fn check_property_conflicts(facts: &[PageFacts], diags: &mut Diagnostics) {
    let mut groups: BTreeMap<String, Vec<&RawStruct>> = BTreeMap::new();
    for raw in facts.iter().flat_map(|f| &f.structs) {
        groups
            .entry(raw.name.to_string().to_lowercase())
            .or_default()
            .push(raw);
    }
    for defs in groups.values_mut().filter(|d| d.len() > 1) {
        // The resolver's order: the page named after the type first, then path order.
        defs.sort_by_key(|raw| {
            let own = format!("{}.md", raw.name.name.to_lowercase());
            let file = raw.span.file.to_lowercase();
            (
                !file.ends_with(&format!("/{own}")) && file != own,
                raw.span.file.clone(),
            )
        });
        let mut first_rows: BTreeMap<String, &RawProperty> = BTreeMap::new();
        for raw in defs.iter() {
            for row in &raw.properties {
                let key = row.name.to_lowercase();
                let Some(kept) = first_rows.get(&key) else {
                    first_rows.insert(key, row);
                    continue;
                };
                if kept.span.file == row.span.file || same_type(&kept.ty, &row.ty) {
                    continue;
                }
                let message = format!(
                    "`{}.{}` is `{}` on {} but `{}` on {}; the first page's type is kept",
                    raw.name.name,
                    row.name,
                    describe(&kept.ty),
                    kept.span.file,
                    describe(&row.ty),
                    row.span.file
                );
                let (span, related) = (row.span.clone(), kept.span.clone());
                diags.push_related(DiagKind::ConflictingDefinition, span, related, message);
            }
        }
    }
}

/// Compares two type cells loosely: a link and a bare name for the same type agree.
fn same_type(a: &TypeCellRef, b: &TypeCellRef) -> bool {
    a.collection == b.collection && type_key(&a.cell) == type_key(&b.cell)
}

fn type_key(cell: &TypeCell) -> String {
    let name = match cell {
        TypeCell::Primitive(p) => return format!("{p:?}").to_lowercase(),
        TypeCell::Link { stem, text, .. } if text.is_empty() => stem.as_str(),
        TypeCell::Link { text, .. } => text.as_str(),
        TypeCell::Name(name) => name.as_str(),
        TypeCell::Json => "json",
        TypeCell::EnumWord => "enumeration",
        TypeCell::Union(text) | TypeCell::Unreadable(text) => text.as_str(),
        TypeCell::Empty => "",
    };
    let short = name.rsplit('.').next().unwrap_or(name);
    short.to_lowercase()
}

fn describe(cell: &TypeCellRef) -> String {
    let name = match &cell.cell {
        TypeCell::Primitive(p) => format!("{p:?}"),
        TypeCell::Link { text, stem, .. } if text.is_empty() => stem.clone(),
        TypeCell::Link { text, .. } => text.clone(),
        TypeCell::Name(name) => name.clone(),
        TypeCell::Json => "Json".to_owned(),
        TypeCell::EnumWord => "Enumeration".to_owned(),
        TypeCell::Union(text) | TypeCell::Unreadable(text) => text.clone(),
        TypeCell::Empty => "(empty)".to_owned(),
    };
    if cell.collection {
        format!("{name} collection")
    } else {
        name
    }
}
