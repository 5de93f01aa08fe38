//! Rust bindings for Microsoft Graph, generated at build time by `graph-docgen` from the
//! reference pages in `docs-input/` (or the folder named by `GRAPH_DOCS_DIR`).
//!
//! Each API version is a module (`beta`, `v1_0`), each with a `models` module of entity,
//! complex and enum types.

include!(concat!(env!("OUT_DIR"), "/graph/mod.rs"));
