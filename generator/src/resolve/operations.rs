//! Operations: resolves the body, response and parameter types of each operation page.

use super::index::{CellContext, TypeIndex};
use crate::diag::{Diagnostics, SourceSpan};
use crate::extract::{PageFacts, RawBody, RawParameter};
use crate::model::{
    ExampleKind, Operation, OperationKind, Parameter, Primitive, RequestBody, Response, TypeRef,
};

/// Builds every operation of the version, in page order. What passes unchanged from a
/// page to its operation (title, routes, examples...) is moved out of the page's facts.
pub(crate) fn resolve_operations(
    facts: &mut [PageFacts],
    index: &mut TypeIndex,
    diags: &mut Diagnostics,
) -> Vec<Operation> {
    let mut operations = Vec::new();
    for page in facts.iter_mut() {
        let Some(raw) = &page.operation else { continue };
        if raw.routes.is_empty() {
            continue;
        }
        let ns = page.namespace.as_str();
        let span = &raw.span;
        let body = raw.body.as_ref().map(|body| match body {
            RawBody::Type(cell) => {
                let ctx = CellContext {
                    namespace: ns,
                    span,
                    owner: None,
                    inline_values: &[],
                };
                let (ty, _) = index.resolve_cell(cell, &ctx, diags);
                RequestBody::Type {
                    ty,
                    collection: cell.collection,
                }
            }
            RawBody::Parameters(rows) => RequestBody::Parameters {
                parameters: resolve_parameters(rows, ns, span, index, diags),
            },
        });
        let response = resolve_response(page, index, diags);
        let body = match body {
            Some(RequestBody::Parameters { .. }) | None if writes_entity(raw.kind) => {
                entity_body(&raw.title, &response, ns, index).or(body)
            }
            other => other,
        };
        let query_parameters = resolve_parameters(&raw.query_parameters, ns, span, index, diags);
        let headers = resolve_parameters(&raw.headers, ns, span, index, diags);
        let Some(raw) = page.operation.as_mut() else {
            continue;
        };
        operations.push(Operation {
            id: std::mem::take(&mut page.stem),
            title: std::mem::take(&mut raw.title),
            description: raw.description.take(),
            kind: raw.kind,
            routes: std::mem::take(&mut raw.routes),
            query_parameters,
            headers,
            body,
            response,
            permissions: std::mem::take(&mut raw.permissions),
            examples: std::mem::take(&mut raw.examples),
            span: raw.span.clone(),
        });
    }
    operations
}

fn writes_entity(kind: OperationKind) -> bool {
    matches!(kind, OperationKind::Create | OperationKind::Update)
}

/// Create and update pages often list the properties without linking the type; the body is
/// then the type the title names (`Update user`), or else the type the response returns.
fn entity_body(
    title: &str,
    response: &Response,
    namespace: &str,
    index: &TypeIndex,
) -> Option<RequestBody> {
    let named = title
        .split_whitespace()
        .last()
        .and_then(|word| index.lookup(word, namespace));
    let ty = match named {
        Some(ty @ TypeRef::Struct(_)) => ty,
        _ => match &response.ty {
            Some(ty @ TypeRef::Struct(_)) if !response.collection => ty.clone(),
            _ => return None,
        },
    };
    Some(RequestBody::Type {
        ty,
        collection: false,
    })
}

fn resolve_parameters(
    rows: &[RawParameter],
    namespace: &str,
    span: &SourceSpan,
    index: &mut TypeIndex,
    diags: &mut Diagnostics,
) -> Vec<Parameter> {
    rows.iter()
        .map(|row| {
            let (ty, collection) = match &row.ty {
                Some(cell) => {
                    let ctx = CellContext {
                        namespace,
                        span,
                        owner: None,
                        inline_values: &[],
                    };
                    let mut quiet = Diagnostics::default();
                    // Parameter tables are loose (header rows, prose); an unresolved
                    // parameter type is not worth a finding of its own.
                    let (ty, _) = index.resolve_cell(cell, &ctx, &mut quiet);
                    (ty, cell.collection)
                }
                None => (TypeRef::Primitive(Primitive::String), false),
            };
            let _ = &diags;
            Parameter {
                name: row.name.clone(),
                ty,
                collection,
                required: row.required,
                description: row.description.clone(),
                argument: row.argument,
            }
        })
        .collect()
}

/// The response type: the prose's link first, then the response example's annotation.
fn resolve_response(page: &PageFacts, index: &mut TypeIndex, diags: &mut Diagnostics) -> Response {
    let Some(raw) = &page.operation else {
        return Response::default();
    };
    let ns = page.namespace.as_str();
    let mut response = Response {
        status: raw.response.status,
        ty: None,
        collection: false,
    };
    if let Some(cell) = &raw.response.ty {
        let ctx = CellContext {
            namespace: ns,
            span: &raw.span,
            owner: None,
            inline_values: &[],
        };
        let mut quiet = Diagnostics::default();
        let (ty, fell_back) = index.resolve_cell(cell, &ctx, &mut quiet);
        if !fell_back {
            response.ty = Some(ty);
            response.collection = cell.collection || raw.kind == OperationKind::List;
        }
    }
    let annotated = raw
        .examples
        .iter()
        .find(|e| e.kind == ExampleKind::Response && e.odata_type.is_some());
    if let Some(example) = annotated {
        let text = example.odata_type.as_deref().unwrap_or_default();
        if let Some(ty) = index.lookup(text, ns) {
            if response.ty.is_none() || response.ty.as_ref() != Some(&ty) && example.is_collection {
                response.ty = Some(ty);
                response.collection = example.is_collection;
            }
        }
    }
    if response.status.is_none() {
        response.status = raw.examples.iter().find_map(|e| e.status);
    }
    // `$count` answers a number and `$value` the raw content, whatever type the prose names.
    let last_segment = raw.routes.first().and_then(|r| r.path.rsplit('/').next());
    match last_segment {
        Some("$count") => {
            response.ty = Some(TypeRef::Primitive(Primitive::Int64));
            response.collection = false;
        }
        Some("$value") if raw.routes[0].method == crate::model::HttpMethod::Get => {
            response.ty = Some(TypeRef::Primitive(Primitive::Stream));
            response.collection = false;
        }
        _ => {}
    }
    let _ = diags;
    response
}
