//! The optional dispatch: `dispatch::call(client, operation, route, args, ...)` calls any
//! route of any operation through the generated request builders, with the body decoded
//! into the documented body type and the answer decoded into the documented answer type,
//! then encoded back to JSON. `dispatch::ROUTES` lists every route with its canonical
//! template, so a test can match the docs' example URLs against them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::names::{field_name, ident, version_module, UniqueNames};
use super::operations::{content_method, shows_raw_body, BodyArg, OperationSite};
use super::parameters::{OperationParameters, Place, ValueKind};
use super::plan::Plan;
use super::requests::Layout;
use super::routes::{parse_route, render_route, route_variants};
use crate::model::{ApiVersion, Model};

/// Emits the crate-level `dispatch` module: the types the versions' dispatch modules share,
/// and `routes`/`call` that pick a version by name.
pub fn emit_root_dispatch(model: &Model, runtime: &str) -> TokenStream {
    let runtime = ident(runtime);
    let names: Vec<&str> = model.versions.iter().map(|v| v.name.as_str()).collect();
    let modules: Vec<_> = names
        .iter()
        .map(|name| ident(&version_module(name)))
        .collect();
    quote! {
        /// Calls any operation of any version through the request builders by name, for
        /// the conformance tests.
        pub mod dispatch {
            /// A route of an operation.
            #[derive(Clone, Copy, Debug)]
            pub struct RouteInfo {
                /// The operation: its docs page's name.
                pub operation: &'static str,
                /// The route's index among the operation's routes.
                pub route: usize,
                /// The HTTP method.
                pub method: &'static str,
                /// The path with `{param}` where values go (`'{param}'` for quoted ones).
                pub template: &'static str,
                /// The parameters in the order `call` takes their values.
                pub params: &'static [&'static str],
            }

            /// The answer of a dispatched call: the typed result encoded as JSON, or why
            /// the call, the body or the answer failed.
            pub type Reply = std::pin::Pin<Box<
                dyn std::future::Future<Output = Result<serde_json::Value, String>>
                    + std::marker::Send,
            >>;

            /// Every route of API version `version` (`v1.0`, `beta`); empty when unknown.
            pub fn routes(version: &str) -> &'static [RouteInfo] {
                match version {
                    #( #names => super::#modules::dispatch::ROUTES, )*
                    _ => &[],
                }
            }

            /// Calls route `route` of `operation` in `version` over `http`; see each
            /// version's `dispatch::call`.
            #[allow(clippy::too_many_arguments)]
            pub fn call(
                http: &#runtime::http::Client,
                version: &str,
                operation: &str,
                route: usize,
                args: &[&str],
                query: &[(String, String)],
                arguments: &[(String, String)],
                headers: &[(String, String)],
                body: Option<&str>,
            ) -> Option<Reply> {
                match version {
                    #(
                        #names => {
                            let client = super::#modules::Client::new(http.clone());
                            super::#modules::dispatch::call(&client, operation, route, args, query, arguments, headers, body)
                        }
                    )*
                    _ => Option::None,
                }
            }
        }
    }
}

/// Emits the dispatch module of a version.
pub fn emit_dispatch(
    version: &ApiVersion,
    plan: &Plan,
    layout: &Layout,
    runtime: &str,
) -> TokenStream {
    let mut site = OperationSite::new(
        version,
        plan,
        &layout.parameters,
        runtime,
        quote!(super::models),
        quote!(super::requests),
    );
    site.use_body_names(&layout.body_names);
    let runtime = ident(runtime);
    let mut routes = Vec::new();
    let mut arms = Vec::new();
    let mut functions = Vec::new();
    let mut scope = UniqueNames::default();
    let mut uses = Uses::default();
    for (op_index, op) in version.operations.iter().enumerate() {
        let mut cases = Vec::new();
        for (route_index, (base, path)) in route_variants(&op.routes).into_iter().enumerate() {
            let Some(&end) = layout.ends.get(&(op_index, route_index)) else {
                continue;
            };
            let route = &op.routes[base];
            let steps = parse_route(&path);
            let template = render_route(&steps);
            let params: Vec<String> = steps
                .iter()
                .flat_map(|s| s.params().into_iter().map(|(p, _)| p.to_owned()))
                .collect();
            let id = &op.id;
            let method = route.method.as_str();
            let index = Literal::usize_unsuffixed(route_index);
            routes.push(quote! {
                RouteInfo {
                    operation: #id,
                    route: #index,
                    method: #method,
                    template: #template,
                    params: &[#(#params),*],
                }
            });
            let http = route.method;
            let setter = site.parameters(op_index).map(|_| setter_name(op));
            let request = call_chain(layout, end, (op_index, http), &mut site, &mut uses, setter);
            cases.push(quote!(#index => #request,));
        }
        if cases.is_empty() {
            continue;
        }
        if let Some(parameters) = site.parameters(op_index) {
            functions.push(setter_function(op, parameters, &runtime));
        }
        let name = field_name(&op.id).unwrap_or_else(|| "operation".to_owned());
        let function = ident(&scope.claim(&format!("call_{name}")));
        let id = &op.id;
        arms.push(quote!(#id => #function(client, route, &call),));
        functions.push(quote! {
            fn #function(client: &Client, route: usize, call: &Call<'_>) -> Option<Reply> {
                let reply = match route {
                    #(#cases)*
                    _ => return Option::None,
                };
                Option::Some(reply)
            }
        });
    }
    let raw_body = uses.raw_body.then(|| {
        quote! {
            fn raw_body(&self) -> Vec<u8> {
                self.body.unwrap_or_default().as_bytes().to_vec()
            }
        }
    });
    let with_body = uses.json_body.then(|| {
        quote! {
            fn with_body<B, F>(&self, send: F) -> Reply
            where
                B: serde::de::DeserializeOwned,
                F: FnOnce(B) -> Reply,
            {
                match serde_json::from_str::<B>(self.body.unwrap_or("null")) {
                    Result::Ok(body) => send(body),
                    Result::Err(error) => {
                        let message = std::format!("the body does not decode: {error}");
                        Box::pin(async move { Result::Err(message) })
                    }
                }
            }
        }
    });
    // `Call` holds only what the arms use, so that no field or helper is dead.
    let mut fields = Vec::new();
    let mut field_types = Vec::new();
    let mut unused = Vec::new();
    let uses_body = uses.raw_body || uses.json_body;
    let candidates = [
        ("args", uses.args, quote!(&'a [&'a str])),
        ("query", !arms.is_empty(), quote!(&'a [(String, String)])),
        (
            "arguments",
            !arms.is_empty(),
            quote!(&'a [(String, String)]),
        ),
        ("headers", !arms.is_empty(), quote!(&'a [(String, String)])),
        ("body", uses_body, quote!(Option<&'a str>)),
    ];
    for (name, used, ty) in candidates {
        let name = ident(name);
        if used {
            fields.push(quote!(#name));
            field_types.push(quote!(#name: #ty));
        } else {
            unused.push(name);
        }
    }
    let unused = (!unused.is_empty()).then(|| quote!(let _ = (#(#unused,)*);));
    let arg = uses.args.then(|| {
        quote! {
            fn arg(&self, index: usize) -> &str {
                self.args.get(index).copied().unwrap_or_default()
            }
        }
    });
    let send = (!arms.is_empty()).then(|| send_helper(&runtime));
    let taken_alias = (!arms.is_empty()).then(|| {
        quote! {
            /// The lower-case names of the headers, query parameters and function arguments
            /// a call's typed setters handle.
            type Taken = &'static [&'static [&'static str]; 3];
        }
    });
    quote! {
        use super::super::dispatch::{Reply, RouteInfo};
        use super::requests::Client;

        /// Every route of every operation.
        pub const ROUTES: &[RouteInfo] = &[#(#routes),*];

        /// Calls route `route` of `operation` through the request builders. `args` are the
        /// route's parameter values in the order of [`ROUTES`]; `query`, function
        /// `arguments` (as OData literals) and `headers` are set through the typed setters
        /// of the page's parameters where it documents them, else through the builder's
        /// options; `body` is JSON (or raw text for content). `None` when the operation or
        /// route is unknown.
        #[allow(clippy::too_many_arguments)]
        pub fn call(
            client: &Client,
            operation: &str,
            route: usize,
            args: &[&str],
            query: &[(String, String)],
            arguments: &[(String, String)],
            headers: &[(String, String)],
            body: Option<&str>,
        ) -> Option<Reply> {
            #unused
            let call = Call { #(#fields),* };
            match operation {
                #(#arms)*
                _ => Option::None,
            }
        }

        #taken_alias

        /// The values of one dispatched call.
        struct Call<'a> {
            #(#field_types,)*
        }

        impl Call<'_> {
            #arg

            #raw_body

            #with_body

            #send
        }

        #(#functions)*
    }
}

/// `Call::send`, which applies the query options and headers, sends, and encodes the
/// answer as JSON.
fn send_helper(runtime: &proc_macro2::Ident) -> TokenStream {
    quote! {
            fn send<T, P>(&self, request: #runtime::http::Request<T, P>, taken: Taken) -> Reply
            where
                T: #runtime::http::FromResponse + serde::Serialize + std::marker::Send + 'static,
                P: 'static,
            {
                let untaken = |names: &[&str], name: &String| {
                    !names.contains(&name.to_ascii_lowercase().as_str())
                };
                let mut request = request;
                for (name, value) in self.arguments.iter().filter(|(name, _)| untaken(taken[2], name)) {
                    request = request.argument(name.as_str(), value.as_str());
                }
                for (name, value) in self.query.iter().filter(|(name, _)| untaken(taken[1], name)) {
                    request = match name.as_str() {
                        "$select" => request.select([value]),
                        "$expand" => request.expand([value]),
                        "$filter" => request.filter(value.as_str()),
                        "$orderby" => request.orderby([value]),
                        "$search" => request.search(value.as_str()),
                        "$top" => match value.parse() {
                            Result::Ok(top) => request.top(top),
                            Result::Err(_) => request.query(name.as_str(), value.as_str()),
                        },
                        "$skip" => match value.parse() {
                            Result::Ok(skip) => request.skip(skip),
                            Result::Err(_) => request.query(name.as_str(), value.as_str()),
                        },
                        "$count" if value == "true" || value == "false" => request.count(value == "true"),
                        _ => request.query(name.as_str(), value.as_str()),
                    };
                }
                for (name, value) in self.headers.iter().filter(|(name, _)| untaken(taken[0], name)) {
                    request = match name.to_ascii_lowercase().as_str() {
                        "prefer" => request.prefer(value),
                        "if-match" => request.if_match(value),
                        "if-none-match" => request.if_none_match(value),
                        _ => request.header(name, value),
                    };
                }
                Box::pin(async move {
                    let answer = request.send().await.map_err(|error| error.to_string())?;
                    serde_json::to_value(&answer).map_err(|error| error.to_string())
                })
            }
    }
}

/// Which helpers of `Call` the arms use.
#[derive(Default)]
struct Uses {
    args: bool,
    raw_body: bool,
    json_body: bool,
}

/// The expression that builds and sends route `end` of operation `op` through the
/// builders: the navigation chain, then the operation's method with its body.
fn call_chain(
    layout: &Layout,
    end: usize,
    (op, http): (usize, crate::model::HttpMethod),
    site: &mut OperationSite<'_>,
    uses: &mut Uses,
    setter: Option<proc_macro2::Ident>,
) -> TokenStream {
    let mut next_arg = 0usize;
    let mut calls = Vec::new();
    let chain = layout.chain(end);
    for &node in &chain {
        let (method, params) = layout.edge(node);
        let method = ident(method);
        let args: Vec<TokenStream> = params
            .iter()
            .map(|_| {
                let index = Literal::usize_unsuffixed(next_arg);
                next_arg += 1;
                uses.args = true;
                quote!(call.arg(#index))
            })
            .collect();
        calls.push((method, args));
    }
    let collapsed = chain.last().is_some_and(|&n| layout.is_collapsed(n));
    if !collapsed {
        calls.push((ident(layout.op_method(end, op, http)), Vec::new()));
    }
    let (last_method, last_args) = calls.pop().unwrap_or((ident("send"), Vec::new()));
    let path: Vec<TokenStream> = calls
        .iter()
        .map(|(method, args)| quote!(.#method(#(#args),*)))
        .collect();
    // With typed setters, the page's own parameters go through them first.
    let send = |request: TokenStream| match &setter {
        Some(setter) => {
            quote!(call.send(#setter(#request, call), #setter::TAKEN))
        }
        None => quote!(call.send(#request, &[&[], &[], &[]])),
    };
    match site.body(op) {
        BodyArg::None => send(quote!(client #(#path)* .#last_method(#(#last_args),*))),
        BodyArg::Bytes => {
            uses.raw_body = true;
            send(quote! {
                client #(#path)* .#last_method(#(#last_args,)* call.raw_body(), "application/octet-stream")
            })
        }
        BodyArg::Json { owned, .. } => {
            uses.json_body = true;
            let json = send(quote!(client #(#path)* .#last_method(#(#last_args,)* &body)));
            let json = quote!(call.with_body(|body: #owned| #json));
            if !shows_raw_body(&site.version().operations[op]) {
                return json;
            }
            // Raw content goes through the method's raw-content twin.
            uses.raw_body = true;
            let content = ident(&content_method(&last_method.to_string()));
            let raw = send(quote! {
                client #(#path)* .#content(#(#last_args,)* call.raw_body(), "application/octet-stream")
            });
            quote! {
                if call.body.is_none_or(|b| b.trim_start().starts_with(['{', '['])) {
                    #json
                } else {
                    #raw
                }
            }
        }
    }
}

/// The name of the function that applies operation `op`'s typed setters.
fn setter_name(op: &crate::model::Operation) -> proc_macro2::Ident {
    let name = field_name(&op.id).unwrap_or_else(|| "operation".to_owned());
    ident(&format!("set_{name}"))
}

/// A function that passes the call's values of the page's own parameters through their
/// typed setters (a value that does not parse as the documented type is sent as given),
/// with `TAKEN`, the lower-case names it handles.
fn setter_function(
    op: &crate::model::Operation,
    parameters: &OperationParameters,
    runtime: &proc_macro2::Ident,
) -> TokenStream {
    let name = setter_name(op);
    let marker = ident(&parameters.marker);
    let trait_name = ident(&parameters.trait_name);
    let mut taken: [Vec<String>; 3] = Default::default();
    let mut by_place: [Vec<TokenStream>; 3] = Default::default();
    for parameter in &parameters.parameters {
        let lower = parameter.wire.to_lowercase();
        let method = ident(&parameter.method);
        let wire = &parameter.wire;
        let (slot, fallback) = match parameter.place {
            Place::Header => (0, quote!(request.header(#wire, value))),
            Place::Query => (1, quote!(request.query(#wire, value.as_str()))),
            Place::Argument => (2, quote!(request.argument(#wire, value.as_str()))),
        };
        let set = match parameter.kind {
            ValueKind::Bool | ValueKind::Int | ValueKind::Long | ValueKind::Float => quote! {
                match value.parse() {
                    Ok(typed) => request.#method(typed),
                    Err(_) => #fallback,
                }
            },
            // Arguments come as OData literals; the setter quotes text itself.
            ValueKind::Text if parameter.place == Place::Argument => quote! {
                match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
                    Some(text) => request.#method(text.replace("''", "'")),
                    None => #fallback,
                }
            },
            ValueKind::Text | ValueKind::Display => quote!(request.#method(value)),
        };
        by_place[slot].push(quote!(#lower => #set,));
        taken[slot].push(lower);
    }
    let [headers, query, arguments] = taken;
    let loops = [
        quote!(call.headers),
        quote!(call.query),
        quote!(call.arguments),
    ]
    .into_iter()
    .zip(by_place)
    .filter(|(_, arms)| !arms.is_empty())
    .map(|(source, arms)| {
        quote! {
            for (name, value) in #source {
                request = match name.to_ascii_lowercase().as_str() {
                    #(#arms)*
                    _ => request,
                };
            }
        }
    });
    let request = quote!(#runtime::http::Request<T, super::requests::parameters::#marker>);
    quote! {
        #[allow(non_snake_case)]
        mod #name {
            pub const TAKEN: super::Taken = &[&[#(#headers),*], &[#(#query),*], &[#(#arguments),*]];
        }

        fn #name<T>(request: #request, call: &Call<'_>) -> #request {
            use super::requests::parameters::#trait_name as _;
            let mut request = request;
            #(#loops)*
            request
        }
    }
}
