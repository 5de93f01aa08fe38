//! Enum types: open enums with a catch-all variant that keeps values the docs do not list.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::names::{ident, variant_name, UniqueNames};
use crate::model::EnumType;

/// The catch-all variant's name.
const CATCH_ALL: &str = "Other";

/// Emits one enum with its string conversions.
pub fn emit_enum(e: &EnumType, rust_name: &str) -> TokenStream {
    let EnumType {
        name,
        members,
        flags,
        description,
        from_inline_list: _,
        span: _,
    } = e;
    let fallback = format!("The `{}` enumeration.", name.name);
    let mut doc = doc_attrs(description.as_deref(), &fallback);
    if *flags {
        let note = " Values of this enumeration combine as a set: see `graph_runtime::edm::Flags`.";
        doc.extend(quote!(#[doc = ""] #[doc = #note]));
    }
    let mut scope = UniqueNames::default();
    scope.reserve(CATCH_ALL);
    let mut variants = Vec::new();
    let mut wires = Vec::new();
    let mut docs = Vec::new();
    for member in members {
        let base = variant_name(&member.name).unwrap_or_else(|| "Unnamed".to_owned());
        let base = if base == CATCH_ALL {
            format!("{base}Member")
        } else {
            base
        };
        variants.push(ident(&scope.claim(&base)));
        wires.push(member.name.clone());
        let fallback = format!("`{}`", member.name);
        docs.push(doc_attrs(member.description.as_deref(), &fallback));
    }
    let ty = ident(rust_name);
    let other = ident(CATCH_ALL);
    // An enum whose page lists no member has only the catch-all, which this arm would repeat.
    let known_arm = (!variants.is_empty()).then(|| quote!(known => known.as_str().to_owned(),));
    let from_text = if variants.is_empty() {
        quote!(Self::#other(text))
    } else {
        quote! {
            match text.as_str() {
                #( #wires => Self::#variants, )*
                _ => Self::#other(text),
            }
        }
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        #[non_exhaustive]
        pub enum #ty {
            #( #docs #variants, )*
            /// A value the docs do not list, kept exactly as the service sent it.
            #other(String),
        }

        impl #ty {
            /// The text the service uses for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#other(text) => text,
                }
            }
        }

        impl AsRef<str> for #ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl From<String> for #ty {
            fn from(text: String) -> Self {
                #from_text
            }
        }

        impl From<&str> for #ty {
            fn from(text: &str) -> Self {
                Self::from(text.to_owned())
            }
        }

        impl From<#ty> for String {
            fn from(value: #ty) -> Self {
                match value {
                    #ty::#other(text) => text,
                    #known_arm
                }
            }
        }

        impl std::fmt::Display for #ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
