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

impl Severity {
    /// `error`, `warning` or `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
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
    /// A type cell names a known type in plain text instead of linking its page.
    UnlinkedType,
    /// An example's JSON uses a property that its type does not have.
    UnknownExampleProperty,
    /// An example's JSON gives a value that is not a member of the property's enum.
    EnumValueNotMember,
    /// A `Methods` table row links to a page that documents no operation.
    MethodWithoutOperation,
    /// An enum page's member table lists no member.
    EmptyEnum,
    /// A row of an enum's member table names no member.
    UnnamedEnumMember,
}

impl DiagKind {
    /// Every kind, in declaration order.
    pub const ALL: [DiagKind; 27] = [
        DiagKind::UnreadablePage,
        DiagKind::InvalidUtf8,
        DiagKind::BadFrontMatter,
        DiagKind::InvalidAnnotation,
        DiagKind::RaggedTableRow,
        DiagKind::UnresolvedType,
        DiagKind::UnreadableType,
        DiagKind::BadPropertyName,
        DiagKind::DuplicateProperty,
        DiagKind::DuplicateEnumMember,
        DiagKind::ConflictingDefinition,
        DiagKind::BadRoute,
        DiagKind::RepairedRoute,
        DiagKind::InvalidExampleJson,
        DiagKind::UnclosedFence,
        DiagKind::UnknownBaseType,
        DiagKind::TableJsonMismatch,
        DiagKind::NoRoute,
        DiagKind::PlaceholderPermission,
        DiagKind::BrokenLink,
        DiagKind::InheritanceCycle,
        DiagKind::UnlinkedType,
        DiagKind::UnknownExampleProperty,
        DiagKind::EnumValueNotMember,
        DiagKind::MethodWithoutOperation,
        DiagKind::EmptyEnum,
        DiagKind::UnnamedEnumMember,
    ];

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
            DiagKind::UnlinkedType => "GD0111",
            DiagKind::EmptyEnum => "GD0112",
            DiagKind::UnnamedEnumMember => "GD0113",
            DiagKind::BadRoute => "GD0201",
            DiagKind::RepairedRoute => "GD0202",
            DiagKind::NoRoute => "GD0203",
            DiagKind::InvalidExampleJson => "GD0204",
            DiagKind::PlaceholderPermission => "GD0205",
            DiagKind::UnknownExampleProperty => "GD0206",
            DiagKind::EnumValueNotMember => "GD0207",
            DiagKind::MethodWithoutOperation => "GD0208",
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
            DiagKind::UnlinkedType => "unlinked type",
            DiagKind::UnknownExampleProperty => "unknown example property",
            DiagKind::EnumValueNotMember => "value not in enum",
            DiagKind::MethodWithoutOperation => "method without operation",
            DiagKind::EmptyEnum => "enum without members",
            DiagKind::UnnamedEnumMember => "unnamed enum member",
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Where it was found.
    pub span: SourceSpan,
    /// What kind of finding it is.
    pub kind: DiagKind,
    /// One sentence in the docs' own terms.
    pub message: String,
    /// Another place the finding involves, such as the other page of a conflict.
    pub related: Option<SourceSpan>,
}

impl Diagnostic {
    /// A finding of `kind` at `span`.
    pub fn new(kind: DiagKind, span: SourceSpan, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            kind,
            message: message.into(),
            related: None,
        }
    }

    /// The same finding, also pointing at `related`.
    pub fn with_related(mut self, related: SourceSpan) -> Self {
        self.related = Some(related);
        self
    }

    /// The severity of this finding.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

/// Written flat, as tools want it: code, severity, kind, file, line, column, message, and
/// the related place when there is one.
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        let fields = if self.related.is_some() { 8 } else { 7 };
        let mut out = s.serialize_struct("Diagnostic", fields)?;
        out.serialize_field("code", self.kind.code())?;
        out.serialize_field("severity", &self.severity())?;
        out.serialize_field("kind", &self.kind)?;
        out.serialize_field("file", &self.span.file)?;
        out.serialize_field("line", &self.span.line)?;
        out.serialize_field("column", &self.span.column)?;
        out.serialize_field("message", &self.message)?;
        if let Some(related) = &self.related {
            out.serialize_field("related", related)?;
        }
        out.end()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}\n  --> {}",
            self.severity().as_str(),
            self.kind.code(),
            self.message,
            self.span
        )?;
        if let Some(related) = &self.related {
            write!(f, "\n  = see also {related}")?;
        }
        Ok(())
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

    /// Records a finding that also involves another place, such as a second page.
    pub fn push_related(
        &mut self,
        kind: DiagKind,
        span: SourceSpan,
        related: SourceSpan,
        message: impl Into<String>,
    ) {
        self.items
            .push(Diagnostic::new(kind, span, message).with_related(related));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = DiagKind::ALL.iter().map(|k| k.code()).collect();
        assert!(codes.iter().all(|c| c.len() == 6 && c.starts_with("GD")));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), DiagKind::ALL.len());
    }

    #[test]
    fn serialises_flat_with_code_and_severity() {
        let diag = Diagnostic::new(
            DiagKind::PlaceholderPermission,
            SourceSpan::new("api/x.md", 7),
            "the permissions are a placeholder",
        )
        .with_related(SourceSpan::new("api/y.md", 2));
        let json = serde_json::to_value(&diag).unwrap();
        assert_eq!(json["code"], "GD0205");
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["kind"], "placeholder-permission");
        assert_eq!(
            (json["line"].as_u64(), json["column"].as_u64()),
            (Some(7), Some(1))
        );
        assert_eq!(json["related"]["file"], "api/y.md");
        assert!(diag.to_string().contains("see also api/y.md:2:1"));
    }
}
