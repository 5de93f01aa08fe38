//! The run summary: what was read and generated per version, and findings by kind.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::diag::{DiagKind, Diagnostic, Severity};
use crate::resolve::VersionSummary;

/// Counts per version and diagnostics by kind.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// One entry per version.
    pub versions: Vec<VersionSummary>,
    /// How many findings of each kind.
    pub diagnostics: BTreeMap<DiagKind, usize>,
}

impl Summary {
    /// Summarises a run.
    pub fn new(versions: Vec<VersionSummary>, diagnostics: &[Diagnostic]) -> Self {
        let mut by_kind = BTreeMap::new();
        for diag in diagnostics {
            *by_kind.entry(diag.kind).or_insert(0) += 1;
        }
        Summary {
            versions,
            diagnostics: by_kind,
        }
    }

    /// The line for `cargo:warning`: totals by severity and the commonest kinds; `None`
    /// when there is no error or warning.
    pub fn warning_line(&self) -> Option<String> {
        let errors: usize = self.count(Severity::Error);
        let warnings: usize = self.count(Severity::Warning);
        if errors + warnings == 0 {
            return None;
        }
        let mut kinds: Vec<_> = self
            .diagnostics
            .iter()
            .filter(|(k, _)| k.severity() != Severity::Note)
            .collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = kinds
            .iter()
            .take(5)
            .map(|(k, n)| format!("{n} {}", k.name()))
            .collect();
        Some(format!(
            "graph-docgen: {errors} errors and {warnings} warnings in the docs ({})",
            top.join(", ")
        ))
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|(k, _)| k.severity() == severity)
            .map(|(_, n)| n)
            .sum()
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for v in &self.versions {
            let share = if v.properties == 0 {
                100.0
            } else {
                100.0 * v.resolved_properties as f64 / v.properties as f64
            };
            writeln!(f, "{}:", v.version)?;
            writeln!(f, "  pages read            {:>7}", v.pages)?;
            writeln!(
                f,
                "  types                 {:>7}  ({} entity/complex, {} enum)",
                v.structs + v.enums,
                v.structs,
                v.enums
            )?;
            writeln!(f, "  properties            {:>7}", v.properties)?;
            writeln!(
                f,
                "  resolved properties   {:>7}  ({share:.2}%)",
                v.resolved_properties
            )?;
            writeln!(
                f,
                "  operations            {:>7}  ({} routes, {} examples)",
                v.operations, v.routes, v.examples
            )?;
        }
        let total: usize = self.diagnostics.values().sum();
        writeln!(f, "diagnostics             {total:>7}")?;
        // Kinds are declared by stage, not by code; print in code order, as `check` does.
        let mut by_code: Vec<_> = self.diagnostics.iter().collect();
        by_code.sort_by_key(|(kind, _)| kind.code());
        for (kind, n) in by_code {
            writeln!(f, "  {} {:<26}{n:>7}", kind.code(), kind.name())?;
        }
        Ok(())
    }
}
