//! Enum types: open enums with a catch-all variant that keeps values the docs do not list.

use super::docs::doc_lines;
use super::names::{ident, variant_name, UniqueNames};
use super::text::{gate, string_literal, RustText};
use crate::model::EnumType;

/// The catch-all variant's name.
const CATCH_ALL: &str = "Other";

/// Emits one enum with its string conversions, as text; `cfg` gates each item by area.
pub fn emit_enum(e: &EnumType, rust_name: &str, cfg: Option<&str>) -> String {
    let EnumType {
        name,
        members,
        flags,
        description,
        from_inline_list: _,
        span: _,
    } = e;
    let fallback = format!("The `{}` enumeration.", name.name);
    let mut doc = doc_lines(description.as_deref(), &fallback);
    if *flags {
        doc.push(String::new());
        doc.push(
            " Values of this enumeration combine as a set: see `graph_runtime::edm::Flags`."
                .to_owned(),
        );
    }
    let mut scope = UniqueNames::default();
    scope.reserve(CATCH_ALL);
    let mut variants = Vec::new();
    for member in members {
        let base = variant_name(&member.name).unwrap_or_else(|| "Unnamed".to_owned());
        let base = if base == CATCH_ALL {
            format!("{base}Member")
        } else {
            base
        };
        let variant = ident(&scope.claim(&base)).to_string();
        let wire = string_literal(&member.name);
        let fallback = format!("`{}`", member.name);
        let docs = doc_lines(member.description.as_deref(), &fallback);
        variants.push((variant, wire, docs));
    }
    let ty = ident(rust_name).to_string();
    let mut out = RustText::default();
    out.docs(&doc);
    gate(&mut out, cfg);
    out.line("#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]");
    out.line("#[serde(from = \"String\", into = \"String\")]");
    out.line("#[non_exhaustive]");
    out.open(&format!("pub enum {ty}"));
    for (variant, _, docs) in &variants {
        out.docs(docs);
        out.parts(&[variant, ","]);
    }
    out.line("/// A value the docs do not list, kept exactly as the service sent it.");
    out.line("Other(String),");
    out.close("}");

    gate(&mut out, cfg);
    out.open(&format!("impl {ty}"));
    out.line("/// The text the service uses for this value.");
    out.open("pub fn as_str(&self) -> &str");
    out.open("match self");
    for (variant, wire, _) in &variants {
        out.arm(&format!("Self::{variant}"), wire);
    }
    out.arm("Self::Other(text)", "text");
    out.close("}");
    out.close("}");
    out.close("}");

    gate(&mut out, cfg);
    let this = ["&self".to_owned()];
    out.one_method_impl(
        "impl AsRef<str>",
        &ty,
        "fn as_ref",
        &this,
        "&str",
        "self.as_str()",
    );

    gate(&mut out, cfg);
    out.open_impl("impl From<String>", &ty);
    out.open("fn from(text: String) -> Self");
    // An enum whose page lists no member has only the catch-all.
    if variants.is_empty() {
        out.line("Self::Other(text)");
    } else {
        out.open("match text.as_str()");
        for (variant, wire, _) in &variants {
            out.arm(wire, &format!("Self::{variant}"));
        }
        out.arm("_", "Self::Other(text)");
        out.close("}");
    }
    out.close("}");
    out.close("}");

    gate(&mut out, cfg);
    let text = ["text: &str".to_owned()];
    let from = "Self::from(text.to_owned())";
    out.one_method_impl("impl From<&str>", &ty, "fn from", &text, "Self", from);

    gate(&mut out, cfg);
    out.open_impl(&format!("impl From<{ty}>"), "String");
    out.function("fn from", &[format!("value: {ty}")], "Self");
    out.open("match value");
    out.arm(&format!("{ty}::Other(text)"), "text");
    if !variants.is_empty() {
        out.arm("known", "known.as_str().to_owned()");
    }
    out.close("}");
    out.close("}");
    out.close("}");

    gate(&mut out, cfg);
    let params = [
        "&self".to_owned(),
        "f: &mut std::fmt::Formatter<'_>".to_owned(),
    ];
    let (head, write) = ("impl std::fmt::Display", "f.write_str(self.as_str())");
    out.one_method_impl(head, &ty, "fn fmt", &params, "std::fmt::Result", write);
    out.finish()
}
