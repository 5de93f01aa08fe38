//! The serde impls of generated structs: each reads and writes a JSON object member by
//! member through the runtime's `wire::Object`, so a member sent as `null` and a member the
//! docs do not list both survive a read and a write.

use super::text::{gate, string_literal, RustText};

/// One typed field as a member of the JSON object.
pub struct ObjectMember {
    /// The member's JSON name.
    pub wire: String,
    /// The struct field that holds it, as written (`r#type` for a keyword).
    pub field: String,
    /// The runtime codec (`Int64`, `Double`, `Single`) for primitives whose wire forms
    /// serde does not read on its own.
    pub codec: Option<&'static str>,
    /// Whether the field holds a list.
    pub collection: bool,
}

impl ObjectMember {
    /// The member `wire` in `field`; `module` is the `wire` module name the type mapping
    /// gave for its primitive (`int64`, `single`, `double`), if any.
    pub fn new(wire: &str, field: &str, module: Option<&str>, collection: bool) -> Self {
        let codec = module.map(|module| match module {
            "int64" => "Int64",
            "single" => "Single",
            _ => "Double",
        });
        ObjectMember {
            wire: wire.to_owned(),
            field: field.to_owned(),
            codec,
            collection,
        }
    }
}

/// Writes the `Object`, `Deserialize` and `Serialize` impls of struct `ty`.
///
/// `empty` is the lines of the expression that builds the value a payload is read into;
/// the catch-all map field is `additional_data`.
pub fn object_impls(
    out: &mut RustText,
    ty: &str,
    members: &[ObjectMember],
    empty: &[&str],
    runtime: &str,
    cfg: Option<&str>,
) {
    let wire = format!("{runtime}::wire");
    let mut seen = std::collections::BTreeSet::new();
    // A name listed twice reads into its first field, as a second match arm could not.
    let members: Vec<&ObjectMember> = members
        .iter()
        .filter(|m| seen.insert(m.wire.as_str()))
        .collect();
    let map = "std::collections::BTreeMap<String, serde_json::Value>";
    // A struct without typed fields would leave these parameters unused.
    let (value, members_arg) = if members.is_empty() {
        ("_value", "_members")
    } else {
        ("value", "members")
    };
    gate(out, cfg);
    out.open_impl(&format!("impl {wire}::Object"), ty);
    out.open("fn empty() -> Self");
    for line in empty {
        out.line(line);
    }
    out.close("}");
    out.open(&format!("fn other_members(&self) -> &{map}"));
    out.line("&self.additional_data");
    out.close("}");
    out.function(
        "fn other_members_mut",
        &["&mut self".into()],
        &format!("&mut {map}"),
    );
    out.line("&mut self.additional_data");
    out.close("}");
    let params = [
        "&mut self".to_owned(),
        "name: &str".to_owned(),
        format!("{value}: {wire}::MemberValue<'_, A>"),
    ];
    let found = format!("Result<{wire}::Found, A::Error>");
    out.function(
        "fn read_member<'de, A: serde::de::MapAccess<'de>>",
        &params,
        &found,
    );
    out.open("match name");
    for member in &members {
        read_arm(out, member, &wire);
    }
    out.arm("_", &format!("Ok({wire}::Found::Unknown)"));
    out.close("}");
    out.close("}");
    let params = [
        "&self".to_owned(),
        format!("{members_arg}: &mut {wire}::Members<M>"),
    ];
    let head = "fn write_members<M: serde::ser::SerializeMap>";
    out.function(head, &params, "Result<(), M::Error>");
    for member in &members {
        write_statement(out, member, &wire);
    }
    out.line("Ok(())");
    out.close("}");
    out.close("}");

    gate(out, cfg);
    let head = "fn deserialize<D: serde::Deserializer<'de>>";
    let read = format!("{wire}::read_object(deserializer)");
    let params = ["deserializer: D".to_owned()];
    let ret = "Result<Self, D::Error>";
    out.one_method_impl(
        "impl<'de> serde::Deserialize<'de>",
        ty,
        head,
        &params,
        ret,
        &read,
    );

    gate(out, cfg);
    let head = "fn serialize<S: serde::Serializer>";
    let write = format!("{wire}::write_object(self, serializer)");
    let params = ["&self".to_owned(), "serializer: S".to_owned()];
    let ret = "Result<S::Ok, S::Error>";
    out.one_method_impl("impl serde::Serialize", ty, head, &params, ret, &write);
}

/// The method that reads or writes `member` (`read`, `write_list_via`...), and the codec
/// type it takes, if any.
fn accessor(member: &ObjectMember, verb: &str, wire: &str) -> (String, Option<String>) {
    match (member.codec, member.collection) {
        (None, _) => (verb.to_owned(), None),
        (Some(codec), false) => (format!("{verb}_via"), Some(format!("{wire}::{codec}"))),
        (Some(codec), true) => (format!("{verb}_list_via"), Some(format!("{wire}::{codec}"))),
    }
}

/// `"name" => value.read(&mut self.field),`, broken over lines as prettyplease breaks it
/// when it is too wide.
fn read_arm(out: &mut RustText, member: &ObjectMember, wire: &str) {
    let name = string_literal(&member.wire);
    let (method, codec) = accessor(member, "read", wire);
    let turbofish = codec
        .as_ref()
        .map(|c| format!("::<{c}>"))
        .unwrap_or_default();
    let args = format!("(&mut self.{})", member.field);
    let call = ["value.", &method, &turbofish, &args];
    // The trailing comma may pass the margin.
    if out.fits(&[&name, " => ", call[0], call[1], call[2], call[3]]) {
        out.parts(&[&name, " => ", call[0], call[1], call[2], call[3], ","]);
        return;
    }
    out.open(&format!("{name} =>"));
    if out.fits(&call) {
        out.parts(&call);
    } else {
        let field = format!("&mut self.{}", member.field);
        broken_call(out, "value", &method, codec.as_deref(), &[&field], "");
    }
    out.close("}");
}

/// `members.write("name", &self.field)?;`, broken over lines as prettyplease breaks it
/// when it is too wide.
fn write_statement(out: &mut RustText, member: &ObjectMember, wire: &str) {
    let name = string_literal(&member.wire);
    let (method, codec) = accessor(member, "write", wire);
    let turbofish = codec
        .as_ref()
        .map(|c| format!("::<{c}>"))
        .unwrap_or_default();
    let field = format!("&self.{}", member.field);
    let line = [
        "members.", &method, &turbofish, "(", &name, ", ", &field, ")?;",
    ];
    if out.fits(&line) {
        out.parts(&line);
    } else {
        broken_call(
            out,
            "members",
            &method,
            codec.as_deref(),
            &[&name, &field],
            "?;",
        );
    }
}

/// `receiver.method::<codec>(args)suffix` broken as prettyplease breaks a call too wide
/// for its line: the call under the receiver, the turbofish on lines of its own, and the
/// arguments one per line (after a turbofish only when they do not fit).
fn broken_call(
    out: &mut RustText,
    receiver: &str,
    method: &str,
    codec: Option<&str>,
    args: &[&str],
    suffix: &str,
) {
    out.line(receiver);
    out.indent_in();
    let turbofish = codec.map(|c| format!("::<{c}>")).unwrap_or_default();
    let joined = format!("({})", args.join(", "));
    if out.fits(&[".", method, &turbofish, &joined, suffix]) {
        out.parts(&[".", method, &turbofish, &joined, suffix]);
        out.indent_out();
        return;
    }
    let close = match codec {
        Some(codec) => {
            out.parts(&[".", method, "::<"]);
            out.parts(&["    ", codec, ","]);
            let joined = format!(">({})", args.join(", "));
            if out.fits(&[&joined, suffix]) {
                out.parts(&[&joined, suffix]);
                out.indent_out();
                return;
            }
            ">("
        }
        None => {
            out.parts(&[".", method, "("]);
            ""
        }
    };
    if !close.is_empty() {
        out.line(close);
    }
    out.indent_in();
    for arg in args {
        argument(out, arg);
    }
    out.indent_out();
    out.parts(&[")", suffix]);
    out.indent_out();
}

/// One argument on a line of its own; a field access too wide for it breaks before the
/// field (`&mut self` over `.field`). The trailing comma may pass the margin.
fn argument(out: &mut RustText, arg: &str) {
    match arg.rsplit_once('.') {
        Some((base, field)) if !out.fits(&[arg]) && !base.contains('"') => {
            out.line(base);
            out.parts(&["    .", field, ","]);
        }
        _ => out.parts(&[arg, ","]),
    }
}
