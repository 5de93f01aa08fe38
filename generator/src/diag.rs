//! Diagnostics: what went wrong in the docs, where, and how bad it is.
//!
//! Every stage reports problems here instead of failing; a run collects them all and
//! still generates whatever the rest of the docs allow.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Part of a page could not be used; the generated code lacks it or degrades it.
    Error,
    /// The page is inconsistent or unusual; the generator chose a reading.
    Warning,
    /// Worth knowing; nothing was lost.
    Note,
}

/// The kind of a finding. Each kind has a stable code that tools may match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagKind {
    /// A page could not be read from disk.
    UnreadablePage,
    /// A page is not valid UTF-8; invalid bytes were replaced.
    InvalidUtf8,
    /// The front matter block could not be read.
    BadFrontMatter,
    /// An annotation comment is not valid JSON, even read leniently.
    InvalidAnnotation,
    /// A table row has more or fewer cells than its header.
    RaggedTableRow,
    /// A type cell names a type that no page defines.
    UnresolvedType,
    /// A type cell could not be read as a type at all.
    UnreadableType,
    /// A property name cannot be turned into an identifier.
    BadPropertyName,
    /// The same property appears twice in one type.
    DuplicateProperty,
    /// The same enum member appears twice in one enum.
    DuplicateEnumMember,
    /// A type is defined on several pages, with different properties.
    ConflictingDefinition,
    /// A route line in an HTTP request block could not be read.
    BadRoute,
    /// A route line needed repair (missing leading slash, host, query string).
    RepairedRoute,
    /// An example's JSON body is not valid JSON.
    InvalidExampleJson,
    /// A code fence is never closed.
    UnclosedFence,
    /// A base type named by a page is not defined anywhere.
    UnknownBaseType,
    /// The property table and the JSON representation disagree.
    TableJsonMismatch,
    /// An API page has no route the generator could use.
    NoRoute,
    /// A permissions table holds a placeholder instead of scopes.
    PlaceholderPermission,
    /// A link points at a page that does not exist.
    BrokenLink,
    /// Inheritance forms a cycle.
    InheritanceCycle,
}

impl DiagKind {
    /// The stable code of this kind, e.g. `GD0106`.
    pub fn code(self) -> &'static str {
        match self {
            DiagKind::UnreadablePage => "GD0001",
            DiagKind::InvalidUtf8 => "GD0002",
            DiagKind::BadFrontMatter => "GD0003",
            DiagKind::InvalidAnnotation => "GD0004",
            DiagKind::RaggedTableRow => "GD0005",
            DiagKind::UnclosedFence => "GD0006",
            DiagKind::UnresolvedType => "GD0101",
            DiagKind::UnreadableType => "GD0102",
            DiagKind::BadPropertyName => "GD0103",
            DiagKind::DuplicateProperty => "GD0104",
            DiagKind::DuplicateEnumMember => "GD0105",
            DiagKind::ConflictingDefinition => "GD0106",
            DiagKind::UnknownBaseType => "GD0107",
            DiagKind::TableJsonMismatch => "GD0108",
            DiagKind::InheritanceCycle => "GD0109",
            DiagKind::BrokenLink => "GD0110",
            DiagKind::BadRoute => "GD0201",
            DiagKind::RepairedRoute => "GD0202",
            DiagKind::NoRoute => "GD0203",
            DiagKind::InvalidExampleJson => "GD0204",
            DiagKind::PlaceholderPermission => "GD0205",
        }
    }

    /// A short human name of the kind, as used in summaries.
    pub fn name(self) -> &'static str {
        match self {
            DiagKind::UnreadablePage => "unreadable page",
            DiagKind::InvalidUtf8 => "invalid UTF-8",
            DiagKind::BadFrontMatter => "bad front matter",
            DiagKind::InvalidAnnotation => "invalid annotation",
            DiagKind::RaggedTableRow => "ragged table row",
            DiagKind::UnclosedFence => "unclosed code fence",
            DiagKind::UnresolvedType => "unresolved type",
            DiagKind::UnreadableType => "unreadable type cell",
            DiagKind::BadPropertyName => "bad property name",
            DiagKind::DuplicateProperty => "duplicate property",
            DiagKind::DuplicateEnumMember => "duplicate enum member",
            DiagKind::ConflictingDefinition => "conflicting definition",
            DiagKind::UnknownBaseType => "unknown base type",
            DiagKind::TableJsonMismatch => "table and JSON disagree",
            DiagKind::InheritanceCycle => "inheritance cycle",
            DiagKind::BrokenLink => "broken link",
            DiagKind::BadRoute => "unreadable route",
            DiagKind::RepairedRoute => "repaired route",
            DiagKind::NoRoute => "operation without route",
            DiagKind::InvalidExampleJson => "invalid example JSON",
            DiagKind::PlaceholderPermission => "placeholder permission",
        }
    }

    /// How serious findings of this kind are.
    pub fn severity(self) -> Severity {
        match self {
            DiagKind::UnreadablePage
            | DiagKind::InvalidAnnotation
            | DiagKind::UnresolvedType
            | DiagKind::UnreadableType
            | DiagKind::BadPropertyName
            | DiagKind::BadRoute
            | DiagKind::UnclosedFence
            | DiagKind::InheritanceCycle
            | DiagKind::NoRoute => Severity::Error,
            DiagKind::RepairedRoute => Severity::Note,
            _ => Severity::Warning,
        }
    }
}

/// A place in a docs page: the file (relative to the docs folder) and a 1-based line.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SourceSpan {
    /// The page, relative to the docs folder, with `/` separators.
    pub file: String,
    /// The 1-based line.
    pub line: u32,
    /// The 1-based column; 1 when only the line is known.
    pub column: u32,
}

impl SourceSpan {
    /// A span at a line of a page, column 1.
    pub fn new(file: &str, line: u32) -> Self {
        SourceSpan {
            file: file.to_owned(),
            line,
            column: 1,
        }
    }

    /// The page's path under the given docs folder.
    pub fn path_in(&self, docs: &Path) -> PathBuf {
        docs.join(&self.file)
    }
}

impl fmt::Display for SourceSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One finding about the docs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// Where it was found.
    pub span: SourceSpan,
    /// What kind of finding it is.
    pub kind: DiagKind,
    /// One sentence in the docs' own terms.
    pub message: String,
}

impl Diagnostic {
    /// A finding of `kind` at `span`.
    pub fn new(kind: DiagKind, span: SourceSpan, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            kind,
            message: message.into(),
        }
    }

    /// The severity of this finding.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(
            f,
            "{level}[{}]: {}\n  --> {}",
            self.kind.code(),
            self.message,
            self.span
        )
    }
}

/// Collects findings while a stage runs.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a finding.
    pub fn push(&mut self, kind: DiagKind, span: SourceSpan, message: impl Into<String>) {
        self.items.push(Diagnostic::new(kind, span, message));
    }

    /// Moves every finding of `other` into this collector.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The findings so far, sorted by page, line and kind.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }

    /// How many findings have been recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
