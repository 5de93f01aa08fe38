//! Lenient JSON, for annotation comments such as `<!-- { "blockType": "request" } -->`.
//!
//! Authors write these by hand: trailing commas, unquoted values and raw newlines inside
//! strings all occur. Strict JSON is tried first, then JSON5, then JSON5 after escaping
//! raw control characters inside strings.

use serde_json::Value;

/// Parses `text` as JSON, tolerating what hand-written annotations get wrong.
/// Returns the parser's message for the strict attempt when nothing works.
pub fn parse_lenient_json(text: &str) -> Result<Value, String> {
    let strict = match serde_json::from_str::<Value>(text) {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    if let Ok(value) = json5::from_str::<Value>(text) {
        return Ok(value);
    }
    let escaped = escape_controls_in_strings(text);
    json5::from_str::<Value>(&escaped).map_err(|_| strict.to_string())
}

/// Replaces raw newlines and tabs inside string literals with their escapes.
fn escape_controls_in_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            '\\' if in_string && !escaped => {
                escaped = true;
                out.push(c);
                continue;
            }
            '"' if !escaped => in_string = !in_string,
            '\n' if in_string => {
                out.push_str("\\n");
                continue;
            }
            '\r' | '\t' if in_string => {
                out.push(' ');
                continue;
            }
            _ => {}
        }
        escaped = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_trailing_commas_and_raw_newlines() {
        let value = parse_lenient_json("{ \"blockType\": \"request\", }").unwrap();
        assert_eq!(value["blockType"], "request");
        let value = parse_lenient_json("{ \"name\": \"a\nb\" }").unwrap();
        assert_eq!(value["name"], "a\nb");
    }

    #[test]
    fn rejects_garbage_with_the_strict_message() {
        let err = parse_lenient_json("{ blockType request }").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }
}
