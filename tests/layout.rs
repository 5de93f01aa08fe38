//! Generated files are written as text, not printed from a syntax tree; each must parse
//! as Rust and read exactly as prettyplease would lay it out (blank lines between items
//! aside, which prettyplease drops). Runs on the docs sets in the repo, whose pages
//! exercise long names, keyword names, odd routes and area gating.

use std::fs;
use std::path::{Path, PathBuf};

use graph_docgen::Generator;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("read output").into_path())
        .filter(|path| path.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    files
}

/// The lines that carry code: no blank lines, no plain `//` comments (syn drops them).
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .filter(|line| !line.starts_with("// "))
        .collect()
}

/// Whether `file` is one of those written as text: models, request builders and setters
/// (the module indexes and dispatch are printed from tokens by prettyplease, whose output
/// does not always print back the same).
fn written_as_text(file: &Path) -> bool {
    let path = file.to_string_lossy().replace('\\', "/");
    let index = file.file_name().is_some_and(|name| name == "mod.rs");
    (path.contains("/models/") || path.contains("/requests/")) && !index
}

fn assert_laid_out_like_prettyplease(out: &Path) {
    let files: Vec<PathBuf> = rust_files(out)
        .into_iter()
        .filter(|f| written_as_text(f))
        .collect();
    assert!(
        !files.is_empty(),
        "no models or requests generated in {}",
        out.display()
    );
    for file in files {
        let text = fs::read_to_string(&file).expect("read generated file");
        let parsed = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        let printed = prettyplease::unparse(&parsed);
        let (ours, theirs) = (code_lines(&text), code_lines(&printed));
        if let Some(at) = (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i))
        {
            panic!(
                "{} differs from prettyplease's layout at code line {}:\n  ours:         \
                 {:?}\n  prettyplease: {:?}",
                file.display(),
                at + 1,
                ours.get(at),
                theirs.get(at)
            );
        }
    }
}

#[test]
fn docs_input_output_is_in_prettyplease_layout() {
    let out = tempfile::tempdir().expect("temp dir");
    Generator::new(Path::new(ROOT).join("docs-input"))
        .out_dir(out.path())
        .registry(true)
        .generate()
        .expect("docs-input generates");
    assert_laid_out_like_prettyplease(out.path());
}

#[test]
fn gated_crate_of_the_fixtures_is_in_prettyplease_layout() {
    for docs in [
        "tests/fixtures/cases",
        "tests/fixtures/malformed",
        "docs-input",
    ] {
        let out = tempfile::tempdir().expect("temp dir");
        Generator::new(Path::new(ROOT).join(docs))
            .out_dir(out.path())
            .crate_package("layout-check", "{ path = \"../runtime\" }")
            .runtime_crate("my_graph_runtime")
            .registry(true)
            .generate()
            .expect("fixtures generate");
        assert_laid_out_like_prettyplease(out.path());
    }
}

#[test]
fn a_long_runtime_crate_name_breaks_lines_as_prettyplease_does() {
    // Every line that names the runtime passes the margin with a name this long, so each
    // must break the way prettyplease breaks it.
    let runtime = "a_runtime_crate_name_long_enough_to_push_every_line_past_the_margin";
    let out = tempfile::tempdir().expect("temp dir");
    Generator::new(Path::new(ROOT).join("docs-input"))
        .out_dir(out.path())
        .runtime_crate(runtime)
        .registry(true)
        .generate()
        .expect("docs-input generates");
    assert_laid_out_like_prettyplease(out.path());
}
