//! The optional registry: `roundtrip(type_name, json)` decodes JSON into the generated type
//! that a docs name (`microsoft.graph.user`) stands for and encodes it back. Tests use it
//! to run the docs' examples through the real generated types.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{ident, version_module};
use super::plan::Plan;
use crate::model::{ApiVersion, Model};

/// Emits the crate-level `roundtrip(version, type_name, json)`, which picks the version.
pub fn emit_root_registry(model: &Model) -> TokenStream {
    let names: Vec<&str> = model.versions.iter().map(|v| v.name.as_str()).collect();
    let modules = names.iter().map(|name| ident(&version_module(name)));
    quote! {
        /// Decodes `json` as the type `type_name` of API version `version` (`v1.0`, `beta`)
        /// and encodes it back; `None` when the version or the type is unknown.
        pub fn roundtrip(
            version: &str,
            type_name: &str,
            json: &str,
        ) -> Option<Result<serde_json::Value, String>> {
            match version {
                #( #names => #modules::registry::roundtrip(type_name, json), )*
                _ => Option::None,
            }
        }
    }
}

/// Emits the registry module of a version.
pub fn emit_registry(version: &ApiVersion, plan: &Plan) -> TokenStream {
    let mut keys = Vec::new();
    let mut paths = Vec::new();
    for (name, location) in &plan.locations {
        let is_known = version.structs.contains_key(name) || version.enums.contains_key(name);
        if !is_known {
            continue;
        }
        keys.push(name.to_string().to_lowercase());
        // Types with derived types decode through their polymorphic enum.
        let rust_name = plan.any_names.get(name).unwrap_or(&location.rust_name);
        let ty = ident(rust_name);
        paths.push(match &location.namespace_module {
            None => quote!(super::models::#ty),
            Some(module) => {
                let module = ident(module);
                quote!(super::models::#module::#ty)
            }
        });
    }
    quote! {
        /// Decodes `json` as the type named `type_name` (`microsoft.graph.user`, with or
        /// without `#`, any case) and encodes the result back to JSON. `None` when no
        /// generated type has that name.
        pub fn roundtrip(
            type_name: &str,
            json: &str,
        ) -> Option<Result<serde_json::Value, String>> {
            let key = type_name.trim().trim_start_matches('#').to_ascii_lowercase();
            let result = match key.as_str() {
                #( #keys => through::<#paths>(json), )*
                _ => return Option::None,
            };
            Option::Some(result)
        }

        fn through<T>(json: &str) -> Result<serde_json::Value, String>
        where
            T: serde::de::DeserializeOwned + serde::Serialize,
        {
            let value: T = serde_json::from_str(json).map_err(|err| err.to_string())?;
            serde_json::to_value(&value).map_err(|err| err.to_string())
        }
    }
}
