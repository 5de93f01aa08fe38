//! Polymorphic enums: for a struct with derived types, `AnyX` holds either the struct or
//! one of its derived types, chosen by the payload's `@odata.type`. An unknown or missing
//! discriminator falls back to the struct itself, which keeps every member.

use super::docs::doc_lines;
use super::names::{ident, UniqueNames};
use super::plan::Plan;
use super::text::{flat, gate, string_literal, RustText};
use crate::model::{QualifiedName, StructType};

/// One derived type as a variant of `AnyX`.
struct Variant {
    name: String,
    path: String,
    /// The lower-cased `@odata.type` it is read by, as a literal.
    tag: String,
    /// The `@odata.type` it is written with, as a literal.
    wire_tag: String,
    /// Its area gate, when areas are gated.
    cfg: Option<String>,
    /// Its doc line.
    doc: String,
}

/// Emits `AnyX` for the struct `s`, which has derived types, as text; `cfg` gates each
/// item by the struct's areas.
pub fn emit_any(s: &StructType, plan: &Plan, runtime: &str, cfg: Option<&str>) -> String {
    let location = &plan.locations[&s.name];
    let from = &location.namespace_module;
    let any = ident(&plan.any_names[&s.name]).to_string();
    let runtime = ident(runtime).to_string();
    let base = ident(&location.rust_name).to_string();
    let base_path = flat(&plan.path_from(from, &s.name));

    let mut scope = UniqueNames::default();
    scope.reserve(&location.rust_name);
    let derived: &[QualifiedName] = plan.descendants.get(&s.name).map_or(&[], Vec::as_slice);
    let variants: Vec<Variant> = derived
        .iter()
        .filter(|n| plan.locations.contains_key(*n))
        .map(|name| Variant {
            name: ident(&scope.claim(&plan.locations[name].rust_name)).to_string(),
            path: flat(&plan.path_from(from, name)),
            tag: string_literal(&name.to_string().to_ascii_lowercase()),
            wire_tag: string_literal(&format!("#{name}")),
            // With area features, a variant exists only when its type is compiled.
            cfg: plan.cfg_attr(name).map(|attr| flat(&attr)),
            doc: format!(" `@odata.type` `#{name}`."),
        })
        .collect();
    let doc = format!(
        "Either a `{}` or one of its derived types, told apart by `@odata.type` when read.",
        s.name.name
    );
    let mut out = RustText::default();
    out.docs(&doc_lines(Some(&doc), ""));
    out.line("///");
    out.line("/// A payload whose `@odata.type` names no generated type is read as the base type,");
    out.line("/// which keeps every member; a derived value is written with its `@odata.type`.");
    out.line("/// Newer docs add derived types, so code outside this crate keeps a `_` arm.");
    gate(&mut out, cfg);
    out.line("#[derive(Clone, Debug, PartialEq)]");
    out.line("#[non_exhaustive]");
    out.open(&format!("pub enum {any}"));
    out.line("/// The base type itself, or a derived type the docs do not describe.");
    tuple_variant(&mut out, &base, &base_path);
    for variant in &variants {
        gate(&mut out, variant.cfg.as_deref());
        out.docs(std::slice::from_ref(&variant.doc));
        tuple_variant(&mut out, &variant.name, &variant.path);
    }
    out.close("}");

    gate(&mut out, cfg);
    let default = format!("Self::{base}(Default::default())");
    out.one_method_impl("impl Default", &any, "fn default", &[], "Self", &default);

    gate(&mut out, cfg);
    out.open_impl("impl serde::Serialize", &any);
    out.open_where(
        "fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>",
        "S: serde::Serializer",
    );
    out.open("match self");
    let call = "serde::Serialize::serialize(&**value, serializer)";
    arm(&mut out, &format!("Self::{base}(value)"), call, false);
    for variant in &variants {
        gate(&mut out, variant.cfg.as_deref());
        let call = format!(
            "{runtime}::odata::serialize_tagged(&**value, {}, serializer)",
            variant.wire_tag
        );
        arm(
            &mut out,
            &format!("Self::{}(value)", variant.name),
            &call,
            true,
        );
    }
    out.close("}");
    out.close("}");
    out.close("}");

    gate(&mut out, cfg);
    out.open_impl("impl<'de> serde::Deserialize<'de>", &any);
    out.open_where(
        "fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>",
        "D: serde::Deserializer<'de>",
    );
    out.line("let value = <serde_json::Value as serde::Deserialize>::deserialize(");
    out.line("    deserializer,");
    out.line(")?;");
    let tag = format!("let decoded = match {runtime}::odata::type_tag(");
    if out.fits(&[&tag, "&value).as_deref() {"]) {
        out.parts(&[&tag, "&value).as_deref() {"]);
    } else {
        // prettyplease's layout of a scrutinee too wide for its line.
        out.line(&tag);
        out.line("        &value,");
        out.line("    )");
        out.line("    .as_deref()");
        out.line("{");
    }
    out.indent_in();
    for variant in &variants {
        gate(&mut out, variant.cfg.as_deref());
        let pattern = format!("Option::Some({})", variant.tag);
        decode_arm(&mut out, &pattern, &variant.name, true);
    }
    decode_arm(&mut out, "_", &base, false);
    out.close("};");
    out.line("decoded.map_err(serde::de::Error::custom)");
    out.close("}");
    out.close("}");

    for (name, path, variant_cfg) in std::iter::once((&base, &base_path, None)).chain(
        variants
            .iter()
            .map(|v| (&v.name, &v.path, v.cfg.as_deref())),
    ) {
        gate(&mut out, cfg);
        gate(&mut out, variant_cfg);
        let (head, value) = (format!("impl From<{path}>"), [format!("value: {path}")]);
        let boxed = format!("Self::{name}(Box::new(value))");
        out.one_method_impl(&head, &any, "fn from", &value, "Self", &boxed);
    }
    out.finish()
}

/// `pattern => call,`; as a block when `block` (the arm was written with braces) or when
/// the arm is too wide, with the call's arguments one per line when it is too wide too.
fn arm(out: &mut RustText, pattern: &str, call: &str, block: bool) {
    if !block {
        out.arm(pattern, call);
        return;
    }
    out.open_arm(pattern);
    out.call(call, "");
    out.close("}");
}

/// `Name(Box<path>),`, the field on a line of its own when too wide.
fn tuple_variant(out: &mut RustText, name: &str, path: &str) {
    let field = format!("Box<{path}>");
    if out.fits(&[name, "(", &field, "),"]) {
        out.parts(&[name, "(", &field, "),"]);
    } else {
        out.parts(&[name, "("]);
        out.indent_in();
        out.typed("", &field, ",");
        out.indent_out();
        out.line("),");
    }
}

/// `pattern => serde_json::from_value(value).map(|v| Self::Variant(Box::new(v))),`, laid
/// out as [`arm`] lays out its call, the chain broken before `.map` when too wide.
fn decode_arm(out: &mut RustText, pattern: &str, variant: &str, block: bool) {
    let map = format!(".map(|v| Self::{variant}(Box::new(v)))");
    let expr = ["serde_json::from_value(value)", map.as_str()];
    if !block && out.fits(&[pattern, " => ", expr[0], expr[1]]) {
        out.parts(&[pattern, " => ", expr[0], expr[1], ","]);
        return;
    }
    out.open_arm(pattern);
    if out.fits(&expr) {
        out.parts(&expr);
    } else {
        out.line(expr[0]);
        out.indent_in();
        if out.fits(&[&map]) {
            out.line(&map);
        } else {
            out.parts(&[".map(|v| Self::", variant, "("]);
            out.line("    Box::new(v),");
            out.line("))");
        }
        out.indent_out();
    }
    out.close("}");
}
