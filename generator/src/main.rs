//! The `graph-docgen` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use graph_docgen::Generator;

/// Generate Rust bindings from Microsoft Graph reference pages.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a docs folder and write Rust source for its types.
    ///
    /// Example:
    ///   graph-docgen generate --docs docs-input --out target/graph
    ///
    /// The output folder receives a module tree whose root is `mod.rs`; pull it into a crate
    /// with `include!("<out>/mod.rs")`. The crate needs `graph-runtime`, `serde` and
    /// `serde_json` as dependencies.
    #[command(verbatim_doc_comment)]
    Generate {
        /// The docs folder: one version (holding `api/` and `resources/`, like a checkout of
        /// `api-reference/v1.0`), a parent of versions (`v1.0/`, `beta/`), or a folder of pages.
        #[arg(long)]
        docs: PathBuf,
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
        /// Print every diagnostic, not just the counts.
        #[arg(long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            docs,
            out,
            ir,
            registry,
            runtime_crate,
            verbose,
        } => {
            let generator = Generator::new(docs)
                .out_dir(&out)
                .registry(registry)
                .runtime_crate(runtime_crate);
            let report = match generator.generate() {
                Ok(report) => report,
                Err(err) => {
                    eprintln!("error: {err}");
                    return ExitCode::FAILURE;
                }
            };
            if verbose {
                for diag in &report.analysis.diagnostics {
                    eprintln!("{diag}");
                }
            }
            if let Some(path) = ir {
                let json = match serde_json::to_string_pretty(&report.analysis.model) {
                    Ok(json) => json,
                    Err(err) => {
                        eprintln!("error: cannot serialise the model: {err}");
                        return ExitCode::FAILURE;
                    }
                };
                if let Err(err) = std::fs::write(&path, json) {
                    eprintln!("error: cannot write {}: {err}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            print!("{}", report.analysis.summary);
            let w = &report.written;
            println!(
                "wrote {} files to {} ({} changed, {} unchanged, {} removed, {} bytes)",
                w.written + w.unchanged,
                out.display(),
                w.written,
                w.unchanged,
                w.removed,
                w.bytes
            );
            ExitCode::SUCCESS
        }
    }
}
