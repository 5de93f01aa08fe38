//! The serde impls of generated structs: each reads and writes a JSON object member by
//! member through the runtime's `wire::Object`, so a member sent as `null` and a member the
//! docs do not list both survive a read and a write.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// One typed field as a member of the JSON object.
pub struct ObjectMember {
    /// The member's JSON name.
    pub wire: String,
    /// The struct field that holds it.
    pub field: Ident,
    /// The runtime codec (`Int64`, `Double`, `Single`) for primitives whose wire forms
    /// serde does not read on its own.
    pub codec: Option<&'static str>,
    /// Whether the field holds a list.
    pub collection: bool,
}

impl ObjectMember {
    /// The member `wire` in `field`; `module` is the `wire` module name the type mapping
    /// gave for its primitive (`int64`, `single`, `double`), if any.
    pub fn new(wire: &str, field: &Ident, module: Option<&str>, collection: bool) -> Self {
        let codec = module.map(|module| match module {
            "int64" => "Int64",
            "single" => "Single",
            _ => "Double",
        });
        ObjectMember {
            wire: wire.to_owned(),
            field: field.clone(),
            codec,
            collection,
        }
    }
}

/// The `Object`, `Deserialize` and `Serialize` impls of struct `ty`.
///
/// `empty` builds the value a payload is read into; `catch_all` is the map field that
/// keeps the other members.
pub fn object_impls(
    ty: &Ident,
    members: &[ObjectMember],
    catch_all: &Ident,
    empty: TokenStream,
    runtime: &Ident,
) -> TokenStream {
    let wire = quote!(#runtime::wire);
    let mut seen = std::collections::BTreeSet::new();
    // A name listed twice reads into its first field, as a second match arm could not.
    let members: Vec<&ObjectMember> = members
        .iter()
        .filter(|m| seen.insert(m.wire.as_str()))
        .collect();
    let names: Vec<&str> = members.iter().map(|m| m.wire.as_str()).collect();
    let fields: Vec<&Ident> = members.iter().map(|m| &m.field).collect();
    let (reads, writes): (Vec<TokenStream>, Vec<TokenStream>) = members
        .iter()
        .map(|m| match (m.codec, m.collection) {
            (None, _) => (quote!(read), quote!(write)),
            (Some(codec), false) => {
                let codec = quote::format_ident!("{codec}");
                (
                    quote!(read_via::<#wire::#codec>),
                    quote!(write_via::<#wire::#codec>),
                )
            }
            (Some(codec), true) => {
                let codec = quote::format_ident!("{codec}");
                (
                    quote!(read_list_via::<#wire::#codec>),
                    quote!(write_list_via::<#wire::#codec>),
                )
            }
        })
        .unzip();
    let map = quote!(std::collections::BTreeMap<String, serde_json::Value>);
    // A struct without typed fields would leave these parameters unused.
    let (value, members_arg) = if members.is_empty() {
        (quote!(_value), quote!(_members))
    } else {
        (quote!(value), quote!(members))
    };
    quote! {
        impl #wire::Object for #ty {
            fn empty() -> Self {
                #empty
            }

            fn other_members(&self) -> &#map {
                &self.#catch_all
            }

            fn other_members_mut(&mut self) -> &mut #map {
                &mut self.#catch_all
            }

            fn read_member<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                name: &str,
                #value: #wire::MemberValue<'_, A>,
            ) -> Result<#wire::Found, A::Error> {
                match name {
                    #( #names => value.#reads(&mut self.#fields), )*
                    _ => Ok(#wire::Found::Unknown),
                }
            }

            fn write_members<M: serde::ser::SerializeMap>(
                &self,
                #members_arg: &mut #wire::Members<M>,
            ) -> Result<(), M::Error> {
                #( members.#writes(#names, &self.#fields)?; )*
                Ok(())
            }
        }

        impl<'de> serde::Deserialize<'de> for #ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #wire::read_object(deserializer)
            }
        }

        impl serde::Serialize for #ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #wire::write_object(self, serializer)
            }
        }
    }
}
