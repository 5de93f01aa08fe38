//! `generate --crate` puts each top-level area behind a cargo feature: the crate compiles
//! without warnings with all areas, with each area alone and with none, and an area's
//! request builders and types are left out when its feature is off.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn each_area_compiles_alone_and_leaves_the_others_out() {
    let workspace = workspace();
    // Three areas (`/people`, `/libraries`, `/me`), a fourth that stands for one of them
    // (`/users/{id}` for `/me`), and types no operation reaches.
    let docs = workspace.join("tests/fixtures/cases");
    let temp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temp folder");
    let krate = temp.path().join("areas");
    generate_crate(&workspace, &docs, &krate, "graph-areas", &[]);

    let manifest = fs::read_to_string(krate.join("Cargo.toml")).expect("a manifest");
    assert!(
        manifest.contains(
            "full = [\"libraries\", \"me\", \"people\", \"unreferenced-types\", \"users\"]"
        ),
        "{manifest}"
    );
    let requests = fs::read_to_string(krate.join("src/graph/v1_0/requests/mod.rs"))
        .or_else(|_| fs::read_to_string(krate.join("src/graph/beta/requests/mod.rs")))
        .expect("a requests module");
    assert!(
        requests.contains("#[cfg(feature = \"people\")]\n#[allow(")
            && requests.contains("#[cfg(feature = \"libraries\")]\n#[allow("),
        "each area's requests are gated:\n{requests}"
    );

    // `users` alone holds the builders of `/users/{id}/storedFiles/...`, which call the
    // action documented under `/me` with a body and a type only that action reaches.
    let feature_sets: [&[&str]; 7] = [
        &[],
        &["--no-default-features"],
        &["--no-default-features", "--features", "people"],
        &["--no-default-features", "--features", "libraries"],
        &["--no-default-features", "--features", "me"],
        &["--no-default-features", "--features", "users"],
        &["--no-default-features", "--features", "unreferenced-types"],
    ];
    for features in feature_sets {
        cargo_on_crate(&workspace, &krate, "check", features);
    }
}

#[test]
fn a_crate_of_types_alone_compiles_without_warnings() {
    let workspace = workspace();
    let temp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temp folder");
    let krate = temp.path().join("types-only");
    // A type name selects that type and what it reaches, and no operation.
    let docs = workspace.join("tests/fixtures/cases");
    let select = ["--select", "fleetDevice"];
    generate_crate(&workspace, &docs, &krate, "graph-types-only", &select);
    let client = fs::read_to_string(krate.join("src/graph/v1_0/requests/client.rs"))
        .expect("a client module");
    assert!(client.contains("pub struct Client"), "{client}");
    // Nothing starts a path, so the private helper that would is not written.
    assert!(!client.contains("fn root("), "{client}");
    cargo_on_crate(&workspace, &krate, "check", &[]);
}

#[test]
fn areas_named_like_the_manifests_features_and_a_renamed_runtime_compile() {
    let workspace = workspace();
    let temp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temp folder");
    let docs = empty_docs(temp.path());
    // Areas `/default` and `/full` (cargo's and the manifest's own feature names), and a
    // top-level `/root`, which the client has a method of that name for.
    for (stem, route) in [
        ("gauge-get", "/default/gauges/{id}"),
        ("gauge-list", "/full/gauges"),
        ("gauge-root", "/root/gauges/{id}"),
    ] {
        let page = format!(
            "# Get gauge\n\nNamespace: microsoft.graph\n\nGets a gauge.\n\n\
             ## HTTP request\n```http\nGET {route}\n```\n\n## Response\n\
             If successful, this method returns a `200 OK` response code and a \
             [gauge](../resources/gauge.md) object in the response body.\n"
        );
        fs::write(docs.join(format!("api/{stem}.md")), page).expect("write the page");
    }
    let resource = "# gauge resource type\n\nNamespace: microsoft.graph\n\nA gauge.\n\n\
        ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key.|\n";
    fs::write(docs.join("resources/gauge.md"), resource).expect("write the page");
    let krate = temp.path().join("gauges");
    let renamed = ["--runtime-crate", "gauge_runtime"];
    generate_crate(&workspace, &docs, &krate, "graph-gauges", &renamed);
    let manifest = fs::read_to_string(krate.join("Cargo.toml")).expect("a manifest");
    assert!(
        manifest.contains("full = [\"default_area\", \"full_area\", \"root\"")
            && manifest.contains("gauge_runtime = { package = \"graph-runtime\", path = "),
        "{manifest}"
    );
    cargo_on_crate(&workspace, &krate, "check", &[]);
    let default_alone = ["--no-default-features", "--features", "default_area"];
    cargo_on_crate(&workspace, &krate, "check", &default_alone);
}

#[test]
fn generated_code_passes_clippy() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let clippy = Command::new(&cargo).args(["clippy", "--version"]).output();
    if !clippy.is_ok_and(|o| o.status.success()) {
        println!("clippy is not installed; skipping the clippy check of generated code");
        return;
    }
    let workspace = workspace();
    let temp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temp folder");
    let docs = empty_docs(temp.path());
    // Setters named `is_*` and `from_*` that take the request by value, and a description
    // whose wrapped lines could start with `-`, which markdown reads as a list item.
    let dashes = "the protocol is EAP - TTLS or EAP - FAST or PEAP - MSCHAP ".repeat(6);
    let page = format!(
        "# List gauges\n\nNamespace: microsoft.graph\n\nLists gauges.\n\n\
         ## HTTP request\n```http\nGET /gauges\n```\n\n## Optional query parameters\n\
         |Name|Type|Description|\n|:---|:---|:---|\n|isEnabled|Boolean|Enabled ones. {dashes}|\n\
         |fromDateTime|DateTimeOffset|Start. {dashes}|\n\n## Response\n\
         If successful, this method returns a `200 OK` response code and a collection of \
         [gauge](../resources/gauge.md) objects in the response body.\n"
    );
    fs::write(docs.join("api/gauge-list.md"), page).expect("write the page");
    let resource = format!(
        "# gauge resource type\n\nNamespace: microsoft.graph\n\nA gauge.\n\n\
         ## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n\
         |id|String|Key.|\n|mode|String|The mode: {dashes}|\n"
    );
    fs::write(docs.join("resources/gauge.md"), resource).expect("write the page");
    let krate = temp.path().join("gauges");
    generate_crate(&workspace, &docs, &krate, "graph-gauges", &[]);
    cargo_on_crate(&workspace, &krate, "clippy", &[]);
}

/// The workspace's root, which holds the runtime and the lock file.
fn workspace() -> PathBuf {
    let workspace = Path::new(MANIFEST_DIR).join("..");
    workspace.canonicalize().unwrap_or(workspace)
}

/// A docs folder under `temp` with empty `api/` and `resources/` folders.
fn empty_docs(temp: &Path) -> PathBuf {
    let docs = temp.join("docs");
    fs::create_dir_all(docs.join("api")).expect("mkdir api");
    fs::create_dir_all(docs.join("resources")).expect("mkdir resources");
    docs
}

/// Runs `graph-docgen generate --crate <name>` from `docs` into `krate`, with `extra` options,
/// against the workspace's runtime.
fn generate_crate(workspace: &Path, docs: &Path, krate: &Path, name: &str, extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_graph-docgen"))
        .arg("generate")
        .arg("--docs")
        .arg(docs)
        .arg("--out")
        .arg(krate)
        .args(extra)
        .args(["--crate", name, "--runtime-path"])
        .arg(workspace.join("runtime"))
        .output()
        .expect("the CLI runs");
    assert!(output.status.success(), "{output:?}");
    // The workspace's lock file pins the versions it builds with; only crates the workspace
    // has not fetched yet (when the generator's tests run alone) are downloaded.
    fs::copy(workspace.join("Cargo.lock"), krate.join("Cargo.lock")).expect("copy Cargo.lock");
}

/// Runs `cargo <command>` (`check`, `clippy`) on the crate with `features`, warnings denied.
fn cargo_on_crate(workspace: &Path, krate: &Path, command: &str, features: &[&str]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([command, "--quiet", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .args(features)
        .env("CARGO_TARGET_DIR", workspace.join("target/areas-check"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {command}` fails on the generated crate with {features:?}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
