//! Fuzzes the whole pipeline in memory: the input is split at NUL bytes into up to eight
//! pages (alternately under `resources/` and `api/`), which are read, extracted, resolved,
//! linted and emitted. Nothing may panic, and the emitted files must be deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;

use graph_docgen::check::lint_pages;
use graph_docgen::diag::Diagnostics;
use graph_docgen::emit::{emit_model, EmitOptions};
use graph_docgen::model::Model;
use graph_docgen::read::{parse_page, PageFile, PageFolder};

fuzz_target!(|data: &[u8]| {
    let mut diags = Diagnostics::default();
    let mut pages = Vec::new();
    for (i, chunk) in data.split(|&b| b == 0).take(8).enumerate() {
        let (dir, folder) = if i.is_multiple_of(2) {
            ("resources", PageFolder::Resources)
        } else {
            ("api", PageFolder::Api)
        };
        let file = PageFile {
            rel_path: format!("beta/{dir}/page{i}.md"),
            abs_path: format!("page{i}.md").into(),
            folder,
        };
        let text = String::from_utf8_lossy(chunk);
        pages.push(parse_page(&file, &text, &mut diags));
    }
    let facts: Vec<_> = pages
        .iter()
        .map(|page| graph_docgen::extract::extract_page(page, &mut diags))
        .collect();
    let (version, _) = graph_docgen::resolve::resolve_version("beta", facts, &mut diags);
    let _ = lint_pages(&version, &pages);
    let model = Model {
        versions: vec![version],
    };
    let options = EmitOptions {
        registry: true,
        ..EmitOptions::default()
    };
    let first = emit_model(&model, &options, &mut diags);
    let second = emit_model(&model, &options, &mut Diagnostics::default());
    assert_eq!(first, second, "emitting the same model twice differs");
});
