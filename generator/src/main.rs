//! The `graph-docgen` command line: `generate` writes bindings, `check` lints a docs folder.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use indicatif::{ProgressBar, ProgressStyle};

use graph_docgen::diag::Diagnostic;
use graph_docgen::render::{self, Sources, Totals};
use graph_docgen::Generator;

// The emitter allocates many small token trees; mimalloc frees them far faster than the
// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate Rust bindings from Microsoft Graph reference pages, and lint those pages.
#[derive(Parser)]
#[command(
    version,
    about,
    long_about = "Generate Rust bindings from Microsoft Graph reference pages (the markdown of \
                  microsoft-graph-docs), and lint those pages.\n\n\
                  Faults in the docs never stop a run: each becomes a diagnostic with a stable \
                  code (GDxxxx), a severity, the page, line and column, and the rest of the docs \
                  is still generated.",
    after_help = "Examples:\n  \
                  graph-docgen generate --docs docs-input --out target/graph\n  \
                  graph-docgen generate --docs ../shared/graph-docs/beta --out target/graph \
                  --select '/deviceManagement/deviceCompliancePolicies/**'\n  \
                  graph-docgen check --docs ../shared/graph-docs/v1.0 --quiet\n  \
                  graph-docgen check --docs docs-input --deny warnings --format json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a docs folder and write Rust source for its types.
    ///
    /// Examples:
    ///   graph-docgen generate --docs docs-input --out target/graph --verbose
    ///   graph-docgen generate --docs ../shared/graph-docs/beta --out target/graph \
    ///       --select '/deviceManagement/deviceCompliancePolicies/**' --select user
    ///
    /// The output folder receives a module tree whose root is `mod.rs`; pull it into a crate
    /// with `include!("<out>/mod.rs")`. The crate needs `graph-runtime`, `serde` and
    /// `serde_json` as dependencies. Files are written atomically, files whose content did not
    /// change are left untouched, and generated files of an earlier run that no longer belong
    /// are removed. Prints a summary; exits 0 unless the folder cannot be read or written.
    /// While reading, a progress bar is drawn on stderr when stderr is a terminal.
    #[command(verbatim_doc_comment)]
    Generate {
        #[command(flatten)]
        docs: DocsArg,
        /// Where to write the generated module tree.
        #[arg(long)]
        out: PathBuf,
        /// Also write the intermediate model as JSON to this file.
        #[arg(long, value_name = "FILE")]
        ir: Option<PathBuf>,
        /// Also emit `registry::roundtrip` for decoding by type name (used by tests).
        #[arg(long)]
        registry: bool,
        /// The name of the runtime crate as the generated code should refer to it.
        #[arg(long, default_value = "graph_runtime")]
        runtime_crate: String,
        /// Generate only what PATTERN reaches; repeat to select more. A pattern starting
        /// with `/` is a route glob (`*` within a segment, `**` across segments, case
        /// ignored), e.g. '/deviceManagement/deviceCompliancePolicies/**'; any other is a
        /// type name (`user` or `microsoft.graph.user`). The selected operations and types
        /// are kept with every type they reach (properties, base and derived types, bodies,
        /// responses); nothing else is generated.
        #[arg(long = "select", value_name = "PATTERN")]
        select: Vec<String>,
        /// Write a whole crate with this package name instead of a bare module tree:
        /// `Cargo.toml` with one cargo feature per top-level area (first route segment, in
        /// snake_case; `full`, the default, enables all), `src/lib.rs`, and the tree in
        /// `src/graph/`. Build one area with `cargo check --no-default-features --features
        /// device_management`.
        #[arg(long = "crate", value_name = "NAME")]
        crate_name: Option<String>,
        /// With `--crate`: the `graph-runtime` folder the crate depends on by path, relative
        /// to the current folder.
        #[arg(
            long,
            value_name = "DIR",
            default_value = "runtime",
            requires = "crate_name"
        )]
        runtime_path: PathBuf,
        /// Print every diagnostic with its source line, not just the counts.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Lint a docs folder and report every finding; writes nothing.
    ///
    /// Examples:
    ///   graph-docgen check --docs ../shared/seed
    ///   graph-docgen check --docs ../shared/graph-docs/beta --quiet
    ///   graph-docgen check --docs docs-input --deny warnings --format json > findings.json
    ///
    /// On top of what generation reports (unreadable tables, fences, annotations, routes and
    /// types), `check` looks for links to missing pages, types named without a link, property
    /// tables that contradict the JSON representation, pages that give one property different
    /// types, `Methods` rows that lead to no operation, example JSON using properties the type
    /// lacks (inherited ones count; `@` keys are annotations), example values that are not
    /// members of the property's enum, and placeholder permissions such as
    /// `TODO: Determine scopes`.
    ///
    /// Prints each finding with its source line underlined, then the counts by code.
    /// Exit status: 0 when there is no error (and, with `--deny warnings`, no warning);
    /// 1 otherwise; 2 when the folder cannot be read or the arguments are wrong.
    #[command(verbatim_doc_comment)]
    Check {
        #[command(flatten)]
        docs: DocsArg,
        /// Also fail on warnings, e.g. `--deny warnings` in CI.
        #[arg(long, value_enum, value_name = "LEVEL")]
        deny: Option<DenyLevel>,
        /// Print only the counts by code, not each finding.
        #[arg(long)]
        quiet: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Args)]
struct DocsArg {
    /// The docs folder: one version (holding `api/` and `resources/`, like a checkout of
    /// `api-reference/v1.0`), a parent of versions (`v1.0/`, `beta/`), or a folder of pages.
    #[arg(long, value_name = "DIR")]
    docs: PathBuf,
}

#[derive(Args)]
struct OutputArgs {
    /// `human` renders findings with their source lines; `json` prints one JSON document
    /// with every finding (code, severity, kind, file, line, column, message), the counts by
    /// code and the totals.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DenyLevel {
    /// Fail on warnings as well as errors.
    Warnings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate {
            docs,
            out,
            ir,
            registry,
            runtime_crate,
            select,
            crate_name,
            runtime_path,
            verbose,
            output,
        } => {
            let mut generator = select.iter().fold(
                Generator::new(docs.docs)
                    .out_dir(&out)
                    .registry(registry)
                    .runtime_crate(runtime_crate),
                |generator, pattern| generator.select(pattern),
            );
            if let Some(name) = crate_name {
                // Cargo reads a relative path from the crate's own folder.
                let runtime = std::path::absolute(&runtime_path).unwrap_or(runtime_path);
                if !runtime.join("Cargo.toml").is_file() {
                    eprintln!(
                        "error: {} holds no Cargo.toml; --runtime-path names the graph-runtime \
                         folder (the default, `runtime`, is read from the current folder)",
                        runtime.display()
                    );
                    return ExitCode::from(2);
                }
                let dependency = format!("{{ path = {:?} }}", runtime.display().to_string());
                generator = generator.crate_package(&name, &dependency);
            }
            generate(&generator, &out, ir.as_deref(), verbose, &output)
        }
        Command::Check {
            docs,
            deny,
            quiet,
            output,
        } => check(&Generator::new(docs.docs), deny, quiet, &output),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    })
}

fn generate(
    generator: &Generator,
    out: &Path,
    ir: Option<&Path>,
    verbose: bool,
    output: &OutputArgs,
) -> Result<ExitCode, String> {
    let progress = Progress::new("writing");
    let mut report = progress
        .attach(generator.clone())
        .generate()
        .map_err(|e| e.to_string())?;
    progress.finish();
    let mut sources = Sources::new(generator.docs_dir());
    render::locate(&mut report.analysis.diagnostics, &mut sources);
    if let Some(path) = ir {
        let json = serde_json::to_string_pretty(&report.analysis.model)
            .map_err(|e| format!("cannot serialise the model: {e}"))?;
        std::fs::write(path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let analysis = &report.analysis;
    if output.format == Format::Json {
        let json = serde_json::json!({
            "summary": analysis.summary,
            "written": report.written,
            "selection": report.selection,
            "diagnostics": render::to_json(&analysis.diagnostics),
        });
        print_json(&json)?;
        return Ok(ExitCode::SUCCESS);
    }
    if verbose {
        let mut err = StandardStream::stderr(color_choice(output.color, std::io::stderr()));
        render::render_human(&analysis.diagnostics, &mut sources, &mut err)
            .map_err(|e| format!("cannot print the diagnostics: {e}"))?;
    }
    let mut text = analysis.summary.to_string();
    for kept in &report.selection {
        text.push_str(&format!(
            "selected from {}: {} operations, {} types ({} entity/complex, {} enum)\n",
            kept.version,
            kept.operations,
            kept.structs + kept.enums,
            kept.structs,
            kept.enums
        ));
    }
    let w = &report.written;
    text.push_str(&format!(
        "wrote {} files to {} ({} changed, {} unchanged, {} removed, {} bytes)\n",
        w.written + w.unchanged,
        out.display(),
        w.written,
        w.unchanged,
        w.removed,
        w.bytes
    ));
    print_text(&text);
    Ok(ExitCode::SUCCESS)
}

fn check(
    generator: &Generator,
    deny: Option<DenyLevel>,
    quiet: bool,
    output: &OutputArgs,
) -> Result<ExitCode, String> {
    let progress = Progress::new("checking");
    let analysis = progress
        .attach(generator.clone())
        .analyze()
        .map_err(|e| e.to_string())?;
    progress.finish();
    let mut diagnostics = graph_docgen::check::check(&analysis);
    let mut sources = Sources::new(generator.docs_dir());
    render::locate(&mut diagnostics, &mut sources);
    let totals = Totals::of(&diagnostics);
    if output.format == Format::Json {
        print_json(&render::to_json(&diagnostics))?;
    } else {
        let mut out = StandardStream::stdout(color_choice(output.color, std::io::stdout()));
        if !quiet {
            render::render_human(&diagnostics, &mut sources, &mut out)
                .map_err(|e| format!("cannot print the diagnostics: {e}"))?;
        }
        write!(out, "{}", summary(&analysis, &diagnostics, totals))
            .map_err(|e| format!("cannot print the summary: {e}"))?;
    }
    let failed = totals.errors > 0 || (deny == Some(DenyLevel::Warnings) && totals.warnings > 0);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `checked N pages (v1.0): E errors, W warnings, N notes`, then the counts by code.
fn summary(analysis: &graph_docgen::Analysis, diagnostics: &[Diagnostic], t: Totals) -> String {
    let pages: usize = analysis.docs.versions.iter().map(|v| v.pages.len()).sum();
    let versions: Vec<&str> = analysis
        .docs
        .versions
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    let mut text = format!(
        "checked {pages} pages ({}): {} errors, {} warnings, {} notes\n",
        versions.join(", "),
        t.errors,
        t.warnings,
        t.notes
    );
    text.push_str(&render::counts_table(diagnostics));
    text
}

fn print_json(value: &serde_json::Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    print_text(&format!("{text}\n"));
    Ok(())
}

/// Prints to stdout; a reader that stopped early (`| head`) is not an error of ours.
fn print_text(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

fn color_choice(color: Color, stream: impl IsTerminal) -> ColorChoice {
    match color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto if stream.is_terminal() => ColorChoice::Auto,
        Color::Auto => ColorChoice::Never,
    }
}

/// A bar on stderr while pages are read, only when stderr is a terminal: CI logs and build
/// scripts get nothing extra. Once every page is read, its message names the next step.
struct Progress {
    bar: Option<ProgressBar>,
    next_step: &'static str,
}

impl Progress {
    fn new(next_step: &'static str) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                next_step,
            };
        }
        let bar = ProgressBar::new(0);
        let style = ProgressStyle::with_template("{spinner} {msg:<9} [{bar:40}] {pos}/{len} pages")
            .expect("a valid template")
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message("reading");
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        Progress {
            bar: Some(bar),
            next_step,
        }
    }

    /// Hooks the bar into `generator`'s reading threads.
    fn attach(&self, generator: Generator) -> Generator {
        let Some(bar) = self.bar.clone() else {
            return generator;
        };
        let next_step = self.next_step;
        generator.progress(move |done, total| {
            bar.set_length(total as u64);
            bar.inc(1);
            if done == total {
                bar.set_message(next_step);
            }
        })
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
