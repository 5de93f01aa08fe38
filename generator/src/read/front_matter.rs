//! Front matter: the `---` block that opens every page, read as `key: value` lines.
//!
//! Real pages hold YAML that does not always parse (an unquoted colon in a title), so the
//! reader takes each `key: value` line on its own and never fails.

use std::collections::BTreeMap;

/// Front matter that opens and is never closed: the whole page would be read as its block.
pub(crate) const UNCLOSED: &str =
    "the front matter opened by `---` on line 1 is never closed by a `---` line; it is read \
     as markdown";

/// A page's text with its front matter split off.
pub(crate) struct FrontMatter {
    /// The `key: value` lines.
    pub keys: BTreeMap<String, String>,
    /// The text with the front matter lines blanked, so that line numbers stay the file's.
    pub body: String,
    /// The page opens a block with `---` that no `---` line closes ([`UNCLOSED`]).
    pub unclosed: bool,
}

/// Splits the front matter off `text`.
pub(crate) fn split_front_matter(text: &str) -> FrontMatter {
    let mut keys = BTreeMap::new();
    let mut lines = text.split_inclusive('\n');
    let whole = |unclosed| FrontMatter {
        keys: BTreeMap::new(),
        body: text.to_owned(),
        unclosed,
    };
    let first = match lines.next() {
        Some(first) if first.trim_end() == "---" => first,
        _ => return whole(false),
    };
    let mut consumed = first.len();
    let mut closed = false;
    for line in lines {
        consumed += line.len();
        if line.trim_end() == "---" {
            closed = true;
            break;
        }
        if let Some((key, value)) = line.split_once(':') {
            let value = value.trim().trim_matches('"').trim_matches('\'').to_owned();
            keys.insert(key.trim().to_owned(), value);
        }
    }
    if !closed {
        // Without a closing `---` the block is ordinary markdown.
        return whole(true);
    }
    let blanked: String = text[..consumed].chars().filter(|&c| c == '\n').collect();
    FrontMatter {
        keys,
        body: blanked + &text[consumed..],
        unclosed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_keeps_line_numbers() {
        let text = "---\ntitle: \"List: things\"\ndoc_type: apiPageType\n---\n# Title\n";
        let split = split_front_matter(text);
        assert_eq!(split.keys["title"], "List: things");
        assert_eq!(split.keys["doc_type"], "apiPageType");
        assert_eq!(split.body, "\n\n\n\n# Title\n");
        assert!(!split.unclosed);
    }

    #[test]
    fn unclosed_block_is_left_alone() {
        let split = split_front_matter("---\ntitle: x\n# Title\n");
        assert!(split.keys.is_empty());
        assert_eq!(split.body, "---\ntitle: x\n# Title\n");
        assert!(split.unclosed);
        assert!(!split_front_matter("# Title\n").unclosed);
    }
}
