//! Type pages: a resource or complex type's property and relationship tables, its base
//! type, and the enum member tables found on enum pages, `enums.md` pages and in
//! `### x values` sections of resource pages.

use std::collections::HashMap;

use serde_json::Value;

use super::cells::{
    clean_name, column, normalize_header, parse_type_cell, possible_values, TypeCell, TypeCellRef,
};
use super::page_description;
use crate::diag::{DiagKind, Diagnostics, SourceSpan};
use crate::model::{EnumMember, QualifiedName};
use crate::read::{parse_lenient_json, Annotation, Block, BlockKind, CodeBlock, Page, Table};

/// An entity or complex type as one page states it.
#[derive(Clone, Debug)]
pub struct RawStruct {
    /// Its name: the annotation's `@odata.type`, else the title's.
    pub name: QualifiedName,
    /// The base type the annotation or an `Inherits from` sentence names.
    pub base: Option<RawBase>,
    /// Marked abstract.
    pub is_abstract: bool,
    /// Marked as an open type.
    pub is_open: bool,
    /// The annotation's `keyProperty`.
    pub key: Option<String>,
    /// Property and relationship rows, in page order.
    pub properties: Vec<RawProperty>,
    /// The page's description.
    pub description: Option<String>,
    /// The JSON representation's top-level keys, when it parses.
    pub json_keys: Option<Vec<JsonKey>>,
    /// The title or annotation line.
    pub span: SourceSpan,
}

/// A top-level key of a JSON representation.
#[derive(Clone, Debug)]
pub struct JsonKey {
    /// The key as written.
    pub name: String,
    /// Its placeholder value.
    pub value: Value,
    /// Where the key is written (the block's first line when it cannot be found).
    pub span: SourceSpan,
}

/// A base type reference.
#[derive(Clone, Debug)]
pub struct RawBase {
    /// What names it.
    pub cell: TypeCell,
    /// Where.
    pub span: SourceSpan,
}

/// One property or relationship row.
#[derive(Clone, Debug)]
pub struct RawProperty {
    /// The name cell, cleaned.
    pub name: String,
    /// The type cell.
    pub ty: TypeCellRef,
    /// From a relationships table.
    pub navigation: bool,
    /// The description says read-only.
    pub read_only: bool,
    /// The description says `Inherited from` (intune pages repeat base properties).
    pub inherited: bool,
    /// The description.
    pub description: Option<String>,
    /// Backticked `Possible values are` members in the description.
    pub inline_values: Vec<String>,
    /// The row.
    pub span: SourceSpan,
}

/// An enum as one page states it.
#[derive(Clone, Debug)]
pub struct RawEnum {
    /// Its name.
    pub name: QualifiedName,
    /// Members in table order, duplicates dropped.
    pub members: Vec<EnumMember>,
    /// A description, if the page gives one.
    pub description: Option<String>,
    /// The table's first row.
    pub span: SourceSpan,
}

const TITLE_SUFFIXES: [&str; 8] = [
    " resource type",
    " complex type",
    " entity type",
    " resource",
    " facet",
    " object",
    " type",
    " (deprecated)",
];

/// Extracts the type a resource page defines, if it defines one.
pub(crate) fn extract_struct(page: &Page, ns: &str, diags: &mut Diagnostics) -> Option<RawStruct> {
    let resource = page.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Code(code) => code
            .annotation
            .as_ref()
            .filter(|a| a.block_type() == "resource")
            .map(|a| (a, code)),
        BlockKind::Annotation(a) if a.block_type() == "resource" => None,
        _ => None,
    });
    let title = page.title()?;
    let title_text = title.text.text.trim();
    if title_text.to_lowercase().ends_with("enum type") {
        return None;
    }
    let properties = extract_properties(page, diags);
    let annotation = resource.map(|(a, _)| a);
    let annotated_name = annotation.and_then(|a| annotated_type_name(page, a, diags));
    let looks_like_type = TITLE_SUFFIXES
        .iter()
        .any(|s| title_text.to_lowercase().ends_with(s));
    if annotated_name.is_none() && (properties.is_empty() || !looks_like_type) {
        return None;
    }
    let name = match annotated_name {
        Some(text) => QualifiedName::parse(text, ns),
        None => QualifiedName::new(ns, &title_type_name(title_text)),
    };
    if name.name.is_empty() || name.name.contains(' ') {
        return None;
    }
    let span = SourceSpan::new(&page.path, annotation.map_or(title.line, |a| a.line));
    let base = annotation
        .and_then(|a| a.str("baseType"))
        .map(|b| RawBase {
            cell: TypeCell::Name(b.to_owned()),
            span: span.clone(),
        })
        .or_else(|| inherits_from(page));
    let json_keys = resource.and_then(|(_, code)| json_keys(page, code));
    Some(RawStruct {
        name,
        base,
        is_abstract: annotation.is_some_and(|a| a.flag("abstract") || a.flag("isAbstract")),
        is_open: annotation.is_some_and(|a| a.flag("openType")),
        key: annotation
            .and_then(|a| a.str("keyProperty"))
            .map(str::to_owned),
        properties,
        description: page_description(page),
        json_keys,
        span,
    })
}

/// The annotation's `@odata.type` (or `@type`) when it is a usable name; one that is not a
/// string, is empty or holds a space is reported, and the title names the type instead.
fn annotated_type_name<'a>(
    page: &Page,
    annotation: &'a Annotation,
    diags: &mut Diagnostics,
) -> Option<&'a str> {
    let (key, value) = ["@odata.type", "@type"]
        .into_iter()
        .find_map(|key| annotation.value.get(key).map(|value| (key, value)))?;
    let text = value.as_str().map(str::trim);
    match text {
        Some(text) if !text.is_empty() && !text.contains(char::is_whitespace) => Some(text),
        _ => {
            let span = SourceSpan::new(&page.path, annotation.line);
            let message = format!(
                "the annotation's `{key}` is {value}, not a type name; the title names the type"
            );
            diags.push(DiagKind::InvalidAnnotation, span, message);
            None
        }
    }
}

fn title_type_name(title: &str) -> String {
    let mut name = title.trim().to_owned();
    loop {
        let lower = name.to_lowercase();
        let Some(suffix) = TITLE_SUFFIXES.iter().find(|s| lower.ends_with(*s)) else {
            break;
        };
        name.truncate(name.len() - suffix.len());
    }
    clean_name(&name)
}

/// The first link after an `Inherits from` (or `Derived from`) phrase in the prose.
fn inherits_from(page: &Page) -> Option<RawBase> {
    for block in &page.blocks {
        let BlockKind::Text(inline) = &block.kind else {
            continue;
        };
        let lower = inline.text.to_lowercase();
        if !(lower.contains("inherits from") || lower.contains("derived from")) {
            continue;
        }
        let link = inline
            .links
            .iter()
            .find(|l| l.dest.to_lowercase().contains(".md"))?;
        let (stem, anchor) = super::cells::split_link(&link.dest);
        let cell = TypeCell::Link {
            stem,
            anchor,
            text: clean_name(&link.text),
        };
        return Some(RawBase {
            cell,
            span: SourceSpan::new(&page.path, block.line),
        });
    }
    None
}

fn json_keys(page: &Page, code: &CodeBlock) -> Option<Vec<JsonKey>> {
    let value = parse_lenient_json(&code.text).ok()?;
    let object = value.as_object()?;
    let lines = top_level_key_lines(&code.text);
    let keys = object.iter().map(|(name, value)| {
        let line = lines.get(name.as_str()).copied().unwrap_or(0);
        JsonKey {
            name: name.clone(),
            value: value.clone(),
            span: SourceSpan::new(&page.path, code.content_line + line),
        }
    });
    Some(keys.collect())
}

/// The line (counted from 0) of each key of the outermost object in `text`, a key being a
/// string followed by a colon at depth one; the first occurrence of a key wins.
fn top_level_key_lines(text: &str) -> HashMap<&str, u32> {
    let mut lines = HashMap::new();
    let (mut depth, mut line) = (0usize, 0u32);
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\n' => line += 1,
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            '"' => {
                let start = at + 1;
                let mut end = text.len();
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => {
                            end = i;
                            break;
                        }
                        '\n' => {
                            line += 1;
                            escaped = false;
                        }
                        _ => escaped = false,
                    }
                }
                // `end` is the closing quote, or the end of an unclosed string.
                let key = &text[start..end];
                let colon_follows = text[end..]
                    .get(1..)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'));
                if depth == 1 && colon_follows {
                    lines.entry(key).or_insert(line);
                }
            }
            _ => {}
        }
    }
    lines
}

fn extract_properties(page: &Page, diags: &mut Diagnostics) -> Vec<RawProperty> {
    let mut properties = Vec::new();
    for block in &page.blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        let section = page.section_of(block);
        let is_props = section.contains("propert") || section.contains("instance attribute");
        let is_nav = section.contains("relationship");
        if !(is_props || is_nav) {
            continue;
        }
        let headers: Vec<String> = table.header.iter().map(normalize_header).collect();
        let first = headers.first().map(String::as_str).unwrap_or_default();
        let named = first.starts_with("property") || first.starts_with("relationship");
        let Some(type_col) = column(&headers, |h| h.contains("type")) else {
            continue;
        };
        if !named || type_col == 0 {
            continue;
        }
        let navigation = is_nav || first.starts_with("relationship");
        read_property_rows(
            page,
            table,
            &headers,
            type_col,
            navigation,
            diags,
            &mut properties,
        );
    }
    properties
}

fn read_property_rows(
    page: &Page,
    table: &Table,
    headers: &[String],
    type_col: usize,
    navigation: bool,
    diags: &mut Diagnostics,
    out: &mut Vec<RawProperty>,
) {
    let desc_col = column(headers, |h| h.contains("description")).unwrap_or(headers.len() - 1);
    for row in &table.rows {
        let Some(name_cell) = row.cells.first() else {
            continue;
        };
        let ty = row.cells.get(type_col).map(parse_type_cell);
        let ty = ty.unwrap_or(TypeCellRef {
            cell: TypeCell::Empty,
            collection: false,
        });
        let name = clean_name(&name_cell.text);
        let span = SourceSpan::new(&page.path, row.line);
        // Intune pages group rows under bold headings with empty type cells.
        if name.is_empty() || (ty.cell == TypeCell::Empty && name_cell.emphasis) {
            continue;
        }
        if name.contains('/') || name.contains(' ') {
            let message = format!("`{name}` in this table is not a property name");
            diags.push(DiagKind::BadPropertyName, span, message);
            continue;
        }
        let description = row.cells.get(desc_col).filter(|_| desc_col != type_col);
        let text = description
            .map(|d| d.text.clone())
            .filter(|t| !t.is_empty());
        let lower = text.as_deref().unwrap_or_default().to_lowercase();
        out.push(RawProperty {
            name,
            ty,
            navigation,
            read_only: lower.contains("read-only") || lower.contains("read only"),
            inherited: lower.contains("inherited from"),
            inline_values: text.as_deref().map(possible_values).unwrap_or_default(),
            description: text,
            span,
        });
    }
}

/// Extracts every enum member table on the page.
pub(crate) fn extract_enums(page: &Page, ns: &str, diags: &mut Diagnostics) -> Vec<RawEnum> {
    let title = page
        .title()
        .map(|h| h.text.text.trim().to_owned())
        .unwrap_or_default();
    let lower_title = title.to_lowercase();
    let page_enum = lower_title
        .strip_suffix(" enum type")
        .map(|_| clean_name(&title[..title.len() - " enum type".len()]));
    let mut enums: Vec<RawEnum> = Vec::new();
    for block in &page.blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        let headers: Vec<String> = table.header.iter().map(normalize_header).collect();
        let first = headers.first().map(String::as_str).unwrap_or_default();
        if !matches!(
            first,
            "member" | "value" | "name" | "members" | "enum value"
        ) {
            continue;
        }
        let Some(name) = enum_table_name(page, block, page_enum.as_deref(), first) else {
            continue;
        };
        if enums.iter().any(|e| e.name.name == name) {
            continue;
        }
        let members = read_members(page, table, &headers, diags);
        let span = SourceSpan::new(&page.path, block.line);
        if members.is_empty() {
            // An enum page whose table is empty still defines the type: its values are
            // kept as text, and the properties that use it stay typed.
            if page_enum.as_deref() != Some(name.as_str()) {
                continue;
            }
            let message = format!(
                "the member table of enum `{name}` lists no member; every value is kept as text"
            );
            diags.push(DiagKind::EmptyEnum, span.clone(), message);
        }
        let description = page_enum.as_ref().and_then(|_| page_description(page));
        enums.push(RawEnum {
            name: QualifiedName::new(ns, &name),
            members,
            description,
            span,
        });
    }
    enums
}

/// Names a member table: by its `x values` heading, or by the page's `x enum type` title.
fn enum_table_name(
    page: &Page,
    block: &Block,
    page_enum: Option<&str>,
    first: &str,
) -> Option<String> {
    let heading = page.nearest_heading(block)?;
    let text = heading.text.text.trim();
    // ASCII case folding keeps byte offsets, so `stripped`'s length indexes `text`.
    let lower = text.to_ascii_lowercase();
    if let Some(stripped) = lower.strip_suffix(" values") {
        let name = text[..stripped.len()].split_whitespace().last()?;
        return Some(clean_name(name)).filter(|n| !n.is_empty());
    }
    let in_members = lower.contains("member") || lower.contains("propert") || lower == "values";
    match page_enum {
        Some(name) if in_members || first == "member" => Some(name.to_owned()),
        _ => None,
    }
}

fn read_members(
    page: &Page,
    table: &Table,
    headers: &[String],
    diags: &mut Diagnostics,
) -> Vec<EnumMember> {
    let value_col = column(headers, |h| h == "value" || h == "int value").filter(|&c| c > 0);
    let desc_col = column(headers, |h| h.contains("description"));
    let mut members: Vec<EnumMember> = Vec::new();
    for row in &table.rows {
        let name = row
            .cells
            .first()
            .map(|c| clean_name(&c.text))
            .unwrap_or_default();
        if name.is_empty() {
            // A row with no cell text at all is a spacer; one with a value or a description
            // is a member whose name is missing.
            if row.cells.iter().any(|c| !c.text.trim().is_empty()) {
                let span = SourceSpan::new(&page.path, row.line);
                let message = "this member row has no name; it is skipped".to_owned();
                diags.push(DiagKind::UnnamedEnumMember, span, message);
            }
            continue;
        }
        if members.iter().any(|m| m.name == name) {
            let span = SourceSpan::new(&page.path, row.line);
            let message = format!("the member `{name}` is listed twice in this table");
            diags.push(DiagKind::DuplicateEnumMember, span, message);
            continue;
        }
        let value = value_col
            .and_then(|c| row.cells.get(c))
            .and_then(|c| c.text.trim().parse().ok());
        let description = desc_col
            .and_then(|c| row.cells.get(c))
            .map(|c| c.text.clone());
        let description = description.filter(|d| !d.is_empty());
        members.push(EnumMember {
            name,
            value,
            description,
        });
    }
    members
}
