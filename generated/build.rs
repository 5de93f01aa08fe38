//! Generates the bindings from `docs-input/`, or from the folder named by `GRAPH_DOCS_DIR`.
//! `GRAPH_DOCS_SELECT` (comma-separated patterns, as for `graph-docgen generate --select`)
//! generates only the operations and types it names and what they reach.
//! `GRAPH_DOCS_MODELS_ONLY=1` leaves out the request builders; `GRAPH_DOCS_REGISTRY=1` adds
//! decoding by type name (and, with the builders, calling any operation by name) for tests.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=GRAPH_DOCS_DIR");
    println!("cargo:rerun-if-env-changed=GRAPH_DOCS_REGISTRY");
    println!("cargo:rerun-if-env-changed=GRAPH_DOCS_SELECT");
    println!("cargo:rerun-if-env-changed=GRAPH_DOCS_MODELS_ONLY");
    println!("cargo::rustc-check-cfg=cfg(graph_registry)");
    println!("cargo::rustc-check-cfg=cfg(graph_default_docs)");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let custom = std::env::var_os("GRAPH_DOCS_DIR");
    let docs = match &custom {
        Some(dir) => manifest.join(dir),
        None => manifest.join("../docs-input"),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("graph");
    // The registry (decoding by type name) serves the example tests. It costs compile time
    // on a large docs set, so there it is opt-in; the small default set always has it.
    let registry =
        custom.is_none() || std::env::var_os("GRAPH_DOCS_REGISTRY").is_some_and(|v| v == "1");
    // Models only (no request builders) is for the example-decoding test on a large corpus,
    // which needs the types and compiles several times faster without the builders.
    let requests = std::env::var_os("GRAPH_DOCS_MODELS_ONLY").is_none_or(|v| v != "1");
    let mut generator = graph_docgen::Generator::new(&docs)
        .out_dir(&out)
        .registry(registry)
        .requests(requests);
    let select = std::env::var("GRAPH_DOCS_SELECT").unwrap_or_default();
    for pattern in select.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        generator = generator.select(pattern);
    }
    match generator.generate() {
        Ok(report) => report.print_cargo_directives(),
        Err(err) => {
            eprintln!(
                "error: graph-bindings cannot generate from {} (set GRAPH_DOCS_DIR to a folder of \
                 Graph reference pages, e.g. a checkout of api-reference/v1.0): {err}",
                docs.display()
            );
            std::process::exit(1);
        }
    }
    if registry {
        println!("cargo:rustc-cfg=graph_registry");
    }
    if custom.is_none() {
        println!("cargo:rustc-cfg=graph_default_docs");
    }
    let docs = docs.canonicalize().unwrap_or(docs);
    println!("cargo:rustc-env=GRAPH_BINDINGS_DOCS_DIR={}", docs.display());
}
