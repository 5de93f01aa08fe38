//! Lints on request and response examples: JSON keys the documented type does not have
//! (inherited properties count, `@`-keys are annotations and are skipped), and string
//! values that are not members of the property's enum, such as a placeholder `"String"`.

use std::collections::HashMap;

use serde_json::Value;

use super::TypeLookup;
use crate::diag::{DiagKind, Diagnostics, SourceSpan};
use crate::extract::{normalize_header, parse_type_cell, possible_values, TypeCell};
use crate::model::{ApiVersion, Operation, Property, RequestBody, StructType, TypeRef};
use crate::read::{parse_lenient_json, BlockKind, CodeBlock, Page};

/// Nested objects deeper than this are not followed; real examples stay far below it.
const MAX_DEPTH: usize = 16;

/// Checks every annotated request and response example of every page.
pub(super) fn check_examples(
    pages: &[Page],
    version: &ApiVersion,
    types: &TypeLookup<'_>,
    diags: &mut Diagnostics,
) {
    let operations: HashMap<&str, &Operation> = version
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op))
        .collect();
    for page in pages {
        let rows = body_rows(page, version);
        let operation = operations.get(page.stem.as_str()).copied();
        for block in &page.blocks {
            let BlockKind::Code(code) = &block.kind else {
                continue;
            };
            let Some(annotation) = &code.annotation else {
                continue;
            };
            let is_request = match annotation.block_type().as_str() {
                "request" => true,
                "response" => false,
                _ => continue,
            };
            let Some((offset, body)) = json_body(&code.text) else {
                continue;
            };
            let annotated = annotation
                .str("@odata.type")
                .or_else(|| annotation.str("@type"));
            let root = root_type(is_request, annotated, operation, types);
            let table = if is_request { Some(&rows) } else { None };
            let mut walk = Walk {
                page,
                code,
                offset,
                what: if is_request { "request" } else { "response" },
                version,
                types,
                diags,
            };
            walk.root(&body, root, table.filter(|r| !r.is_empty()));
        }
    }
}

/// A row of a request body table: what the page says a key may hold.
struct BodyRow {
    /// Enum members from the row's type (an enum page) or its `Possible values` list.
    members: Vec<String>,
}

/// The request body table's rows, by lower-cased name.
fn body_rows(page: &Page, version: &ApiVersion) -> HashMap<String, BodyRow> {
    let mut rows = HashMap::new();
    for block in &page.blocks {
        let BlockKind::Table(table) = &block.kind else {
            continue;
        };
        if !page.section_of(block).contains("request body") {
            continue;
        }
        let headers: Vec<String> = table.header.iter().map(normalize_header).collect();
        let type_col = headers.iter().position(|h| h == "type");
        let desc_col = headers.iter().position(|h| h.contains("description"));
        for row in &table.rows {
            let Some(name) = row.cells.first().map(|c| plain_name(&c.text)) else {
                continue;
            };
            if name.is_empty() || name.contains(' ') {
                continue;
            }
            let cell = type_col.and_then(|c| row.cells.get(c)).map(parse_type_cell);
            let description = desc_col.and_then(|c| row.cells.get(c));
            let mut members = description
                .map(|d| possible_values(&d.text))
                .unwrap_or_default();
            let linked = match cell.map(|c| c.cell) {
                Some(TypeCell::Link { text, .. }) | Some(TypeCell::Name(text)) => Some(text),
                _ => None,
            };
            if let Some(e) = linked.and_then(|text| enum_named(version, &text)) {
                members = e.members.iter().map(|m| m.name.clone()).collect();
            }
            rows.insert(name.to_lowercase(), BodyRow { members });
        }
    }
    rows
}

fn plain_name(text: &str) -> String {
    let text = text.replace(['*', '`', '[', ']', '\\'], "");
    let text = text.split(" (").next().unwrap_or_default();
    text.trim().to_owned()
}

fn enum_named<'v>(version: &'v ApiVersion, text: &str) -> Option<&'v crate::model::EnumType> {
    let short = text.rsplit('.').next().unwrap_or(text).to_lowercase();
    version
        .enums
        .values()
        .find(|e| e.name.name.to_lowercase() == short)
}

/// The example's JSON body and its byte offset in the block: from the first line that
/// opens an object or array.
fn json_body(text: &str) -> Option<(usize, Value)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            let body = &text[offset..];
            let value = serde_json::from_str(body)
                .ok()
                .or_else(|| parse_lenient_json(body).ok())?;
            return Some((offset, value));
        }
        offset += line.len();
    }
    None
}

/// The type an example's body should be: the annotation's `@odata.type` for responses,
/// else the operation's documented body or response type.
fn root_type<'v>(
    is_request: bool,
    annotated: Option<&str>,
    operation: Option<&Operation>,
    types: &TypeLookup<'v>,
) -> Option<&'v StructType> {
    if !is_request {
        let annotated = annotated.map(|t| {
            let lower = t.to_lowercase();
            match lower.strip_prefix("collection(") {
                Some(_) => t["collection(".len()..].trim_end_matches(')'),
                None => t,
            }
        });
        if let Some(found) = annotated.and_then(|t| types.struct_named(t)) {
            return Some(found);
        }
    }
    let documented = match operation? {
        op if is_request => match &op.body {
            Some(RequestBody::Type {
                ty: TypeRef::Struct(name),
                ..
            }) => Some(name),
            _ => None,
        },
        op => match &op.response.ty {
            Some(TypeRef::Struct(name)) => Some(name),
            _ => None,
        },
    };
    documented.and_then(|name| types.get(name))
}

/// Walks one example's JSON against its type.
struct Walk<'a, 'v> {
    page: &'a Page,
    code: &'a CodeBlock,
    offset: usize,
    what: &'static str,
    version: &'v ApiVersion,
    types: &'a TypeLookup<'v>,
    diags: &'a mut Diagnostics,
}

impl<'v> Walk<'_, 'v> {
    fn root(
        &mut self,
        body: &Value,
        ty: Option<&'v StructType>,
        table: Option<&HashMap<String, BodyRow>>,
    ) {
        // Collection responses wrap their items in `value`.
        if let (Value::Object(map), Some(s)) = (body, ty) {
            let (props, _) = self.types.properties(s, false);
            if let (Some(Value::Array(items)), false) =
                (map.get("value"), props.contains_key("value"))
            {
                for item in items {
                    self.object(item, Some(s), None, 0);
                }
                return;
            }
        }
        match body {
            Value::Array(items) => items.iter().for_each(|i| self.object(i, ty, None, 0)),
            _ => self.object(body, ty, table, 0),
        }
    }

    fn object(
        &mut self,
        value: &Value,
        ty: Option<&'v StructType>,
        table: Option<&HashMap<String, BodyRow>>,
        depth: usize,
    ) {
        let Value::Object(map) = value else {
            return;
        };
        // A body may name a derived type, whose properties it is then allowed.
        let named = map.get("@odata.type").and_then(Value::as_str);
        let ty = named.and_then(|n| self.types.struct_named(n)).or(ty);
        if ty.is_none() && table.is_none() {
            return;
        }
        let derived = named.is_none();
        let (props, open) = ty
            .map(|s| self.types.properties(s, derived))
            .unwrap_or_default();
        for (key, item) in map {
            if key.contains('@') {
                continue;
            }
            let lower = key.to_lowercase();
            let prop = props.get(&lower).copied();
            let row = table.and_then(|t| t.get(&lower));
            if prop.is_none() && row.is_none() {
                // Some body tables describe the object one key wraps (`passwordCredential`).
                if let (Some(table), Value::Object(inner)) = (table, item) {
                    let described = inner.keys().any(|k| table.contains_key(&k.to_lowercase()));
                    if described && depth < MAX_DEPTH {
                        self.object(item, None, Some(table), depth + 1);
                        continue;
                    }
                }
                if !open {
                    self.unknown_key(key, ty);
                }
                continue;
            }
            let members = self.members(prop, row);
            if !members.is_empty() {
                self.check_members(key, item, &members);
            }
            if let Some(Property {
                ty: TypeRef::Struct(name),
                ..
            }) = prop
            {
                if depth < MAX_DEPTH {
                    let nested = self.types.get(name);
                    match item {
                        Value::Array(items) => {
                            for i in items {
                                self.object(i, nested, None, depth + 1);
                            }
                        }
                        _ => self.object(item, nested, None, depth + 1),
                    }
                }
            }
        }
    }

    /// The enum members a property allows.
    fn members(&self, prop: Option<&Property>, row: Option<&BodyRow>) -> Vec<String> {
        if let Some(TypeRef::Enum(name)) = prop.map(|p| &p.ty) {
            if let Some(e) = self.version.enums.get(name) {
                return e.members.iter().map(|m| m.name.clone()).collect();
            }
        }
        row.map(|r| r.members.clone()).unwrap_or_default()
    }

    fn check_members(&mut self, key: &str, value: &Value, members: &[String]) {
        let values: Vec<&str> = match value {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => return,
        };
        // Flags enums join members with commas on the wire.
        let words = values.iter().flat_map(|v| v.split(',')).map(str::trim);
        for word in words.filter(|w| !w.is_empty()) {
            if members.iter().any(|m| m.eq_ignore_ascii_case(word)) {
                continue;
            }
            let message = format!(
                "the {} example sets `{key}` to `{word}`, which is not a member of its enum ({})",
                self.what,
                list_members(members)
            );
            let span = self.locate(key, Some(word));
            self.diags.push(DiagKind::EnumValueNotMember, span, message);
        }
    }

    fn unknown_key(&mut self, key: &str, ty: Option<&StructType>) {
        let owner = match ty {
            Some(s) => format!("`{}` has no such property", s.name.name),
            None => "the request body table does not list it".to_owned(),
        };
        let message = format!("the {} example uses `{key}`, but {owner}", self.what);
        let span = self.locate(key, None);
        self.diags
            .push(DiagKind::UnknownExampleProperty, span, message);
    }

    /// The line and column of `"key"` (or of its value, when given) in the code block.
    fn locate(&self, key: &str, value: Option<&str>) -> SourceSpan {
        let text = &self.code.text;
        let found = find_key(&text[self.offset..], key, value).map(|at| self.offset + at);
        let at = found.unwrap_or(self.offset);
        let before = &text[..at];
        let line = before.matches('\n').count() as u32;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        SourceSpan {
            file: self.page.path.clone(),
            line: self.code.content_line + line,
            column,
        }
    }
}

/// The byte offset of `"key"` followed by a colon, or of the value's opening quote when the
/// value is given and follows.
fn find_key(text: &str, key: &str, value: Option<&str>) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    let mut first = None;
    while let Some(found) = text[from..].find(&quoted) {
        let start = from + found;
        from = start + quoted.len();
        let rest = text[from..].trim_start();
        let Some(after_colon) = rest.strip_prefix(':') else {
            continue;
        };
        first.get_or_insert(start);
        let Some(value) = value else {
            return Some(start);
        };
        let value_text = after_colon.trim_start();
        let value_at = text.len() - value_text.len();
        let value_text = value_text.trim_start_matches('[').trim_start();
        if value_text.trim_start_matches('"').starts_with(value) {
            return Some(value_at);
        }
    }
    first
}

fn list_members(members: &[String]) -> String {
    let shown: Vec<String> = members.iter().take(6).map(|m| format!("`{m}`")).collect();
    match members.len() {
        n if n > 6 => format!("{}, … {n} members", shown.join(", ")),
        _ => shown.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values() {
        let text = "{\n  \"a\": {\"source\": \"x\"},\n  \"source\": \"String\"\n}";
        let at = find_key(text, "source", Some("String")).unwrap();
        assert_eq!(&text[at..at + 8], "\"String\"");
        let at = find_key(text, "source", None).unwrap();
        assert_eq!(&text[at..at + 8], "\"source\"");
        assert_eq!(find_key(text, "missing", None), None);
    }

    #[test]
    fn member_lists_are_shortened() {
        let members: Vec<String> = (0..9).map(|i| format!("m{i}")).collect();
        let listed = list_members(&members);
        assert!(listed.ends_with("… 9 members"), "{listed}");
    }
}
