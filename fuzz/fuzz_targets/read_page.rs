//! Fuzzes the page reader: any bytes, decoded as the reader decodes a file, must parse into
//! a page and diagnostics without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

use graph_docgen::diag::Diagnostics;
use graph_docgen::read::{parse_page, PageFile, PageFolder};

fuzz_target!(|data: &[u8]| {
    // The reader drops a byte-order mark and replaces invalid UTF-8; do the same here.
    let bytes = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let text = String::from_utf8_lossy(bytes);
    let file = PageFile {
        rel_path: "v1.0/resources/fuzz.md".into(),
        abs_path: "fuzz.md".into(),
        folder: PageFolder::Resources,
    };
    let mut diags = Diagnostics::default();
    let page = parse_page(&file, &text, &mut diags);
    let _ = graph_docgen::extract::extract_page(&page, &mut diags);
    for diag in diags.into_sorted() {
        assert!(diag.span.line >= 1, "lines are 1-based: {diag:?}");
    }
});
