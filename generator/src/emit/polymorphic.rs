//! Polymorphic enums: for a struct with derived types, `AnyX` holds either the struct or
//! one of its derived types, chosen by the payload's `@odata.type`. An unknown or missing
//! discriminator falls back to the struct itself, which keeps every member.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{ident, UniqueNames};
use super::plan::Plan;
use crate::model::{QualifiedName, StructType};

/// Emits `AnyX` for the struct `s`, which has derived types.
pub fn emit_any(s: &StructType, plan: &Plan, runtime: &str) -> TokenStream {
    let location = &plan.locations[&s.name];
    let from = &location.namespace_module;
    let any = ident(&plan.any_names[&s.name]);
    let runtime = ident(runtime);
    let base_variant = ident(&location.rust_name);
    let base_path = plan.path_from(from, &s.name);

    let mut scope = UniqueNames::default();
    scope.reserve(&location.rust_name);
    let derived: &[QualifiedName] = plan.descendants.get(&s.name).map_or(&[], Vec::as_slice);
    let mut variants = Vec::new();
    let mut paths = Vec::new();
    let mut tags = Vec::new();
    let mut wire_tags = Vec::new();
    let mut variant_docs = Vec::new();
    let mut cfgs = Vec::new();
    for name in derived.iter().filter(|n| plan.locations.contains_key(*n)) {
        // With area features, a variant exists only when its type is compiled.
        cfgs.push(plan.cfg_attr(name).unwrap_or_default());
        variants.push(ident(&scope.claim(&plan.locations[name].rust_name)));
        paths.push(plan.path_from(from, name));
        tags.push(name.to_string().to_ascii_lowercase());
        wire_tags.push(format!("#{name}"));
        variant_docs.push(format!(" `@odata.type` `#{name}`."));
    }
    let doc = format!(
        "Either a `{}` or one of its derived types, told apart by `@odata.type` when read.",
        s.name.name
    );
    let doc = super::docs::doc_attrs(Some(&doc), "");
    quote! {
        #doc
        ///
        /// A payload whose `@odata.type` names no generated type is read as the base type,
        /// which keeps every member; a derived value is written with its `@odata.type`.
        /// Newer docs add derived types, so code outside this crate keeps a `_` arm.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #any {
            /// The base type itself, or a derived type the docs do not describe.
            #base_variant(Box<#base_path>),
            #( #cfgs #[doc = #variant_docs] #variants(Box<#paths>), )*
        }

        impl Default for #any {
            fn default() -> Self {
                Self::#base_variant(Default::default())
            }
        }

        impl serde::Serialize for #any {
            fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
            where
                S: serde::Serializer,
            {
                match self {
                    Self::#base_variant(value) => serde::Serialize::serialize(&**value, serializer),
                    #( #cfgs Self::#variants(value) => {
                        #runtime::odata::serialize_tagged(&**value, #wire_tags, serializer)
                    } )*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #any {
            fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let decoded = match #runtime::odata::type_tag(&value).as_deref() {
                    #( #cfgs Option::Some(#tags) => {
                        serde_json::from_value(value).map(|v| Self::#variants(Box::new(v)))
                    } )*
                    _ => serde_json::from_value(value).map(|v| Self::#base_variant(Box::new(v))),
                };
                decoded.map_err(serde::de::Error::custom)
            }
        }

        impl From<#base_path> for #any {
            fn from(value: #base_path) -> Self {
                Self::#base_variant(Box::new(value))
            }
        }

        #( #cfgs impl From<#paths> for #any {
            fn from(value: #paths) -> Self {
                Self::#variants(Box::new(value))
            }
        } )*
    }
}
