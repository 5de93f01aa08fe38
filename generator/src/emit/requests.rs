//! Request builders: every route of every operation of a version becomes a chain of
//! navigation methods from the version's `Client` (`client.users().by_id(id)`) that ends
//! in a method returning a typed `Request` (`.get()`, `.update(&body)`, `.assign(&body)`).
//!
//! Routes are merged into one tree of steps (see [`super::routes`]); each node of the tree
//! is a small struct holding the path so far. A node that only ends one action or function
//! needs no struct: its parent returns the request directly. The layout computed here is
//! also what the dispatch (see [`super::dispatch`]) replays to call any route by name.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;

use super::docs::rustdoc_safe;
use super::names::{field_name, ident, type_name, UniqueNames};
use super::operations::{self, OperationSite, PathExpr, SharedDocs};
use super::parameters;
use super::plan::Plan;
use super::routes::{parse_route, render_route, route_variants, Piece, Step, ValueStyle};
use super::text::{flat, gate, string_literal, RustText};
use super::{render, EmitOptions, FileText, OutputFile};
use crate::diag::Diagnostics;
use crate::model::{ApiVersion, HttpMethod, OperationKind};

/// Method names that would shadow a derived trait's method or read as a conversion.
const RESERVED: &[&str] = &["clone", "fmt", "new", "path", "into", "from", "eq", "hash"];

/// Methods the client has of its own, which a top-level segment (`/root`) must not take.
const CLIENT_RESERVED: &[&str] = &["http", "root"];

/// The navigation tree of a version and the Rust names of its parts.
pub struct Layout {
    nodes: Vec<Node>,
    /// For each operation (by index) and route (by index), the node the route ends at.
    pub ends: BTreeMap<(usize, usize), usize>,
    /// The method of each node that returns an operation's request, by `(node, op, HTTP
    /// method)`: an operation with both a PATCH and a PUT route at one node gets two.
    op_methods: HashMap<(usize, usize, HttpMethod), String>,
    /// The body struct of each operation that has one.
    pub body_names: HashMap<usize, String>,
    /// The typed setters of each operation's page headers and parameters, planned once
    /// for every file of the version.
    pub parameters: Vec<Option<parameters::OperationParameters>>,
    /// For each `(operation, variant)`, the route the variant derives from.
    bases: HashMap<(usize, usize), usize>,
}

struct Node {
    step: Option<Step>,
    parent: Option<usize>,
    children: Vec<usize>,
    by_shape: HashMap<String, usize>,
    /// `(operation, route)` pairs that end here.
    ends: Vec<(usize, usize)>,
    /// The canonical path of the first route that reached the node.
    template: String,
    /// The struct name; empty for the root and for collapsed leaves.
    type_name: String,
    /// The parent's method that leads here.
    method: String,
    /// The parent's method returns the operation's request itself.
    collapsed: bool,
}

impl Layout {
    /// Builds the tree of a version and names its parts.
    pub fn new(version: &ApiVersion) -> Self {
        let mut layout = Layout {
            nodes: vec![Node::new(None, None, String::new())],
            ends: BTreeMap::new(),
            op_methods: HashMap::new(),
            body_names: HashMap::new(),
            parameters: parameters::plan_parameters(version),
            bases: HashMap::new(),
        };
        for (op_index, op) in version.operations.iter().enumerate() {
            for (variant, (base, path)) in route_variants(&op.routes).into_iter().enumerate() {
                let steps = parse_route(&path);
                let end = layout.insert(&steps);
                layout.nodes[end].ends.push((op_index, variant));
                layout.ends.insert((op_index, variant), end);
                layout.bases.insert((op_index, variant), base);
            }
        }
        layout.mark_collapsed(version);
        layout.name_types();
        layout.name_members(version);
        layout
    }

    fn insert(&mut self, steps: &[Step]) -> usize {
        let mut current = 0;
        for (depth, step) in steps.iter().enumerate() {
            let shape = step.shape();
            if let Some(&child) = self.nodes[current].by_shape.get(&shape) {
                current = child;
                continue;
            }
            let template = render_route(&steps[..=depth]);
            let child = self.nodes.len();
            self.nodes
                .push(Node::new(Some(step.clone()), Some(current), template));
            self.nodes[current].children.push(child);
            self.nodes[current].by_shape.insert(shape, child);
            current = child;
        }
        current
    }

    /// A leaf that only ends one action or function is returned by its parent directly.
    fn mark_collapsed(&mut self, version: &ApiVersion) {
        let methods: Vec<Vec<HttpMethod>> = self
            .nodes
            .iter()
            .map(|node| {
                node.ends
                    .iter()
                    .map(|&end| self.http_method(version, end))
                    .collect()
            })
            .collect();
        for (node, methods) in self.nodes.iter_mut().zip(methods).skip(1) {
            let first_op = node.ends.first().map(|(op, _)| *op);
            let one_method = methods.windows(2).all(|pair| pair[0] == pair[1]);
            let single_op = first_op
                .filter(|op| node.ends.iter().all(|(o, _)| o == op))
                .filter(|_| one_method);
            let is_call = single_op.is_some_and(|op| {
                matches!(
                    version.operations[op].kind,
                    OperationKind::Action | OperationKind::Function
                )
            });
            let by_name = matches!(node.step, Some(Step::Segment(_) | Step::Template { .. }));
            node.collapsed = node.children.is_empty() && is_call && by_name;
        }
    }

    fn name_types(&mut self) {
        let mut scope = UniqueNames::for_types();
        scope.reserve("Client");
        for index in 1..self.nodes.len() {
            if self.nodes[index].collapsed {
                continue;
            }
            let parent = self.nodes[index].parent.unwrap_or(0);
            let base = format!("{}{}", self.nodes[parent].type_name, self.step_word(index));
            self.nodes[index].type_name = scope.claim(&base);
        }
    }

    /// The word a step adds to its node's type name.
    fn step_word(&self, index: usize) -> String {
        let word = match &self.nodes[index].step {
            Some(Step::Segment(text)) => segment_words(text),
            Some(Step::Key(_)) => "Item".to_owned(),
            Some(Step::ItemPath { .. }) => "ByPath".to_owned(),
            Some(Step::Template { name, .. }) => segment_words(name),
            None => String::new(),
        };
        type_name(&word).unwrap_or_else(|| "Segment".to_owned())
    }

    /// Names every node's methods: navigation first, then operations, unique per node.
    fn name_members(&mut self, version: &ApiVersion) {
        for index in 0..self.nodes.len() {
            let mut scope = Scope::default();
            let client = if index == 0 { CLIENT_RESERVED } else { &[] };
            for word in RESERVED.iter().chain(client) {
                scope.names.reserve(word);
                scope.claimed.insert((*word).to_owned());
            }
            let children = self.nodes[index].children.clone();
            let (plain, templated): (Vec<usize>, Vec<usize>) = children
                .into_iter()
                .partition(|&c| !matches!(self.nodes[c].step, Some(Step::Template { .. })));
            for child in plain.into_iter().chain(templated) {
                let name = self.method_name(child, version, &mut scope);
                self.nodes[child].method = name;
            }
            self.name_operations(index, version, &mut scope);
        }
    }

    fn method_name(&self, child: usize, version: &ApiVersion, scope: &mut Scope) -> String {
        let base = match &self.nodes[child].step {
            Some(Step::Segment(text)) => segment_method(text, version),
            Some(Step::Key(_)) => "by_id".to_owned(),
            Some(Step::ItemPath { .. }) => "by_path".to_owned(),
            Some(Step::Template { name, pieces }) => {
                let base = field_name(name).unwrap_or_else(|| "call".to_owned());
                if !scope.claimed.contains(&base) {
                    base
                } else {
                    let args: Vec<String> = pieces
                        .iter()
                        .filter_map(|p| match p {
                            Piece::Value { param, .. } => field_name(param),
                            Piece::Literal(_) => None,
                        })
                        .collect();
                    format!("{base}_with_{}", args.join("_and_"))
                }
            }
            None => "root".to_owned(),
        };
        scope.claim(&base)
    }

    /// Operation methods are named for the HTTP verb (`get`, `list`, `create`, `update`,
    /// `delete`, `post`, `put`). When several operations share a verb here, the one whose
    /// type is the base of the others keeps it and the rest add their type's name.
    fn name_operations(&mut self, node: usize, version: &ApiVersion, scope: &mut Scope) {
        // One method per operation and HTTP method, named for the first such route.
        let mut calls: BTreeMap<(usize, HttpMethod), usize> = BTreeMap::new();
        for &(op, variant) in &self.nodes[node].ends {
            let route = self.bases.get(&(op, variant)).copied().unwrap_or(variant);
            let method = version.operations[op].routes[route].method;
            calls.entry((op, method)).or_insert(route);
        }
        let mut by_verb: BTreeMap<String, Vec<(usize, HttpMethod)>> = BTreeMap::new();
        for (&(op, method), &route) in &calls {
            let verb = operations::verb(&version.operations[op], route);
            by_verb.entry(verb).or_default().push((op, method));
        }
        for (verb, group) in by_verb {
            let ops: Vec<usize> = group.iter().map(|(op, _)| *op).collect();
            let primary = operations::primary(version, &ops);
            for (op, method) in group {
                let name = if self.nodes[node].collapsed {
                    self.nodes[node].method.clone()
                } else if Some(op) == primary {
                    scope.claim(&verb)
                } else {
                    let subject = operations::subject(&version.operations[op]);
                    scope.claim(&format!("{verb}_{subject}"))
                };
                self.op_methods.insert((node, op, method), name);
            }
        }
    }

    /// The nodes from the root's child to `node`.
    pub fn chain(&self, node: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = Some(node);
        while let Some(index) = current.filter(|&i| i != 0) {
            chain.push(index);
            current = self.nodes[index].parent;
        }
        chain.reverse();
        chain
    }

    /// The method a node's parent calls to reach it, and the step's parameters.
    pub fn edge(&self, node: usize) -> (&str, Vec<(&str, ValueStyle)>) {
        let params = self.nodes[node]
            .step
            .as_ref()
            .map(Step::params)
            .unwrap_or_default();
        (&self.nodes[node].method, params)
    }

    /// Whether the node's parent method returns the request itself.
    pub fn is_collapsed(&self, node: usize) -> bool {
        self.nodes[node].collapsed
    }

    /// The method of `node` that returns operation `op`'s request sent with `method`.
    pub fn op_method(&self, node: usize, op: usize, method: HttpMethod) -> &str {
        self.op_methods
            .get(&(node, op, method))
            .map_or("send", String::as_str)
    }

    /// The HTTP method of variant `variant` of operation `op`.
    pub fn http_method(&self, version: &ApiVersion, (op, variant): (usize, usize)) -> HttpMethod {
        let route = self.bases.get(&(op, variant)).copied().unwrap_or(variant);
        version.operations[op].routes[route].method
    }
}

/// The method names of one node, and which were handed out.
#[derive(Default)]
struct Scope {
    names: UniqueNames,
    claimed: HashSet<String>,
}

impl Scope {
    fn claim(&mut self, name: &str) -> String {
        let claimed = self.names.claim(name);
        self.claimed.insert(claimed.clone());
        claimed
    }
}

impl Node {
    fn new(step: Option<Step>, parent: Option<usize>, template: String) -> Self {
        Node {
            step,
            parent,
            children: Vec::new(),
            by_shape: HashMap::new(),
            ends: Vec::new(),
            template,
            type_name: String::new(),
            method: String::new(),
            collapsed: false,
        }
    }
}

/// The words of a literal segment for a type name: `$ref` → `Ref`, a cast
/// `microsoft.graph.group` → `Group`.
fn segment_words(text: &str) -> String {
    let text = text.trim_start_matches('$').trim_end_matches("()");
    text.rsplit('.').next().unwrap_or(text).to_owned()
}

/// The method for a literal segment: `$ref` → `reference`, `$value` → `value`, a cast to a
/// known type → `as_group`, a qualified function → its last part.
fn segment_method(text: &str, version: &ApiVersion) -> String {
    let name = match text {
        "$ref" => return "reference".to_owned(),
        "$value" => return "value".to_owned(),
        "$count" => return "count".to_owned(),
        _ => segment_words(text),
    };
    let snake = field_name(&name).unwrap_or_else(|| "segment".to_owned());
    let is_cast = text.contains('.')
        && version
            .structs
            .keys()
            .any(|q| q.name.eq_ignore_ascii_case(&name) && text.ends_with(&q.name));
    if is_cast {
        format!("as_{snake}")
    } else {
        snake
    }
}

/// The items a version's `mod.rs` needs for its requests: the `requests` module and, when
/// the registry is on, the `dispatch` module that calls any route by name.
pub fn version_items(options: &EmitOptions) -> Vec<TokenStream> {
    let mut items = vec![quote! {
        /// Typed request builders; every request starts from [`Client`].
        pub mod requests {
            include!("requests/mod.rs");
        }

        pub use requests::Client;
    }];
    if options.registry {
        items.push(quote! {
            /// Calls any route of any operation by name, for the conformance tests.
            pub mod dispatch {
                include!("dispatch.rs");
            }
        });
    }
    items
}

/// Emits the `requests` module tree of a version: `requests/mod.rs` with the `Client`, and
/// one file per top-level segment.
pub fn emit_requests(
    version: &ApiVersion,
    plan: &Plan,
    module: &str,
    options: &EmitOptions,
    files: &mut Vec<OutputFile>,
    diags: &mut Diagnostics,
) -> Layout {
    let mut layout = Layout::new(version);
    // The node types' names are taken in every file's scope; naming them once and
    // cloning the scope is cheaper than naming them per file.
    let shared_docs = SharedDocs::new(version.operations.len());
    let mut reserved = OperationSite::type_scope();
    for node in &layout.nodes {
        reserved.reserve(&node.type_name);
    }
    let new_site = || {
        OperationSite::new(
            version,
            plan,
            &layout.parameters,
            &options.runtime_crate,
            quote!(super::super::models),
            quote!(super),
        )
        .with_scope(&reserved)
        .with_shared_docs(&shared_docs)
    };
    // Body structs are named up front, so that the files can be emitted in parallel.
    let mut naming_site = new_site();
    naming_site.name_bodies(layout.ends.keys().map(|(op, _)| *op));
    layout.body_names = naming_site.body_names().clone();
    let body_names = &layout.body_names;
    let layout_ref = &layout;
    let new_site = || {
        let mut site = new_site();
        site.use_body_names(body_names);
        site
    };

    // Every node goes into the file of its top-level segment; the client and the body
    // structs have files of their own.
    let mut by_file: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for index in 1..layout.nodes.len() {
        if layout.nodes[index].collapsed {
            continue;
        }
        let top = layout.chain(index)[0];
        let mut file = super::names::fit_file_name(&layout.nodes[top].method);
        if matches!(file.as_str(), CLIENT_FILE | BODIES_FILE | PARAMETERS_FILE) {
            file.push_str("_segment");
        }
        by_file.entry(file).or_default().push(index);
    }
    by_file.insert(CLIENT_FILE.to_owned(), Vec::new());
    if !body_names.is_empty() {
        by_file.insert(BODIES_FILE.to_owned(), Vec::new());
    }
    let files_and_nodes: Vec<(&String, &Vec<usize>)> = by_file.iter().collect();
    let emitted: Vec<OutputFile> = files_and_nodes
        .into_par_iter()
        .with_max_len(1)
        .map(|(file, nodes)| {
            let path = format!("{module}/requests/{file}.rs");
            let mut site = new_site();
            let mut text = FileText::default();
            match file.as_str() {
                CLIENT_FILE => {
                    let root = PathExpr {
                        receiver: "self.root()",
                        calls: Vec::new(),
                    };
                    let members = node_members(layout_ref, 0, &mut site, &root);
                    let runtime = ident(&options.runtime_crate).to_string();
                    let gated = plan.gates.is_some();
                    text.push_text(client_struct(version, &runtime, &members, gated));
                }
                BODIES_FILE => {
                    for (_, body) in site.body_structs() {
                        text.push_text(body);
                    }
                }
                // The largest areas hold hundreds of nodes: their chunks are formatted in
                // parallel and joined in order, which gives the same text.
                _ => {
                    let chunks: Vec<Vec<String>> = nodes
                        .par_chunks(NODES_PER_CHUNK)
                        .map(|chunk| {
                            let mut site = new_site();
                            let nodes = chunk.iter().map(|&i| emit_node(layout_ref, i, &mut site));
                            nodes.collect()
                        })
                        .collect();
                    for node in chunks.into_iter().flatten() {
                        text.push_text(node);
                    }
                }
            }
            text.finish_spaced(&path, true)
        })
        .collect();
    files.extend(emitted);
    let setters = parameters::emit_parameters(version, &layout.parameters, &options.runtime_crate);

    let mut modules = Vec::new();
    for (file, nodes) in &by_file {
        let name = ident(file);
        let include = format!("{file}.rs");
        // A segment's file compiles with its area's feature, when areas are gated.
        let features: Option<BTreeSet<String>> = match file.as_str() {
            // The bodies compile with the areas of their operations.
            BODIES_FILE => plan.gates.as_ref().map(|_| {
                let ops = layout.body_names.keys();
                let features = ops.map(|&op| plan.operation_features(&version.operations[op]));
                features.flatten().flatten().collect()
            }),
            _ => nodes
                .iter()
                .map(|&node| plan.route_feature(&layout.nodes[layout.chain(node)[0]].template))
                .collect(),
        };
        let cfg = plan.cfg_of(features.as_ref());
        modules.push(quote! {
            #cfg
            #[allow(clippy::should_implement_trait, clippy::too_many_arguments)]
            mod #name {
                include!(#include);
            }
            #cfg
            pub use #name::*;
        });
    }
    // The setters of page parameters are `use`d by name, so their module is public.
    let has_setters = layout.parameters.iter().any(Option::is_some);
    if has_setters {
        let path = format!("{module}/requests/{PARAMETERS_FILE}.rs");
        let mut text = FileText::default();
        setters.into_iter().for_each(|item| text.push_text(item));
        files.push(text.finish_spaced(&path, true));
        let include = format!("{PARAMETERS_FILE}.rs");
        modules.push(quote! {
            /// Typed setters of the headers and parameters that operations' pages document.
            pub mod parameters {
                include!(#include);
            }
        });
    }
    files.push(render(
        &format!("{module}/requests/mod.rs"),
        quote!(#(#modules)*),
        diags,
    ));
    layout
}

/// How many nodes of one file are emitted and formatted as one task.
const NODES_PER_CHUNK: usize = 48;

/// The file of the version's `Client`.
const CLIENT_FILE: &str = "client";

/// The file of the structs of action bodies.
const BODIES_FILE: &str = "bodies";

/// The file of the page parameters' setters.
const PARAMETERS_FILE: &str = "parameters";

/// The version's entry point, with the methods of the root of the tree.
fn client_struct(version: &ApiVersion, runtime: &str, members: &str, gated: bool) -> String {
    let version_name = string_literal(&version.name);
    let mut out = RustText::default();
    out.docs(&[format!(
        " The entry point to Microsoft Graph `{}`: every request starts here.",
        version.name
    )]);
    out.line("///");
    out.line("/// Navigation follows the routes of the reference pages: a literal segment is a");
    out.line("/// method, a key is `by_id`, and each operation ends the chain with a method that");
    out.line("/// returns a request to send.");
    out.line("#[derive(Clone, Debug)]");
    out.open("pub struct Client");
    out.parts(&["http: ", runtime, "::http::Client,"]);
    out.close("}");
    out.open("impl Client");
    out.line("/// The version segment of every path.");
    out.parts(&["pub const VERSION: &'static str = ", &version_name, ";"]);
    out.line("/// A client for this version over a configured HTTP client.");
    let client = format!("{runtime}::http::Client");
    out.function("pub fn new", &[format!("http: {client}")], "Self");
    out.line("Client { http }");
    out.close("}");
    out.line("/// The HTTP client, e.g. to follow a stored delta link.");
    out.function("pub fn http", &["&self".into()], &format!("&{client}"));
    out.line("&self.http");
    out.close("}");
    // Without any route (a folder of resource pages only) nothing would call it.
    if !members.is_empty() {
        // With every area feature off, no method starts a path.
        if gated {
            out.line("#[allow(dead_code)]");
        }
        let path = format!("{runtime}::http::ResourcePath");
        out.function("fn root", &["&self".into()], &path);
        out.line("self.http.path(Self::VERSION)");
        out.close("}");
    }
    let mut text = out.finish();
    text.push_str(members);
    text.push_str("}\n");
    text
}

/// One node's struct and methods.
fn emit_node(layout: &Layout, index: usize, site: &mut OperationSite<'_>) -> String {
    let node = &layout.nodes[index];
    let runtime = site.runtime().to_string();
    let name = ident(&node.type_name).to_string();
    let path = PathExpr {
        receiver: "self.path",
        calls: vec![".clone()".to_owned()],
    };
    let members = node_members(layout, index, site, &path);
    let mut out = RustText::default();
    out.docs(&[format!(
        " Requests below `{}`.",
        rustdoc_safe(&node.template)
    )]);
    out.line("#[derive(Clone, Debug)]");
    out.open(&format!("pub struct {name}"));
    out.parts(&["pub(super) path: ", &runtime, "::http::ResourcePath,"]);
    out.close("}");
    if members.is_empty() {
        out.parts(&["impl ", &name, " {}"]);
        return out.finish();
    }
    out.open(&format!("impl {name}"));
    let mut text = out.finish();
    text.push_str(&members);
    text.push_str("}\n");
    text
}

/// The navigation and operation methods of a node, as the text of an impl block's body;
/// `path` is how the node's own path is written inside a method.
fn node_members(
    layout: &Layout,
    index: usize,
    site: &mut OperationSite<'_>,
    path: &PathExpr,
) -> String {
    let node = &layout.nodes[index];
    let mut out = RustText::default();
    out.indent_in();
    let mut children = node.children.clone();
    children.sort_by(|a, b| layout.nodes[*a].method.cmp(&layout.nodes[*b].method));
    for child in children {
        let (args, calls) = step_calls(layout, child);
        let child_node = &layout.nodes[child];
        let method = ident(&child_node.method).to_string();
        // The client's methods into an area compile with the area's feature.
        let cfg = match index {
            0 => {
                let feature = site.plan().route_feature(&child_node.template);
                let features = feature.map(|f| BTreeSet::from([f]));
                site.plan()
                    .cfg_of(features.as_ref())
                    .map(|attr| flat(&attr))
            }
            _ => None,
        };
        let mut child_path = path.clone();
        child_path.calls.extend(calls);
        if child_node.collapsed {
            for (op, http) in calls_at(layout, child, site.version()) {
                let routes = routes_of(layout, child, op, http, site.version());
                gate(&mut out, cfg.as_deref());
                site.operation(&mut out, op, &routes, &method, &args, &child_path);
            }
            continue;
        }
        // The client's file reaches the node types through the `requests` module; a node's
        // children live in its own file.
        let name = ident(&child_node.type_name).to_string();
        let ty = if index == 0 {
            format!("super::{name}")
        } else {
            name
        };
        out.docs(&[format!(" `{}`", rustdoc_safe(&child_node.template))]);
        gate(&mut out, cfg.as_deref());
        out.signature(&method, &args, &ty);
        out.open(&ty);
        out.chain("path: ", child_path.receiver, &child_path.calls, ",");
        out.close("}");
        out.close("}");
    }
    if !node.collapsed {
        for (op, http) in calls_at(layout, index, site.version()) {
            let routes = routes_of(layout, index, op, http, site.version());
            let method = ident(layout.op_method(index, op, http)).to_string();
            site.operation(&mut out, op, &routes, &method, &[], path);
        }
    }
    out.finish()
}

/// The operations that end at `node`, each with every HTTP method it has there.
fn calls_at(layout: &Layout, node: usize, version: &ApiVersion) -> Vec<(usize, HttpMethod)> {
    let mut calls: Vec<(usize, HttpMethod)> = layout.nodes[node]
        .ends
        .iter()
        .map(|&end| (end.0, layout.http_method(version, end)))
        .collect();
    calls.sort_unstable();
    calls.dedup();
    calls
}

/// The routes (not aliases) of `op` sent with `http` that end at `node`, for its
/// documentation.
fn routes_of(
    layout: &Layout,
    node: usize,
    op: usize,
    http: HttpMethod,
    version: &ApiVersion,
) -> Vec<usize> {
    let mut routes: Vec<usize> = layout.nodes[node]
        .ends
        .iter()
        .filter(|&&(o, _)| o == op)
        .filter(|&&end| layout.http_method(version, end) == http)
        .map(|key| layout.bases.get(key).copied().unwrap_or(key.1))
        .collect();
    routes.sort_unstable();
    routes.dedup();
    routes
}

/// The arguments of a step's method and the path calls that append the step.
fn step_calls(layout: &Layout, index: usize) -> (Vec<String>, Vec<String>) {
    let Some(step) = &layout.nodes[index].step else {
        return (Vec::new(), Vec::new());
    };
    let mut scope = UniqueNames::default();
    scope.reserve("body");
    scope.reserve("content_type");
    let mut args = Vec::new();
    let mut names = HashMap::new();
    for (param, style) in step.params() {
        let name = ident(&scope.claim(&field_name(param).unwrap_or_else(|| "value".into())));
        args.push(match style {
            ValueStyle::Bare if !matches!(step, Step::Key(_)) => {
                format!("{name}: impl std::fmt::Display")
            }
            _ => format!("{name}: &str"),
        });
        names.insert(param.to_owned(), name);
    }
    let value = |param: &str| names.get(param).cloned();
    let calls: Vec<TokenStream> = match step {
        Step::Segment(text) => vec![quote!(.segment(#text))],
        Step::Key(param) => {
            let name = value(param);
            vec![quote!(.key(#name))]
        }
        Step::ItemPath { param, closed } => {
            let name = value(param);
            let mut calls = vec![quote!(.append(":/")), quote!(.append_item_path(#name))];
            if *closed {
                calls.push(quote!(.append(":")));
            }
            calls
        }
        Step::Template { pieces, .. } => {
            let mut calls = Vec::new();
            for (i, piece) in pieces.iter().enumerate() {
                let call = match piece {
                    Piece::Literal(text) if i == 0 => quote!(.segment(#text)),
                    Piece::Literal(text) => quote!(.append(#text)),
                    Piece::Value { param, style } => {
                        let name = value(param);
                        // A value that opens its segment starts it with the separator.
                        let opens = i == 0 && !matches!(style, ValueStyle::Bare);
                        if opens {
                            calls.push(quote!(.append("/")));
                        }
                        match style {
                            ValueStyle::Quoted => quote!(.append_string(#name)),
                            ValueStyle::ItemPath => quote!(.append_item_path(#name)),
                            ValueStyle::Bare if i == 0 => quote!(.key(&#name.to_string())),
                            ValueStyle::Bare => quote!(.append_value(&#name.to_string())),
                        }
                    }
                };
                calls.push(call);
            }
            calls
        }
    };
    (args, calls.iter().map(flat).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceSpan;
    use crate::model::{HttpMethod, Operation, Response, Route};

    fn operation(id: &str, kind: OperationKind, routes: &[(HttpMethod, &str)]) -> Operation {
        Operation {
            id: id.to_owned(),
            title: id.to_owned(),
            description: None,
            kind,
            routes: routes
                .iter()
                .map(|(method, path)| Route {
                    method: *method,
                    path: (*path).to_owned(),
                    parameters: Vec::new(),
                    span: SourceSpan::default(),
                })
                .collect(),
            query_parameters: Vec::new(),
            headers: Vec::new(),
            body: None,
            response: Response::default(),
            permissions: Vec::new(),
            examples: Vec::new(),
            span: SourceSpan::default(),
        }
    }

    fn names_along(version: &ApiVersion, op: usize, route: usize) -> Vec<String> {
        let layout = &Layout::new(version);
        let end = layout.ends[&(op, route)];
        let mut names: Vec<String> = layout
            .chain(end)
            .into_iter()
            .map(|node| layout.edge(node).0.to_owned())
            .collect();
        if !layout.is_collapsed(end) {
            let http = layout.http_method(version, (op, route));
            names.push(layout.op_method(end, op, http).to_owned());
        }
        names
    }

    #[test]
    fn routes_become_method_chains() {
        use HttpMethod::{Get, Patch, Post, Put};
        let version = ApiVersion {
            name: "v1.0".into(),
            operations: vec![
                operation(
                    "user-get",
                    OperationKind::Get,
                    &[(Get, "/users/{id}"), (Get, "/me")],
                ),
                operation(
                    "user-update",
                    OperationKind::Update,
                    &[(Patch, "/users/{id}"), (Put, "/users/{id}")],
                ),
                operation("user-list", OperationKind::List, &[(Get, "/users")]),
                operation(
                    "user-assignlicense",
                    OperationKind::Action,
                    &[(Post, "/users/{id}/assignLicense")],
                ),
                operation(
                    "report",
                    OperationKind::Function,
                    &[(Get, "/reports/getX(period='{period}')")],
                ),
                operation(
                    "item-content",
                    OperationKind::Get,
                    &[(Get, "/me/drive/root:/{item-path}:/content")],
                ),
            ],
            ..ApiVersion::default()
        };
        let layout = &version;
        assert_eq!(names_along(layout, 0, 0), ["users", "by_id", "get"]);
        assert_eq!(names_along(layout, 0, 1), ["me", "get"]);
        assert_eq!(names_along(layout, 1, 0), ["users", "by_id", "update"]);
        // A PUT beside a PATCH on one node is a method of its own.
        assert_eq!(names_along(layout, 1, 1), ["users", "by_id", "put"]);
        assert_eq!(names_along(layout, 2, 0), ["users", "list"]);
        assert_eq!(
            names_along(layout, 3, 0),
            ["users", "by_id", "assign_license"]
        );
        assert_eq!(names_along(layout, 4, 0), ["reports", "get_x"]);
        assert_eq!(
            names_along(layout, 5, 0),
            ["me", "drive", "root", "by_path", "content", "get"]
        );
    }

    #[test]
    fn top_level_segments_do_not_take_the_clients_own_methods() {
        use HttpMethod::Get;
        let version = ApiVersion {
            name: "v1.0".into(),
            operations: vec![
                operation("root-get", OperationKind::Get, &[(Get, "/root/{id}")]),
                operation("http-list", OperationKind::List, &[(Get, "/http")]),
                operation("item-get", OperationKind::Get, &[(Get, "/drive/root")]),
            ],
            ..ApiVersion::default()
        };
        assert_eq!(names_along(&version, 0, 0), ["root_2", "by_id", "get"]);
        assert_eq!(names_along(&version, 1, 0), ["http_2", "list"]);
        // Below the client, `root` is free.
        assert_eq!(names_along(&version, 2, 0), ["drive", "root", "get"]);
    }
}
