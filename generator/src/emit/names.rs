//! Rust names for docs names: types, fields, enum variants and modules. Every identifier
//! the emitters write comes from here: sanitized, case-converted, keyword-safe and unique
//! within its scope.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Words that cannot be identifiers, even raw: they get a trailing underscore.
const NOT_RAW: [&str; 5] = ["self", "Self", "super", "crate", "_"];

/// Keywords of every edition, usable as raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// Turns a docs name into words heck can case-convert: every run of characters that cannot
/// be in an identifier becomes one `_`.
fn sanitize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// A type name in UpperCamelCase, e.g. `deviceCompliancePolicy` → `DeviceCompliancePolicy`.
/// `None` when nothing identifier-like is left.
pub fn type_name(name: &str) -> Option<String> {
    let camel = sanitize(name).to_upper_camel_case();
    if camel.is_empty() {
        return None;
    }
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("T{camel}"));
    }
    Some(if NOT_RAW.contains(&camel.as_str()) {
        format!("{camel}Type")
    } else {
        camel
    })
}

/// A field name in snake_case. Instance annotations keep their last segment
/// (`@microsoft.graph.downloadUrl` → `download_url`); a leading digit gets a `_` prefix;
/// a word that cannot be a raw identifier gets a `_` suffix (`self` → `self_`), so the
/// name differs from the JSON name and the emitter writes a serde rename for it.
pub fn field_name(name: &str) -> Option<String> {
    let base = match name.strip_prefix('@') {
        Some(annotation) => annotation.rsplit('.').next().unwrap_or(annotation),
        None => name,
    };
    let snake = sanitize(base).to_snake_case();
    if snake.is_empty() {
        return None;
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("_{snake}"));
    }
    if NOT_RAW.contains(&snake.as_str()) {
        return Some(format!("{snake}_"));
    }
    Some(snake)
}

/// An enum variant in UpperCamelCase; a leading digit gets a `Value` prefix.
pub fn variant_name(name: &str) -> Option<String> {
    let camel = sanitize(name).to_upper_camel_case();
    if camel.is_empty() {
        return None;
    }
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("Value{camel}"));
    }
    Some(if camel == "Self" {
        "SelfValue".to_owned()
    } else {
        camel
    })
}

/// A module name for a namespace: `microsoft.graph.callRecords` → `call_records`.
pub fn namespace_module(namespace: &str) -> String {
    let rest = namespace
        .strip_prefix("microsoft.graph.")
        .unwrap_or(namespace);
    let module = sanitize(rest).to_snake_case();
    if module.is_empty() {
        "other".to_owned()
    } else if module.starts_with(|c: char| c.is_ascii_digit()) || module.len() == 1 {
        // A digit cannot start a module name, and one letter is the name of a letter file
        // (`d.rs` holds the types starting with D) beside it.
        format!("ns_{module}")
    } else {
        fit_file_name(&module)
    }
}

/// A module name that also names a file or folder, cut to a length every file system
/// takes; a cut name ends with a hash of the whole, so two long names stay apart.
pub fn fit_file_name(name: &str) -> String {
    const MAX: usize = 64;
    if name.len() <= MAX {
        return name.to_owned();
    }
    // FNV-1a: stable across runs and platforms, unlike the standard library's hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let kept: String = name.chars().take(MAX - 17).collect();
    format!("{kept}_{hash:016x}")
}

/// A module name for a version: `v1.0` → `v1_0`.
pub fn version_module(version: &str) -> String {
    let module = sanitize(version).to_snake_case();
    if module.starts_with(|c: char| c.is_ascii_digit()) {
        format!("v{module}")
    } else {
        module
    }
}

/// An identifier token, raw when the name is a keyword, suffixed when it cannot be raw.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if KEYWORDS.contains(&name) {
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// Hands out names unique within one scope (a struct's fields, a module's types) by
/// appending a number to later names that collide.
#[derive(Clone, Debug, Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

/// Names of the standard prelude that generated code writes unqualified (`Option<String>`,
/// `impl Default`); a generated type of the same name would shadow them.
const PRELUDE_NAMES: &[&str] = &[
    "AsRef", "Box", "Default", "Err", "From", "Into", "None", "Ok", "Option", "Result", "Some",
    "String", "Vec",
];

impl UniqueNames {
    /// A scope for type names: the prelude names generated code relies on are taken.
    pub fn for_types() -> Self {
        let mut names = UniqueNames::default();
        for name in PRELUDE_NAMES {
            names.reserve(name);
        }
        names
    }

    /// Marks a name as used, so later names avoid it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_lowercase());
    }

    /// `name` if still free, else `name2`, `name3`, ... (`name_2` for snake_case names).
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_lowercase()) {
            return name.to_owned();
        }
        let separator = if name.contains('_') || name.starts_with(char::is_lowercase) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{name}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.to_lowercase()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_for_awkward_docs_names() {
        assert_eq!(field_name("type").as_deref(), Some("type"));
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(namespace_module("microsoft.graph.123"), "ns_123");
        assert_eq!(namespace_module("microsoft.graph.d"), "ns_d");
        assert_eq!(namespace_module("microsoft.graph.security"), "security");
        let long = namespace_module(&format!("microsoft.graph.{}", "x".repeat(300)));
        assert_eq!(long.len(), 64);
        assert_ne!(
            long,
            namespace_module(&format!("microsoft.graph.{}", "x".repeat(301)))
        );
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(field_name("self").as_deref(), Some("self_"));
        assert_eq!(field_name("Self").as_deref(), Some("self_"));
        assert_eq!(field_name("crate").as_deref(), Some("crate_"));
        assert_eq!(field_name("\"quotedName").as_deref(), Some("quoted_name"));
        assert_eq!(field_name("2ndFactor").as_deref(), Some("_2nd_factor"));
        assert_eq!(
            field_name("@microsoft.graph.downloadUrl").as_deref(),
            Some("download_url")
        );
        assert_eq!(field_name("@odata.etag").as_deref(), Some("etag"));
        assert_eq!(field_name("!!!"), None);
        assert_eq!(
            type_name("deviceCompliancePolicy").as_deref(),
            Some("DeviceCompliancePolicy")
        );
        assert_eq!(variant_name("JIS B4").as_deref(), Some("JisB4"));
        assert_eq!(variant_name("Self").as_deref(), Some("SelfValue"));
        assert_eq!(
            namespace_module("microsoft.graph.callRecords"),
            "call_records"
        );
        assert_eq!(version_module("v1.0"), "v1_0");
    }

    #[test]
    fn collisions_get_numbers() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("query_string"), "query_string");
        assert_eq!(names.claim("query_string"), "query_string_2");
        assert_eq!(names.claim("Other"), "Other");
        assert_eq!(names.claim("Other"), "Other2");
    }
}
