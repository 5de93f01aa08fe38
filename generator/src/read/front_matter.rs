//! Front matter: the `---` block that opens every page, read as `key: value` lines.
//!
//! Real pages hold YAML that does not always parse (an unquoted colon in a title), so the
//! reader takes each `key: value` line on its own and never fails.

use std::collections::BTreeMap;

/// Front matter that opens and is never closed: the whole page would be read as its block.
pub(crate) const UNCLOSED: &str =
    "the front matter opened by `---` on line 1 is never closed by a `---` line; it is read \
     as markdown";

/// Whether `text` opens a front matter block that no `---` line closes.
pub(crate) fn front_matter_unclosed(text: &str) -> bool {
    let mut lines = text.lines();
    lines.next().is_some_and(|first| first.trim_end() == "---")
        && !lines.any(|line| line.trim_end() == "---")
}

/// Splits the front matter off `text`. Returns the keys and the text with the front matter
/// lines blanked, so that line numbers stay those of the file.
pub(crate) fn split_front_matter(text: &str) -> (BTreeMap<String, String>, String) {
    let mut keys = BTreeMap::new();
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (keys, String::new());
    };
    if first.trim_end() != "---" {
        return (keys, text.to_owned());
    }
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
        return (BTreeMap::new(), text.to_owned());
    }
    let blanked: String = text[..consumed].chars().filter(|&c| c == '\n').collect();
    (keys, blanked + &text[consumed..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_keeps_line_numbers() {
        let text = "---\ntitle: \"List: things\"\ndoc_type: apiPageType\n---\n# Title\n";
        let (keys, rest) = split_front_matter(text);
        assert_eq!(keys["title"], "List: things");
        assert_eq!(keys["doc_type"], "apiPageType");
        assert_eq!(rest, "\n\n\n\n# Title\n");
    }

    #[test]
    fn unclosed_block_is_left_alone() {
        let (keys, rest) = split_front_matter("---\ntitle: x\n# Title\n");
        assert!(keys.is_empty());
        assert_eq!(rest, "---\ntitle: x\n# Title\n");
        assert!(front_matter_unclosed("---\ntitle: x\n# Title\n"));
        assert!(!front_matter_unclosed("---\ntitle: x\n---\n# Title\n"));
        assert!(!front_matter_unclosed("# Title\n"));
    }
}
