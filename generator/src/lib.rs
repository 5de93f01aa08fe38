//! graph-docgen turns Microsoft Graph reference pages (markdown) into Rust bindings.
//!
//! The pipeline has one module per stage, and data flows one way:
//! [`read`] (pages → blocks) → [`extract`] (blocks → page facts) → [`resolve`] (facts →
//! [`model`]) → [`emit`] (model → Rust source) → [`write`] (source → files). Problems in
//! the docs never stop a run: they become [`diag::Diagnostic`]s and the rest is generated.
//!
//! # From a build script
//!
//! ```no_run
//! // build.rs of your crate; add `graph-runtime`, `serde` and `serde_json` as
//! // dependencies and `graph-docgen` as a build-dependency.
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("graph");
//! let report = graph_docgen::Generator::new("docs/api-reference/v1.0")
//!     .out_dir(&out)
//!     .generate()
//!     .expect("the docs folder can be read");
//! report.print_cargo_directives();
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/graph/mod.rs"));
//! ```
#![deny(missing_docs)]

pub mod check;
pub mod diag;
pub mod emit;
pub mod extract;
pub mod model;
pub mod read;
pub mod render;
pub mod resolve;
pub mod select;
mod summary;
pub mod write;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use emit::EmitOptions;
pub use summary::Summary;

use diag::{Diagnostic, Diagnostics};
use extract::PageFacts;
use model::{ApiVersion, Model};
use read::{DocsSet, VersionDir};

/// Why a run could not happen at all. Faults in the docs are diagnostics, not errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The docs folder does not exist.
    #[error("the docs folder {0} does not exist")]
    DocsNotFound(PathBuf),
    /// The docs path names a file, not a folder.
    #[error("{0} is a file; --docs takes the folder that holds the pages")]
    DocsNotAFolder(PathBuf),
    /// The docs folder holds no `.md` pages.
    #[error("the docs folder {0} holds no .md pages")]
    NoPages(PathBuf),
    /// `generate` was called without an output folder.
    #[error("no output folder was given")]
    NoOutputDir,
    /// The runtime crate's name is not a Rust identifier, or the crate's name not a
    /// package name.
    #[error("{0}")]
    BadName(String),
    /// A selection kept nothing, so nothing was written (the output folder is untouched).
    #[error("the selection {0} matches no operation and no type; nothing was written")]
    EmptySelection(String),
    /// A bug in graph-docgen stopped a stage; nothing was written.
    #[error(
        "graph-docgen failed while {stage} ({message}); this is a bug in graph-docgen, \
         not in the docs, and nothing was written"
    )]
    Internal {
        /// What was being done, e.g. `generating the Rust code`.
        stage: &'static str,
        /// The panic's message.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
}

/// Configures and runs the generator, in the manner of `prost-build`.
#[derive(Clone)]
pub struct Generator {
    docs_dir: PathBuf,
    out_dir: Option<PathBuf>,
    emit: EmitOptions,
    selectors: Vec<select::Selector>,
    progress: Option<ProgressHook>,
}

/// Called from the reading threads with (pages read so far, pages in all).
pub type ProgressHook = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("docs_dir", &self.docs_dir)
            .field("out_dir", &self.out_dir)
            .field("emit", &self.emit)
            .field("selectors", &self.selectors)
            .finish_non_exhaustive()
    }
}

/// What reading and resolving a docs folder found.
#[derive(Debug)]
pub struct Analysis {
    /// The pages found.
    pub docs: DocsSet,
    /// The resolved model.
    pub model: Model,
    /// Counts per version and findings by kind.
    pub summary: Summary,
    /// Every finding, sorted by page and line.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a generation run did.
#[derive(Debug)]
pub struct Report {
    /// The analysis the code was generated from.
    pub analysis: Analysis,
    /// What was written.
    pub written: write::WriteStats,
    /// What a selection kept, per version; empty when nothing was selected.
    pub selection: Vec<Selection>,
}

/// What a selection kept of one version.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Selection {
    /// The version.
    pub version: String,
    /// Operations kept.
    pub operations: usize,
    /// Entity and complex types kept.
    pub structs: usize,
    /// Enum types kept.
    pub enums: usize,
}

impl Generator {
    /// A generator for the docs folder `docs_dir`: one version (`api/`, `resources/`), a
    /// parent of versions (`v1.0/`, `beta/`), or a folder of pages.
    pub fn new(docs_dir: impl Into<PathBuf>) -> Self {
        Generator {
            docs_dir: docs_dir.into(),
            out_dir: None,
            emit: EmitOptions::default(),
            selectors: Vec::new(),
            progress: None,
        }
    }

    /// Reports reading progress: `hook(pages_read, pages_total)` runs after each page, from
    /// the reading threads. The CLI draws a progress bar with it.
    pub fn progress(mut self, hook: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        self.progress = Some(std::sync::Arc::new(hook));
        self
    }

    /// Where to write the generated module tree; its root is `mod.rs`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The name under which the generated code reaches the runtime crate
    /// (default `graph_runtime`), for crates that rename the dependency.
    pub fn runtime_crate(mut self, name: impl Into<String>) -> Self {
        self.emit.runtime_crate = name.into();
        self
    }

    /// Writes a whole crate named `name` instead of a bare module tree: `Cargo.toml` with
    /// one cargo feature per top-level area (all on by default), `src/lib.rs`, and the
    /// tree in `src/graph/`. A type is compiled when an enabled area reaches it, and the
    /// request builders of an area when its feature is enabled. `runtime_dependency` is the
    /// `graph-runtime` dependency as a TOML value, e.g. `{ path = "../runtime" }`.
    pub fn crate_package(mut self, name: &str, runtime_dependency: &str) -> Self {
        self.emit.area_features = true;
        self.emit.crate_package = Some(emit::CratePackage {
            name: name.to_owned(),
            runtime_dependency: runtime_dependency.to_owned(),
        });
        self
    }

    /// Whether to emit the request builders (default: yes). Without them only the models
    /// are generated, which compiles much faster when only the types are wanted.
    pub fn requests(mut self, enabled: bool) -> Self {
        self.emit.requests = enabled;
        self
    }

    /// Also emits `registry::roundtrip` in each version, which decodes JSON into a type
    /// named at run time; tests use it to check the docs' examples.
    pub fn registry(mut self, enabled: bool) -> Self {
        self.emit.registry = enabled;
        self
    }

    /// Generates only what `pattern` reaches; may be given several times. A pattern that
    /// starts with `/` is a route glob (`/deviceManagement/deviceCompliancePolicies/**`:
    /// `*` within a segment, `**` across segments); any other is a type name (`user` or
    /// `microsoft.graph.user`). The types the selected operations and types reach (through
    /// properties, base and derived types, bodies and responses) are kept; nothing else is.
    pub fn select(mut self, pattern: &str) -> Self {
        self.selectors.push(select::Selector::parse(pattern));
        self
    }

    /// Reads, extracts and resolves the docs without writing anything.
    pub fn analyze(&self) -> Result<Analysis, Error> {
        guarded("reading the docs", || self.analyze_pages())?
    }

    fn analyze_pages(&self) -> Result<Analysis, Error> {
        self.analyze_then(|_| ()).map(|(analysis, _)| analysis)
    }

    /// Reads every version's pages, then resolves each version and runs `then` on it as
    /// soon as it is resolved. A version's resolve runs on one thread; once all pages are
    /// read, the versions' resolves run side by side and each overlaps the other's `then`,
    /// where resolving a version while another is still read would leave the last resolve
    /// alone with a thread idle. Results are in version order.
    fn analyze_then<T: Send>(
        &self,
        then: impl Fn(&ApiVersion) -> T + Sync,
    ) -> Result<(Analysis, Vec<T>), Error> {
        let docs = read::discover(&self.docs_dir)?;
        let mut diags = Diagnostics::default();
        let mut model = Model::default();
        let mut summaries = Vec::new();
        let mut results = Vec::new();
        let total: usize = docs.versions.iter().map(|v| v.pages.len()).sum();
        let read = std::sync::atomic::AtomicUsize::new(0);
        let tick = || {
            let done = read.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if let Some(hook) = &self.progress {
                hook(done, total);
            }
        };
        let extracted: Vec<_> = docs
            .versions
            .par_iter()
            .map(|version| {
                let mut version_diags = Diagnostics::default();
                let facts = extract_version(version, &tick, &mut version_diags);
                (facts, version_diags)
            })
            .collect();
        let analyzed: Vec<_> = docs
            .versions
            .par_iter()
            .zip(extracted)
            .map(|(version, (facts, mut version_diags))| {
                let name = &version.name;
                let (resolved, summary) = resolve::resolve_version(name, facts, &mut version_diags);
                let result = then(&resolved);
                (resolved, summary, version_diags, result)
            })
            .collect();
        for (resolved, summary, version_diags, result) in analyzed {
            model.versions.push(resolved);
            summaries.push(summary);
            diags.extend(version_diags);
            results.push(result);
        }
        let diagnostics = diags.into_sorted();
        let summary = Summary::new(summaries, &diagnostics);
        let analysis = Analysis {
            docs,
            model,
            summary,
            diagnostics,
        };
        Ok((analysis, results))
    }

    /// Generates the bindings into the output folder.
    pub fn generate(&self) -> Result<Report, Error> {
        let out_dir = self.out_dir.as_deref().ok_or(Error::NoOutputDir)?;
        self.check_names()?;
        // Each version is selected from and emitted as soon as it is resolved, while the
        // other is still being read.
        let emit_version = |version: &ApiVersion| {
            let selected =
                (!self.selectors.is_empty()).then(|| select::select(version, &self.selectors));
            let to_emit = selected.as_ref().unwrap_or(version);
            let files = guarded("generating the Rust code", || {
                emit::emit_version(to_emit, &self.emit)
            });
            (selected, files)
        };
        let (mut analysis, versions) =
            guarded("reading the docs", || self.analyze_then(emit_version))??;
        let mut emitted = Vec::new();
        let mut selected_versions = Vec::new();
        for (selected, files) in versions {
            emitted.push(files?);
            selected_versions.extend(selected);
        }
        let mut diags = Diagnostics::default();
        let mut selection = Vec::new();
        let selected;
        let model = if self.selectors.is_empty() {
            &analysis.model
        } else {
            if selected_versions
                .iter()
                .all(|v| v.operations.is_empty() && v.structs.is_empty() && v.enums.is_empty())
            {
                let patterns: Vec<String> =
                    self.selectors.iter().map(|s| format!("`{s}`")).collect();
                return Err(Error::EmptySelection(patterns.join(", ")));
            }
            selection = selected_versions
                .iter()
                .map(|v| Selection {
                    version: v.name.clone(),
                    operations: v.operations.len(),
                    structs: v.structs.len(),
                    enums: v.enums.len(),
                })
                .collect();
            selected = Model {
                versions: selected_versions,
            };
            &selected
        };
        let files = guarded("generating the Rust code", || {
            emit::finish_model(model, emitted, &self.emit, &mut diags)
        })?;
        let written = write::write_output(out_dir, &files)?;
        if !diags.is_empty() {
            analysis.diagnostics.extend(diags.into_sorted());
            analysis.diagnostics.sort();
            analysis.summary = Summary::new(analysis.summary.versions, &analysis.diagnostics);
        }
        Ok(Report {
            analysis,
            written,
            selection,
        })
    }

    /// Refuses names that would make the output unusable, before anything is written.
    fn check_names(&self) -> Result<(), Error> {
        let runtime = &self.emit.runtime_crate;
        // A raw identifier (`r#type`) parses, but no crate can be named by one.
        if syn::parse_str::<syn::Ident>(runtime).is_err() || runtime.starts_with("r#") {
            return Err(Error::BadName(format!(
                "the runtime crate name `{runtime}` is not a Rust identifier; give the name \
                 code uses (`graph_runtime`, not the package name `graph-runtime`)"
            )));
        }
        if let Some(package) = &self.emit.crate_package {
            let name = &package.name;
            let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(Error::BadName(format!(
                    "`{name}` is not a cargo package name (ASCII letters, digits, `-` and \
                     `_`, starting with a letter)"
                )));
            }
            if name.replace('_', "-") == emit::RUNTIME_PACKAGE {
                return Err(Error::BadName(format!(
                    "the crate cannot be named `{name}`: it depends on the runtime package of \
                     that name"
                )));
            }
        }
        Ok(())
    }

    /// The docs folder.
    pub fn docs_dir(&self) -> &Path {
        &self.docs_dir
    }
}

impl Report {
    /// Prints what a build script should tell cargo ([`Report::cargo_directives`]), listing
    /// every diagnostic when the environment variable `GRAPH_DOCGEN_DIAGNOSTICS` is `all`.
    pub fn print_cargo_directives(&self) {
        let every_one = std::env::var(DIAGNOSTICS_VARIABLE).is_ok_and(|v| v == "all");
        for line in self.cargo_directives(every_one) {
            println!("{line}");
        }
    }

    /// The lines a build script prints: rerun when a page, the folder or
    /// `GRAPH_DOCGEN_DIAGNOSTICS` changes, and warnings: a summary of the diagnostics, or
    /// `every_one` of them, one line each.
    pub fn cargo_directives(&self, every_one: bool) -> Vec<String> {
        let docs = &self.analysis.docs;
        let mut lines = Vec::new();
        // A folder that is itself a version would otherwise be named twice.
        let mut watched = BTreeSet::new();
        let mut watch = |path: &Path, lines: &mut Vec<String>| {
            if watched.insert(path.to_path_buf()) {
                lines.push(format!("cargo:rerun-if-changed={}", path.display()));
            }
        };
        watch(&docs.root, &mut lines);
        for version in &docs.versions {
            watch(&version.dir, &mut lines);
            for dir in ["api", "resources"] {
                let sub = version.dir.join(dir);
                if sub.is_dir() {
                    watch(&sub, &mut lines);
                }
            }
        }
        for page in docs.page_files() {
            watch(&page.abs_path, &mut lines);
        }
        lines.push(format!("cargo:rerun-if-env-changed={DIAGNOSTICS_VARIABLE}"));
        if every_one {
            for diag in &self.analysis.diagnostics {
                let text = format!(
                    "{}: {}[{}]: {}",
                    diag.span,
                    diag.severity().as_str(),
                    diag.kind.code(),
                    diag.message
                );
                // Cargo reads one directive per line.
                lines.push(format!("cargo:warning={}", text.replace(['\r', '\n'], " ")));
            }
        } else if let Some(summary) = self.analysis.summary.warning_line() {
            lines.push(format!("cargo:warning={summary}"));
            lines.push(format!(
                "cargo:warning=graph-docgen: set {DIAGNOSTICS_VARIABLE}=all to list each one \
                 here, or run the graph-docgen CLI: `graph-docgen check --docs {}`",
                docs.root.display()
            ));
        }
        lines
    }
}

/// Runs a stage, turning a panic (a bug of ours) into an error that says so, so that a build
/// script fails with one clear line and no file is written half-way.
fn guarded<T>(stage: &'static str, run: impl FnOnce() -> T) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Error::Internal { stage, message }
    })
}

/// The environment variable that makes a build script list every diagnostic.
const DIAGNOSTICS_VARIABLE: &str = "GRAPH_DOCGEN_DIAGNOSTICS";

/// Reads and extracts one version's pages in parallel, keeping page order.
/// Pages a thread reads before it offers the rest of its share to idle threads.
const PAGES_PER_BATCH: usize = 32;

fn extract_version(
    version: &VersionDir,
    tick: &(dyn Fn() + Sync),
    diags: &mut Diagnostics,
) -> Vec<PageFacts> {
    // Small batches keep work to steal for a thread that finishes its version first.
    let results: Vec<(Option<PageFacts>, Diagnostics)> = version
        .pages
        .par_iter()
        .with_max_len(PAGES_PER_BATCH)
        .map(|file| {
            let mut page_diags = Diagnostics::default();
            let facts = read::read_page_text(file, &mut page_diags).map(|text| {
                let page = read::parse_page(file, &text, &mut page_diags);
                extract::extract_page(&page, &mut page_diags)
            });
            tick();
            (facts, page_diags)
        })
        .collect();
    let mut facts = Vec::with_capacity(results.len());
    for (page, page_diags) in results {
        diags.extend(page_diags);
        facts.extend(page);
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_stage_becomes_an_error_that_names_it() {
        let err = guarded("generating the Rust code", || -> u8 {
            panic!("index 2 is odd")
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "graph-docgen failed while generating the Rust code (index 2 is odd); this is a \
             bug in graph-docgen, not in the docs, and nothing was written"
        );
        assert_eq!(guarded("reading the docs", || 7).unwrap(), 7);
    }
}
