//! Doc comments for generated items: the docs' descriptions, made safe for rustdoc.

/// The `///` lines of a description, or of the fallback when there is none: each starts
/// with a space or is empty, as `RustText::docs` takes them.
pub fn doc_lines(description: Option<&str>, fallback: &str) -> Vec<String> {
    let text = description
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(fallback);
    wrapped_lines(&[rustdoc_safe(text)])
}

/// The `///` lines of several paragraphs, a blank line between them.
pub fn paragraph_lines(paragraphs: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.push(paragraph.clone());
    }
    wrapped_lines(&lines)
}

/// Doc text is wrapped at this width, so that with `/// ` and a field's indentation the
/// generated lines stay under 100 columns.
pub(super) const DOC_WIDTH: usize = 88;

fn wrapped_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|line| wrap(line, DOC_WIDTH))
        .map(|line| {
            let line: String = line.chars().filter(|&c| !is_direction_control(c)).collect();
            // A line that starts with a fence is escaped where it is written, by
            // `RustText::docs`, whatever path the line took.
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Breaks a line of prose at spaces into `///` lines of at most `width` characters; a
/// list item's continuation lines are indented under its text.
pub(super) fn wrap_prose(line: &str, width: usize) -> Vec<String> {
    // A route stays on one line: a code span broken over two reads badly.
    if line.starts_with('`') {
        return vec![format!(" {line}")];
    }
    let indent = if line.starts_with("- ") { "   " } else { " " };
    let mut lines = Vec::new();
    let mut current = String::from(" ");
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        if current.trim().is_empty() {
            current.push_str(word);
        } else if current.len() + 1 + word.len() > width {
            let carried = carry_marker_word(&mut current, word);
            lines.push(std::mem::replace(
                &mut current,
                format!("{indent}{carried}"),
            ));
        } else {
            current.push(' ');
            current.push_str(word);
        }
    }
    lines.push(current);
    lines
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
            let carried = carry_marker_word(&mut current, word);
            pieces.push(std::mem::replace(&mut current, carried));
            continue;
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

/// The start of the next line when `word` begins it. A word that markdown reads as the
/// start of a block (`- FAST` a list item, `# 1` a heading, `2.` an ordered list) would
/// turn the rest of the sentence into one, so the word before it moves down too.
fn carry_marker_word(current: &mut String, word: &str) -> String {
    let ordered = word
        .strip_suffix(['.', ')'])
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    let marker = matches!(word, "-" | "*" | "+" | ">" | "=" | "|") || word.starts_with('#');
    if !(marker || ordered) {
        return word.to_owned();
    }
    match current.trim_end().rsplit_once(' ') {
        Some((kept, last)) if !kept.trim().is_empty() => {
            let carried = format!("{last} {word}");
            current.truncate(kept.len());
            carried
        }
        _ => word.to_owned(),
    }
}

/// Escapes what rustdoc would misread in docs prose: brackets (intra-doc links) and angle
/// brackets (HTML); bare URLs are wrapped so they render as links.
pub fn rustdoc_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Inside a code span (after an odd number of backticks) nothing needs escaping. Backticks
    // pair from the left, as rustdoc pairs them; an odd one out, the last, opens no span: it
    // is escaped and what follows it is prose.
    let mut backticks_left = text.bytes().filter(|&b| b == b'`').count();
    let unpaired = backticks_left % 2 == 1;
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
            let inside = word.matches('`').count();
            backticks_left -= inside;
            in_code ^= inside % 2 == 1;
            continue;
        }
        // Most words need nothing: copied whole.
        let plain = |b: u8| !matches!(b, b'[' | b']' | b'<' | b'>' | b'*' | b'_' | b'#' | b'`');
        if word.bytes().all(|b| b.is_ascii() && plain(b)) {
            out.push_str(word);
            continue;
        }
        for c in word.chars().filter(|&c| !is_direction_control(c)) {
            if c == '`' {
                backticks_left -= 1;
                if unpaired && backticks_left == 0 {
                    out.push_str("\\`");
                    in_code = false;
                    continue;
                }
                in_code = !in_code;
            } else if matches!(c, '[' | ']' | '<' | '>' | '*' | '_' | '#') && !in_code {
                out.push('\\');
            }
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
    fn an_unpaired_backtick_opens_no_code_span() {
        // Pairs from the left keep their spans; the last, unpaired one is escaped and the
        // link after it is escaped as prose.
        assert_eq!(
            rustdoc_safe("use `[a]` and ` then [x]"),
            "use `[a]` and \\` then \\[x\\]"
        );
        assert_eq!(rustdoc_safe("`[a]` [b]"), "`[a]` \\[b\\]");
    }

    #[test]
    fn long_lines_wrap_between_words() {
        let text = "word ".repeat(40);
        let pieces = wrap(text.trim(), 20);
        assert!(pieces.iter().all(|p| p.len() <= 20));
        assert_eq!(pieces.join(" "), text.trim());
        assert_eq!(wrap("short", 20), vec!["short"]);
    }

    #[test]
    fn no_wrapped_line_starts_a_list_or_heading() {
        let text = "configured to EAP — TTLS, EAP - FAST or PEAP — and step 2. then # 3 é. ü";
        for width in 10..40 {
            for pieces in [wrap(text, width), wrap_prose(text, width)] {
                assert_eq!(
                    pieces
                        .join(" ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    text,
                    "width {width}"
                );
                for piece in &pieces[1..] {
                    let first = piece.split_whitespace().next().unwrap_or_default();
                    assert!(
                        !matches!(first, "-" | "#" | "2."),
                        "width {width}: {pieces:?}"
                    );
                }
            }
        }
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

    #[test]
    fn a_line_that_starts_with_a_fence_is_escaped() {
        let written = |lines: &[String]| {
            let mut out = super::super::text::RustText::default();
            out.docs(lines);
            out.finish()
        };
        let lines = paragraph_lines(&["Some text".to_owned(), "```json {} ```".to_owned()]);
        assert_eq!(
            written(&lines),
            "/// Some text\n///\n/// \\```json {} ```\n"
        );
        assert_eq!(
            written(&[" \\```x".to_owned()]),
            "/// \\```x\n",
            "escaping twice changes nothing"
        );
    }
}
