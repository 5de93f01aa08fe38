//! Rust source written straight as text, for the shapes that make up most of the output
//! (model structs, their serde impls, enums). Building tokens, parsing them back with `syn`
//! and printing them with prettyplease cost most of the emit stage; these shapes are
//! regular enough to lay out directly, in the layout prettyplease gives the rest.

use std::borrow::Cow;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The line width prettyplease keeps to; the text written here keeps to it too.
pub const MARGIN: usize = 89;

/// Text of Rust items, written line by line at an indentation depth.
#[derive(Default)]
pub struct RustText {
    out: String,
    depth: usize,
}

impl RustText {
    /// One line at the current depth; an empty `text` gives an empty line.
    pub fn line(&mut self, text: &str) {
        if !text.is_empty() {
            self.indent();
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// One line made of `parts`, at the current depth.
    pub fn parts(&mut self, parts: &[&str]) {
        self.indent();
        for part in parts {
            self.out.push_str(part);
        }
        self.out.push('\n');
    }

    /// `impl Trait for Type {` and one level deeper; as prettyplease does, `for Type` goes
    /// to a line of its own when the header is too wide, and breaks as [`Self::typed`].
    pub fn open_impl(&mut self, head: &str, ty: &str) {
        if self.fits(&[head, " for ", ty, " {"]) {
            self.parts(&[head, " for ", ty, " {"]);
        } else if !self.fits(&[head]) && head.starts_with("impl ") && head.ends_with('>') {
            // A trait path too wide for a line of its own breaks its generic arguments, and
            // `> for Type {` closes them.
            self.typed("", head, &format!(" for {ty} {{"));
        } else {
            self.line(head);
            self.typed("for ", ty, " {");
        }
        self.depth += 1;
    }

    /// `prefix` and a type, then `suffix`; a type too wide for the line has its generic
    /// arguments one per line, nested as deep as it takes (prettyplease's layout).
    pub fn typed(&mut self, prefix: &str, ty: &str, suffix: &str) {
        if self.fits(&[prefix, ty, suffix]) {
            self.parts(&[prefix, ty, suffix]);
            return;
        }
        let Some((head, args)) = ty.split_once('<').filter(|_| ty.ends_with('>')) else {
            self.parts(&[prefix, ty, suffix]);
            return;
        };
        self.parts(&[prefix, head, "<"]);
        self.depth += 1;
        self.list_items(split_top_level(&args[..args.len() - 1]).into_iter());
        self.depth -= 1;
        self.parts(&[">", suffix]);
    }

    /// `pub fn name(&self, params) -> ret {` and one level deeper (see [`Self::function`]).
    pub fn signature(&mut self, name: &str, params: &[String], ret: &str) {
        let mut all = Vec::with_capacity(params.len() + 1);
        all.push("&self".to_owned());
        all.extend(params.iter().cloned());
        self.function(&format!("pub fn {name}"), &all, ret);
    }

    /// `head(params) -> ret {` and one level deeper: on one line when it fits, else one
    /// parameter per line, and then the return type's generic arguments one per line when
    /// the closing line does not fit either.
    pub fn function(&mut self, head: &str, params: &[String], ret: &str) {
        self.function_head(head, params, ret, " {");
        self.depth += 1;
    }

    /// `impl Trait for Type` (`impl_head` and `ty`, see [`Self::open_impl`]) with one
    /// method, `fn_head(params) -> ret`, whose body is the one expression `body`.
    pub fn one_method_impl(
        &mut self,
        impl_head: &str,
        ty: &str,
        fn_head: &str,
        params: &[String],
        ret: &str,
        body: &str,
    ) {
        self.open_impl(impl_head, ty);
        self.function(fn_head, params, ret);
        self.call(body, "");
        self.close("}");
        self.close("}");
    }

    /// A function's first line `signature`, a `where` clause of one `bound`, and one level
    /// deeper, as prettyplease lays out a function with a `where` clause.
    pub fn open_where(&mut self, signature: &str, bound: &str) {
        self.line(signature);
        self.line("where");
        self.parts(&["    ", bound, ","]);
        self.line("{");
        self.depth += 1;
    }

    /// `head(params) -> ret;`, a trait's method without a body, laid out as
    /// [`Self::function`] lays out its first lines.
    pub fn declaration(&mut self, head: &str, params: &[String], ret: &str) {
        self.function_head(head, params, ret, ";");
    }

    fn function_head(&mut self, head: &str, params: &[String], ret: &str, end: &str) {
        let flat = params.join(", ");
        if self.fits(&[head, "(", &flat, ") -> ", ret, end]) {
            self.parts(&[head, "(", &flat, ") -> ", ret, end]);
        } else {
            self.parts(&[head, "("]);
            self.depth += 1;
            self.list_items(params.iter().map(String::as_str));
            self.depth -= 1;
            self.typed(") -> ", ret, end);
        }
    }

    /// A method chain `receiver.a().b()` followed by `suffix`, after `prefix`: on one line
    /// when it fits, else one call per line under the receiver, and a call's arguments
    /// one per line when the call does not fit. `receiver` is `self.path`-like; as a
    /// statement it stays whole on its line, after a `prefix` it breaks before `.path`.
    pub fn chain(&mut self, prefix: &str, receiver: &str, calls: &[String], suffix: &str) {
        let joined = calls.concat();
        if self.fits(&[prefix, receiver, &joined, counted(suffix)]) {
            self.parts(&[prefix, receiver, &joined, suffix]);
            return;
        }
        let mut links: Vec<&str> = calls.iter().map(String::as_str).collect();
        match receiver.split_once('.').filter(|_| !prefix.is_empty()) {
            Some((head, field)) => {
                self.parts(&[prefix, head]);
                self.depth += 1;
                let field = format!(".{field}");
                self.call_line(&field, if links.is_empty() { suffix } else { "" });
            }
            None => {
                self.parts(&[prefix, receiver]);
                self.depth += 1;
            }
        }
        let last = links.pop();
        for link in links {
            self.call_line(link, "");
        }
        if let Some(last) = last {
            self.call_line(last, suffix);
        }
        self.depth -= 1;
    }

    /// `pattern => value,` on one line when it fits (the comma may pass the margin); else
    /// a tuple pattern too wide for its line breaks before its field, or else the value
    /// goes into a block of its own.
    pub fn arm(&mut self, pattern: &str, value: &str) {
        if self.fits(&[pattern, " => ", value]) {
            self.parts(&[pattern, " => ", value, ","]);
            return;
        }
        let tuple = pattern
            .strip_suffix(')')
            .and_then(|rest| rest.split_once('('))
            .filter(|_| !self.fits(&[pattern, " => "]));
        if let Some((head, field)) = tuple {
            self.parts(&[head, "("]);
            self.parts(&["    ", field, ","]);
            self.parts(&[") => ", value, ","]);
        } else {
            self.open_arm(pattern);
            self.call(value, "");
            self.close("}");
        }
    }

    /// `pattern => {` and one level deeper; a tuple pattern too wide for the line has its
    /// field on a line of its own.
    pub fn open_arm(&mut self, pattern: &str) {
        let tuple = pattern
            .strip_suffix(')')
            .and_then(|rest| rest.split_once('('))
            .filter(|_| !self.fits(&[pattern, " => "]));
        match tuple {
            Some((head, field)) => {
                self.parts(&[head, "("]);
                self.parts(&["    ", field, ","]);
                self.line(") => {");
            }
            None => self.parts(&[pattern, " => {"]),
        }
        self.depth += 1;
    }

    /// A call `f(args)` and `suffix`; its arguments one per line when too wide.
    pub fn call(&mut self, call: &str, suffix: &str) {
        self.call_line(call, suffix);
    }

    /// One `.call(args)` of a broken chain; its arguments one per line when too wide.
    fn call_line(&mut self, call: &str, suffix: &str) {
        if self.fits(&[call, counted(suffix)]) {
            self.parts(&[call, suffix]);
            return;
        }
        let Some((head, args)) = call.split_once('(').filter(|_| call.ends_with(')')) else {
            self.parts(&[call, suffix]);
            return;
        };
        self.parts(&[head, "("]);
        self.depth += 1;
        self.list_items(split_top_level(&args[..args.len() - 1]).into_iter());
        self.depth -= 1;
        self.parts(&[")", suffix]);
    }

    /// The items of a list broken one per line (parameters, arguments, generic arguments),
    /// each with its comma; the last one's comma may pass the margin, the others' may not.
    fn list_items<'a>(&mut self, items: impl ExactSizeIterator<Item = &'a str>) {
        let last = items.len().saturating_sub(1);
        for (at, item) in items.enumerate() {
            let counted_comma = if at == last { "" } else { "," };
            if self.fits(&[item, counted_comma]) {
                self.parts(&[item, ","]);
            } else {
                self.typed("", item, ",");
            }
        }
    }

    /// `text {` and one level deeper.
    pub fn open(&mut self, text: &str) {
        self.parts(&[text, " {"]);
        self.depth += 1;
    }

    /// One level shallower and `text` (usually `}`).
    pub fn close(&mut self, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(text);
    }

    /// One level deeper, without a line.
    pub fn indent_in(&mut self) {
        self.depth += 1;
    }

    /// One level shallower, without a line.
    pub fn indent_out(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// `///` lines; each of `lines` starts with a space or is empty.
    pub fn docs(&mut self, lines: &[String]) {
        for line in lines {
            // A line break inside a line would end the comment and leave prose as code.
            for piece in line.split(['\n', '\r']) {
                self.doc_line(piece);
            }
        }
    }

    /// One `///` line of `text`, which is made safe whichever way it reached here: control
    /// characters are dropped (a NUL would make the file binary to tools), a fence is
    /// escaped (it would open a doctest), and the text is kept apart from the slashes.
    fn doc_line(&mut self, text: &str) {
        self.indent();
        self.out.push_str("///");
        let odd = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f || b == 0xc2;
        let cleaned: Cow<str> = if text.bytes().any(odd) {
            Cow::Owned(
                text.chars()
                    .filter(|&c| c == '\t' || !c.is_control())
                    .collect(),
            )
        } else {
            Cow::Borrowed(text)
        };
        let cleaned = cleaned.trim_end();
        let body = cleaned.trim_start();
        if !body.is_empty() {
            match &cleaned[..cleaned.len() - body.len()] {
                "" => self.out.push(' '),
                lead => self.out.push_str(lead),
            }
            if body.starts_with("```") || body.starts_with("~~~") {
                self.out.push('\\');
            }
            self.out.push_str(body);
        }
        self.out.push('\n');
    }

    /// The columns a line at the current depth starts at.
    pub fn column(&self) -> usize {
        self.depth * 4
    }

    /// Whether a line of `parts` fits within the margin at the current depth.
    pub fn fits(&self, parts: &[&str]) -> bool {
        self.column() + parts.iter().map(|p| p.len()).sum::<usize>() <= MARGIN
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self) {
        self.out.extend(std::iter::repeat_n(' ', self.depth * 4));
    }
}

/// Writes an item's `#[cfg]` attribute, when the item is gated: on one line when it fits,
/// else one feature per line, as prettyplease lays it out.
pub fn gate(out: &mut RustText, cfg: Option<&str>) {
    let Some(cfg) = cfg else {
        return;
    };
    let any = cfg
        .strip_prefix("#[cfg(any(")
        .and_then(|rest| rest.strip_suffix("))]"));
    match any {
        Some(features) if !out.fits(&[cfg]) => {
            out.line("#[cfg(");
            out.indent_in();
            if out.fits(&["any(", features, ")"]) {
                out.parts(&["any(", features, ")"]);
            } else {
                out.line("any(");
                let features: Vec<&str> = features.split(", ").collect();
                for (i, feature) in features.iter().enumerate() {
                    let comma = if i + 1 < features.len() { "," } else { "" };
                    out.parts(&["    ", feature, comma]);
                }
                out.line(")");
            }
            out.indent_out();
            out.line(")]");
        }
        _ => out.line(cfg),
    }
}

/// The part of a line's `suffix` that counts against the margin: a list's trailing comma
/// may pass it.
fn counted(suffix: &str) -> &str {
    suffix.strip_suffix(',').unwrap_or(suffix)
}

/// The comma-separated parts of an argument list, not split inside nested brackets or
/// string literals.
fn split_top_level(args: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in args.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(args[start..].trim());
    parts
}

/// A string literal for `text`, escaped as the Rust lexer reads it.
pub fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// The tokens of a type or path on one line, as prettyplease prints them:
/// `Option<Vec<super::User>>`, `&'static str`, `[u8; 4]`.
pub fn flat(tokens: &TokenStream) -> String {
    let mut out = String::new();
    push_flat(tokens.clone(), &mut out);
    out
}

fn push_flat(tokens: TokenStream, out: &mut String) {
    let mut iter = tokens.into_iter().peekable();
    // Two words in a row (`impl Trait`, `dyn Trait`, `'a str`) keep a space between them.
    let mut after_word = false;
    while let Some(tree) = iter.next() {
        match tree {
            TokenTree::Ident(ident) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&ident.to_string());
                after_word = true;
                continue;
            }
            TokenTree::Literal(literal) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
                after_word = true;
                continue;
            }
            TokenTree::Punct(punct) => match punct.as_char() {
                ',' => out.push_str(", "),
                ';' => out.push_str("; "),
                ':' if punct.spacing() == Spacing::Joint => {
                    if let Some(TokenTree::Punct(next)) = iter.peek() {
                        if next.as_char() == ':' {
                            iter.next();
                        }
                    }
                    out.push_str("::");
                }
                ':' => out.push_str(": "),
                '=' => out.push_str(" = "),
                '\'' => {
                    out.push('\'');
                    continue;
                }
                other => out.push(other),
            },
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                push_flat(group.stream(), out);
                out.push_str(close);
            }
        }
        after_word = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn flat_prints_types_as_prettyplease_does() {
        let cases = [
            (
                quote!(graph_runtime::http::Request<Vec<u8>, super::M>),
                "graph_runtime::http::Request<Vec<u8>, super::M>",
            ),
            (quote!(&'static str), "&'static str"),
            (quote!(Option<Box<r#type::X>>), "Option<Box<r#type::X>>"),
            (quote!([u8; 4]), "[u8; 4]"),
            (
                quote!(std::collections::BTreeMap<String, serde_json::Value>),
                "std::collections::BTreeMap<String, serde_json::Value>",
            ),
        ];
        for (tokens, text) in cases {
            assert_eq!(flat(&tokens), text);
            let printed = prettyplease::unparse(&syn::parse_quote!(type T = #tokens;));
            assert_eq!(printed, format!("type T = {text};\n"));
        }
    }

    #[test]
    fn lines_are_indented_by_depth_and_docs_trimmed() {
        let mut text = RustText::default();
        text.docs(&[" A type.  ".to_owned(), String::new()]);
        text.open("pub struct S");
        text.parts(&["pub a: ", "u8", ","]);
        text.close("}");
        assert_eq!(
            text.finish(),
            "/// A type.\n///\npub struct S {\n    pub a: u8,\n}\n"
        );
    }

    #[test]
    fn doc_lines_are_made_safe_whatever_their_source() {
        let mut text = RustText::default();
        let lines = [
            " A\r/page.md".to_owned(),
            " nul\u{0}here".to_owned(),
            "   ```rust".to_owned(),
            "~~~".to_owned(),
        ];
        text.docs(&lines);
        assert_eq!(
            text.finish(),
            "/// A\n/// /page.md\n/// nulhere\n///   \\```rust\n/// \\~~~\n"
        );
    }

    #[test]
    fn impl_headers_break_as_prettyplease_breaks_them() {
        let names = [
            "Short",
            &"Mid".repeat(23),
            &"Long".repeat(20),
            &"Longer".repeat(20),
        ];
        for name in names {
            let mut text = RustText::default();
            text.open_impl(&format!("impl From<{name}>"), "String");
            text.line("fn f() {}");
            text.close("}");
            let written = text.finish();
            let file = syn::parse_file(&written).expect("an impl block");
            assert_eq!(written, prettyplease::unparse(&file), "{name}");
        }
    }

    #[test]
    fn argument_lists_split_outside_brackets_and_strings() {
        assert_eq!(
            split_top_level(r#""a,b\"c,", x.y(1, 2), Vec<A, B>"#),
            [r#""a,b\"c,""#, "x.y(1, 2)", "Vec<A, B>"]
        );
    }

    #[test]
    fn string_literals_escape_quotes_and_controls() {
        assert_eq!(string_literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
        let parsed: syn::LitStr = syn::parse_str(&string_literal("x\u{7}\ny")).unwrap();
        assert_eq!(parsed.value(), "x\u{7}\ny");
    }
}
