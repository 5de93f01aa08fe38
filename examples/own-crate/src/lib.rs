//! Graph models generated at build time (see `build.rs`) from `docs-input/`.

/// The generated module tree: one module per API version.
pub mod graph {
    include!(concat!(env!("OUT_DIR"), "/graph/mod.rs"));
}
