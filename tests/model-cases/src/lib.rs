//! Models generated at build time from the fixture pages in `tests/fixtures/cases/`, one
//! small set of pages per fault case (`../shared/cases/`). The tests in `tests/cases.rs`
//! decode and encode payloads with these types.
//!
//! The fixture folder is a single version, read as `v1.0`, so the models live in
//! [`v1_0::models`].

/// The generated module tree.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/graph/mod.rs"));
}

pub use generated::*;

/// Where the generated source was written, for tests that read the emitted text.
pub const GENERATED_DIR: &str = concat!(env!("OUT_DIR"), "/graph");
