//! The method that ends a request chain: its name, its body argument, the type its answer
//! decodes into, and its documentation (description, permissions, routes, source page).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::rustdoc_safe;
use super::models::{rust_type, FieldSite};
use super::names::{field_name, ident, type_name, UniqueNames};
use super::objects::{object_impls, ObjectMember};
use super::parameters::{OperationParameters, Place};
use super::plan::Plan;
use super::routes::{parse_route, Step};
use super::text::{flat, gate, RustText};
use crate::model::{
    ApiVersion, ExampleKind, HttpMethod, Operation, OperationKind, Parameter, Primitive,
    QualifiedName, RequestBody, TypeRef,
};

/// What the answer of an operation decodes into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// No body: status and headers (`202`, `204`, answers the docs show empty).
    NoContent,
    /// Raw bytes (`$value`, `/content`, redirects to reports).
    Content,
    /// `$count`: a bare number.
    Count,
    /// Untyped JSON (primitive values, unresolved types).
    Json,
    /// One value of a type.
    Single(TypeRef),
    /// A page of a collection of a type.
    Page(TypeRef),
}

/// A path expression: `self.path` or `self.root()` and the calls that extend it
/// (`.clone()`, `.segment("x")`), each printed on one line.
#[derive(Clone, Debug)]
pub struct PathExpr {
    /// What the chain starts from.
    pub receiver: &'static str,
    /// The calls after it.
    pub calls: Vec<String>,
}

/// What the request body is.
#[derive(Clone, Debug)]
pub enum BodyArg {
    /// No body.
    None,
    /// Raw bytes with a media type.
    Bytes,
    /// JSON of a type: the argument type (borrowed) and the owned type.
    Json {
        /// The argument's type behind `&`.
        borrowed: TokenStream,
        /// The owned type a caller (or the dispatch) builds.
        owned: TokenStream,
        /// A list of values (`[T]` borrowed), rather than one object.
        list: bool,
    },
}

/// What operation methods are emitted against: the version, its type layout, where the
/// models are seen from, and the body structs made along the way.
pub struct OperationSite<'v> {
    version: &'v ApiVersion,
    plan: &'v Plan,
    runtime: String,
    /// The path to the `models` module from the emitted file.
    models: TokenStream,
    /// The path to the `requests` module from the emitted file.
    requests: TokenStream,
    /// Borrowed from the site that named them, when files are emitted apart; a site's
    /// own copy is made only when it names a body itself.
    body_names: Cow<'v, HashMap<usize, String>>,
    scope: Cow<'v, UniqueNames>,
    /// The typed setters of each operation's page headers and parameters.
    parameters: &'v [Option<OperationParameters>],
    shared_docs: Option<&'v SharedDocs>,
}

impl<'v> OperationSite<'v> {
    /// A site for a file that reaches the models through `models` and the `requests`
    /// module through `requests`; `parameters` is the version's [`plan_parameters`].
    ///
    /// [`plan_parameters`]: super::parameters::plan_parameters
    pub fn new(
        version: &'v ApiVersion,
        plan: &'v Plan,
        parameters: &'v [Option<OperationParameters>],
        runtime: &str,
        models: TokenStream,
        requests: TokenStream,
    ) -> Self {
        OperationSite {
            version,
            plan,
            runtime: runtime.to_owned(),
            models,
            requests,
            body_names: Cow::Owned(HashMap::new()),
            scope: Cow::Owned(UniqueNames::for_types()),
            parameters,
            shared_docs: None,
        }
    }

    /// The site, taking the route-independent part of operations' docs from `docs`.
    pub fn with_shared_docs(mut self, docs: &'v SharedDocs) -> Self {
        self.shared_docs = Some(docs);
        self
    }

    /// The typed setters of operation `op`, if its page documents any.
    pub fn parameters(&self, op: usize) -> Option<&OperationParameters> {
        self.parameters.get(op).and_then(Option::as_ref)
    }

    /// The version the operations belong to.
    pub fn version(&self) -> &'v ApiVersion {
        self.version
    }

    /// An empty scope of type names, as a new site starts with.
    pub fn type_scope() -> UniqueNames {
        UniqueNames::for_types()
    }

    /// The site with `scope` (a [`type_scope`](Self::type_scope) with names reserved)
    /// instead of an empty one.
    pub fn with_scope(mut self, scope: &'v UniqueNames) -> Self {
        self.scope = Cow::Borrowed(scope);
        self
    }

    /// Uses the body struct names another site handed out, so that a second file refers
    /// to the same structs.
    pub fn use_body_names(&mut self, names: &'v HashMap<usize, String>) {
        self.body_names = Cow::Borrowed(names);
    }

    /// The body struct names handed out, by operation.
    pub fn body_names(&self) -> &HashMap<usize, String> {
        &self.body_names
    }

    /// Names the body structs of `ops`, in this order, before any file is emitted, so that
    /// files emitted apart (and in parallel) agree on the names.
    pub fn name_bodies(&mut self, ops: impl IntoIterator<Item = usize>) {
        for op in ops {
            if let Some(RequestBody::Parameters { parameters }) = &self.version.operations[op].body
            {
                if !parameters.is_empty() {
                    self.body_name(op);
                }
            }
        }
    }

    /// The body structs of the operations named so far, with their operations, in
    /// operation order.
    pub fn body_structs(&self) -> Vec<(usize, String)> {
        let mut named: Vec<(&usize, &String)> = self.body_names.iter().collect();
        named.sort();
        named
            .into_iter()
            .filter_map(|(op, name)| match &self.version.operations[*op].body {
                Some(RequestBody::Parameters { parameters }) => {
                    // A body compiles with the areas of its operation's routes.
                    let features = self.plan.operation_features(&self.version.operations[*op]);
                    let cfg = self.plan.cfg_of(features.as_ref()).map(|attr| flat(&attr));
                    Some((*op, self.body_struct(*op, name, parameters, cfg.as_deref())))
                }
                _ => None,
            })
            .collect()
    }

    /// The plan of the version's types.
    pub fn plan(&self) -> &'v Plan {
        self.plan
    }

    /// The runtime crate's identifier.
    pub fn runtime(&self) -> Ident {
        ident(&self.runtime)
    }

    /// Writes the method returning operation `op`'s request for `routes` (indices into
    /// its routes): `args` are the step's own parameters and `path` the path expression.
    pub fn operation(
        &mut self,
        out: &mut RustText,
        op: usize,
        routes: &[usize],
        method: &str,
        args: &[String],
        path: &PathExpr,
    ) {
        let operation = &self.version.operations[op];
        let route = routes.first().copied().unwrap_or(0);
        let runtime = self.runtime();
        let mut answer = flat(&self.answer_type(op, route));
        let http = http_method(operation.routes[route].method);
        let doc = self.doc(op, routes);
        let mut mark = None;
        if let Some(parameters) = self.parameters(op) {
            let marker = ident(&parameters.marker);
            let requests = &self.requests;
            answer = format!(
                "{answer}, {}",
                flat(&quote!(#requests::parameters::#marker))
            );
            mark = Some(".with_parameters()".to_owned());
        }
        let body = self.body(op);
        let is_patch = operation.routes[route].method == HttpMethod::Patch;
        let takes_json = matches!(body, BodyArg::Json { .. });
        let (body_args, body_call) = match body {
            BodyArg::None => (Vec::new(), None),
            BodyArg::Bytes => (
                vec![
                    "content: impl Into<Vec<u8>>".to_owned(),
                    "content_type: &str".to_owned(),
                ],
                Some(".bytes(content, content_type)".to_owned()),
            ),
            // A PATCH of an object may also clear properties: it takes the value or a
            // `Patch` of it. (A list has no properties to clear.)
            BodyArg::Json {
                borrowed,
                list: false,
                ..
            } if is_patch => {
                let bound = flat(&quote!(#runtime::odata::PatchBody<#borrowed>));
                (
                    vec![format!("body: &impl {bound}")],
                    Some(".json(body)".to_owned()),
                )
            }
            BodyArg::Json { borrowed, .. } => (
                vec![format!("body: &{}", flat(&borrowed))],
                Some(".json(body)".to_owned()),
            ),
        };
        let ret = format!("{runtime}::http::Request<{answer}>");
        let request = format!(".request({runtime}::http::Method::{http})");
        let mut params = args.to_vec();
        params.extend(body_args);
        let mut calls = path.calls.clone();
        calls.push(request.clone());
        calls.extend(body_call);
        calls.extend(mark.clone());
        out.docs(&doc);
        out.signature(method, &params, &ret);
        out.chain("", path.receiver, &calls, "");
        out.close("}");
        // Pages that also send raw content (`PUT .../bannerLogo` with an image) get a
        // second method that takes bytes.
        if takes_json && shows_raw_body(operation) {
            let name = ident(&content_method(method)).to_string();
            let mut params = args.to_vec();
            params.push("content: impl Into<Vec<u8>>".to_owned());
            params.push("content_type: &str".to_owned());
            let mut calls = path.calls.clone();
            calls.push(request);
            calls.push(".bytes(content, content_type)".to_owned());
            calls.extend(mark);
            out.line(
                "/// Sends raw content (e.g. an image) instead of JSON; see the method above.",
            );
            out.signature(&name, &params, &ret);
            out.chain("", path.receiver, &calls, "");
            out.close("}");
        }
    }

    /// The type the answer of `op` (reached by route `route`) decodes into.
    pub fn answer_type(&self, op: usize, route: usize) -> TokenStream {
        let runtime = self.runtime();
        match answer(self.version, &self.version.operations[op], route) {
            Answer::NoContent => quote!(#runtime::http::NoContent),
            Answer::Content => quote!(#runtime::http::Content),
            Answer::Count => quote!(i64),
            Answer::Json => quote!(serde_json::Value),
            Answer::Single(ty) => self.value_type(&ty).0,
            Answer::Page(ty) => {
                let item = self.value_type(&ty).0;
                quote!(#runtime::http::Page<#item>)
            }
        }
    }

    /// The body argument of `op`, making its body struct on first use.
    pub fn body(&mut self, op: usize) -> BodyArg {
        let operation = &self.version.operations[op];
        let shown = example_body(operation);
        let writes = operation.routes.first().is_some_and(|r| {
            matches!(
                r.method,
                HttpMethod::Post | HttpMethod::Patch | HttpMethod::Put
            )
        });
        // A DELETE whose example sends JSON (`$ref` removals naming the member) takes it.
        let deletes_with_json = shown == Some(true)
            && operation
                .routes
                .first()
                .is_some_and(|r| r.method == HttpMethod::Delete);
        match &operation.body {
            // The page documents no body, but its example sends one (`$ref` bodies,
            // session calls): the body is untyped JSON, or raw content.
            None if (writes || deletes_with_json) && shown == Some(true) => BodyArg::Json {
                borrowed: quote!(serde_json::Value),
                owned: quote!(serde_json::Value),
                list: false,
            },
            None if writes && shown == Some(false) => BodyArg::Bytes,
            None => BodyArg::None,
            Some(RequestBody::Type { .. }) if shown == Some(false) => BodyArg::Bytes,
            Some(RequestBody::Type { ty, .. }) if *ty == TypeRef::Primitive(Primitive::Stream) => {
                BodyArg::Bytes
            }
            Some(RequestBody::Type { ty, collection }) => {
                let item = self.value_type(ty).0;
                if *collection {
                    BodyArg::Json {
                        borrowed: quote!([#item]),
                        owned: quote!(Vec<#item>),
                        list: true,
                    }
                } else {
                    BodyArg::Json {
                        borrowed: item.clone(),
                        owned: item,
                        list: false,
                    }
                }
            }
            Some(RequestBody::Parameters { parameters }) if parameters.is_empty() => BodyArg::None,
            Some(RequestBody::Parameters { .. }) => {
                let name = ident(&self.body_name(op));
                let requests = &self.requests;
                let path = quote!(#requests::#name);
                BodyArg::Json {
                    borrowed: path.clone(),
                    owned: path,
                    list: false,
                }
            }
        }
    }

    /// The name of the struct of an action's parameters, after the page title; named on
    /// first use.
    fn body_name(&mut self, op: usize) -> String {
        if let Some(name) = self.body_names.get(&op) {
            return name.clone();
        }
        let operation = &self.version.operations[op];
        let base = type_name(&operation.title)
            .filter(|name| name.len() <= 48)
            .or_else(|| type_name(&operation.id))
            .unwrap_or_else(|| "Operation".to_owned());
        let name = self.scope.to_mut().claim(&format!("{base}Body"));
        self.body_names.to_mut().insert(op, name.clone());
        name
    }

    /// The struct of an action's parameters, as text; `cfg` gates each item by area.
    fn body_struct(
        &self,
        op: usize,
        name: &str,
        parameters: &[Parameter],
        cfg: Option<&str>,
    ) -> String {
        let operation = &self.version.operations[op];
        let name = ident(name).to_string();
        let mut fields = Vec::new();
        let mut members = Vec::new();
        let mut field_scope = UniqueNames::default();
        field_scope.reserve("additional_data");
        let mut wire_names = BTreeSet::new();
        for parameter in parameters {
            // A table that lists a parameter twice gives one field.
            if !wire_names.insert(parameter.name.as_str()) {
                continue;
            }
            let Some(field) = field_name(&parameter.name) else {
                continue;
            };
            let field = ident(&field_scope.claim(&field)).to_string();
            let (line, member) = self.body_field(parameter, &field);
            fields.push(line);
            members.push(member);
        }
        let doc = format!(
            " The request body of `{}` ({}).",
            rustdoc_safe(&operation.title),
            operation.span.file
        );
        let mut out = RustText::default();
        out.docs(&[doc]);
        gate(&mut out, cfg);
        out.line("#[derive(Clone, Debug, Default, PartialEq)]");
        out.open(&format!("pub struct {name}"));
        for (doc, field, ty) in &fields {
            out.docs(std::slice::from_ref(doc));
            out.typed(&format!("pub {field}: "), &format!("Option<{ty}>"), ",");
        }
        out.line("/// Members the docs do not list, and parameters sent as `null`.");
        out.line("pub additional_data: std::collections::BTreeMap<String, serde_json::Value>,");
        out.close("}");
        let runtime = self.runtime().to_string();
        object_impls(
            &mut out,
            &name,
            &members,
            &["Self::default()"],
            &runtime,
            cfg,
        );
        out.finish()
    }

    /// A body field's doc line, name and type, and its member.
    fn body_field(
        &self,
        parameter: &Parameter,
        field: &str,
    ) -> ((String, String, String), ObjectMember) {
        let (item, with) = self.value_type(&parameter.ty);
        let ty = if parameter.collection {
            quote!(Vec<#item>)
        } else {
            item
        };
        let mut doc = parameter
            .description
            .as_deref()
            .map(rustdoc_safe)
            .unwrap_or_else(|| format!("`{}`", parameter.name));
        if parameter.required {
            doc.push_str(" Required.");
        }
        let doc = format!(" {doc}");
        let member = ObjectMember::new(&parameter.name, field, with, parameter.collection);
        ((doc, field.to_owned(), flat(&ty)), member)
    }

    /// The Rust type of one value of `ty` as seen from the emitted file, and the `wire`
    /// module that reads it when serde's own handling is too strict.
    fn value_type(&self, ty: &TypeRef) -> (TokenStream, Option<&'static str>) {
        let runtime = self.runtime();
        match ty {
            TypeRef::Struct(name) => (self.model_path(name, true), None),
            TypeRef::Enum(name) => {
                let path = self.model_path(name, false);
                let flags = self.version.enums.get(name).is_some_and(|e| e.flags);
                if flags {
                    (quote!(#runtime::edm::Flags<#path>), None)
                } else {
                    (path, None)
                }
            }
            TypeRef::Primitive(_) | TypeRef::Json => {
                let site = FieldSite {
                    version: self.version,
                    plan: self.plan,
                    from: &None,
                    runtime: &self.runtime,
                };
                rust_type(ty, &site)
            }
        }
    }

    /// `models::[namespace::]Name`, or its `AnyName` when `polymorphic` and it has one.
    fn model_path(&self, name: &QualifiedName, polymorphic: bool) -> TokenStream {
        let Some(location) = self.plan.locations.get(name) else {
            return quote!(serde_json::Value);
        };
        let rust = match self.plan.any_names.get(name) {
            Some(any) if polymorphic => any,
            _ => &location.rust_name,
        };
        let rust = ident(rust);
        let models = &self.models;
        match &location.namespace_module {
            None => quote!(#models::#rust),
            Some(module) => {
                let module = ident(module);
                quote!(#models::#module::#rust)
            }
        }
    }

    /// The doc lines of a method of `op` that follows `routes`: title and description, the
    /// routes, then permissions, parameters and page, with a blank line between paragraphs.
    fn doc(&self, op: usize, routes: &[usize]) -> Vec<String> {
        let operation = &self.version.operations[op];
        let owned;
        let parts = match self.shared_docs.and_then(|docs| docs.parts.get(op)) {
            Some(cell) => cell.get_or_init(|| self.doc_parts(op)),
            None => {
                owned = self.doc_parts(op);
                &owned
            }
        };
        let mut lines = parts.head.clone();
        for &route in routes {
            let route = &operation.routes[route];
            let text = format!("`{} {}`", route.method.as_str(), route.path);
            push_doc_part(&mut lines, &text);
        }
        lines.extend(parts.tail.iter().cloned());
        lines
    }

    /// The lines of `op`'s docs before and after its routes, which are the same whichever
    /// of its routes a method follows.
    fn doc_parts(&self, op: usize) -> DocParts {
        let operation = &self.version.operations[op];
        let mut head = Vec::new();
        push_doc_lines(&mut head, &rustdoc_safe(operation.title.trim()));
        if let Some(description) = &operation.description {
            push_doc_part(&mut head, &rustdoc_safe(description));
        }
        let mut tail = Vec::new();
        let permissions: Vec<String> = operation
            .permissions
            .iter()
            .filter(|p| !p.scopes.is_empty())
            .map(|p| format!("- {}: {}", rustdoc_safe(&p.kind), p.scopes.join(", ")))
            .collect();
        if !permissions.is_empty() {
            let text = format!(
                "Permissions, least privileged first:\n{}",
                permissions.join("\n")
            );
            push_doc_part(&mut tail, &text);
        }
        if let Some(parameters) = self.parameters(op) {
            let list = |place: Place| -> Vec<String> {
                parameters
                    .parameters
                    .iter()
                    .filter(|p| p.place == place)
                    .map(|p| format!("`{}` (`.{}()`)", p.wire, p.method))
                    .collect()
            };
            let groups = [
                ("request headers", list(Place::Header)),
                ("query parameters", list(Place::Query)),
                ("function arguments", list(Place::Argument)),
            ];
            let listed: Vec<String> = groups
                .iter()
                .filter(|(_, names)| !names.is_empty())
                .map(|(what, names)| format!("{what} {}", names.join(", ")))
                .collect();
            let text = format!(
                "The page documents {}; set them with the methods of `parameters::{}`.",
                listed.join("; "),
                parameters.trait_name
            );
            push_doc_part(&mut tail, &text);
        }
        push_doc_part(&mut tail, &format!("Docs page: `{}`.", operation.span.file));
        DocParts { head, tail }
    }
}

/// The parts of operations' docs that do not depend on the route, made once per operation
/// and shared by the sites (and threads) that emit its methods: an operation reached by
/// several routes has a method on each.
pub struct SharedDocs {
    parts: Vec<OnceLock<DocParts>>,
}

impl SharedDocs {
    /// Room for the docs of `operations` operations.
    pub fn new(operations: usize) -> Self {
        SharedDocs {
            parts: (0..operations).map(|_| OnceLock::new()).collect(),
        }
    }
}

/// An operation's doc lines before its routes (title, description) and after them
/// (permissions, parameters, page), the latter starting with the blank line between.
struct DocParts {
    head: Vec<String>,
    tail: Vec<String>,
}

/// One paragraph of `text` after a blank line: one `///` line per line of text, wrapped.
fn push_doc_part(lines: &mut Vec<String>, text: &str) {
    lines.push(String::new());
    push_doc_lines(lines, text);
}

fn push_doc_lines(lines: &mut Vec<String>, text: &str) {
    for line in text.lines() {
        lines.extend(super::docs::wrap_prose(line, super::docs::DOC_WIDTH));
    }
}

/// The name of the raw-content twin of operation method `method`.
pub fn content_method(method: &str) -> String {
    format!("{}_content", method.trim_start_matches("r#"))
}

/// Whether the page's request examples send JSON and also other content.
pub fn shows_raw_body(op: &Operation) -> bool {
    let bodies: Vec<&str> = op
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Request)
        .filter_map(|e| e.body.as_deref())
        .map(str::trim)
        .collect();
    let json = |b: &&str| b.starts_with('{') || b.starts_with('[');
    bodies.iter().any(json) && !bodies.iter().all(json)
}

/// Whether the page's request examples send a body: `Some(true)` for JSON, `Some(false)`
/// for other content, `None` for no body.
fn example_body(op: &Operation) -> Option<bool> {
    let bodies: Vec<&str> = op
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Request)
        .filter_map(|e| e.body.as_deref())
        .map(str::trim)
        .collect();
    let first = bodies.first()?;
    Some(first.starts_with('{') || first.starts_with('['))
}

/// Decides what the answer of `op` decodes into, from the route's last segment, the
/// documented status and type, and whether the response examples have bodies.
pub fn answer(version: &ApiVersion, op: &Operation, route: usize) -> Answer {
    let method = op.routes[route].method;
    if let Some(property) = routed_property(version, op, route) {
        return match &property.ty {
            TypeRef::Struct(_) if property.collection => Answer::Page(property.ty.clone()),
            TypeRef::Struct(_) => Answer::Single(property.ty.clone()),
            _ => Answer::Json,
        };
    }
    let steps = parse_route(&op.routes[route].path);
    let last = match steps.last() {
        Some(Step::Segment(text)) => text.to_lowercase(),
        _ => String::new(),
    };
    if method == HttpMethod::Get && last == "$count" {
        return Answer::Count;
    }
    if method == HttpMethod::Get && matches!(last.as_str(), "$value" | "content") {
        return Answer::Content;
    }
    if op.response.ty == Some(TypeRef::Primitive(Primitive::Stream)) {
        return Answer::Content;
    }
    if method == HttpMethod::Get && op.response.status == Some(302) {
        return Answer::Content;
    }
    let responses: Vec<_> = op
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Response)
        .collect();
    let shows_body = responses.iter().any(|e| e.body.is_some());
    let shows_empty = !responses.is_empty() && !shows_body;
    match (op.response.status, &op.response.ty) {
        (Some(204), _) => Answer::NoContent,
        (Some(201 | 202), Some(_)) if shows_empty => Answer::NoContent,
        (_, None) if shows_body => Answer::Json,
        (_, None) => Answer::NoContent,
        (_, Some(TypeRef::Primitive(_) | TypeRef::Json | TypeRef::Enum(_))) => Answer::Json,
        (_, Some(ty)) if op.response.collection => Answer::Page(ty.clone()),
        (_, Some(ty)) => Answer::Single(ty.clone()),
    }
}

/// The property a route answers when it is another route of the operation plus one
/// segment that names a property of the documented type (`/me/mailboxSettings` and
/// `/me/mailboxSettings/workingHours` on one page answer a mailboxSettings and its
/// `workingHours`).
fn routed_property<'v>(
    version: &'v ApiVersion,
    op: &Operation,
    route: usize,
) -> Option<&'v crate::model::Property> {
    let Some(TypeRef::Struct(name)) = &op.response.ty else {
        return None;
    };
    if op.response.collection {
        return None;
    }
    let this = &op.routes[route];
    let (parent, last) = this.path.rsplit_once('/')?;
    let is_extension = op
        .routes
        .iter()
        .any(|other| other.method == this.method && other.path.eq_ignore_ascii_case(parent));
    if !is_extension || !matches!(parse_route(last).as_slice(), [Step::Segment(_)]) {
        return None;
    }
    let mut current = version.structs.get(name);
    let mut depth = 0;
    while let Some(ty) = current.filter(|_| depth < 32) {
        let found = ty
            .properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(last));
        if found.is_some() {
            return found;
        }
        current = ty.base.as_ref().and_then(|base| version.structs.get(base));
        depth += 1;
    }
    None
}

/// The method name an operation gets from its verb and kind.
pub fn verb(op: &Operation, route: usize) -> String {
    let method = op.routes.get(route).map_or(HttpMethod::Get, |r| r.method);
    let verb = match (method, op.kind) {
        (HttpMethod::Get, OperationKind::List) => "list",
        (HttpMethod::Get, _) => "get",
        (HttpMethod::Post, OperationKind::Create) => "create",
        (HttpMethod::Post, _) => "post",
        (HttpMethod::Patch, _) => "update",
        (HttpMethod::Put, _) => "put",
        (HttpMethod::Delete, _) => "delete",
    };
    verb.to_owned()
}

/// Among operations sharing a verb at one node, the one whose type is a base of (or equal
/// to) every other's; `None` when there is no such operation.
pub fn primary(version: &ApiVersion, group: &[usize]) -> Option<usize> {
    if group.len() == 1 {
        return group.first().copied();
    }
    let types: Vec<Option<QualifiedName>> = group
        .iter()
        .map(|&op| subject_type(&version.operations[op]))
        .collect();
    group.iter().zip(&types).find_map(|(&op, ty)| {
        let ty = ty.as_ref()?;
        let covers_all = types
            .iter()
            .all(|other| other.as_ref().is_some_and(|o| is_base_of(version, ty, o)));
        covers_all.then_some(op)
    })
}

/// The word that tells an operation apart from others of its verb: its type's name, or
/// else its page name.
pub fn subject(op: &Operation) -> String {
    let name = subject_type(op).map_or_else(|| op.id.clone(), |ty| ty.name);
    field_name(&name).unwrap_or_else(|| "operation".to_owned())
}

fn subject_type(op: &Operation) -> Option<QualifiedName> {
    match (&op.response.ty, &op.body) {
        (Some(TypeRef::Struct(name)), _) => Some(name.clone()),
        (
            _,
            Some(RequestBody::Type {
                ty: TypeRef::Struct(name),
                ..
            }),
        ) => Some(name.clone()),
        _ => None,
    }
}

/// Whether `base` is `derived` or one of its bases.
fn is_base_of(version: &ApiVersion, base: &QualifiedName, derived: &QualifiedName) -> bool {
    let mut seen = BTreeSet::new();
    let mut current = Some(derived);
    while let Some(name) = current {
        if name == base {
            return true;
        }
        if !seen.insert(name) {
            return false;
        }
        current = version.structs.get(name).and_then(|s| s.base.as_ref());
    }
    false
}

fn http_method(method: HttpMethod) -> Ident {
    ident(method.as_str())
}
