//! Selection stage: keeps only what the user asked for. Route globs
//! (`/deviceManagement/deviceCompliancePolicies/**`) pick operations, type names pick types;
//! every type those reach through properties, base types, derived types, request bodies,
//! parameters and responses is kept, and nothing else.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ApiVersion, Operation, QualifiedName, RequestBody, TypeRef};

/// One `--select` pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// A route glob: `*` matches within one segment, `**` any number of segments.
    Route(String),
    /// A type, by short (`user`) or qualified (`microsoft.graph.user`) name.
    Type(String),
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Route(glob) => f.write_str(glob),
            Selector::Type(name) => f.write_str(name),
        }
    }
}

impl Selector {
    /// Reads a pattern: one that starts with `/` is a route glob, anything else a type.
    pub fn parse(pattern: &str) -> Self {
        let pattern = pattern.trim();
        if pattern.starts_with('/') {
            Selector::Route(pattern.to_owned())
        } else {
            Selector::Type(pattern.to_owned())
        }
    }
}

/// The part of `version` that `selectors` reach. No selectors keeps everything.
pub fn select(version: &ApiVersion, selectors: &[Selector]) -> ApiVersion {
    if selectors.is_empty() {
        return version.clone();
    }
    let operations: Vec<Operation> = version
        .operations
        .iter()
        .filter(|op| {
            selectors.iter().any(|s| match s {
                Selector::Route(glob) => op.routes.iter().any(|r| route_matches(glob, &r.path)),
                Selector::Type(_) => false,
            })
        })
        .cloned()
        .collect();
    let mut reach = Reach {
        version,
        structs: BTreeSet::new(),
        enums: BTreeSet::new(),
    };
    for op in &operations {
        for ty in operation_types(op) {
            reach.value(ty);
        }
    }
    for selector in selectors {
        if let Selector::Type(name) = selector {
            for found in find_types(version, name) {
                reach.value(&found);
            }
        }
    }
    let Reach { structs, enums, .. } = reach;
    let mut kept = ApiVersion {
        name: version.name.clone(),
        structs: BTreeMap::new(),
        enums: BTreeMap::new(),
        operations,
    };
    for name in &structs {
        let mut s = version.structs[name].clone();
        s.derived.retain(|d| structs.contains(d));
        kept.structs.insert(name.clone(), s);
    }
    for name in &enums {
        kept.enums.insert(name.clone(), version.enums[name].clone());
    }
    kept
}

/// Whether a route template matches a glob, segment by segment, ignoring case.
pub fn route_matches(glob: &str, path: &str) -> bool {
    let pattern: Vec<String> = segments(glob);
    let route: Vec<String> = segments(path);
    matches_from(&pattern, &route)
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn matches_from(pattern: &[String], route: &[String]) -> bool {
    match pattern.split_first() {
        None => route.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=route.len()).any(|skip| matches_from(rest, &route[skip..]))
        }
        Some((first, rest)) => match route.split_first() {
            Some((segment, route_rest)) => {
                segment_matches(first, segment) && matches_from(rest, route_rest)
            }
            None => false,
        },
    }
}

/// `*` within a segment matches any run of characters.
fn segment_matches(pattern: &str, segment: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == segment;
    }
    let mut rest = segment;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(stripped) = rest.strip_prefix(part) else {
                return false;
            };
            rest = stripped;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    true
}

fn operation_types(op: &Operation) -> Vec<&TypeRef> {
    let mut types = Vec::new();
    match &op.body {
        Some(RequestBody::Type { ty, .. }) => types.push(ty),
        Some(RequestBody::Parameters { parameters }) => {
            types.extend(parameters.iter().map(|p| &p.ty))
        }
        None => {}
    }
    types.extend(op.query_parameters.iter().map(|p| &p.ty));
    types.extend(op.response.ty.as_ref());
    types
}

fn find_types(version: &ApiVersion, name: &str) -> Vec<TypeRef> {
    let wanted = name.trim_start_matches('#').to_lowercase();
    let matches = |q: &QualifiedName| {
        q.to_string().to_lowercase() == wanted || q.name.to_lowercase() == wanted
    };
    let structs = version
        .structs
        .keys()
        .filter(|q| matches(q))
        .map(|q| TypeRef::Struct(q.clone()));
    let enums = version
        .enums
        .keys()
        .filter(|q| matches(q))
        .map(|q| TypeRef::Enum(q.clone()));
    structs.chain(enums).collect()
}

/// The structs and enums that `operations` reach, in the sense of [`select`].
pub fn reachable<'v>(
    version: &'v ApiVersion,
    operations: impl IntoIterator<Item = &'v Operation>,
) -> (BTreeSet<QualifiedName>, BTreeSet<QualifiedName>) {
    let mut reach = Reach {
        version,
        structs: BTreeSet::new(),
        enums: BTreeSet::new(),
    };
    for op in operations {
        reach.operation(op);
    }
    (reach.structs, reach.enums)
}

/// The structs and enums that values of `types` reach, in the sense of [`select`].
pub fn reachable_from_types(
    version: &ApiVersion,
    types: impl IntoIterator<Item = TypeRef>,
) -> (BTreeSet<QualifiedName>, BTreeSet<QualifiedName>) {
    let mut reach = Reach {
        version,
        structs: BTreeSet::new(),
        enums: BTreeSet::new(),
    };
    for ty in types {
        reach.value(&ty);
    }
    (reach.structs, reach.enums)
}

/// The area of a route: its first segment, without function arguments or casts
/// (`/deviceManagement/...` → `deviceManagement`).
pub fn route_area(path: &str) -> &str {
    let first = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    first.split(['(', ':']).next().unwrap_or(first)
}

struct Reach<'v> {
    version: &'v ApiVersion,
    structs: BTreeSet<QualifiedName>,
    enums: BTreeSet<QualifiedName>,
}

impl Reach<'_> {
    fn operation(&mut self, op: &Operation) {
        for ty in operation_types(op) {
            self.value(ty);
        }
    }

    /// A type used as a value: it, its bases, and its derived types (a value may be any of
    /// them), with everything their properties use.
    fn value(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Enum(name) => {
                self.enums.insert(name.clone());
            }
            TypeRef::Struct(name) => {
                let mut pending = vec![name.clone()];
                while let Some(next) = pending.pop() {
                    if self.add_struct(&next) {
                        if let Some(s) = self.version.structs.get(&next) {
                            pending.extend(s.derived.iter().cloned());
                        }
                    }
                }
            }
            TypeRef::Primitive(_) | TypeRef::Json => {}
        }
    }

    /// Adds a struct, its base chain (without the bases' other derived types) and the types
    /// of their properties. Returns false when it was already there.
    fn add_struct(&mut self, name: &QualifiedName) -> bool {
        let Some(s) = self.version.structs.get(name) else {
            return false;
        };
        if !self.structs.insert(name.clone()) {
            return false;
        }
        let property_types: Vec<TypeRef> = s.properties.iter().map(|p| p.ty.clone()).collect();
        if let Some(base) = &s.base {
            self.add_struct(base);
        }
        for ty in &property_types {
            self.value(ty);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_by_segment() {
        let glob = "/deviceManagement/deviceCompliancePolicies/**";
        assert!(route_matches(
            glob,
            "/deviceManagement/deviceCompliancePolicies"
        ));
        assert!(route_matches(
            glob,
            "/devicemanagement/deviceCompliancePolicies/{id}/assign"
        ));
        assert!(!route_matches(
            glob,
            "/deviceManagement/deviceConfigurations"
        ));
        assert!(route_matches("/users/*/messages", "/users/{id}/messages"));
        assert!(route_matches("/me/mail*", "/me/mailFolders"));
        assert!(!route_matches("/me/mail*", "/me/events"));
    }
}
