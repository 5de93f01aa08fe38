//! Selecting `/deviceManagement/deviceCompliancePolicies/**` gives bindings that compile and
//! hold no type the selected operations cannot reach, from `docs-input` and, when it is
//! present, from the beta corpus beside the repository.
//!
//! Reachability is computed here on its own, from the full model: a type used as a value (by
//! a body, a parameter, a response or a property) brings its derived types, since a value may
//! be any of them; every kept struct brings its base and the types of its properties.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use graph_docgen::model::{ApiVersion, Operation, QualifiedName, RequestBody, TypeRef};
use graph_docgen::select::{self, Selector};
use graph_docgen::{Generator, Report};

const PATTERN: &str = "/deviceManagement/deviceCompliancePolicies/**";
const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn docs_input_selection_compiles_and_holds_only_reachable_types() {
    check_selection(&Path::new(MANIFEST_DIR).join("../docs-input"));
}

#[test]
fn beta_corpus_selection_compiles_and_holds_only_reachable_types() {
    let beta = Path::new(MANIFEST_DIR).join("../../shared/graph-docs/beta");
    if !beta.is_dir() {
        println!(
            "notice: {} is absent; the corpus selection test is skipped",
            beta.display()
        );
        return;
    }
    check_selection(&beta);
}

#[test]
fn cli_select_prints_what_was_kept_and_no_progress_when_piped() {
    let temp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temp folder");
    let output = Command::new(env!("CARGO_BIN_EXE_graph-docgen"))
        .arg("generate")
        .arg("--docs")
        .arg(Path::new(MANIFEST_DIR).join("../docs-input"))
        .arg("--out")
        .arg(temp.path())
        .args(["--select", PATTERN, "--select", "deviceManagement"])
        .output()
        .expect("the CLI runs");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("selected from beta: 20 operations, 19 types"),
        "{stdout}"
    );
    // stderr is a pipe here, as in CI and build scripts: no progress bar.
    assert!(output.stderr.is_empty(), "{output:?}");
}

fn check_selection(docs: &Path) {
    let temp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temp folder");
    let out = temp.path().join("graph");
    let report = Generator::new(docs)
        .out_dir(&out)
        .select(PATTERN)
        .generate()
        .expect("generation succeeds");
    assert!(
        !report.selection.is_empty(),
        "the report says what was kept"
    );
    for version in &report.analysis.model.versions {
        check_version(version, &report, &out);
    }
    cargo_check(&out, temp.path());
}

/// The selected model and the generated models hold exactly the reachable types, fewer
/// than the whole version has.
fn check_version(version: &ApiVersion, report: &Report, out: &Path) {
    let name = &version.name;
    let kept = select::select(version, &[Selector::parse(PATTERN)]);
    let expected_ops: BTreeSet<&str> = version
        .operations
        .iter()
        .filter(|op| op.routes.iter().any(|r| under_pattern(&r.path)))
        .map(|op| op.id.as_str())
        .collect();
    let kept_ops: BTreeSet<&str> = kept.operations.iter().map(|op| op.id.as_str()).collect();
    assert!(!kept_ops.is_empty(), "{name}: no operation was selected");
    assert_eq!(kept_ops, expected_ops, "{name}: selected operations");

    let reached = reachable(version, &kept.operations);
    let kept_types: BTreeSet<QualifiedName> = kept
        .structs
        .keys()
        .chain(kept.enums.keys())
        .cloned()
        .collect();
    let unreachable: Vec<_> = kept_types.difference(&reached).collect();
    let missing: Vec<_> = reached.difference(&kept_types).collect();
    assert!(
        unreachable.is_empty(),
        "{name}: unreachable types kept: {unreachable:?}"
    );
    assert!(
        missing.is_empty(),
        "{name}: reachable types dropped: {missing:?}"
    );
    let all = version.structs.len() + version.enums.len();
    assert!(
        kept_types.len() < all,
        "{name}: the selection kept all {all} types"
    );
    println!(
        "{name}: selected {} of {} operations and {} of {all} types",
        kept_ops.len(),
        version.operations.len(),
        kept_types.len()
    );

    let entry = report
        .selection
        .iter()
        .find(|s| &s.version == name)
        .expect("a selection entry per version");
    assert_eq!(
        (entry.operations, entry.structs, entry.enums),
        (kept.operations.len(), kept.structs.len(), kept.enums.len()),
        "{name}: Report.selection"
    );
    check_generated_types(&kept, &out.join(name.replace('.', "_")).join("models"));
}

/// The struct and enum items of the generated models are the kept types, plus one `AnyX`
/// enum per kept struct with kept derived types, and nothing else.
fn check_generated_types(kept: &ApiVersion, models: &Path) {
    let generated = item_names(models);
    let polymorphic = kept.structs.values().filter(|s| !s.derived.is_empty());
    let expected = kept.structs.len() + kept.enums.len() + polymorphic.count();
    assert_eq!(
        generated.len(),
        expected,
        "{}: generated items {generated:?}",
        models.display()
    );
    let known: BTreeSet<String> = kept
        .structs
        .keys()
        .chain(kept.enums.keys())
        .filter_map(|q| graph_docgen::emit::type_name(&q.name))
        .collect();
    for item in &generated {
        // Names that collide get a number; polymorphic enums are `Any` + the struct's name.
        let base = item.trim_end_matches(|c: char| c.is_ascii_digit());
        let named = known.contains(base)
            || base
                .strip_prefix("Any")
                .is_some_and(|rest| known.contains(rest));
        assert!(named, "generated type `{item}` is not a selected type");
    }
}

/// Whether a route lies under `/deviceManagement/deviceCompliancePolicies`.
fn under_pattern(path: &str) -> bool {
    let path = path.to_lowercase();
    let prefix = "/devicemanagement/devicecompliancepolicies";
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// How a type is reached: as a value, or only as the base of a reached struct.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Value,
    Base,
}

/// Every type the operations reach in `version`.
fn reachable(version: &ApiVersion, operations: &[Operation]) -> BTreeSet<QualifiedName> {
    let mut pending: Vec<(TypeRef, Use)> = Vec::new();
    for op in operations {
        match &op.body {
            Some(RequestBody::Type { ty, .. }) => pending.push((ty.clone(), Use::Value)),
            Some(RequestBody::Parameters { parameters }) => {
                pending.extend(parameters.iter().map(|p| (p.ty.clone(), Use::Value)))
            }
            None => {}
        }
        pending.extend(
            op.query_parameters
                .iter()
                .map(|p| (p.ty.clone(), Use::Value)),
        );
        pending.extend(op.response.ty.iter().map(|ty| (ty.clone(), Use::Value)));
    }
    let mut reached = BTreeSet::new();
    let mut values = BTreeSet::new();
    while let Some((ty, usage)) = pending.pop() {
        let name = match ty {
            TypeRef::Enum(name) => {
                if version.enums.contains_key(&name) {
                    reached.insert(name);
                }
                continue;
            }
            TypeRef::Struct(name) => name,
            TypeRef::Primitive(_) | TypeRef::Json => continue,
        };
        let Some(s) = version.structs.get(&name) else {
            continue;
        };
        if usage == Use::Value && values.insert(name.clone()) {
            let derived = s.derived.iter().cloned();
            pending.extend(derived.map(|d| (TypeRef::Struct(d), Use::Value)));
        }
        if reached.insert(name) {
            let base = s.base.iter().cloned();
            pending.extend(base.map(|b| (TypeRef::Struct(b), Use::Base)));
            pending.extend(s.properties.iter().map(|p| (p.ty.clone(), Use::Value)));
        }
    }
    reached
}

/// The names of the struct and enum items in the model files under `dir`.
fn item_names(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).expect("the models folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            names.extend(item_names(&path));
            continue;
        }
        if path.file_name().is_some_and(|n| n == "mod.rs") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("a generated file");
        let file = syn::parse_file(&text).expect("generated code parses");
        for item in file.items {
            match item {
                syn::Item::Struct(s) => names.push(s.ident.to_string()),
                syn::Item::Enum(e) => names.push(e.ident.to_string()),
                _ => {}
            }
        }
    }
    names.sort();
    names
}

/// Builds a throwaway crate around the output and runs `cargo check` on it.
fn cargo_check(out: &Path, temp: &Path) {
    let workspace = Path::new(MANIFEST_DIR).join("..");
    let workspace = workspace.canonicalize().unwrap_or(workspace);
    let krate = temp.join("crate");
    fs::create_dir_all(krate.join("src")).expect("a crate folder");
    let manifest = format!(
        "[package]\n\
         name = \"selection-check\"\n\
         version = \"0.0.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\n\
         [dependencies]\n\
         graph-runtime = {{ path = {runtime:?} }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\n\
         # Not a member of the repository's workspace.\n\
         [workspace]\n",
        runtime = workspace.join("runtime").display().to_string(),
    );
    fs::write(krate.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    let lib = format!(
        "include!({:?});\n",
        out.join("mod.rs").display().to_string()
    );
    fs::write(krate.join("src/lib.rs"), lib).expect("write lib.rs");
    // The workspace's lock file pins the versions it builds with; only crates the workspace
    // has not fetched yet (when the generator's tests run alone) are downloaded.
    fs::copy(workspace.join("Cargo.lock"), krate.join("Cargo.lock")).expect("copy Cargo.lock");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target: PathBuf = workspace.join("target/selection-check");
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the selected bindings do not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_selection_of_nothing_writes_nothing_and_says_so() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join("out");
    fs::create_dir_all(&out).expect("mkdir");
    fs::write(out.join("keep.rs"), "// earlier output\n").expect("write");
    let error = Generator::new(&docs)
        .out_dir(&out)
        .select("/noSuchArea/**")
        .generate()
        .expect_err("an empty selection is refused");
    assert!(error.to_string().contains("`/noSuchArea/**`"), "{error}");
    assert!(
        out.join("keep.rs").exists(),
        "the output folder was left alone"
    );

    let error = Generator::new(&docs)
        .out_dir(&out)
        .runtime_crate("graph-runtime")
        .generate()
        .expect_err("a package name is not a crate name");
    assert!(error.to_string().contains("graph_runtime"), "{error}");

    let error = Generator::new(&docs)
        .out_dir(&out)
        .runtime_crate("r#type")
        .generate()
        .expect_err("no crate is named by a raw identifier");
    assert!(
        error
            .to_string()
            .contains("`r#type` is not a Rust identifier"),
        "{error}"
    );

    let error = Generator::new(&docs)
        .out_dir(&out)
        .crate_package("graph_runtime", "{ path = \"runtime\" }")
        .generate()
        .expect_err("the crate would depend on a package of its own name");
    assert!(
        error
            .to_string()
            .contains("cannot be named `graph_runtime`"),
        "{error}"
    );
    assert!(
        out.join("keep.rs").exists(),
        "the output folder was left alone"
    );
}
