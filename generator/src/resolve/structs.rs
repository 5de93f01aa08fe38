//! Structs: merges the pages that define a type, resolves property types, links base
//! types, drops rows repeated from a base, and cross-checks the JSON representation.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::index::{CellContext, TypeIndex};
use crate::diag::{DiagKind, Diagnostics};
use crate::extract::{JsonKey, PageFacts, RawStruct, TypeCell};
use crate::model::{Primitive, Property, QualifiedName, StructKind, StructType, TypeRef};

/// Builds every struct of the version.
pub(crate) fn resolve_structs(
    facts: &[PageFacts],
    index: &mut TypeIndex,
    fallbacks: &mut usize,
    diags: &mut Diagnostics,
) -> BTreeMap<QualifiedName, StructType> {
    let groups = group_definitions(facts, index);
    let mut structs = BTreeMap::new();
    let mut bases = HashMap::new();
    let mut json_keys = Vec::new();
    for (name, defs) in &groups {
        let merged = merge_definitions(name, defs, index, fallbacks, diags);
        if let Some(base) = defs.iter().find_map(|(_, raw)| raw.base.as_ref()) {
            bases.insert(name.clone(), (base.clone(), defs[0].0));
        }
        if let Some(keys) = defs.iter().find_map(|(_, raw)| raw.json_keys.clone()) {
            json_keys.push((name.clone(), keys, defs[0].0));
        }
        structs.insert(name.clone(), merged);
    }
    link_bases(&mut structs, &bases, index, diags);
    drop_inherited_rows(&mut structs);
    for (name, keys, namespace) in json_keys {
        add_json_only_keys(&mut structs, &name, &keys, namespace, index, diags);
    }
    fill_derived_and_kinds(&mut structs);
    structs
}

type Definitions<'a> = Vec<(&'a str, &'a RawStruct)>;

/// Groups definitions by type; the page named after the type comes first, then path order.
fn group_definitions<'a>(
    facts: &'a [PageFacts],
    index: &TypeIndex,
) -> BTreeMap<QualifiedName, Definitions<'a>> {
    let mut groups: BTreeMap<QualifiedName, Definitions<'a>> = BTreeMap::new();
    for page in facts {
        for raw in &page.structs {
            let name = index
                .struct_named(&raw.name)
                .cloned()
                .unwrap_or_else(|| raw.name.clone());
            groups
                .entry(name)
                .or_default()
                .push((page.namespace.as_str(), raw));
        }
    }
    for (name, defs) in groups.iter_mut() {
        let own = name.name.to_lowercase();
        defs.sort_by_key(|(_, raw)| {
            let stem = raw
                .span
                .file
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_lowercase();
            (stem.trim_end_matches(".md") != own, raw.span.file.clone())
        });
    }
    groups
}

fn merge_definitions(
    name: &QualifiedName,
    defs: &Definitions<'_>,
    index: &mut TypeIndex,
    fallbacks: &mut usize,
    diags: &mut Diagnostics,
) -> StructType {
    let (_, first) = defs[0];
    let mut merged = StructType {
        name: name.clone(),
        kind: StructKind::Complex,
        base: None,
        derived: Vec::new(),
        is_abstract: defs.iter().any(|(_, raw)| raw.is_abstract),
        is_open: defs.iter().any(|(_, raw)| raw.is_open),
        key: defs.iter().find_map(|(_, raw)| raw.key.clone()),
        properties: Vec::new(),
        description: defs.iter().find_map(|(_, raw)| raw.description.clone()),
        span: first.span.clone(),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (def_index, (namespace, raw)) in defs.iter().enumerate() {
        let mut added = 0;
        for row in &raw.properties {
            let lower = row.name.to_lowercase();
            if let Some(&at) = seen.get(&lower) {
                if def_index == 0 || raw.span.file == merged.span.file {
                    let message = format!(
                        "the property `{}` is listed twice for `{}`; the first row is kept",
                        row.name, name.name
                    );
                    diags.push(DiagKind::DuplicateProperty, row.span.clone(), message);
                }
                let _ = at;
                continue;
            }
            let ctx = CellContext {
                namespace,
                span: &row.span,
                owner: Some((name, &row.name)),
                inline_values: &row.inline_values,
            };
            let (ty, fell_back) = index.resolve_cell(&row.ty, &ctx, diags);
            *fallbacks += usize::from(fell_back);
            seen.insert(lower, merged.properties.len());
            merged.properties.push(Property {
                name: row.name.clone(),
                ty,
                collection: row.ty.collection,
                navigation: row.navigation,
                read_only: row.read_only,
                description: row.description.clone(),
                span: row.span.clone(),
            });
            added += 1;
        }
        if def_index > 0 && added > 0 {
            let message = format!(
                "`{}` is defined on both {} and {} with different properties; {} is kept and \
                 the {added} properties only {} lists were added to it",
                name.name, merged.span.file, raw.span.file, merged.span.file, raw.span.file
            );
            let (span, first) = (raw.span.clone(), merged.span.clone());
            diags.push_related(DiagKind::ConflictingDefinition, span, first, message);
        }
    }
    merged
}

fn link_bases(
    structs: &mut BTreeMap<QualifiedName, StructType>,
    bases: &HashMap<QualifiedName, (crate::extract::RawBase, &str)>,
    index: &TypeIndex,
    diags: &mut Diagnostics,
) {
    for (name, (raw, namespace)) in bases {
        let text = match &raw.cell {
            TypeCell::Name(text) => text.clone(),
            TypeCell::Link { stem, text, .. } => {
                match index
                    .lookup(text, namespace)
                    .or_else(|| index.lookup(stem, namespace))
                {
                    Some(TypeRef::Struct(found)) => found.to_string(),
                    _ => text.clone(),
                }
            }
            _ => continue,
        };
        match index.lookup(&text, namespace) {
            Some(TypeRef::Struct(base)) if &base != name => {
                if let Some(s) = structs.get_mut(name) {
                    s.base = Some(base);
                }
            }
            Some(TypeRef::Struct(_)) => {
                let message = format!("`{}` names itself as its base type", name.name);
                diags.push(DiagKind::InheritanceCycle, raw.span.clone(), message);
            }
            _ => {
                let message = format!(
                    "the base type `{text}` of `{}` is defined on no page",
                    name.name
                );
                diags.push(DiagKind::UnknownBaseType, raw.span.clone(), message);
            }
        }
    }
    break_cycles(structs, diags);
}

/// Removes the base link that closes an inheritance cycle.
fn break_cycles(structs: &mut BTreeMap<QualifiedName, StructType>, diags: &mut Diagnostics) {
    let names: Vec<QualifiedName> = structs.keys().cloned().collect();
    for name in names {
        let mut seen = BTreeSet::new();
        let mut current = structs[&name].base.clone();
        while let Some(base) = current {
            if base == name {
                let span = structs[&name].span.clone();
                let message = format!(
                    "`{}` inherits from itself through its base types",
                    name.name
                );
                diags.push(DiagKind::InheritanceCycle, span, message);
                if let Some(s) = structs.get_mut(&name) {
                    s.base = None;
                }
                break;
            }
            if !seen.insert(base.clone()) {
                break;
            }
            current = structs.get(&base).and_then(|s| s.base.clone());
        }
    }
}

/// The names of every property a struct inherits, lower-cased.
pub(crate) fn inherited_names(
    structs: &BTreeMap<QualifiedName, StructType>,
    name: &QualifiedName,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut current = structs.get(name).and_then(|s| s.base.clone());
    let mut guard = 0;
    while let Some(base) = current {
        let Some(s) = structs.get(&base) else { break };
        names.extend(s.properties.iter().map(|p| p.name.to_lowercase()));
        current = s.base.clone();
        guard += 1;
        if guard > 64 {
            break;
        }
    }
    names
}

/// Intune pages repeat the base's rows (`Inherited from [x]`); the base keeps them.
fn drop_inherited_rows(structs: &mut BTreeMap<QualifiedName, StructType>) {
    let names: Vec<QualifiedName> = structs.keys().cloned().collect();
    for name in names {
        let inherited = inherited_names(structs, &name);
        if inherited.is_empty() {
            continue;
        }
        if let Some(s) = structs.get_mut(&name) {
            s.properties
                .retain(|p| !inherited.contains(&p.name.to_lowercase()));
        }
    }
}

/// Keys in the JSON representation that the tables lack are added, typed from their
/// placeholder value, and reported: the table is the authority, the JSON fills gaps.
fn add_json_only_keys(
    structs: &mut BTreeMap<QualifiedName, StructType>,
    name: &QualifiedName,
    keys: &[JsonKey],
    namespace: &str,
    index: &TypeIndex,
    diags: &mut Diagnostics,
) {
    let mut known = inherited_names(structs, name);
    let Some(s) = structs.get_mut(name) else {
        return;
    };
    known.extend(s.properties.iter().map(|p| p.name.to_lowercase()));
    for JsonKey {
        name: key,
        value,
        span,
    } in keys
    {
        if key.starts_with('@') || key.contains('@') || known.contains(&key.to_lowercase()) {
            continue;
        }
        let (ty, collection) = type_of_placeholder(value, namespace, index);
        let message = format!(
            "`{key}` appears in the JSON representation of `{}` but not in its property table; \
             it was added",
            name.name
        );
        diags.push(DiagKind::TableJsonMismatch, span.clone(), message);
        s.properties.push(Property {
            name: key.clone(),
            ty,
            collection,
            navigation: false,
            read_only: false,
            description: None,
            span: span.clone(),
        });
        known.insert(key.to_lowercase());
    }
}

/// Reads a JSON representation value such as `"String (identifier)"` or
/// `{"@odata.type": "microsoft.graph.x"}` as a type.
fn type_of_placeholder(value: &Value, namespace: &str, index: &TypeIndex) -> (TypeRef, bool) {
    match value {
        Value::Array(items) => {
            let (ty, _) = items
                .first()
                .map(|v| type_of_placeholder(v, namespace, index))
                .unwrap_or((TypeRef::Json, false));
            (ty, true)
        }
        Value::Bool(_) => (TypeRef::Primitive(Primitive::Boolean), false),
        Value::Number(n) if n.is_i64() => (TypeRef::Primitive(Primitive::Int64), false),
        Value::Number(_) => (TypeRef::Primitive(Primitive::Double), false),
        Value::String(text) => {
            let word = text.split([' ', '(']).next().unwrap_or_default();
            let ty = match crate::extract::primitive_alias(word) {
                Some(TypeCell::Primitive(p)) => TypeRef::Primitive(p),
                Some(_) => TypeRef::Json,
                None => index
                    .lookup(word, namespace)
                    .unwrap_or(TypeRef::Primitive(Primitive::String)),
            };
            (ty, false)
        }
        Value::Object(map) => {
            let named = map.get("@odata.type").and_then(Value::as_str);
            let ty = named
                .and_then(|n| index.lookup(n, namespace))
                .unwrap_or(TypeRef::Json);
            (ty, false)
        }
        Value::Null => (TypeRef::Json, false),
    }
}

fn fill_derived_and_kinds(structs: &mut BTreeMap<QualifiedName, StructType>) {
    let pairs: Vec<(QualifiedName, QualifiedName)> = structs
        .values()
        .filter_map(|s| s.base.clone().map(|b| (b, s.name.clone())))
        .collect();
    for (base, derived) in pairs {
        if let Some(s) = structs.get_mut(&base) {
            s.derived.push(derived);
        }
    }
    let names: Vec<QualifiedName> = structs.keys().cloned().collect();
    for name in &names {
        let mut is_entity = false;
        let mut current = Some(name.clone());
        let mut guard = 0;
        while let Some(n) = current {
            let Some(s) = structs.get(&n) else { break };
            is_entity |= s.key.is_some() || s.name.name.eq_ignore_ascii_case("entity");
            current = s.base.clone();
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        if let Some(s) = structs.get_mut(name) {
            s.derived.sort();
            s.kind = if is_entity {
                StructKind::Entity
            } else {
                StructKind::Complex
            };
        }
    }
}
