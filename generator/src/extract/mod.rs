//! Extract stage: turns one read [`Page`] into the facts it states (types, enums, an
//! operation), with type references still unresolved. Pages are extracted independently,
//! so this stage runs in parallel.

mod cells;
mod operation;
mod types;

pub use cells::{
    normalize_header, parse_type_cell, possible_values, primitive_alias, split_link, TypeCell,
    TypeCellRef,
};
pub use operation::{RawBody, RawOperation, RawParameter, RawResponse};
pub use types::{JsonKey, RawBase, RawEnum, RawProperty, RawStruct};

use crate::diag::Diagnostics;
use crate::model::GRAPH_NAMESPACE;
use crate::read::{BlockKind, Page, PageFolder};

/// What one page states.
#[derive(Clone, Debug)]
pub struct PageFacts {
    /// The page path, relative to the docs folder.
    pub path: String,
    /// The file stem, lower-cased.
    pub stem: String,
    /// The folder kind.
    pub folder: PageFolder,
    /// The page's `Namespace:` line, or `microsoft.graph`.
    pub namespace: String,
    /// Entity and complex types defined on the page (usually one).
    pub structs: Vec<RawStruct>,
    /// Enum types defined on the page.
    pub enums: Vec<RawEnum>,
    /// The operation, for API pages.
    pub operation: Option<RawOperation>,
}

impl PageFacts {
    /// The name of the type this page is about, for links that point at the page.
    pub fn primary_type(&self) -> Option<&crate::model::QualifiedName> {
        let from_struct = self.structs.first().map(|s| &s.name);
        from_struct.or_else(|| {
            if self.enums.len() == 1 {
                Some(&self.enums[0].name)
            } else {
                None
            }
        })
    }
}

/// Extracts a page's facts.
pub fn extract_page(page: &Page, diags: &mut Diagnostics) -> PageFacts {
    let namespace = page_namespace(page);
    let mut facts = PageFacts {
        path: page.path.clone(),
        stem: page.stem.clone(),
        folder: page.folder,
        namespace: namespace.clone(),
        structs: Vec::new(),
        enums: types::extract_enums(page, &namespace, diags),
        operation: None,
    };
    if operation::is_operation_page(page) {
        facts.operation = operation::extract_operation(page, &namespace, diags);
    } else if let Some(raw) = types::extract_struct(page, &namespace, diags) {
        facts.structs.push(raw);
    }
    facts
}

/// The `Namespace: x` line under the title; `microsoft.graph` when absent or malformed.
fn page_namespace(page: &Page) -> String {
    for block in page.blocks.iter().take(12) {
        let BlockKind::Text(inline) = &block.kind else {
            continue;
        };
        let Some(rest) = inline.text.trim().strip_prefix("Namespace:") else {
            continue;
        };
        let ns = rest.split_whitespace().next().unwrap_or_default();
        let ns = ns.trim_matches(|c: char| c == '.' || c == '`' || c == '*');
        if ns.starts_with("microsoft.graph") {
            return dedupe_last_segment(ns);
        }
    }
    GRAPH_NAMESPACE.to_owned()
}

/// `microsoft.graph.ediscovery.ediscovery` was written for `microsoft.graph.ediscovery`.
fn dedupe_last_segment(ns: &str) -> String {
    let parts: Vec<&str> = ns.split('.').collect();
    let n = parts.len();
    if n > 3 && parts[n - 1].eq_ignore_ascii_case(parts[n - 2]) {
        parts[..n - 1].join(".")
    } else {
        ns.to_owned()
    }
}

/// The first paragraph after the title that is not the namespace line or a note.
pub(crate) fn page_description(page: &Page) -> Option<String> {
    let title_line = page.title().map(|h| h.line).unwrap_or(0);
    for block in &page.blocks {
        if block.line <= title_line {
            continue;
        }
        if page.nearest_heading(block).is_some_and(|h| h.level >= 2) {
            break;
        }
        let BlockKind::Text(inline) = &block.kind else {
            continue;
        };
        let text = inline.text.trim();
        let lower = text.to_lowercase();
        let skip = [
            "namespace:",
            "note",
            "important",
            "> ",
            "[!",
            "this api is",
            "**note",
        ];
        if text.is_empty() || skip.iter().any(|s| lower.starts_with(s)) {
            continue;
        }
        return Some(text.to_owned());
    }
    None
}
