//! Query strings: OData system options keep their `$` prefix, and every name and value is
//! percent-encoded so that a `#`, `&` or space inside a value cannot cut the URL.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// The bytes a query name or value encodes: those that would end or split it, and `%`.
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// An OData string literal: `value` in single quotes, each `'` inside doubled, e.g.
/// `Team's list` → `'Team''s list'`. Use it to put text into `$filter` or a function
/// argument; the query builder encodes the result for the URL.
pub fn odata_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Writes `name=value` pairs as a query string (without the `?`).
pub(crate) fn encode_query(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(name, QUERY));
        out.push('=');
        out.extend(utf8_percent_encode(value, QUERY));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_double_their_quotes() {
        assert_eq!(odata_string("Team's list #1"), "'Team''s list #1'");
        assert_eq!(odata_string(""), "''");
    }

    #[test]
    fn values_cannot_cut_the_query() {
        let pairs = vec![
            ("$filter".to_owned(), "name eq 'a&b #1'".to_owned()),
            ("$top".to_owned(), "5".to_owned()),
        ];
        assert_eq!(
            encode_query(&pairs),
            "$filter=name%20eq%20'a%26b%20%231'&$top=5"
        );
    }
}
