//! The `graph-docgen` command line: `check` on the seed page, exit statuses with and without
//! `--deny warnings`, JSON and human output, and help texts with examples.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_graph-docgen");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/malformed");
const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seed");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// The clean fixture set, plus the fault pages given as (fixture, page path).
fn docs_with(temp: &Path, faults: &[(&str, &str)]) -> PathBuf {
    let docs = temp.join("docs");
    for dir in ["resources", "api"] {
        let from = Path::new(FIXTURES).join("good").join(dir);
        fs::create_dir_all(docs.join(dir)).expect("mkdir");
        for entry in fs::read_dir(from).expect("fixtures").flatten() {
            fs::copy(entry.path(), docs.join(dir).join(entry.file_name())).expect("copy");
        }
    }
    for (fixture, page) in faults {
        let text = Path::new(FIXTURES).join("faults").join(fixture);
        fs::copy(text, docs.join(page)).expect("copy fault page");
    }
    docs
}

#[test]
fn check_reports_the_seed_pages_placeholders_and_enum_value() {
    if !Path::new(SEED).is_dir() {
        eprintln!("notice: {SEED} is absent; the seed check is skipped");
        return;
    }
    let output = run(&["check", "--docs", SEED, "--format", "json"]);
    let json = json_of(&output);
    let diags = json["diagnostics"].as_array().expect("a list");
    let at = |code: &str| -> Vec<(u64, String)> {
        diags
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| {
                let line = d["line"].as_u64().unwrap_or_default();
                (line, d["message"].as_str().unwrap_or_default().to_owned())
            })
            .collect()
    };
    let placeholders = at("GD0205");
    assert_eq!(placeholders.len(), 2, "{placeholders:?}");
    assert!(placeholders[0].1.contains("`TODO: Determine scopes`"));
    assert!(placeholders[1]
        .1
        .contains("`TODO: Determine AppOnly scopes`"));
    let enum_values = at("GD0207");
    assert_eq!(enum_values.len(), 1, "{enum_values:?}");
    let (line, message) = &enum_values[0];
    assert!(message.contains("`source` to `String`"), "{message}");
    assert!(message.contains("`direct`, `policySets`"), "{message}");
    let page = fs::read_to_string(Path::new(SEED).join(diags[0]["file"].as_str().unwrap()))
        .expect("the seed page");
    let expected = page
        .lines()
        .position(|l| l.contains("\"source\": \"String\""))
        .expect("the example sets source")
        + 1;
    assert_eq!(
        *line, expected as u64,
        "the request example's line, not the response's"
    );
    assert_eq!(
        json["counts"].as_array().map(Vec::len),
        Some(3),
        "{}",
        json["counts"]
    );
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let temp = tempfile::tempdir().expect("temp");
    let clean = docs_with(temp.path(), &[]);
    let clean = clean.to_str().expect("UTF-8 path");
    assert!(run(&["check", "--docs", clean]).status.success());
    assert!(run(&["check", "--docs", clean, "--deny", "warnings"])
        .status
        .success());

    let temp = tempfile::tempdir().expect("temp");
    let warned = docs_with(
        temp.path(),
        &[("duplicate-enum-member.md", "resources/gadgetcolor.md")],
    );
    let warned = warned.to_str().expect("UTF-8 path");
    let plain = run(&["check", "--docs", warned]);
    assert!(plain.status.success(), "warnings alone do not fail");
    let denied = run(&["check", "--docs", warned, "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));

    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(text.contains("warning[GD0105]"), "{text}");
    let page = fs::read_to_string(Path::new(FIXTURES).join("faults/duplicate-enum-member.md"))
        .expect("fixture");
    let line = page
        .lines()
        .position(|l| l.contains("|red|2|"))
        .expect("row")
        + 1;
    let at = format!("resources/gadgetcolor.md:{line}:2");
    assert!(text.contains(&at), "{at} in:\n{text}");
    assert!(text.contains("^^^"), "the line is underlined:\n{text}");
    assert!(
        text.contains("GD0105 warning duplicate enum member"),
        "{text}"
    );
}

#[test]
fn errors_fail_and_a_missing_folder_exits_2() {
    let temp = tempfile::tempdir().expect("temp");
    let docs = docs_with(temp.path(), &[("missing-link.md", "resources/gear.md")]);
    let output = run(&["check", "--docs", docs.to_str().expect("UTF-8"), "--quiet"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        !text.contains("^^^"),
        "--quiet prints only the counts:\n{text}"
    );
    assert!(text.contains("GD0101 error   unresolved type"), "{text}");

    let missing = temp.path().join("nothing-here");
    let output = run(&["check", "--docs", missing.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("does not exist"));

    let page = temp.path().join("page.md");
    std::fs::write(&page, "# A page\n").expect("write a page");
    let output = run(&["check", "--docs", page.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is a file; --docs takes the folder"),
        "{stderr}"
    );
}

#[test]
fn generate_prints_json_on_request() {
    let temp = tempfile::tempdir().expect("temp");
    let docs = docs_with(
        temp.path(),
        &[("broken-table-rows.md", "resources/gadget.md")],
    );
    let out = temp.path().join("out");
    let output = run(&[
        "generate",
        "--docs",
        docs.to_str().expect("UTF-8"),
        "--out",
        out.to_str().expect("UTF-8"),
        "--format",
        "json",
    ]);
    assert!(output.status.success());
    let json = json_of(&output);
    assert!(json["written"]["written"].as_u64() > Some(0), "{json}");
    let first = &json["diagnostics"]["diagnostics"][0];
    assert_eq!(first["code"], "GD0005");
    assert_eq!(first["file"], "resources/gadget.md");
    assert!(out.join("mod.rs").is_file());
}

#[test]
fn help_explains_each_subcommand_with_examples() {
    let top = run(&["--help"]);
    let text = String::from_utf8_lossy(&top.stdout);
    assert!(
        text.contains("Examples:") && text.contains("graph-docgen check"),
        "{text}"
    );
    for sub in ["generate", "check"] {
        let output = run(&[sub, "--help"]);
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains(&format!("graph-docgen {sub} --docs")),
            "{text}"
        );
        assert!(
            text.contains("--docs <DIR>") && text.contains("--format"),
            "{text}"
        );
    }
}
