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
    // json5 recurses without a limit: nesting deeper than serde_json's own limit would
    // overflow the stack, and no real annotation comes near it.
    if nesting_depth(text) > MAX_NESTING {
        return Err(format!("nested deeper than {MAX_NESTING} levels"));
    }
    if let Ok(value) = json5::from_str::<Value>(text) {
        return Ok(value);
    }
    let escaped = escape_controls_in_strings(text);
    json5::from_str::<Value>(&escaped).map_err(|_| strict.to_string())
}

/// serde_json's recursion limit.
const MAX_NESTING: usize = 128;

/// The deepest nesting of `[` and `{` outside strings (either quote, as JSON5 allows).
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote = None;
    let mut escaped = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(_), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, _) => {}
        }
        escaped = false;
    }
    deepest
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
    fn refuses_nesting_deeper_than_serde_json_allows_instead_of_recursing() {
        // A trailing comma sends this past strict JSON to the JSON5 fallback.
        let deep = format!("{{\"x\": {}{},}}", "[".repeat(20_000), "]".repeat(20_000));
        let err = parse_lenient_json(&deep).unwrap_err();
        assert_eq!(err, "nested deeper than 128 levels");
        let shallow = format!("{{\"x\": {}{},}}", "[".repeat(100), "]".repeat(100));
        assert!(parse_lenient_json(&shallow).is_ok());
        // Brackets inside strings do not count.
        assert_eq!(nesting_depth("{'a[': \"[[\\\"[\", b: [1]}"), 2);
    }

    #[test]
    fn rejects_garbage_with_the_strict_message() {
        let err = parse_lenient_json("{ blockType request }").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }
}
