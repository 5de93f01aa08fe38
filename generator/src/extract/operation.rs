//! Operation pages: routes from the `HTTP request` block, parameters, headers, request
//! body, response, permissions, and the request/response examples.

use super::cells::{
    clean_name, column, normalize_header, parse_type_cell, split_link, TypeCell, TypeCellRef,
};
use super::page_description;
use crate::diag::{DiagKind, Diagnostics, SourceSpan};
use crate::model::{Example, ExampleKind, HttpMethod, OperationKind, Permission, Route};
use crate::read::{Annotation, Block, BlockKind, CodeBlock, Inline, Page, Table};

/// An operation as its page states it.
#[derive(Clone, Debug)]
pub struct RawOperation {
    /// The title.
    pub title: String,
    /// The first paragraph.
    pub description: Option<String>,
    /// What it does.
    pub kind: OperationKind,
    /// Routes, repaired where needed.
    pub routes: Vec<Route>,
    /// Query and function parameters.
    pub query_parameters: Vec<RawParameter>,
    /// Request headers.
    pub headers: Vec<RawParameter>,
    /// The request body.
    pub body: Option<RawBody>,
    /// The response.
    pub response: RawResponse,
    /// Permission rows.
    pub permissions: Vec<Permission>,
    /// Examples, in page order.
    pub examples: Vec<Example>,
    /// The title line.
    pub span: SourceSpan,
}

/// A parameter row.
#[derive(Clone, Debug)]
pub struct RawParameter {
    /// The name.
    pub name: String,
    /// The type cell, if the table has one.
    pub ty: Option<TypeCellRef>,
    /// Marked required.
    pub required: bool,
    /// The description.
    pub description: Option<String>,
    /// From a function or path parameters table: written inside the URL's parentheses.
    pub argument: bool,
}

/// A request body as the page states it.
#[derive(Clone, Debug)]
pub enum RawBody {
    /// A JSON representation of a linked type.
    Type(TypeCellRef),
    /// An object of the parameter table's rows.
    Parameters(Vec<RawParameter>),
}

/// A response as the page states it.
#[derive(Clone, Debug, Default)]
pub struct RawResponse {
    /// The success status.
    pub status: Option<u16>,
    /// The body type the prose links.
    pub ty: Option<TypeCellRef>,
}

/// Whether the page documents an operation: it has a code block under `HTTP request`.
pub(crate) fn is_operation_page(page: &Page) -> bool {
    page.blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Code(_)) && page.under_heading(b, "http request"))
}

/// Extracts the page's operation.
pub(crate) fn extract_operation(
    page: &Page,
    ns: &str,
    diags: &mut Diagnostics,
) -> Option<RawOperation> {
    let _ = ns;
    let title = page.title();
    let span = SourceSpan::new(&page.path, title.map_or(1, |t| t.line));
    let title = title
        .map(|t| t.text.text.trim().to_owned())
        .unwrap_or_default();
    let routes = extract_routes(page, diags);
    if routes.is_empty() {
        let message = format!("the operation `{title}` has no route in its HTTP request block");
        diags.push(DiagKind::NoRoute, span.clone(), message);
    }
    let method = routes.first().map(|r| r.method);
    let kind = classify(&title, method);
    let mut op = RawOperation {
        title,
        description: page_description(page),
        kind,
        routes,
        query_parameters: Vec::new(),
        headers: Vec::new(),
        body: None,
        response: RawResponse::default(),
        permissions: Vec::new(),
        examples: Vec::new(),
        span,
    };
    read_sections(page, &mut op, diags);
    op.examples = extract_examples(page, diags);
    Some(op)
}

fn classify(title: &str, method: Option<HttpMethod>) -> OperationKind {
    let lower = title.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or_default();
    match (first, method) {
        ("list", _) => OperationKind::List,
        ("create" | "add" | "post", Some(HttpMethod::Post | HttpMethod::Put)) => {
            OperationKind::Create
        }
        ("update" | "patch" | "upsert", _) => OperationKind::Update,
        ("delete" | "remove", Some(HttpMethod::Delete)) => OperationKind::Delete,
        (_, Some(HttpMethod::Get)) if lower.contains(": ") => OperationKind::Function,
        (_, Some(HttpMethod::Post)) if lower.contains(": ") => OperationKind::Action,
        ("get", Some(HttpMethod::Get)) => OperationKind::Get,
        (_, Some(HttpMethod::Get)) => OperationKind::Get,
        (_, Some(HttpMethod::Post)) => OperationKind::Action,
        (_, Some(HttpMethod::Patch | HttpMethod::Put)) => OperationKind::Update,
        (_, Some(HttpMethod::Delete)) => OperationKind::Delete,
        _ => OperationKind::Other,
    }
}

fn extract_routes(page: &Page, diags: &mut Diagnostics) -> Vec<Route> {
    let mut routes: Vec<Route> = Vec::new();
    for block in &page.blocks {
        let BlockKind::Code(code) = &block.kind else {
            continue;
        };
        if !page.under_heading(block, "http request") || code.info.contains("json") {
            continue;
        }
        for (offset, line) in code.text.lines().enumerate() {
            let span = SourceSpan::new(&page.path, code.content_line + offset as u32);
            match parse_route_line(line) {
                Ok(Some((route, repairs))) => {
                    for repair in repairs {
                        diags.push(DiagKind::RepairedRoute, span.clone(), repair);
                    }
                    let known = routes
                        .iter()
                        .any(|r| r.method == route.0 && r.path == route.1);
                    if !known {
                        let (method, path, parameters) = route;
                        routes.push(Route {
                            method,
                            path,
                            parameters,
                            span,
                        });
                    }
                }
                Ok(None) => {}
                Err(message) => diags.push(DiagKind::BadRoute, span, message),
            }
        }
    }
    routes
}

type ParsedRoute = (HttpMethod, String, Vec<String>);

/// Reads one line of an HTTP request block. `Ok(None)` for lines that are not routes
/// (blank lines, headers, comments).
pub fn parse_route_line(line: &str) -> Result<Option<(ParsedRoute, Vec<String>)>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
        return Ok(None);
    }
    let word_end = line
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(line.len());
    let Some(method) = HttpMethod::parse(&line[..word_end]) else {
        let is_header = line.split_once(':').is_some_and(|(k, _)| !k.contains(' '));
        if is_header {
            return Ok(None);
        }
        return Err(format!(
            "`{line}` is not a route: it does not start with an HTTP method"
        ));
    };
    let mut repairs = Vec::new();
    let mut path = line[word_end..].trim().to_owned();
    if let Some(rest) = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"))
    {
        path = rest
            .find('/')
            .map(|i| rest[i..].to_owned())
            .unwrap_or_default();
        repairs.push("this route includes the host; it was removed".to_owned());
    }
    for version in ["/v1.0/", "/beta/"] {
        if let Some(rest) = path.strip_prefix(version) {
            path = format!("/{rest}");
        }
    }
    if !path.starts_with('/') {
        path.insert(0, '/');
        repairs.push("this route lacks its leading `/`; one was added".to_owned());
    }
    let (mut path, ignored) = cut_route(&path)?;
    if let Some(words) = ignored {
        repairs.push(format!(
            "`{words}` after this route is not part of it; it was ignored"
        ));
    }
    if let Some(repaired) = brace_parenthesised_keys(&path) {
        path = repaired;
        repairs.push("a `(name)` segment of this route was read as `{name}`".to_owned());
    }
    if path.contains("...") {
        return Err("this route has a `...` segment and cannot be used".to_owned());
    }
    if let Some(repaired) = separate_system_segments(&path) {
        path = repaired;
        repairs.push("a `$ref`, `$value` or `$count` of this route lacked its `/`".to_owned());
    }
    if path.contains("//") {
        while path.contains("//") {
            path = path.replace("//", "/");
        }
        repairs.push("this route has an empty segment (`//`); it was dropped".to_owned());
    }
    let path = path.trim_end_matches('/');
    let path = if path.is_empty() { "/" } else { path };
    let (path, parameters) = name_parameters(path);
    Ok(Some(((method, path, parameters), repairs)))
}

/// `/x/{id}$ref` → `/x/{id}/$ref`: OData's system segments always stand alone, so one glued
/// to the segment before it is a typo; `None` when there is none.
fn separate_system_segments(path: &str) -> Option<String> {
    let mut repaired = path.to_owned();
    for system in ["$ref", "$value", "$count"] {
        let mut from = 0;
        while let Some(found) = repaired[from..].find(system).map(|i| i + from) {
            let end = found + system.len();
            let stands_alone = repaired[end..].is_empty() || repaired[end..].starts_with('/');
            if found > 0 && !repaired[..found].ends_with('/') && stands_alone {
                repaired.insert(found, '/');
                from = end + 1;
            } else {
                from = end;
            }
        }
    }
    (repaired != path).then_some(repaired)
}

/// `/teams/(team-id)/channels` → `/teams/{team-id}/channels`: a whole segment in
/// parentheses is a placeholder written with the wrong brackets; `None` when there is none.
fn brace_parenthesised_keys(path: &str) -> Option<String> {
    let is_name = |inner: &str| {
        !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
    };
    let mut changed = false;
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            let inner = segment.strip_prefix('(').and_then(|s| s.strip_suffix(')'));
            match inner.filter(|inner| is_name(inner)) {
                Some(inner) => {
                    changed = true;
                    format!("{{{inner}}}")
                }
                None => segment.to_owned(),
            }
        })
        .collect();
    changed.then(|| segments.join("/"))
}

/// Cuts a path at its query string or at the first space outside braces, parentheses and
/// quotes, and gives the words cut off (other than an `HTTP/1.1` version). A `{`, `(` or
/// `'` left open would swallow the rest of the line into one segment, so it is an error.
fn cut_route(path: &str) -> Result<(String, Option<String>), String> {
    let mut depth = 0i32;
    let mut quoted = false;
    let mut end = path.len();
    let mut rest = None;
    for (i, c) in path.char_indices() {
        match c {
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth -= 1,
            '\'' => quoted = !quoted,
            '?' if depth <= 0 && !quoted => {
                end = i;
                break;
            }
            c if c.is_whitespace() && depth <= 0 && !quoted => {
                end = i;
                let words = path[i..].trim();
                let version = words
                    .get(..5)
                    .is_some_and(|start| start.eq_ignore_ascii_case("http/"));
                rest = (!words.is_empty() && !version).then(|| words.to_owned());
                break;
            }
            _ => {}
        }
    }
    // `/users/{id} | userPrincipalName/chats`: what follows the space goes on with the path.
    if let Some(words) = rest.as_deref().filter(|words| words.contains('/')) {
        return Err(format!(
            "a space splits this route (`{words}` follows it) and it cannot be read"
        ));
    }
    if end == path.len() && (depth != 0 || quoted) {
        let open = if quoted { "`'`" } else { "bracket" };
        return Err(format!(
            "this route has an unclosed {open} and cannot be read"
        ));
    }
    Ok((path[..end].to_owned(), rest))
}

/// Gives every `{...}` placeholder a clean, unique name: `{id | userPrincipalName}` becomes
/// `{id}`, and a repeated `{id}` is named after the segment before it.
fn name_parameters(path: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut names: Vec<String> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let inner = &rest[open + 1..close];
        let first = inner.split('|').next().unwrap_or_default().trim();
        let mut name: String = first
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        name = name.trim_matches('-').to_owned();
        if name.is_empty() {
            name = "id".to_owned();
        }
        if names.contains(&name) {
            let segment = out
                .trim_end_matches(['/', '(', '=', '\''])
                .rsplit(['/', '('])
                .next();
            let base = segment
                .unwrap_or("item")
                .trim_matches(|c: char| !c.is_alphanumeric());
            name = format!("{base}-{name}");
            let mut n = 2;
            while names.contains(&name) {
                name = format!("{base}-{first}{n}");
                n += 1;
            }
        }
        out.push('{');
        out.push_str(&name);
        out.push('}');
        names.push(name);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    (out, names)
}

fn read_sections(page: &Page, op: &mut RawOperation, diags: &mut Diagnostics) {
    let mut body_rows = Vec::new();
    let mut body_link: Option<TypeCellRef> = None;
    let mut no_body = false;
    for block in &page.blocks {
        let section = page.section_of(block);
        match &block.kind {
            BlockKind::Table(table)
                if section.contains("permission") || section == "prerequisites" =>
            {
                read_permissions(page, table, &mut op.permissions, diags);
            }
            BlockKind::Table(table) if section.contains("request header") => {
                op.headers.extend(read_parameters(table));
            }
            BlockKind::Table(table) if section.contains("request body") => {
                body_rows.extend(read_parameters(table));
            }
            BlockKind::Table(table) if section.contains("parameters") => {
                let argument = section.contains("function") || section.contains("path");
                let rows = read_parameters(table).into_iter();
                op.query_parameters
                    .extend(rows.map(|row| RawParameter { argument, ..row }));
            }
            BlockKind::Text(text) if section.contains("request body") => {
                let lower = text.text.to_lowercase();
                no_body |= lower.contains("do not supply") || lower.contains("don't supply");
                if body_link.is_none() {
                    body_link = resource_link(text);
                }
            }
            BlockKind::Text(text) if section == "response" && op.response.status.is_none() => {
                read_response(text, &mut op.response);
            }
            _ => {}
        }
    }
    let is_action = matches!(op.kind, OperationKind::Action | OperationKind::Function);
    op.body = match (body_link, body_rows.is_empty()) {
        _ if no_body && body_rows.is_empty() => None,
        (_, false) if is_action => Some(RawBody::Parameters(body_rows)),
        (Some(link), _) => Some(RawBody::Type(link)),
        (None, false) => Some(RawBody::Parameters(body_rows)),
        (None, true) => None,
    };
}

/// The first link in the text to a type page, with `collection` if the text says so.
fn resource_link(text: &Inline) -> Option<TypeCellRef> {
    // From an API page, type pages are in `../resources/`; a bare `x.md` is another
    // API page.
    let link = text.links.iter().find(|l| {
        let dest = l.dest.to_lowercase().replace('\\', "/");
        dest.contains(".md") && dest.contains("resources/")
    })?;
    let (stem, anchor) = split_link(&link.dest);
    // ASCII case folding keeps byte offsets, so `lower`'s offsets index the link text too.
    let lower = text.text.to_ascii_lowercase();
    let after = lower
        .find(&link.text.to_ascii_lowercase())
        .map(|i| &lower[i + link.text.len()..]);
    let collection = after.is_some_and(|a| a.trim_start().starts_with("collection"))
        || lower.contains("collection of");
    let cell = TypeCell::Link {
        stem,
        anchor,
        text: clean_name(&link.text),
    };
    Some(TypeCellRef { cell, collection })
}

fn read_response(text: &Inline, response: &mut RawResponse) {
    let words: Vec<&str> = text.text.split_whitespace().collect();
    let status = words.iter().find_map(|w| {
        let digits = w.trim_matches(|c: char| !c.is_ascii_digit());
        digits
            .parse::<u16>()
            .ok()
            .filter(|code| (100..600).contains(code) && digits.len() == 3)
    });
    if let Some(status) = status {
        response.status = Some(status);
        let lower = text.text.to_lowercase();
        let no_content = lower.contains("does not return anything") || status == 204;
        if !no_content {
            response.ty = resource_link(text);
        }
    }
}

fn read_parameters(table: &Table) -> Vec<RawParameter> {
    let headers: Vec<String> = table.header.iter().map(normalize_header).collect();
    let type_col = column(&headers, |h| h == "type" || h.ends_with(" type")).filter(|&c| c > 0);
    let desc_col =
        column(&headers, |h| h.contains("description") || h == "value").filter(|&c| c > 0);
    let req_col = column(&headers, |h| h.starts_with("required"));
    let mut parameters = Vec::new();
    for row in &table.rows {
        let Some(first) = row.cells.first() else {
            continue;
        };
        let name = clean_name(first.text.split(':').next().unwrap_or_default());
        let name = name.trim_matches('_').to_owned();
        if name.is_empty() || name.contains(' ') {
            continue;
        }
        let description = desc_col
            .and_then(|c| row.cells.get(c))
            .map(|c| c.text.clone());
        let description = description.filter(|d| !d.is_empty());
        let required_cell = req_col
            .and_then(|c| row.cells.get(c))
            .map(|c| c.text.to_lowercase());
        let required = required_cell.is_some_and(|t| t.starts_with("yes") || t == "true")
            || description
                .as_deref()
                .is_some_and(|d| d.to_lowercase().starts_with("required"));
        let ty = type_col.and_then(|c| row.cells.get(c)).map(parse_type_cell);
        parameters.push(RawParameter {
            name,
            ty,
            required,
            description,
            argument: false,
        });
    }
    parameters
}

fn read_permissions(
    page: &Page,
    table: &Table,
    out: &mut Vec<Permission>,
    diags: &mut Diagnostics,
) {
    // Tables say which way they are ordered; the model keeps the least privileged first.
    let most_privileged_first = table
        .header
        .iter()
        .any(|h| h.text.to_lowercase().contains("most to least"));
    // Some pages (Intune's) group rows: `Delegated (work or school account)` with no scopes,
    // then indented rows per workload; each of those is named with its group.
    let mut group: Option<String> = None;
    for row in &table.rows {
        let mut kind = row
            .cells
            .first()
            .map(|c| c.text.trim().trim_matches('*').trim().to_owned())
            .unwrap_or_default();
        let value = row.cells.get(1).map(|c| c.text.clone()).unwrap_or_default();
        let lower_kind = kind.to_lowercase();
        if lower_kind.starts_with("delegated") || lower_kind.starts_with("application") {
            group = None;
            if value.trim().is_empty() {
                group = Some(kind);
                continue;
            }
        } else if let Some(group) = &group {
            kind = format!("{group}, {kind}");
        }
        if value.contains("TODO") {
            let span = SourceSpan::new(&page.path, row.line);
            let placeholder = value.trim().trim_matches('*').trim();
            let message =
                format!("the {kind} permissions are a placeholder, `{placeholder}`, not scopes");
            diags.push(DiagKind::PlaceholderPermission, span, message);
            out.push(Permission {
                kind,
                scopes: Vec::new(),
            });
            continue;
        }
        let lower = value.to_lowercase();
        let unsupported = lower.starts_with("not supported") || lower.starts_with("none");
        let mut scopes: Vec<String> = if unsupported {
            Vec::new()
        } else {
            value
                .split([',', ' '])
                .map(|s| s.trim().trim_matches(['`', '*', '.']))
                .filter(|s| s.contains('.') && !s.contains(' '))
                .map(str::to_owned)
                .collect()
        };
        if most_privileged_first {
            scopes.reverse();
        }
        if !kind.is_empty() {
            out.push(Permission { kind, scopes });
        }
    }
}

fn extract_examples(page: &Page, diags: &mut Diagnostics) -> Vec<Example> {
    let mut examples = Vec::new();
    // The last request line seen, in any code block: a response answers it.
    let mut asked: Option<String> = None;
    for block in &page.blocks {
        let BlockKind::Code(code) = &block.kind else {
            continue;
        };
        if let Some(url) = request_url(&code.text) {
            asked = Some(url);
        }
        let Some(annotation) = &code.annotation else {
            continue;
        };
        let kind = match annotation.block_type().as_str() {
            "request" => ExampleKind::Request,
            "response" => ExampleKind::Response,
            _ => continue,
        };
        let mut example = read_example(page, block, code, annotation, kind, diags);
        if kind == ExampleKind::Response {
            example.asked_url = asked.clone();
        }
        examples.push(example);
    }
    examples
}

/// The URL of a block that starts with a request line (`GET https://...`).
fn request_url(text: &str) -> Option<String> {
    let first = text.trim_start().lines().next()?.trim();
    let (method, url) = first.split_once(char::is_whitespace)?;
    HttpMethod::parse(method)?;
    Some(url.trim().to_owned())
}

fn read_example(
    page: &Page,
    block: &Block,
    code: &CodeBlock,
    annotation: &Annotation,
    kind: ExampleKind,
    diags: &mut Diagnostics,
) -> Example {
    let raw_type = annotation
        .str("@odata.type")
        .or_else(|| annotation.str("@type"));
    let (odata_type, typed_collection) = match raw_type {
        Some(t) if t.to_ascii_lowercase().starts_with("collection(") => {
            (Some(t[11..].trim_end_matches(')').to_owned()), true)
        }
        Some(t) => (Some(t.to_owned()), false),
        None => (None, false),
    };
    let name = match annotation.value.get("name") {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Array(items)) => {
            items.first().and_then(|v| v.as_str()).map(str::to_owned)
        }
        _ => None,
    };
    let mut example = Example {
        kind,
        name,
        odata_type,
        is_collection: typed_collection || annotation.flag("isCollection"),
        truncated: annotation.flag("truncated"),
        method: None,
        url: None,
        asked_url: None,
        status: None,
        headers: Vec::new(),
        body: None,
        span: SourceSpan::new(&page.path, code.content_line),
    };
    let _ = block;
    split_http_message(&code.text, &mut example);
    if let Some(body) = &example.body {
        let looks_json = body.starts_with('{') || body.starts_with('[');
        if let (true, Err(err)) = (looks_json, serde_json::from_str::<serde_json::Value>(body)) {
            let line = code.content_line + body_offset(&code.text) + err.line() as u32 - 1;
            let span = SourceSpan {
                file: page.path.clone(),
                line,
                // serde_json says column 0 for an error at a line's end (EOF); columns
                // count from 1.
                column: (err.column() as u32).max(1),
            };
            let what = if kind == ExampleKind::Request {
                "request"
            } else {
                "response"
            };
            let message = format!("the {what} example's JSON body is not valid JSON: {err}");
            diags.push(DiagKind::InvalidExampleJson, span, message);
        }
    }
    example
}

/// The line offset of the body within a code block.
fn body_offset(text: &str) -> u32 {
    let first = text.lines().next().unwrap_or_default().trim();
    if first.starts_with('{') || first.starts_with('[') {
        return 0;
    }
    let blank = text.lines().position(|l| l.trim().is_empty()).unwrap_or(0);
    let after = text
        .lines()
        .skip(blank)
        .position(|l| !l.trim().is_empty())
        .unwrap_or(0);
    (blank + after) as u32
}

/// Splits an example block into its start line, headers and body.
fn split_http_message(text: &str, example: &mut Example) {
    let trimmed = text.trim_start();
    let first = trimmed.lines().next().unwrap_or_default().trim();
    let starts_with_method = first
        .split_whitespace()
        .next()
        .and_then(HttpMethod::parse)
        .filter(|_| example.kind == ExampleKind::Request);
    // `HTTP/1.1 201 Created`, and now and then `HTTP 201 Created`.
    let first_word = first
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_uppercase();
    let is_status_line = first_word == "HTTP" || first_word.starts_with("HTTP/");
    if starts_with_method.is_none() && !is_status_line {
        let body = trimmed.trim();
        example.body = (!body.is_empty()).then(|| body.to_owned());
        return;
    }
    if let Some(method) = starts_with_method {
        example.method = Some(method);
        example.url = first
            .split_once(char::is_whitespace)
            .map(|(_, u)| u.trim().to_owned());
    } else {
        let code = first.split_whitespace().nth(1).unwrap_or_default();
        example.status = code.get(..3).and_then(|c| c.parse().ok());
    }
    let mut lines = trimmed.lines().skip(1);
    for line in lines.by_ref() {
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            example
                .headers
                .push((name.trim().to_owned(), value.trim().to_owned()));
        } else if line.starts_with('{') || line.starts_with('[') {
            // A body with no blank line before it.
            let rest: Vec<&str> = std::iter::once(line).chain(lines.by_ref()).collect();
            example.body = Some(rest.join("\n").trim().to_owned());
            return;
        }
    }
    let body = lines.collect::<Vec<_>>().join("\n");
    let body = body.trim();
    example.body = (!body.is_empty()).then(|| body.to_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(line: &str) -> (String, Vec<String>) {
        let ((_, path, params), _) = parse_route_line(line).unwrap().unwrap();
        (path, params)
    }

    #[test]
    fn routes_are_repaired_and_named() {
        assert_eq!(
            route("GET /users/{id | userPrincipalName}").0,
            "/users/{id}"
        );
        let (path, params) = route("DELETE /administrativeUnits/{id}/members/{id}/$ref");
        assert_eq!(path, "/administrativeUnits/{id}/members/{members-id}/$ref");
        assert_eq!(params, vec!["id", "members-id"]);
        assert_eq!(route("GET users?$filter=a eq 'b'").0, "/users");
        assert_eq!(
            route("GET https://graph.microsoft.com/beta/me/events").0,
            "/me/events"
        );
        assert_eq!(
            route("PATCH /teams/(team-id)/channels/{channel-id}").0,
            "/teams/{team-id}/channels/{channel-id}"
        );
        let (path, _) = route("GET /reports/getX(period='{period_value}')");
        assert_eq!(path, "/reports/getX(period='{period_value}')");
        assert!(parse_route_line("Content-Type: application/json")
            .unwrap()
            .is_none());
        assert!(parse_route_line("GET /me/.../x").is_err());
    }

    #[test]
    fn words_after_a_route_are_noted_and_open_brackets_refused() {
        let repairs = |line: &str| parse_route_line(line).unwrap().unwrap().1;
        assert_eq!(route("GET /widgets/{id} HTTP/1.1").0, "/widgets/{id}");
        // Words that begin with a character of several bytes are cut off as well.
        assert_eq!(route("GET /widgets/{id} ééé").0, "/widgets/{id}");
        assert!(repairs("GET /widgets/{id} HTTP/1.1").is_empty());
        assert_eq!(
            route("GET /widgets/{id} Entity URI not found").0,
            "/widgets/{id}"
        );
        assert_eq!(
            repairs("GET /widgets/{id} Entity URI not found"),
            ["`Entity URI not found` after this route is not part of it; it was ignored"]
        );
        let error = |line: &str| parse_route_line(line).unwrap_err();
        assert!(error("GET /users/{id} | upn/chats/{chat-id}").contains("a space splits"));
        assert!(error("GET /widgets/{widgetId/unbalanced/stuff").contains("unclosed bracket"));
        assert!(error("GET /items/range(address='<a>'/entireRow").contains("unclosed"));
        assert!(error("GET /widgets/it's/{x}").contains("unclosed `'`"));
        // Brackets inside a quoted argument do not count.
        assert_eq!(route("GET /f(x='{x}')/y").0, "/f(x='{x}')/y");
    }

    #[test]
    fn glued_system_segments_and_empty_segments_are_repaired_and_reported() {
        let parsed = |line: &str| parse_route_line(line).unwrap().unwrap();
        let ((_, path, _), repairs) = parsed("POST /apps/{id}/policies/{policy-id}$ref");
        assert_eq!(path, "/apps/{id}/policies/{policy-id}/$ref");
        assert_eq!(repairs.len(), 1, "{repairs:?}");
        let ((_, path, _), repairs) = parsed("GET /me/photo$value");
        assert_eq!(path, "/me/photo/$value");
        assert_eq!(repairs.len(), 1);
        let ((_, path, _), repairs) = parsed("GET /users//messages/$count");
        assert_eq!(path, "/users/messages/$count");
        assert!(repairs[0].contains("empty segment"), "{repairs:?}");
        // A name that only starts like a system segment is left alone.
        let ((_, path, _), repairs) = parsed("GET /items/{id}/x$values");
        assert_eq!(path, "/items/{id}/x$values");
        assert!(repairs.is_empty());
    }

    #[test]
    fn http_messages_split_into_parts() {
        let mut example = Example {
            kind: ExampleKind::Response,
            name: None,
            odata_type: None,
            is_collection: false,
            truncated: false,
            method: None,
            url: None,
            asked_url: None,
            status: None,
            headers: Vec::new(),
            body: None,
            span: SourceSpan::default(),
        };
        split_http_message("HTTP/1.1 204 No Content\n", &mut example);
        assert_eq!((example.status, example.body.as_deref()), (Some(204), None));
        split_http_message(
            "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"a\": 1}\n",
            &mut example,
        );
        assert_eq!(example.headers[0].0, "Content-type");
        assert_eq!(example.body.as_deref(), Some("{\"a\": 1}"));
        example.headers.clear();
        split_http_message("HTTP 201 Created\n\n{\"b\": 2}", &mut example);
        assert_eq!(
            (example.status, example.body.as_deref()),
            (Some(201), Some("{\"b\": 2}"))
        );
    }

    #[test]
    fn request_lines_are_found_in_any_block() {
        let url = request_url("\nGET https://graph.microsoft.com/v1.0/users/$count\nA: b\n");
        assert_eq!(
            url.as_deref(),
            Some("https://graph.microsoft.com/v1.0/users/$count")
        );
        assert_eq!(request_url("HTTP/1.1 200 OK\n"), None);
        assert_eq!(request_url("{\"a\": 1}"), None);
    }

    #[test]
    fn grouped_permission_rows_are_named_with_their_group() {
        let text = "# Create user\n\n## Permissions\n\n\
            |Permission type|Permissions (from most to least privileged)|\n|:---|:---|\n\
            |Delegated (work or school account)||\n\
            | &nbsp; &nbsp; **Device management** | A.ReadWrite.All, A.Read.All|\n\
            |Delegated (personal Microsoft account)|Not supported.|\n\
            |Application||\n\
            | &nbsp; &nbsp; **MAM** | B.ReadWrite.All|\n\n\
            ## HTTP request\n\n```http\nPOST /users\n```\n";
        let mut diags = Diagnostics::default();
        let file = crate::read::PageFile {
            rel_path: "beta/api/user-create.md".into(),
            abs_path: "user-create.md".into(),
            folder: crate::read::PageFolder::Api,
        };
        let page = crate::read::parse_page(&file, text, &mut diags);
        let facts = crate::extract::extract_page(&page, &mut diags);
        let operation = facts.operation.expect("an operation page");
        let permissions: Vec<(String, Vec<String>)> = operation
            .permissions
            .iter()
            .map(|p| (p.kind.clone(), p.scopes.clone()))
            .collect();
        let scopes = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            permissions,
            vec![
                (
                    "Delegated (work or school account), Device management".to_owned(),
                    scopes(&["A.Read.All", "A.ReadWrite.All"])
                ),
                (
                    "Delegated (personal Microsoft account)".to_owned(),
                    Vec::new()
                ),
                ("Application, MAM".to_owned(), scopes(&["B.ReadWrite.All"])),
            ]
        );
    }
}
