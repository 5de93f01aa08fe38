//! A bounded property test: arbitrary markdown, built from the constructs the docs use and
//! from random text, goes through the reader and the whole pipeline (extract, resolve,
//! lints, emit) without a panic. The fuzz targets in `fuzz/` do the same without a bound.

use proptest::prelude::*;

use graph_docgen::check::lint_pages;
use graph_docgen::diag::Diagnostics;
use graph_docgen::emit::{emit_model, EmitOptions};
use graph_docgen::model::Model;
use graph_docgen::read::{parse_page, Page, PageFile, PageFolder};

/// Pieces of Graph reference pages, well- and ill-formed.
const PIECES: &[&str] = &[
    "---\ntitle: \"x\"\n---\n",
    "---\ntitle: x\n",
    "# widget resource type\n",
    "# Get widget\n",
    "# [HTTP](#tab/http)\n",
    "Namespace: microsoft.graph.callRecords\n",
    "## Properties\n",
    "## Relationships\n",
    "## HTTP request\n",
    "## Request body\n",
    "## Response\n",
    "## Permissions\n",
    "## Methods\n",
    "### kind values\n",
    "|Property|Type|Description|\n|:---|:---|:---|\n",
    "|Member|Value|Description|\n|:--|:--|:--|\n",
    "|id|String|Read-only.|\n",
    "|kind|[widgetKind](widgetkind.md) collection|Possible values are: `a`, `b`.|\n",
    "|size|widgetSize|x|\n",
    "|a|b|c|d|e|\n",
    "|?!|String|\n",
    "|chart|0|A chart.|\n|chart|1|Again.|\n",
    "|Application|**TODO: Determine scopes **|\n",
    "|[Get widget](../api/widget-get.md)|[widget](widget.md)|x|\n",
    "<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n",
    "<!-- { \"blockType\": \"request\", \"name\": \"x\" } -->\n",
    "<!-- { \"blockType\": \"response\", \"@odata.type\": \"Collection(microsoft.graph.widget)\" } -->\n",
    "<!-- { \"blockType\": \"resource\" \"baseType\": -->\n",
    "```http\nGET /widgets/{id}\n```\n",
    "```http\nPATCH widgets/{id | name}/{id}\nContent-type: application/json\n\n{\"kind\": \"String\", \"x@odata.bind\": 1}\n```\n",
    "```http\nHTTP/1.1 200 OK\n\n{\"value\": [{\"id\": \"1\", \"kind\": [\"a,b\"]}]}\n```\n",
    "```json\n{\"id\": \"String\", \"size\": {\"@odata.type\": \"microsoft.graph.widgetSize\"},}\n```\n",
    "```json\n{ \"unterminated\": \n",
    "Inherits from [entity](entity.md).\n",
    "- item\n  - nested\n    > quote\n",
    "> > > > quoted\n",
    "\r\n",
    "\u{feff}",
    "\u{0}",
    "### İİ values\n|İ|Value|\n|:--|:--|\n|İa|0|\n",
    "|İİ|İİİ collection|[İx](İx.md) collection|\n",
    // Words of several bytes where routes are cut and descriptions are wrapped.
    "```http\nGET /widgets/{id} ééé — ü\n```\n",
    "|note|String|step — 2. then - item # x é. step — 2. then - item # x é. step — 2. then - \
     item # x é. step — 2. then - item # x é. step — 2. then - item # x é. ü — ü — ü — ü|\n",
];

fn page_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        1 => "\\PC{0,40}",
        1 => "[|`*#\\[\\]{}()<>!:\"\\n -]{0,30}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn read(i: usize, text: &str, diags: &mut Diagnostics) -> Page {
    let (dir, folder) = if i.is_multiple_of(2) {
        ("resources", PageFolder::Resources)
    } else {
        ("api", PageFolder::Api)
    };
    let file = PageFile {
        rel_path: format!("beta/{dir}/widget{i}.md"),
        abs_path: format!("widget{i}.md").into(),
        folder,
    };
    parse_page(&file, text, diags)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_markdown_never_panics(texts in proptest::collection::vec(page_text(), 1..4)) {
        let mut diags = Diagnostics::default();
        let pages: Vec<Page> = texts.iter().enumerate().map(|(i, t)| read(i, t, &mut diags)).collect();
        let facts: Vec<_> = pages
            .iter()
            .map(|page| graph_docgen::extract::extract_page(page, &mut diags))
            .collect();
        let (version, _) = graph_docgen::resolve::resolve_version("beta", facts, &mut diags);
        let lints = lint_pages(&version, &pages);
        let model = Model { versions: vec![version] };
        let files = emit_model(&model, &EmitOptions::default(), &mut diags);
        prop_assert!(files.iter().any(|f| f.path == "mod.rs"));
        for diag in diags.into_sorted().iter().chain(&lints) {
            prop_assert!(diag.span.line >= 1, "lines are 1-based: {diag:?}");
        }
    }
}
