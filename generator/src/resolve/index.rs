//! The name index of one version: which page defines which type, and every way a type cell
//! can name a type (link target, anchor, qualified or short name).

use std::collections::{BTreeMap, HashMap};

use heck::ToUpperCamelCase;

use crate::diag::{DiagKind, Diagnostics, SourceSpan};
use crate::extract::{PageFacts, TypeCell, TypeCellRef};
use crate::model::{EnumMember, EnumType, Primitive, QualifiedName, TypeRef, GRAPH_NAMESPACE};

/// Where a type cell sits, for resolving it and for reporting.
pub(crate) struct CellContext<'a> {
    /// The namespace of the page.
    pub namespace: &'a str,
    /// The row.
    pub span: &'a SourceSpan,
    /// The struct and property the cell types, for naming an inline enum.
    pub owner: Option<(&'a QualifiedName, &'a str)>,
    /// Backticked members from the row's description.
    pub inline_values: &'a [String],
}

/// Names known in one version.
pub(crate) struct TypeIndex {
    page_types: HashMap<String, QualifiedName>,
    structs: HashMap<String, QualifiedName>,
    enum_keys: HashMap<String, QualifiedName>,
    short_names: HashMap<String, Vec<QualifiedName>>,
    enums: BTreeMap<QualifiedName, EnumType>,
}

fn key(name: &QualifiedName) -> String {
    name.to_string().to_lowercase()
}

impl TypeIndex {
    /// Indexes every struct and enum the pages define; merges enums defined twice.
    pub fn build(facts: &[PageFacts], diags: &mut Diagnostics) -> Self {
        let mut index = TypeIndex {
            page_types: HashMap::new(),
            structs: HashMap::new(),
            enum_keys: HashMap::new(),
            short_names: HashMap::new(),
            enums: BTreeMap::new(),
        };
        for page in facts {
            if let Some(name) = page.primary_type() {
                index
                    .page_types
                    .entry(page.stem.clone())
                    .or_insert_with(|| name.clone());
            }
            for raw in &page.structs {
                index.add_struct_name(&raw.name);
            }
        }
        for page in facts {
            for raw in &page.enums {
                let span = raw.span.clone();
                let members = raw.members.clone();
                index.add_enum(
                    &raw.name,
                    members,
                    raw.description.clone(),
                    span,
                    false,
                    diags,
                );
            }
        }
        index
    }

    fn add_struct_name(&mut self, name: &QualifiedName) {
        if self.structs.contains_key(&key(name)) {
            return;
        }
        self.structs.insert(key(name), name.clone());
        self.short_names
            .entry(name.name.to_lowercase())
            .or_default()
            .push(name.clone());
    }

    /// The canonical spelling of a struct name, if one is defined.
    pub fn struct_named(&self, name: &QualifiedName) -> Option<&QualifiedName> {
        self.structs.get(&key(name))
    }

    fn add_enum(
        &mut self,
        name: &QualifiedName,
        members: Vec<EnumMember>,
        description: Option<String>,
        span: SourceSpan,
        inline: bool,
        diags: &mut Diagnostics,
    ) -> QualifiedName {
        if let Some(existing) = self.enum_keys.get(&key(name)).cloned() {
            let known = self
                .enums
                .get_mut(&existing)
                .expect("indexed enums are stored");
            let differs = members.len() != known.members.len()
                || members
                    .iter()
                    .zip(&known.members)
                    .any(|(a, b)| a.name != b.name);
            if differs {
                let message = format!(
                    "the enum `{}` is defined on both {} and {} with different members; the \
                     members only {} lists were added to those of {}",
                    name.name, known.span.file, span.file, span.file, known.span.file
                );
                let first = known.span.clone();
                diags.push_related(DiagKind::ConflictingDefinition, span, first, message);
                for member in members {
                    if !known.members.iter().any(|m| m.name == member.name) {
                        known.members.push(member);
                    }
                }
            }
            return existing;
        }
        let flags = is_flags(&members);
        let enum_type = EnumType {
            name: name.clone(),
            members,
            flags,
            description,
            from_inline_list: inline,
            span,
        };
        self.enums.insert(name.clone(), enum_type);
        self.enum_keys.insert(key(name), name.clone());
        self.short_names
            .entry(name.name.to_lowercase())
            .or_default()
            .push(name.clone());
        name.clone()
    }

    /// Hands over the enums, sorted by name.
    pub fn take_enums(&mut self) -> BTreeMap<QualifiedName, EnumType> {
        std::mem::take(&mut self.enums)
    }

    /// Looks a name up as written in a cell or annotation.
    pub fn lookup(&self, text: &str, namespace: &str) -> Option<TypeRef> {
        let text = text.trim().trim_start_matches('#');
        let text = text.strip_prefix("graph.").unwrap_or(text);
        if text.contains('.') {
            let qualified = QualifiedName::parse(text, namespace);
            if let Some(found) = self.exact(&qualified) {
                return Some(found);
            }
        }
        let short = text.rsplit('.').next().unwrap_or(text);
        for ns in [namespace, GRAPH_NAMESPACE] {
            if let Some(found) = self.exact(&QualifiedName::new(ns, short)) {
                return Some(found);
            }
        }
        let candidates = self.short_names.get(&short.to_lowercase())?;
        candidates.iter().min().and_then(|name| self.exact(name))
    }

    fn exact(&self, name: &QualifiedName) -> Option<TypeRef> {
        let k = key(name);
        if let Some(found) = self.structs.get(&k) {
            // The docs have a `Json` "resource type" page that stands for any JSON value.
            if found.name.eq_ignore_ascii_case("json") {
                return Some(TypeRef::Json);
            }
            return Some(TypeRef::Struct(found.clone()));
        }
        self.enum_keys
            .get(&k)
            .map(|found| TypeRef::Enum(found.clone()))
    }

    /// Resolves a type cell. The flag is true when the cell fell back to untyped JSON.
    pub fn resolve_cell(
        &mut self,
        cell: &TypeCellRef,
        ctx: &CellContext<'_>,
        diags: &mut Diagnostics,
    ) -> (TypeRef, bool) {
        let resolved = match &cell.cell {
            TypeCell::Primitive(Primitive::String) if !ctx.inline_values.is_empty() => {
                self.inline_enum(ctx, diags)
            }
            TypeCell::Primitive(p) => Some(TypeRef::Primitive(*p)),
            TypeCell::Json => Some(TypeRef::Json),
            TypeCell::Link { stem, anchor, text } => self.resolve_link(stem, anchor, text, ctx),
            TypeCell::Name(name) => self.lookup(name, ctx.namespace),
            TypeCell::EnumWord => self
                .inline_enum(ctx, diags)
                .or(Some(TypeRef::Primitive(Primitive::String))),
            TypeCell::Union(_) | TypeCell::Empty | TypeCell::Unreadable(_) => None,
        };
        let resolved = resolved.or_else(|| self.inline_enum(ctx, diags));
        match resolved {
            Some(ty) => (ty, false),
            None => {
                report_unresolved(&cell.cell, ctx.span, diags);
                (TypeRef::Json, true)
            }
        }
    }

    fn resolve_link(
        &self,
        stem: &str,
        anchor: &Option<String>,
        text: &str,
        ctx: &CellContext<'_>,
    ) -> Option<TypeRef> {
        // `#x-values` anchors name an enum section, on this page or another.
        if let Some(enum_name) = anchor.as_deref().and_then(|a| a.strip_suffix("-values")) {
            if let Some(found) = self.lookup(enum_name, ctx.namespace) {
                return Some(found);
            }
        }
        // `[DateTimeOffset](timestamp.md)`: a primitive named in the text wins over the page.
        if let Some(ty) = primitive_link_text(text) {
            return Some(ty);
        }
        if !stem.is_empty() {
            if let Some(name) = self.page_types.get(stem) {
                // Link text and target disagree now and then; the target page wins.
                if let Some(found) = self.exact(name) {
                    return Some(found);
                }
            }
        }
        self.lookup(text, ctx.namespace)
    }

    fn inline_enum(&mut self, ctx: &CellContext<'_>, diags: &mut Diagnostics) -> Option<TypeRef> {
        if ctx.inline_values.is_empty() {
            return None;
        }
        let (owner, property) = ctx.owner?;
        let name = format!("{}{}", owner.name, property.to_upper_camel_case());
        let name = QualifiedName::new(&owner.namespace, &name);
        let members = ctx
            .inline_values
            .iter()
            .map(|v| EnumMember {
                name: v.clone(),
                value: None,
                description: None,
            })
            .collect();
        let span = ctx.span.clone();
        let name = self.add_enum(&name, members, None, span, true, diags);
        Some(TypeRef::Enum(name))
    }
}

/// `[DateTimeOffset](timestamp.md)`-style links whose text is a primitive.
fn primitive_link_text(text: &str) -> Option<TypeRef> {
    match crate::extract::primitive_alias(text)? {
        TypeCell::Primitive(p) => Some(TypeRef::Primitive(p)),
        _ => Some(TypeRef::Json),
    }
}

fn report_unresolved(cell: &TypeCell, span: &SourceSpan, diags: &mut Diagnostics) {
    let (kind, message) = match cell {
        TypeCell::Link { stem, text, .. } => (
            DiagKind::UnresolvedType,
            format!(
                "the type `{text}` (linked to `{stem}.md`) is defined on no page; JSON is used"
            ),
        ),
        TypeCell::Name(name) => (
            DiagKind::UnresolvedType,
            format!("the type `{name}` is defined on no page; JSON is used"),
        ),
        TypeCell::Union(text) => (
            DiagKind::UnreadableType,
            format!("the type cell `{text}` names several types; JSON is used"),
        ),
        TypeCell::Empty => (
            DiagKind::UnreadableType,
            "the type cell is empty; JSON is used".into(),
        ),
        TypeCell::Unreadable(text) => (
            DiagKind::UnreadableType,
            format!("the type cell `{text}` names no type; JSON is used"),
        ),
        other => (
            DiagKind::UnreadableType,
            format!("the type cell {other:?} names no type; JSON is used"),
        ),
    };
    diags.push(kind, span.clone(), message);
}

/// Flags enums have power-of-two values (and perhaps 0), at least three of them non-zero.
fn is_flags(members: &[EnumMember]) -> bool {
    let values: Vec<i64> = members.iter().filter_map(|m| m.value).collect();
    if values.len() != members.len() || values.iter().filter(|&&v| v > 0).count() < 3 {
        return false;
    }
    let powers = values
        .iter()
        .all(|&v| v == 0 || (v > 0 && v & (v - 1) == 0));
    powers && values.iter().max().is_some_and(|&max| max >= 4)
}
