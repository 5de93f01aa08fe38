//! Planning before emission: the Rust name and module of every type, and which fields must
//! be boxed because their type can contain the struct that holds them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{ident, namespace_module, type_name, UniqueNames};
use super::routes::route_variants;
use crate::model::{ApiVersion, QualifiedName, StructType, TypeRef, GRAPH_NAMESPACE};

/// Where a type lives and what it is called.
#[derive(Clone, Debug)]
pub struct TypeLocation {
    /// The namespace module under `models`, `None` for `microsoft.graph`.
    pub namespace_module: Option<String>,
    /// The file module inside the namespace module (its initial letter).
    pub file_module: String,
    /// The Rust type name, unique within its namespace.
    pub rust_name: String,
}

/// Names and layout of one version's types.
#[derive(Debug, Default)]
pub struct Plan {
    /// Every struct and enum, by its docs name.
    pub locations: BTreeMap<QualifiedName, TypeLocation>,
    /// The polymorphic enum (`AnyX`) of every struct that has derived types.
    pub any_names: BTreeMap<QualifiedName, String>,
    /// Every type derived from a struct, directly or not, sorted.
    pub descendants: BTreeMap<QualifiedName, Vec<QualifiedName>>,
    /// `(struct, property)` pairs whose single value must be boxed.
    pub boxed: BTreeSet<(QualifiedName, String)>,
    /// With area features on: the features (areas) under which each type is compiled.
    pub gates: Option<BTreeMap<QualifiedName, BTreeSet<String>>>,
    /// With area features on: the feature of each area, by the area's lower-case spelling,
    /// so that `/administrativeUnits` and `/administrativeunits` share one feature.
    pub area_features: BTreeMap<String, String>,
}

/// The feature that compiles the types no operation reaches.
pub const UNREFERENCED_FEATURE: &str = "unreferenced-types";

impl Plan {
    /// Plans a version: structs are named before enums, so inline enums give way.
    pub fn new(version: &ApiVersion) -> Self {
        let mut scopes: HashMap<Option<String>, UniqueNames> = HashMap::new();
        let mut locations = BTreeMap::new();
        let names = version.structs.keys().chain(version.enums.keys());
        for name in names {
            let namespace_module = module_of(&name.namespace);
            let scope = scopes
                .entry(namespace_module.clone())
                .or_insert_with(UniqueNames::for_types);
            let base = type_name(&name.name).unwrap_or_else(|| "UnnamedType".to_owned());
            let rust_name = scope.claim(&base);
            let file_module = rust_name[..1].to_ascii_lowercase();
            locations.insert(
                name.clone(),
                TypeLocation {
                    namespace_module,
                    file_module,
                    rust_name,
                },
            );
        }
        let mut any_names = BTreeMap::new();
        let mut descendants = BTreeMap::new();
        for s in version.structs.values().filter(|s| !s.derived.is_empty()) {
            let location = &locations[&s.name];
            let scope = scopes
                .entry(location.namespace_module.clone())
                .or_insert_with(UniqueNames::for_types);
            any_names.insert(
                s.name.clone(),
                scope.claim(&format!("Any{}", location.rust_name)),
            );
            descendants.insert(s.name.clone(), all_descendants(version, &s.name));
        }
        let boxed = recursive_fields(version, &any_names);
        Plan {
            locations,
            any_names,
            descendants,
            boxed,
            gates: None,
            area_features: BTreeMap::new(),
        }
    }

    /// Puts every type behind the features of the areas whose operations reach it.
    pub fn gate_by_area(&mut self, version: &ApiVersion) {
        self.area_features = area_spellings(version);
        let mut by_area: BTreeMap<String, Vec<&crate::model::Operation>> = BTreeMap::new();
        for op in &version.operations {
            for area in self.areas_of(op) {
                by_area.entry(area).or_default().push(op);
            }
        }
        let mut gates: BTreeMap<QualifiedName, BTreeSet<String>> = BTreeMap::new();
        for (area, operations) in by_area {
            let (structs, enums) = crate::select::reachable(version, operations);
            for name in structs.into_iter().chain(enums) {
                gates.entry(name).or_default().insert(area.clone());
            }
        }
        // The types no operation reaches compile with a feature of their own, and so must
        // every type they use.
        let unreferenced = self
            .locations
            .keys()
            .filter(|name| !gates.contains_key(name));
        let unreferenced = unreferenced.map(|name| match version.enums.contains_key(name) {
            true => TypeRef::Enum(name.clone()),
            false => TypeRef::Struct(name.clone()),
        });
        let (structs, enums) = crate::select::reachable_from_types(version, unreferenced);
        for name in structs.into_iter().chain(enums) {
            let features = gates.entry(name).or_default();
            features.insert(UNREFERENCED_FEATURE.to_owned());
        }
        self.gates = Some(gates);
    }

    /// The feature of the area of route `path`; `None` when areas are not gated.
    pub fn route_feature(&self, path: &str) -> Option<String> {
        self.gates.as_ref()?;
        Some(self.area_feature_of(path))
    }

    fn area_feature_of(&self, path: &str) -> String {
        let area = crate::select::route_area(path);
        let feature = self.area_features.get(&area.to_lowercase()).cloned();
        feature.unwrap_or_else(|| area_feature(area))
    }

    /// The features of the areas `op` is reachable from; `None` when areas are not gated.
    pub fn operation_features(&self, op: &crate::model::Operation) -> Option<BTreeSet<String>> {
        self.gates.as_ref()?;
        Some(self.areas_of(op))
    }

    /// The features of the areas of `op`'s routes and of the paths that stand for them
    /// (`/me` for `/users/{id}`): the builders of each of those areas call it.
    fn areas_of(&self, op: &crate::model::Operation) -> BTreeSet<String> {
        route_variants(&op.routes)
            .iter()
            .map(|(_, path)| self.area_feature_of(path))
            .collect()
    }

    /// `#[cfg(...)]` for `features`; nothing when there are none (areas not gated).
    pub fn cfg_of(&self, features: Option<&BTreeSet<String>>) -> Option<TokenStream> {
        let features = features.filter(|f| !f.is_empty())?;
        let attr = cfg_attribute(features);
        Some(quote!(#attr))
    }

    /// The `#[cfg(...)]` attribute of `name`'s areas, when areas are gated.
    pub fn cfg_attr(&self, name: &QualifiedName) -> Option<TokenStream> {
        let features = self.gates.as_ref()?.get(name)?;
        let attr = cfg_attribute(features);
        Some(quote!(#attr))
    }

    /// The type a property of declared type `target` holds: the polymorphic `AnyX` when
    /// `target` has derived types, else `target` itself.
    pub fn value_path_from(&self, from: &Option<String>, target: &QualifiedName) -> TokenStream {
        match (self.any_names.get(target), self.locations.get(target)) {
            (Some(any), Some(location)) => {
                let location = TypeLocation {
                    rust_name: any.clone(),
                    ..location.clone()
                };
                path_between(from, &location)
            }
            _ => self.path_from(from, target),
        }
    }

    /// The path of `target` as written in a file of `from_namespace`'s module.
    pub fn path_from(
        &self,
        from_namespace: &Option<String>,
        target: &QualifiedName,
    ) -> TokenStream {
        match self.locations.get(target) {
            Some(location) => path_between(from_namespace, location),
            None => quote!(serde_json::Value),
        }
    }
}

/// The path from a file in `from_namespace`'s module to the type at `location`.
fn path_between(from_namespace: &Option<String>, location: &TypeLocation) -> TokenStream {
    let name = ident(&location.rust_name);
    match (from_namespace, &location.namespace_module) {
        (None, None) => quote!(super::#name),
        (Some(a), Some(b)) if a == b => quote!(super::#name),
        (None, Some(module)) => {
            let module = ident(module);
            quote!(super::#module::#name)
        }
        (Some(_), None) => quote!(super::super::#name),
        (Some(_), Some(module)) => {
            let module = ident(module);
            quote!(super::super::#module::#name)
        }
    }
}

/// Every struct derived from `base`, directly or through others, sorted by name.
fn all_descendants(version: &ApiVersion, base: &QualifiedName) -> Vec<QualifiedName> {
    let mut found = BTreeSet::new();
    let mut stack = vec![base];
    while let Some(name) = stack.pop() {
        let Some(s) = version.structs.get(name) else {
            continue;
        };
        for derived in &s.derived {
            if found.insert(derived.clone()) {
                stack.push(derived);
            }
        }
    }
    found.remove(base);
    found.into_iter().collect()
}

/// The namespace module of a namespace; `None` for `microsoft.graph` itself.
pub fn module_of(namespace: &str) -> Option<String> {
    (namespace != GRAPH_NAMESPACE).then(|| namespace_module(namespace))
}

/// Every property of a struct, its bases' first (root-most first), then its own.
pub fn all_properties<'v>(
    version: &'v ApiVersion,
    s: &'v StructType,
) -> Vec<(&'v StructType, &'v crate::model::Property)> {
    let mut chain = vec![s];
    let mut current = s.base.as_ref();
    while let Some(base) = current.and_then(|b| version.structs.get(b)) {
        if chain.iter().any(|c| c.name == base.name) || chain.len() > 64 {
            break;
        }
        chain.push(base);
        current = base.base.as_ref();
    }
    // A property both a base and a derived type list (a JSON-only key added to each) is
    // written once, where the base has it.
    let mut seen = std::collections::HashSet::new();
    chain
        .iter()
        .rev()
        .flat_map(|owner| owner.properties.iter().map(move |p| (*owner, p)))
        .filter(|(_, p)| seen.insert(p.name.as_str()))
        .collect()
}

/// Single-valued struct fields whose type can reach back to the holder (directly or through
/// other single-valued fields) would make the struct infinitely large; they are boxed.
/// Collections are already indirect.
/// Polymorphic enums box their variants, so a field of an `AnyX` type never recurses.
fn recursive_fields(
    version: &ApiVersion,
    any_names: &BTreeMap<QualifiedName, String>,
) -> BTreeSet<(QualifiedName, String)> {
    let mut edges: BTreeMap<&QualifiedName, Vec<(&QualifiedName, &str)>> = BTreeMap::new();
    for s in version.structs.values() {
        for (_, p) in all_properties(version, s) {
            if let (TypeRef::Struct(target), false) = (&p.ty, p.collection) {
                if version.structs.contains_key(target) && !any_names.contains_key(target) {
                    edges
                        .entry(&s.name)
                        .or_default()
                        .push((target, p.name.as_str()));
                }
            }
        }
    }
    let mut boxed = BTreeSet::new();
    for (holder, fields) in &edges {
        for (target, property) in fields {
            if reaches(&edges, target, holder) {
                boxed.insert(((*holder).clone(), (*property).to_owned()));
            }
        }
    }
    boxed
}

fn reaches(
    edges: &BTreeMap<&QualifiedName, Vec<(&QualifiedName, &str)>>,
    from: &QualifiedName,
    to: &QualifiedName,
) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if !seen.insert(node) {
            continue;
        }
        if let Some(next) = edges.get(node) {
            stack.extend(next.iter().map(|(target, _)| *target));
        }
    }
    false
}

/// The cargo feature of an area: its first route segment in snake_case; `default` and
/// `full`, the manifest's own features, become `default_area` and `full_area`.
pub fn area_feature(area: &str) -> String {
    if area.is_empty() {
        return "root".to_owned();
    }
    let feature = namespace_module(area);
    match feature.as_str() {
        "default" | "full" => format!("{feature}_area"),
        _ => feature,
    }
}

/// The feature of every area of `version`, by the area's lower-case spelling: areas that
/// differ only in case share the feature of the spelling that shows the most word breaks.
fn area_spellings(version: &ApiVersion) -> BTreeMap<String, String> {
    let mut spellings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &version.operations {
        for (_, path) in route_variants(&op.routes) {
            let area = crate::select::route_area(&path).to_owned();
            spellings
                .entry(area.to_lowercase())
                .or_default()
                .insert(area);
        }
    }
    spellings
        .into_iter()
        .map(|(lower, spellings)| {
            let upper = |s: &&String| s.chars().filter(char::is_ascii_uppercase).count();
            // Sets iterate in order, and `max_by_key` keeps the last maximum: reverse so
            // that ties go to the first spelling.
            let best = spellings
                .iter()
                .rev()
                .max_by_key(upper)
                .map_or("", String::as_str);
            (lower, area_feature(best))
        })
        .collect()
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ...))]` for several features.
fn cfg_attribute(features: &BTreeSet<String>) -> syn::Attribute {
    match features.len() {
        1 => {
            let feature = features.iter().next();
            syn::parse_quote!(#[cfg(feature = #feature)])
        }
        _ => {
            let features = features.iter();
            syn::parse_quote!(#[cfg(any(#(feature = #features),*))])
        }
    }
}
