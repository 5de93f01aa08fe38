//! Resolution stage: joins the facts of every page of a version into one [`ApiVersion`].
//!
//! Types defined on several pages are merged; type cells become [`TypeRef`]s by link
//! target, annotation name or plain name; inline `Possible values are` lists become enums;
//! base types are linked and inherited rows de-duplicated. What cannot be resolved degrades
//! to untyped JSON with a diagnostic.

mod index;
mod operations;
mod reconcile;
mod structs;

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::extract::PageFacts;
use crate::model::ApiVersion;

pub(crate) use index::TypeIndex;

/// Counts that describe how well a version's pages were understood.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VersionSummary {
    /// The version.
    pub version: String,
    /// Pages read.
    pub pages: usize,
    /// Entity and complex types.
    pub structs: usize,
    /// Enum types (from member tables and inline lists).
    pub enums: usize,
    /// Property and relationship rows kept on types.
    pub properties: usize,
    /// Of those, rows whose type resolved (not the untyped-JSON fallback).
    pub resolved_properties: usize,
    /// Operations.
    pub operations: usize,
    /// Routes over all operations.
    pub routes: usize,
    /// Request and response examples.
    pub examples: usize,
}

/// Joins one version's page facts, which it consumes. `facts` must be in page-path order.
pub fn resolve_version(
    name: &str,
    mut facts: Vec<PageFacts>,
    diags: &mut Diagnostics,
) -> (ApiVersion, VersionSummary) {
    let mut index = TypeIndex::build(&facts, diags);
    let mut fallbacks = 0usize;
    let mut structs = structs::resolve_structs(&facts, &mut index, &mut fallbacks, diags);
    let operations = operations::resolve_operations(&mut facts, &mut index, diags);
    reconcile::reconcile_with_examples(&mut structs, &operations, diags);
    let enums = index.take_enums();
    let properties = structs.values().map(|s| s.properties.len()).sum::<usize>();
    let summary = VersionSummary {
        version: name.to_owned(),
        pages: facts.len(),
        structs: structs.len(),
        enums: enums.len(),
        properties,
        resolved_properties: properties - fallbacks.min(properties),
        operations: operations.len(),
        routes: operations.iter().map(|o| o.routes.len()).sum(),
        examples: operations.iter().map(|o| o.examples.len()).sum(),
    };
    let version = ApiVersion {
        name: name.to_owned(),
        structs,
        enums,
        operations,
    };
    (version, summary)
}
