//! The request headers, query parameters and function arguments an operation's page
//! documents beyond OData's own: each becomes a typed setter, documented from its table
//! row. Setters live in one extension trait per operation in the version's
//! `requests::parameters` module, implemented for the operation's requests only (marked by
//! a type of the same module), so `.consistency_level(...)` is there where the page lists
//! `ConsistencyLevel` and nowhere else.

use std::collections::BTreeSet;

use super::docs::{rustdoc_safe, wrap_prose, DOC_WIDTH};
use super::names::{field_name, ident, type_name, UniqueNames};
use super::routes::{parse_route, Piece, Step};
use super::text::{string_literal, RustText};
use crate::model::{ApiVersion, Operation, Primitive, TypeRef};

/// Headers every request gets from the client; the docs' tables list them anyway.
pub const CLIENT_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "content-length",
    "accept",
    "accept-encoding",
    "host",
    "user-agent",
];

/// Methods `Request` has of its own; a setter of the same name would never be called.
const REQUEST_METHODS: &[&str] = &[
    "argument",
    "bytes",
    "count",
    "expand",
    "filter",
    "header",
    "if_match",
    "if_none_match",
    "items",
    "json",
    "method",
    "orderby",
    "prefer",
    "query",
    "search",
    "select",
    "send",
    "send_response",
    "skip",
    "top",
    "url",
    "with_parameters",
];

/// Where a value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A function argument inside the parentheses after the last segment.
    Argument,
}

/// The Rust type a setter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// `bool`.
    Bool,
    /// `i32`.
    Int,
    /// `i64`.
    Long,
    /// `f64`.
    Float,
    /// Text; an argument is written as a quoted OData string.
    Text,
    /// Any other value, written with `Display` (dates, GUIDs, enums).
    Display,
}

/// One documented header or parameter.
#[derive(Clone, Debug)]
pub struct PageParameter {
    /// The name as the page spells it, sent as is.
    pub wire: String,
    /// The setter's name.
    pub method: String,
    /// Where the value goes.
    pub place: Place,
    /// What the setter takes.
    pub kind: ValueKind,
    /// The table's description.
    pub description: Option<String>,
}

/// The setters of one operation, and the names of its marker type and trait.
#[derive(Clone, Debug)]
pub struct OperationParameters {
    /// The marker type of the operation's requests.
    pub marker: String,
    /// The extension trait with the setters.
    pub trait_name: String,
    /// The setters, in table order (headers first).
    pub parameters: Vec<PageParameter>,
}

/// The setters of every operation of a version, by operation index; `None` for an
/// operation whose page documents nothing beyond OData's own options.
pub fn plan_parameters(version: &ApiVersion) -> Vec<Option<OperationParameters>> {
    let mut scope = UniqueNames::default();
    version
        .operations
        .iter()
        .map(|op| {
            let parameters = page_parameters(op);
            if parameters.is_empty() {
                return None;
            }
            let base = type_name(&op.id).unwrap_or_else(|| "Operation".to_owned());
            let marker = scope.claim(&base);
            let trait_name = scope.claim(&format!("{marker}Parameters"));
            Some(OperationParameters {
                marker,
                trait_name,
                parameters,
            })
        })
        .collect()
}

/// The documented headers, then query parameters and function arguments, of `op`.
fn page_parameters(op: &Operation) -> Vec<PageParameter> {
    let mut names = UniqueNames::default();
    for method in REQUEST_METHODS {
        names.reserve(method);
    }
    let mut wires = BTreeSet::new();
    let mut out = Vec::new();
    let route_params = route_parameters(op);
    for header in &op.headers {
        let wire = header.name.trim();
        let valid = !wire.is_empty()
            && wire
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        if !valid || CLIENT_HEADERS.contains(&wire.to_lowercase().as_str()) {
            continue;
        }
        push(
            &mut out,
            &mut names,
            &mut wires,
            wire,
            Place::Header,
            ValueKind::Text,
            header,
        );
    }
    for parameter in &op.query_parameters {
        let wire = parameter.name.trim();
        let valid = !wire.is_empty()
            && !wire.starts_with('$')
            && wire.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid || route_params.contains(&squash(wire)) {
            continue;
        }
        let place = if parameter.argument {
            Place::Argument
        } else {
            Place::Query
        };
        let kind = match (&parameter.ty, parameter.collection) {
            (_, true) => ValueKind::Display,
            (TypeRef::Primitive(Primitive::Boolean), _) => ValueKind::Bool,
            (TypeRef::Primitive(Primitive::Byte | Primitive::SByte), _)
            | (TypeRef::Primitive(Primitive::Int16 | Primitive::Int32), _) => ValueKind::Int,
            (TypeRef::Primitive(Primitive::Int64), _) => ValueKind::Long,
            (TypeRef::Primitive(Primitive::Single | Primitive::Double), _) => ValueKind::Float,
            (TypeRef::Primitive(Primitive::String) | TypeRef::Enum(_), _) => ValueKind::Text,
            _ => ValueKind::Display,
        };
        push(
            &mut out, &mut names, &mut wires, wire, place, kind, parameter,
        );
    }
    out
}

fn push(
    out: &mut Vec<PageParameter>,
    names: &mut UniqueNames,
    wires: &mut BTreeSet<String>,
    wire: &str,
    place: Place,
    kind: ValueKind,
    row: &crate::model::Parameter,
) {
    // A table that lists a name twice gives one setter.
    if !wires.insert(wire.to_lowercase()) {
        return;
    }
    let Some(method) = field_name(wire) else {
        return;
    };
    if REQUEST_METHODS.contains(&method.as_str()) {
        return;
    }
    out.push(PageParameter {
        wire: wire.to_owned(),
        method: names.claim(&method),
        place,
        kind,
        description: row.description.clone(),
    });
}

/// Lower-case letters and digits only: `user-id`, `userId` and `UserID` are one name.
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The names of the values the routes already take, squashed: placeholders and the
/// argument names of functions (`getX(period='{p}')` takes `period`).
fn route_parameters(op: &Operation) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for route in &op.routes {
        for step in parse_route(&route.path) {
            for (param, _) in step.params() {
                names.insert(squash(param));
            }
            if let Step::Template { pieces, .. } = &step {
                for piece in pieces {
                    if let Piece::Literal(text) = piece {
                        for part in text.split(['(', ',']) {
                            if let Some((key, _)) = part.split_once('=') {
                                names.insert(squash(key));
                            }
                        }
                    }
                }
            }
        }
    }
    names
}

/// The version's `requests::parameters` module: a marker type and a trait per operation.
pub fn emit_parameters(
    version: &ApiVersion,
    plans: &[Option<OperationParameters>],
    runtime: &str,
) -> Vec<String> {
    let runtime = ident(runtime).to_string();
    let mut items = Vec::new();
    for (op, plan) in version.operations.iter().zip(plans) {
        let Some(plan) = plan else {
            continue;
        };
        let marker = ident(&plan.marker).to_string();
        let trait_name = ident(&plan.trait_name).to_string();
        let title = rustdoc_safe(op.title.trim());
        let marker_doc = format!(
            " Marks the requests of `{title}` ({}), whose setters are in [`{}`].",
            op.span.file, plan.trait_name
        );
        let trait_doc = format!(
            " The headers and parameters the page of `{title}` documents; `use` this trait \
             (or `parameters::*`) to set them."
        );
        let mut out = RustText::default();
        out.docs(&wrap_prose(marker_doc.trim_start(), DOC_WIDTH));
        out.line("#[derive(Clone, Copy, Debug)]");
        out.parts(&["pub enum ", &marker, " {}"]);
        out.docs(&wrap_prose(trait_doc.trim_start(), DOC_WIDTH));
        out.open(&format!("pub trait {trait_name}: Sized"));
        for parameter in &plan.parameters {
            out.docs(&setter_doc(parameter));
            // Setters are named after the page's parameter (`isEnabled`, `fromDateTime`) and
            // take the request by value, which clippy expects only of `into_` methods.
            let by_value_prefixes = ["is_", "from_", "to_", "as_"];
            if by_value_prefixes
                .iter()
                .any(|prefix| parameter.method.starts_with(prefix))
            {
                out.line("#[allow(clippy::wrong_self_convention)]");
            }
            let (head, params) = setter_signature(parameter);
            out.declaration(&head, &params, "Self");
        }
        out.close("}");
        let request = format!("{runtime}::http::Request<T, {marker}>");
        out.open_impl(&format!("impl<T> {trait_name}"), &request);
        for parameter in &plan.parameters {
            let (head, params) = setter_signature(parameter);
            out.function(&head, &params, "Self");
            out.call(&setter_body(parameter), "");
            out.close("}");
        }
        out.close("}");
        items.push(out.finish());
    }
    items
}

/// The setter's `fn name` and parameters.
fn setter_signature(parameter: &PageParameter) -> (String, [String; 2]) {
    let method = ident(&parameter.method);
    let value_type = match parameter.kind {
        ValueKind::Bool => "bool",
        ValueKind::Int => "i32",
        ValueKind::Long => "i64",
        ValueKind::Float => "f64",
        ValueKind::Text | ValueKind::Display => "impl std::fmt::Display",
    };
    let params = ["self".to_owned(), format!("value: {value_type}")];
    (format!("fn {method}"), params)
}

/// The setter's body: the request with the value set.
fn setter_body(parameter: &PageParameter) -> String {
    let wire = string_literal(&parameter.wire);
    match parameter.place {
        Place::Header => format!("self.header({wire}, value.to_string())"),
        Place::Query => format!("self.query({wire}, value.to_string())"),
        // Text arguments are OData strings: quoted, with inner quotes doubled.
        Place::Argument if parameter.kind == ValueKind::Text => format!(
            "self.argument({wire}, format!(\"'{{}}'\", value.to_string().replace('\\'', \"''\")))"
        ),
        Place::Argument => format!("self.argument({wire}, value.to_string())"),
    }
}

/// The setter's rustdoc lines: what it sets, then the table's description.
fn setter_doc(parameter: &PageParameter) -> Vec<String> {
    let what = match parameter.place {
        Place::Header => format!(" The `{}` request header.", parameter.wire),
        Place::Query => format!(" The `{}` query parameter.", parameter.wire),
        Place::Argument => format!(" The `{}` function argument.", parameter.wire),
    };
    let mut lines = vec![what];
    if let Some(description) = &parameter.description {
        lines.push(String::new());
        lines.extend(wrap_prose(&rustdoc_safe(description), DOC_WIDTH));
    }
    lines
}
