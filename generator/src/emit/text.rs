//! Rust source written straight as text, for the shapes that make up most of the output
//! (model structs, their serde impls, enums). Building tokens, parsing them back with `syn`
//! and printing them with prettyplease cost most of the emit stage; these shapes are
//! regular enough to lay out directly, in the layout prettyplease gives the rest.

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
    /// to a line of its own when the header is too wide.
    pub fn open_impl(&mut self, head: &str, ty: &str) {
        if self.fits(&[head, " for ", ty, " {"]) {
            self.parts(&[head, " for ", ty, " {"]);
        } else {
            self.line(head);
            self.parts(&["for ", ty, " {"]);
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
        for arg in split_top_level(&args[..args.len() - 1]) {
            // In a list broken one per line, the trailing comma may pass the margin.
            if self.fits(&[arg]) {
                self.parts(&[arg, ","]);
            } else {
                self.typed("", arg, ",");
            }
        }
        self.depth -= 1;
        self.parts(&[">", suffix]);
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
        // A line break inside a line would end the comment and leave prose as code.
        for line in lines.iter().flat_map(|line| line.split(['\n', '\r'])) {
            self.indent();
            self.out.push_str("///");
            self.out.push_str(line.trim_end());
            self.out.push('\n');
        }
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

/// The comma-separated parts of a generic argument list, not split inside nested `<>`.
fn split_top_level(args: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in args.char_indices() {
        match c {
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
    fn string_literals_escape_quotes_and_controls() {
        assert_eq!(string_literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
        let parsed: syn::LitStr = syn::parse_str(&string_literal("x\u{7}\ny")).unwrap();
        assert_eq!(parsed.value(), "x\u{7}\ny");
    }
}
