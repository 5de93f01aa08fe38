//! Doc comments for generated items: the docs' descriptions, made safe for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for a description, or for the fallback when there is none.
pub fn doc_attrs(description: Option<&str>, fallback: &str) -> TokenStream {
    let text = description
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(fallback);
    lines_to_attrs(&[rustdoc_safe(text)])
}

/// `#[doc]` attributes for several paragraphs.
pub fn paragraphs(paragraphs: &[String]) -> TokenStream {
    let mut lines = Vec::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.push(paragraph.clone());
    }
    lines_to_attrs(&lines)
}

/// Doc text is wrapped at this width, so that with `/// ` and a field's indentation the
/// generated lines stay under 100 columns.
const DOC_WIDTH: usize = 88;

fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let wrapped: Vec<String> = lines
        .iter()
        .flat_map(|line| wrap(line, DOC_WIDTH))
        .collect();
    let lines: Vec<String> = wrapped
        .iter()
        .map(|line| {
            let line: String = line.chars().filter(|&c| !is_direction_control(c)).collect();
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    doc_block(&lines)
}

/// One `#[doc]` attribute holding all of `lines` (each already starting with a space, or
/// empty), printed as `///` lines once formatted.
///
/// Formatting one attribute per block instead of one per line is much cheaper on the
/// large files; prettyplease prints it as a `/** */` block, which [`expand_doc_blocks`]
/// turns back into `///` lines. Text that a block comment cannot hold keeps a line each.
pub fn doc_block(lines: &[String]) -> TokenStream {
    if lines.len() <= 1 || lines.iter().any(|l| l.contains("*/") || l.contains("/*")) {
        return quote!(#(#[doc = #lines])*);
    }
    let joined = lines.join("\n");
    quote!(#[doc = #joined])
}

/// Rewrites the `/** ... */` doc blocks that prettyplease prints for [`doc_block`] as one
/// `///` line per line, indented like the block.
pub fn expand_doc_blocks(text: &str) -> String {
    if !text.contains("/**") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut lines = text.split('\n');
    while let Some(line) = lines.next() {
        let body = line.trim_start();
        let Some(first) = body.strip_prefix("/**") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let indent = &line[..line.len() - body.len()];
        let mut current = first;
        loop {
            let (doc, closed) = match current.strip_suffix("*/") {
                Some(doc) => (doc, true),
                None => (current, false),
            };
            out.push_str(indent);
            out.push_str("///");
            out.push_str(doc.trim_end());
            out.push('\n');
            if closed {
                break;
            }
            match lines.next() {
                Some(next) => current = next,
                None => break,
            }
        }
    }
    // `split` gives one piece after the last newline; the loop added a newline too many.
    out.pop();
    out
}

/// Breaks a line between words so that no piece is longer than `width`, unless a single
/// word is (a long URL keeps its own line).
fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.len() <= width {
        return vec![line.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        if !current.is_empty() && current.len() + 1 + word.len() > width {
            pieces.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Escapes what rustdoc would misread in docs prose: brackets (intra-doc links) and angle
/// brackets (HTML); bare URLs are wrapped so they render as links.
pub fn rustdoc_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Inside a code span (after an odd number of backticks) nothing needs escaping.
    let mut in_code = false;
    for word in text.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let is_url = word.starts_with("https://") || word.starts_with("http://");
        if is_url {
            let url = word.trim_end_matches(['.', ',', ')', ';']);
            let tail = &word[url.len()..];
            out.push('<');
            out.push_str(&url.replace(['<', '>'], ""));
            out.push('>');
            out.push_str(tail);
            in_code ^= word.matches('`').count() % 2 == 1;
            continue;
        }
        for c in word.chars().filter(|&c| !is_direction_control(c)) {
            if matches!(c, '[' | ']' | '<' | '>' | '*' | '_' | '#') && !in_code {
                out.push('\\');
            }
            in_code ^= c == '`';
            out.push(c);
        }
    }
    out
}

/// Whether `c` changes the direction of the text around it (pages pasted from Word carry
/// them); rustc rejects them in doc comments.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_between_words() {
        let text = "word ".repeat(40);
        let pieces = wrap(text.trim(), 20);
        assert!(pieces.iter().all(|p| p.len() <= 20));
        assert_eq!(pieces.join(" "), text.trim());
        assert_eq!(wrap("short", 20), vec!["short"]);
    }

    #[test]
    fn escapes_links_and_html_but_not_code() {
        assert_eq!(
            rustdoc_safe("see [x] and <br> `a[0]`"),
            "see \\[x\\] and \\<br\\> `a[0]`"
        );
        assert_eq!(rustdoc_safe("at https://x.org/a."), "at <https://x.org/a>.");
    }

    #[test]
    fn direction_controls_are_dropped() {
        assert_eq!(rustdoc_safe("bytes=0-9\u{202C} \u{2066}x"), "bytes=0-9 x");
    }
}
