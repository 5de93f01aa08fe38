//! Runtime support for the Microsoft Graph models that graph-docgen generates.
//!
//! Generated models depend only on this crate, `serde` and `serde_json`. This crate supplies
//! what serde alone does not: the OData `Edm` primitive types whose JSON form differs from
//! Rust's own ([`edm`]), and the member-by-member reading and writing of generated structs,
//! which keeps members sent as `null` and members the docs do not list ([`wire`]). Generated request builders send their requests
//! through [`http`]: a client with a token provider, retries, percent-encoded paths, OData
//! query options and typed answers.
//!
//! The crates whose types appear in this crate's public API are re-exported, so generated code
//! can name them through `graph_runtime::chrono`, `graph_runtime::uuid` and
//! `graph_runtime::rust_decimal` without depending on them itself.

#![deny(missing_docs)]

pub mod edm;
pub mod http;
pub mod odata;
pub mod wire;

pub use chrono;
pub use futures_core;
pub use rust_decimal;
pub use uuid;
