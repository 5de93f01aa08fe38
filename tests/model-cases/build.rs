//! Generates models from the fault-case fixture pages in `tests/fixtures/cases/`.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let docs = manifest.join("../fixtures/cases");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("graph");
    let generator = graph_docgen::Generator::new(&docs)
        .out_dir(&out)
        .registry(true);
    match generator.generate() {
        Ok(report) => report.print_cargo_directives(),
        Err(err) => {
            eprintln!(
                "error: cannot generate the case models from {}: {err}",
                docs.display()
            );
            std::process::exit(1);
        }
    }
}
