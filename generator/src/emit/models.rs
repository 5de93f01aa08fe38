//! Entity and complex types: one struct per type, with every property (inherited ones
//! included) optional, renamed to its JSON name, and a catch-all for members the docs do
//! not list.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, paragraph_lines, rustdoc_safe};
use super::names::{field_name, ident, UniqueNames};
use super::objects::{object_impls, ObjectMember};
use super::plan::{all_properties, Plan};
use super::text::{flat, gate, string_literal, RustText};
use crate::diag::{DiagKind, Diagnostics};
use crate::model::{ApiVersion, Primitive, Property, StructKind, StructType, TypeRef};

/// The catch-all field's preferred name.
const CATCH_ALL: &str = "additional_data";
/// The discriminator every struct carries.
const ODATA_TYPE_FIELD: &str = "odata_type";
const ODATA_TYPE_KEY: &str = "@odata.type";
/// The entity tag every entity carries.
const ETAG_FIELD: &str = "etag";
const ETAG_KEY: &str = "@odata.etag";

/// Emits one struct and its inherent methods as text; `cfg` is the `#[cfg]` line that
/// gates each item by area, if any.
pub fn emit_struct(
    version: &ApiVersion,
    s: &StructType,
    plan: &Plan,
    runtime: &str,
    cfg: Option<&str>,
    diags: &mut Diagnostics,
) -> String {
    let StructType {
        name,
        kind,
        base,
        derived: _,
        is_abstract,
        is_open: _,
        key: _,
        properties: _,
        description: _,
        span: _,
    } = s;
    let location = &plan.locations[name];
    let from = &location.namespace_module;
    let mut scope = UniqueNames::default();
    // The fields every model has keep their names; a property that would take one is
    // renamed instead (`additionalData` becomes `additional_data_2`).
    scope.reserve(ODATA_TYPE_FIELD);
    scope.reserve(CATCH_ALL);
    let is_entity = *kind == StructKind::Entity;
    if is_entity {
        scope.reserve(ETAG_FIELD);
    }
    let mut fields = Vec::new();
    let mut members = vec![ObjectMember::new(
        ODATA_TYPE_KEY,
        ODATA_TYPE_FIELD,
        None,
        false,
    )];
    if is_entity {
        members.push(ObjectMember::new(ETAG_KEY, ETAG_FIELD, None, false));
    }
    let site = FieldSite {
        version,
        plan,
        from,
        runtime,
    };
    for (owner, property) in all_properties(version, s) {
        if property.name == ODATA_TYPE_KEY || (is_entity && property.name == ETAG_KEY) {
            continue;
        }
        let Some(field) = field_name(&property.name) else {
            let message = format!(
                "the property name `{}` of `{}` has no letters or digits; it is left out",
                property.name, owner.name.name
            );
            diags.push(DiagKind::BadPropertyName, property.span.clone(), message);
            continue;
        };
        let field = scope.claim(&field);
        let boxed = plan
            .boxed
            .contains(&(s.name.clone(), property.name.clone()));
        let inherited_from = (owner.name != s.name).then_some(owner.name.name.as_str());
        let (field, member) = emit_field(property, &field, boxed, inherited_from, &site);
        fields.push(field);
        members.push(member);
    }

    let ty = ident(&location.rust_name).to_string();
    let runtime = ident(runtime).to_string();
    // A derived type writes its `@odata.type` from the start, so the service knows what
    // it receives; a value read from a payload keeps whatever the payload said.
    let tagged = base.is_some() && !*is_abstract;
    let mut out = RustText::default();
    out.docs(&struct_doc(s));
    gate(&mut out, cfg);
    if tagged {
        out.line("#[derive(Clone, Debug, PartialEq)]");
    } else {
        out.line("#[derive(Clone, Debug, Default, PartialEq)]");
    }
    out.open(&format!("pub struct {ty}"));
    out.line("/// The `@odata.type` discriminator, as sent or to be sent.");
    out.line("pub odata_type: Option<String>,");
    if is_entity {
        out.line("/// The entity tag (`@odata.etag`) the service sent with this entity, for");
        out.line("/// `If-Match` on a later update.");
        out.line("pub etag: Option<String>,");
    }
    for field in &fields {
        out.docs(&field.docs);
        out.typed(
            &format!("pub {}: ", field.name),
            &format!("Option<{}>", field.ty),
            ",",
        );
    }
    out.line("/// Members no field above holds, kept so that a read-modify-write loses nothing:");
    out.line("/// members the docs do not list (instance annotations, newer properties), and");
    out.line("/// members sent as `null` (their field reads `None`). An entry is not written");
    out.line("/// when its field holds a value; inserting `null` clears a property in an update.");
    out.line("pub additional_data: std::collections::BTreeMap<String, serde_json::Value>,");
    out.close("}");

    if tagged {
        gate(&mut out, cfg);
        out.open_impl("impl Default", &ty);
        out.open("fn default() -> Self");
        out.open("Self");
        out.line("odata_type: Option::Some(Self::ODATA_TYPE.to_owned()),");
        if is_entity {
            out.line("etag: Option::None,");
        }
        for field in &fields {
            out.parts(&[&field.name, ": Option::None,"]);
        }
        out.line("additional_data: std::collections::BTreeMap::new(),");
        out.close("}");
        out.close("}");
        out.close("}");
    }
    // A payload without `@odata.type` must not gain the tag a new value starts with.
    let empty: &[&str] = if tagged {
        &[
            "Self {",
            "    odata_type: Option::None,",
            "    ..Self::default()",
            "}",
        ]
    } else {
        &["Self::default()"]
    };
    object_impls(&mut out, &ty, &members, empty, &runtime, cfg);

    gate(&mut out, cfg);
    out.open(&format!("impl {ty}"));
    out.line("/// The `@odata.type` of this type.");
    let tag = string_literal(&format!("#{name}"));
    out.parts(&["pub const ODATA_TYPE: &'static str = ", &tag, ";"]);
    out.close("}");
    out.finish()
}

fn struct_doc(s: &StructType) -> Vec<String> {
    let name = &s.name;
    let mut paragraphs = vec![s
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` type.", name.name))];
    if let Some(base) = &s.base {
        paragraphs.push(format!("Inherits the properties of `{}`.", base.name));
    }
    if s.is_abstract {
        paragraphs.push(
            "The docs mark this type abstract: the service sends one of its derived types.".into(),
        );
    }
    if !s.derived.is_empty() {
        let names: Vec<String> = s.derived.iter().map(|d| format!("`{}`", d.name)).collect();
        paragraphs.push(format!("Derived types: {}.", names.join(", ")));
    }
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| rustdoc_safe(p)).collect();
    paragraph_lines(&paragraphs)
}

/// A struct field as written: its doc lines, name and type (inside the `Option`).
struct Field {
    docs: Vec<String>,
    name: String,
    ty: String,
}

/// What a field's type is resolved against.
pub struct FieldSite<'a> {
    /// The version being emitted.
    pub version: &'a ApiVersion,
    /// Its names and layout.
    pub plan: &'a Plan,
    /// The namespace module of the file being written.
    pub from: &'a Option<String>,
    /// The runtime crate's name.
    pub runtime: &'a str,
}

fn emit_field(
    property: &Property,
    field: &str,
    boxed: bool,
    inherited_from: Option<&str>,
    site: &FieldSite<'_>,
) -> (Field, ObjectMember) {
    let mut docs = doc_lines(
        property.description.as_deref(),
        &format!("`{}`", property.name),
    );
    if matches!(
        property.ty,
        TypeRef::Primitive(Primitive::Binary | Primitive::Stream)
    ) {
        docs.push(String::new());
        docs.push(
            " Holds the raw bytes (`Binary::bytes`): serde decodes the base64 text once on \
             read and encodes once on write."
                .to_owned(),
        );
    }
    if let Some(owner) = inherited_from {
        docs.push(String::new());
        docs.push(format!(" Inherited from `{owner}`."));
    }
    let (inner, with) = rust_type(&property.ty, site);
    let inner = if boxed && !property.collection {
        quote!(Box<#inner>)
    } else {
        inner
    };
    let ty = if property.collection {
        quote!(Vec<#inner>)
    } else {
        inner
    };
    let name = ident(field).to_string();
    let member = ObjectMember::new(&property.name, &name, with, property.collection);
    let field = Field {
        docs,
        name,
        ty: flat(&ty),
    };
    (field, member)
}

/// The Rust type of a single value, and the `wire` module that reads and writes it when
/// serde's own handling is not lenient enough.
pub fn rust_type(ty: &TypeRef, site: &FieldSite<'_>) -> (TokenStream, Option<&'static str>) {
    let runtime = ident(site.runtime);
    let runtime = quote!(#runtime);
    match ty {
        TypeRef::Primitive(p) => primitive_type(*p, &runtime),
        TypeRef::Struct(name) => (site.plan.value_path_from(site.from, name), None),
        TypeRef::Enum(name) => {
            let path = site.plan.path_from(site.from, name);
            let flags = site.version.enums.get(name).is_some_and(|e| e.flags);
            if flags {
                (quote!(#runtime::edm::Flags<#path>), None)
            } else {
                (path, None)
            }
        }
        TypeRef::Json => (quote!(serde_json::Value), None),
    }
}

fn primitive_type(p: Primitive, runtime: &TokenStream) -> (TokenStream, Option<&'static str>) {
    match p {
        Primitive::String => (quote!(String), None),
        Primitive::Boolean => (quote!(bool), None),
        Primitive::Byte => (quote!(u8), None),
        Primitive::SByte => (quote!(i8), None),
        Primitive::Int16 => (quote!(i16), None),
        Primitive::Int32 => (quote!(i32), None),
        Primitive::Int64 => (quote!(i64), Some("int64")),
        Primitive::Single => (quote!(f32), Some("single")),
        Primitive::Double => (quote!(f64), Some("double")),
        Primitive::Decimal => (quote!(#runtime::edm::Decimal), None),
        Primitive::DateTimeOffset => (quote!(#runtime::edm::DateTimeOffset), None),
        Primitive::Date => (quote!(#runtime::edm::Date), None),
        Primitive::TimeOfDay => (quote!(#runtime::edm::TimeOfDay), None),
        Primitive::Duration => (quote!(#runtime::edm::Duration), None),
        Primitive::Guid => (quote!(#runtime::edm::Guid), None),
        // Not `Vec<u8>`: text that is not base64 is kept, as for the other edm types.
        Primitive::Binary | Primitive::Stream => (quote!(#runtime::edm::Binary), None),
    }
}
