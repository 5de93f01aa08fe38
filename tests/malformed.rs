//! The malformed-input suite: one small page per kind of doc fault, each added to a clean
//! docs set (`tests/fixtures/malformed/good`). Every test asserts the fault's diagnostic
//! (kind and line) and that the rest of the set was still generated.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use graph_docgen::diag::{DiagKind, Diagnostic};
use graph_docgen::model::Model;
use graph_docgen::Generator;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/malformed");

/// What a run over the good pages plus one faulty page produced.
struct Run {
    /// Every finding `check` reports (a superset of what `generate` reports).
    diagnostics: Vec<Diagnostic>,
    /// What `generate` reported.
    generated: Vec<Diagnostic>,
    /// The text of every generated file.
    output: String,
    model: Model,
}

impl Run {
    /// Asserts a finding of `kind` on `file` at `line`.
    fn expect(&self, kind: DiagKind, file: &str, line: u32) -> &Diagnostic {
        let found = self
            .diagnostics
            .iter()
            .find(|d| d.kind == kind && d.span.file == file && d.span.line == line);
        found.unwrap_or_else(|| {
            panic!(
                "no {} ({}) at {file}:{line}; found:\n{}",
                kind.code(),
                kind.name(),
                self.list()
            )
        })
    }

    /// Asserts the generated code has an item (`pub struct Gadget`, ...).
    fn has_item(&self, item: &str) {
        let needle = format!("{item} {{");
        assert!(self.output.contains(&needle), "`{item}` was not generated");
    }

    /// The findings on one page.
    fn on(&self, file: &str) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.span.file == file)
            .collect()
    }

    fn list(&self) -> String {
        let lines: Vec<String> = self.diagnostics.iter().map(|d| d.to_string()).collect();
        lines.join("\n")
    }
}

/// Copies the good pages and writes `bytes` as the page `rel`, then analyses, checks and
/// generates. The good pages' types must all be in the output.
fn run_with(rel: &str, bytes: &[u8]) -> Run {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let docs = temp.path().join("docs");
    copy_dir(&Path::new(FIXTURES).join("good"), &docs);
    let page = docs.join(rel);
    fs::create_dir_all(page.parent().expect("pages sit in a folder")).expect("mkdir");
    fs::write(&page, bytes).expect("write the faulty page");

    let out = temp.path().join("out");
    let report = Generator::new(&docs)
        .out_dir(&out)
        .generate()
        .expect("the docs folder is readable");
    let analysis = Generator::new(&docs).analyze().expect("analysis");
    let run = Run {
        diagnostics: graph_docgen::check::check(&analysis),
        generated: report.analysis.diagnostics,
        output: read_tree(&out),
        model: analysis.model,
    };
    for item in [
        "pub struct Widget",
        "pub struct WidgetSize",
        "pub enum WidgetKind",
    ] {
        run.has_item(item);
    }
    run
}

fn fixture(name: &str) -> String {
    let path = Path::new(FIXTURES).join("faults").join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    let index = text.lines().position(|l| l.contains(needle));
    index.unwrap_or_else(|| panic!("`{needle}` is not in the page")) as u32 + 1
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture");
        }
    }
}

fn read_tree(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).expect("read output").flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|f| fs::read_to_string(f).expect("generated files are UTF-8"))
        .collect()
}

#[test]
fn broken_table_rows() {
    let text = fixture("broken-table-rows.md");
    let run = run_with("resources/gadget.md", text.as_bytes());
    let file = "resources/gadget.md";
    run.expect(DiagKind::RaggedTableRow, file, line_of(&text, "|label|"));
    run.expect(DiagKind::RaggedTableRow, file, line_of(&text, "in grams.|"));
    run.has_item("pub struct Gadget");
    assert!(
        run.output.contains("pub active:"),
        "rows after the broken ones are kept"
    );
}

#[test]
fn unterminated_code_fence() {
    let text = fixture("unterminated-fence.md");
    let run = run_with("api/gadget-list.md", text.as_bytes());
    let fence = line_of(&text, "HTTP/1.1 200 OK") - 1;
    run.expect(DiagKind::UnclosedFence, "api/gadget-list.md", fence);
    let version = &run.model.versions[0];
    let op = version.operations.iter().find(|o| o.id == "gadget-list");
    let op = op.expect("the operation is still read");
    assert_eq!(op.routes[0].path, "/dashboards/{dashboardId}/gadgets");
}

#[test]
fn annotation_with_invalid_json() {
    let text = fixture("invalid-annotation.md");
    let run = run_with("resources/gizmo.md", text.as_bytes());
    let diag = run.expect(
        DiagKind::InvalidAnnotation,
        "resources/gizmo.md",
        line_of(&text, "<!-- {"),
    );
    assert!(diag.message.contains("not valid JSON"), "{}", diag.message);
    // The title and the table still define the type.
    run.has_item("pub struct Gizmo");
    assert!(run.output.contains("pub volume:"));
}

#[test]
fn link_to_a_missing_page() {
    let text = fixture("missing-link.md");
    let run = run_with("resources/gear.md", text.as_bytes());
    let file = "resources/gear.md";
    let row = line_of(&text, "|partner|");
    run.expect(DiagKind::UnresolvedType, file, row);
    run.expect(DiagKind::BrokenLink, file, row);
    run.expect(
        DiagKind::BrokenLink,
        file,
        line_of(&text, "sprocket overview"),
    );
    run.has_item("pub struct Gear");
    assert!(
        run.output.contains("pub partner:"),
        "the property degrades to JSON"
    );
}

#[test]
fn property_name_made_only_of_punctuation() {
    let text = fixture("punctuation-property.md");
    let run = run_with("resources/cog.md", text.as_bytes());
    let row = line_of(&text, "|?!-.|");
    run.expect(DiagKind::BadPropertyName, "resources/cog.md", row);
    let in_generate = run
        .generated
        .iter()
        .any(|d| d.kind == DiagKind::BadPropertyName);
    assert!(in_generate, "generate reports it too");
    run.has_item("pub struct Cog");
    assert!(run.output.contains("pub teeth:") && run.output.contains("pub radius:"));
}

#[test]
fn duplicated_enum_member() {
    let text = fixture("duplicate-enum-member.md");
    let run = run_with("resources/gadgetcolor.md", text.as_bytes());
    let row = line_of(&text, "|red|2|");
    run.expect(
        DiagKind::DuplicateEnumMember,
        "resources/gadgetcolor.md",
        row,
    );
    run.has_item("pub enum GadgetColor");
    let version = &run.model.versions[0];
    let color = version
        .enums
        .values()
        .find(|e| e.name.name == "gadgetColor");
    let members: Vec<&str> = color
        .expect("the enum is kept")
        .members
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(members, ["red", "green", "blue"]);
}

#[test]
fn route_without_a_leading_slash() {
    let text = fixture("route-without-slash.md");
    let run = run_with("api/widget-list.md", text.as_bytes());
    let line = line_of(&text, "GET me/widgets");
    let diag = run.expect(DiagKind::RepairedRoute, "api/widget-list.md", line);
    assert!(diag.message.contains("leading `/`"), "{}", diag.message);
    let version = &run.model.versions[0];
    let op = version.operations.iter().find(|o| o.id == "widget-list");
    assert_eq!(
        op.expect("the operation is kept").routes[0].path,
        "/me/widgets"
    );
}

#[test]
fn crlf_line_endings() {
    let text = fixture("crlf-line-endings.md");
    let crlf = text.replace('\n', "\r\n");
    let run = run_with("resources/sprocket.md", crlf.as_bytes());
    let file = "resources/sprocket.md";
    run.expect(DiagKind::RaggedTableRow, file, line_of(&text, "|teeth|"));
    assert_eq!(
        run.on(file).len(),
        1,
        "only the ragged row:\n{}",
        run.list()
    );
    run.has_item("pub struct Sprocket");
    assert!(run.output.contains("pub bore:"));
}

#[test]
fn byte_order_mark() {
    let text = fixture("byte-order-mark.md");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let run = run_with("resources/flange.md", &bytes);
    let file = "resources/flange.md";
    run.expect(DiagKind::RaggedTableRow, file, line_of(&text, "|holes|"));
    assert_eq!(
        run.on(file).len(),
        1,
        "only the ragged row:\n{}",
        run.list()
    );
    // The front matter after the mark is still read, so the title names the type.
    run.has_item("pub struct Flange");
    assert!(run.output.contains("pub diameter:"));
}

#[test]
fn non_utf8_bytes() {
    let text = fixture("non-utf8.md");
    let line = line_of(&text, "LATIN1-MARKER");
    let bytes = text
        .replace("LATIN1-MARKER", "d\u{0}gr\u{0}s")
        .into_bytes()
        .into_iter()
        .map(|b| if b == 0 { 0xE9 } else { b })
        .collect::<Vec<u8>>();
    let run = run_with("resources/bracket.md", &bytes);
    run.expect(DiagKind::InvalidUtf8, "resources/bracket.md", line);
    run.has_item("pub struct Bracket");
    assert!(run.output.contains("pub angle:") && run.output.contains("pub finish:"));
}

#[test]
fn ten_megabyte_page() {
    let text = fixture("huge-page.md");
    let sentence = "A ledger records every entry in the order it was made, and never loses one. ";
    let mut prose = String::new();
    while prose.len() < 10 * 1024 * 1024 {
        prose.push_str(sentence);
        if prose.len() % 4096 < sentence.len() {
            prose.push_str("\n\n");
        }
    }
    let mut rows = String::new();
    for i in 0..4000 {
        rows.push_str(&format!("|entry{i}|String|The entry numbered {i}.|\n"));
    }
    rows.push_str("|entry7|String|The seventh entry, listed again.|\n");
    let page = text
        .replace("PROSE-MARKER", &prose)
        .replace("ROW-MARKER\n", &rows);
    assert!(page.len() >= 10 * 1024 * 1024, "{} bytes", page.len());

    let started = Instant::now();
    let run = run_with("resources/ledger.md", page.as_bytes());
    let elapsed = started.elapsed();
    let duplicate = line_of(&page, "|entry7|String|The seventh");
    run.expect(
        DiagKind::DuplicateProperty,
        "resources/ledger.md",
        duplicate,
    );
    run.has_item("pub struct Ledger");
    assert!(run.output.contains("pub entry3999:"));
    assert!(elapsed < Duration::from_secs(240), "took {elapsed:?}");
}

#[test]
fn deeply_nested_lists_and_quotes() {
    let text = fixture("nested-lists-and-quotes.md");
    let quotes = format!("{} deep\n\n", "> ".repeat(5000));
    let mut lists = String::new();
    for depth in 0..1500 {
        lists.push_str(&"  ".repeat(depth));
        lists.push_str("- level\n");
    }
    let nesting = format!("{quotes}{lists}\n{}\n", "[".repeat(5000));
    let page = text.replace("NESTING-MARKER", &nesting);
    let run = run_with("resources/spindle.md", page.as_bytes());
    let file = "resources/spindle.md";
    run.expect(DiagKind::RaggedTableRow, file, line_of(&page, "|length|"));
    run.has_item("pub struct Spindle");
    assert!(run.output.contains("pub rpm:"));
}

#[test]
fn namespaces_named_by_a_digit_or_a_single_letter() {
    // `3d` cannot name a module; `w` would clash with the letter file `w.rs`.
    let page = |namespace: &str, name: &str| {
        format!(
            "# {name} resource type\n\nNamespace: {namespace}\n\nA thing.\n\n## Properties\n\
             |Property|Type|Description|\n|:---|:---|:---|\n|id|String|The id.|\n"
        )
    };
    let run = run_with(
        "resources/printer.md",
        page("microsoft.graph.3d", "printer").as_bytes(),
    );
    assert!(run.output.contains("pub mod ns_3d"), "{}", run.output);
    let run = run_with(
        "resources/wand.md",
        page("microsoft.graph.w", "wand").as_bytes(),
    );
    assert!(run.output.contains("pub mod ns_w"), "{}", run.output);
}

#[test]
fn folders_that_would_share_a_version_get_modules_of_their_own() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let docs = temp.path().join("docs");
    for folder in ["v1.0", "V1.0", "drafts"] {
        copy_dir(&Path::new(FIXTURES).join("good"), &docs.join(folder));
    }
    let out = temp.path().join("out");
    let report = Generator::new(&docs)
        .out_dir(&out)
        .generate()
        .expect("the docs folder is readable");
    let names: Vec<&str> = report
        .analysis
        .model
        .versions
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["v1.0", "drafts", "v1.0-2"]);
    let root = fs::read_to_string(out.join("mod.rs")).expect("the root module");
    for module in ["pub mod v1_0 {", "pub mod drafts {", "pub mod v1_0_2 {"] {
        assert_eq!(root.matches(module).count(), 1, "{root}");
    }
}

#[test]
fn names_longer_than_a_file_name_can_be() {
    let segment = "w".repeat(300);
    let page = format!(
        "# Get widget\n\nGets a widget.\n\n## HTTP request\n\n```http\nGET /{segment}/{{id}}\n```\n"
    );
    // `run_with` fails the test when writing fails.
    let run = run_with("api/widget-get.md", page.as_bytes());
    // The operation is generated, its route whole in its docs, in a file of a shorter name.
    assert!(
        run.output.contains(&format!("GET /{segment}/{{id}}")),
        "{}",
        run.output
    );
    let namespace = "n".repeat(300);
    let page = format!(
        "# gizmo resource type\n\nNamespace: microsoft.graph.{namespace}\n\nA gizmo.\n\n\
         ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The id.|\n"
    );
    run_with("resources/gizmo.md", page.as_bytes()).has_item("pub struct Gizmo");
}

#[test]
fn type_that_names_itself_as_its_base() {
    let text = "# selfish resource type\n\nNamespace: microsoft.graph\n\nA type.\n\n\
        ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key.|\n\n\
        ## JSON representation\n<!-- {\n  \"blockType\": \"resource\",\n  \
        \"@odata.type\": \"microsoft.graph.selfish\",\n  \
        \"baseType\": \"microsoft.graph.selfish\"\n}\n-->\n\
        ```json\n{\n  \"id\": \"String\"\n}\n```\n";
    let run = run_with("resources/selfish.md", text.as_bytes());
    let diag = run.expect(
        DiagKind::InheritanceCycle,
        "resources/selfish.md",
        line_of(text, "<!-- {"),
    );
    assert!(diag.message.contains("names itself"), "{}", diag.message);
    run.has_item("pub struct Selfish");
}

#[test]
fn enum_page_whose_member_table_is_empty() {
    let text = "# hue enum type\n\nNamespace: microsoft.graph\n\nA hue.\n\n## Members\n\
        | Member | Value | Description |\n|:---|:---|:---|\n";
    let run = run_with("resources/hue.md", text.as_bytes());
    let diag = run.expect(
        DiagKind::EmptyEnum,
        "resources/hue.md",
        line_of(text, "| Member"),
    );
    assert!(diag.message.contains("`hue`"), "{}", diag.message);
    // The type exists, with only the catch-all that keeps every value.
    run.has_item("pub enum Hue");
    let body = run
        .output
        .split("pub enum Hue {")
        .nth(1)
        .expect("the enum is written");
    let body = body.split("\n}").next().unwrap_or_default();
    let variants: Vec<&str> = body
        .lines()
        .filter(|l| l.trim_end().ends_with(','))
        .collect();
    assert_eq!(variants, ["    Other(String),"]);
    let hue = run.model.versions[0]
        .enums
        .values()
        .find(|e| e.name.name == "hue");
    assert!(hue.expect("the enum is kept").members.is_empty());
}

#[cfg(unix)]
#[test]
fn a_page_linked_in_from_elsewhere_is_read() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let docs = temp.path().join("docs");
    copy_dir(&Path::new(FIXTURES).join("good"), &docs);
    let elsewhere = temp.path().join("gizmo.md");
    let page = "# gizmo resource type\n\nNamespace: microsoft.graph\n\nA gizmo.\n\n\
        ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The id.|\n";
    fs::write(&elsewhere, page).expect("write");
    std::os::unix::fs::symlink(&elsewhere, docs.join("resources/gizmo.md")).expect("symlink");
    // A folder link that loops back is left alone.
    std::os::unix::fs::symlink(&docs, docs.join("resources/loop")).expect("symlink");
    let out = temp.path().join("out");
    Generator::new(&docs)
        .out_dir(&out)
        .generate()
        .expect("the docs folder is readable");
    assert!(read_tree(&out).contains("pub struct Gizmo"));
}

#[test]
fn front_matter_never_closed() {
    let text = "---\ntitle: \"gizmo resource type\"\n\n# gizmo resource type\n\n\
        Namespace: microsoft.graph\n\nA gizmo.\n\n## Properties\n\
        |Property|Type|Description|\n|:---|:---|:---|\n|id|String|The id.|\n";
    let run = run_with("resources/gizmo.md", text.as_bytes());
    run.expect(DiagKind::BadFrontMatter, "resources/gizmo.md", 1);
    // The page is still read as markdown.
    run.has_item("pub struct Gizmo");
}

#[test]
fn example_json_with_a_string_broken_over_two_lines() {
    let text = "---\ntitle: \"Get widget\"\ndoc_type: apiPageType\n---\n\n# Get widget\n\n\
        Namespace: microsoft.graph\n\nGets a widget.\n\n## HTTP request\n\n```http\n\
        GET /widgets/{id}\n```\n\n## Response\n\n\
        <!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n\
        ```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  \"id\": \"a\nb\"\n}\n```\n";
    let run = run_with("api/widget-get.md", text.as_bytes());
    // Columns count from 1, also where the parser stopped at the end of a line, both in
    // what `check` reports and in what `generate` reports.
    let checked = run.on("api/widget-get.md");
    let generated = run
        .generated
        .iter()
        .filter(|d| d.span.file == "api/widget-get.md");
    let mut found = 0;
    for diag in checked.into_iter().chain(generated) {
        if diag.kind == DiagKind::InvalidExampleJson {
            assert!(diag.span.column >= 1, "{diag:?}");
            found += 1;
        }
    }
    assert_eq!(found, 2, "{}", run.list());
}

#[test]
fn json_key_missing_from_the_table_is_reported_where_it_is_written() {
    // `colour` appears nested (in `trim`) before the top-level key the table lacks.
    let text = "# sprocket resource type\n\nNamespace: microsoft.graph\n\nA sprocket.\n\n\
        ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key.|\n\
        |trim|String|Trim.|\n\n## JSON representation\n<!-- {\n  \"blockType\": \"resource\",\n  \
        \"@odata.type\": \"microsoft.graph.sprocket\"\n}\n-->\n\
        ```json\n{\n  \"id\": \"String\",\n  \"trim\": {\"colour\": \"String\"},\n  \
        \"teeth\": 1024,\n  \"colour\": \"String\"\n}\n```\n";
    let run = run_with("resources/sprocket.md", text.as_bytes());
    for (key, needle) in [("teeth", "  \"teeth\""), ("colour", "  \"colour\"")] {
        let line = line_of(text, needle);
        let diag = run.expect(DiagKind::TableJsonMismatch, "resources/sprocket.md", line);
        assert!(
            diag.message.contains(&format!("`{key}`")),
            "{}",
            diag.message
        );
    }
}

#[test]
fn annotation_nested_too_deep() {
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let text = format!(
        "# abyss resource type\n\nNamespace: microsoft.graph\n\nA type.\n\n\
         ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key.|\n\n\
         ## JSON representation\n<!-- {{ \"blockType\": \"resource\", \"x\": {deep}, }} -->\n\
         ```json\n{{\n  \"id\": \"String\"\n}}\n```\n"
    );
    // Before the depth check, JSON5's parser overflowed the stack here.
    let run = run_with("resources/abyss.md", text.as_bytes());
    let diag = run.expect(
        DiagKind::InvalidAnnotation,
        "resources/abyss.md",
        line_of(&text, "<!-- {"),
    );
    assert!(diag.message.contains("nested deeper"), "{}", diag.message);
}

#[test]
fn property_named_like_a_field_every_model_has() {
    let text = "# ledger resource type\n\nNamespace: microsoft.graph\n\nA ledger.\n\n\
        ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key.|\n\
        |additionalData|String|Notes kept by the service.|\n|etag|String|A version stamp.|\n\n\
        ## JSON representation\n<!-- { \"blockType\": \"resource\", \
        \"@odata.type\": \"microsoft.graph.ledger\", \"keyProperty\": \"id\" } -->\n\
        ```json\n{\n  \"id\": \"String\",\n  \"additionalData\": \"String\",\n  \
        \"etag\": \"String\"\n}\n```\n";
    let run = run_with("resources/ledger.md", text.as_bytes());
    let start = run.output.find("pub struct Ledger {").expect("the struct");
    let body = &run.output[start..];
    let body = &body[..body.find("\n}\n").expect("the struct's end")];
    // The catch-all and the entity tag keep the names the README promises; the properties
    // that would take them are renamed.
    for field in [
        "pub additional_data: std::collections::BTreeMap<String, serde_json::Value>",
        "pub additional_data_2: Option<String>",
        "pub etag: Option<String>",
        "pub etag_2: Option<String>",
    ] {
        assert!(body.contains(field), "`{field}` is missing:\n{body}");
    }
}

#[test]
fn enum_member_row_without_a_name() {
    let text = "# tint enum type\n\nNamespace: microsoft.graph\n\nA tint.\n\n## Members\n\
        | Member | Value | Description |\n|:---|:---|:---|\n| warm | 0 | Warm. |\n\
        | | 1 | Lost its name. |\n| | | |\n| cool | 2 | Cool. |\n";
    let run = run_with("resources/tint.md", text.as_bytes());
    run.expect(
        DiagKind::UnnamedEnumMember,
        "resources/tint.md",
        line_of(text, "Lost its name"),
    );
    // The empty spacer row is not reported; the named members are kept.
    let unnamed = run
        .on("resources/tint.md")
        .into_iter()
        .filter(|d| d.kind == DiagKind::UnnamedEnumMember)
        .count();
    assert_eq!(unnamed, 1, "{}", run.list());
    run.has_item("pub enum Tint");
    assert!(
        run.output.contains("Warm,") && run.output.contains("Cool,"),
        "{}",
        run.output
    );
}

#[test]
fn annotation_whose_type_name_is_not_a_name() {
    for (file, odata_type) in [
        ("resources/cog.md", "42"),
        ("resources/cog2.md", "\"a cog\""),
    ] {
        let text = format!(
            "# cog resource type\n\nNamespace: microsoft.graph\n\nA cog.\n\n\
             ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key.|\n\n\
             ## JSON representation\n<!-- {{ \"blockType\": \"resource\", \
             \"@odata.type\": {odata_type} }} -->\n```json\n{{\n  \"id\": \"String\"\n}}\n```\n"
        );
        let run = run_with(file, text.as_bytes());
        let diag = run.expect(DiagKind::InvalidAnnotation, file, line_of(&text, "<!-- {"));
        assert!(diag.message.contains("not a type name"), "{}", diag.message);
        // The title still names the type, which is generated.
        run.has_item("pub struct Cog");
    }
}
