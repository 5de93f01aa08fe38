//! Generates the bindings from `docs-input/`, or from the folder named by `GRAPH_DOCS_DIR`.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=GRAPH_DOCS_DIR");
    println!("cargo:rerun-if-env-changed=GRAPH_DOCS_REGISTRY");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let docs = match std::env::var_os("GRAPH_DOCS_DIR") {
        Some(dir) => manifest.join(dir),
        None => manifest.join("../docs-input"),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("graph");
    // The registry (decoding by type name) is for the corpus tests; it costs compile time.
    let registry = std::env::var_os("GRAPH_DOCS_REGISTRY").is_some_and(|v| v == "1");
    let generator = graph_docgen::Generator::new(&docs)
        .out_dir(&out)
        .registry(registry);
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
}
