//! Matching example URLs against route templates, and comparing JSON bodies the way the
//! service reads them.

use serde_json::Value;

/// Percent-decodes text; invalid UTF-8 is replaced.
pub fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Splits an example URL into its path below the version and its decoded query pairs.
/// `None` when the URL is on a host other than the service's.
pub fn split_url(url: &str, version: &str) -> Option<(String, Vec<(String, String)>)> {
    let url = url.trim();
    let url = url.strip_suffix("HTTP/1.1").unwrap_or(url).trim();
    let rest = match url.split_once("://") {
        Some((_, rest)) => {
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if !host.eq_ignore_ascii_case("graph.microsoft.com") {
                return None;
            }
            path
        }
        None => url,
    };
    let rest = rest.trim_start_matches('/');
    let mut rest = format!("/{rest}");
    for prefix in [
        format!("/{version}/"),
        "/v1.0/".to_owned(),
        "/beta/".to_owned(),
    ] {
        let n = prefix.len();
        let matches = rest
            .get(..n)
            .is_some_and(|head| head.eq_ignore_ascii_case(&prefix));
        if matches {
            rest = format!("/{}", &rest[n..]);
            break;
        }
    }
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (rest, String::new()),
    };
    let path = path.trim_end_matches('/');
    let path = if path.is_empty() { "/" } else { path };
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect();
    Some((path.to_owned(), pairs))
}

/// Splits a function call's arguments off the last segment of a decoded path:
/// `/a/cell(row=5,column='x')` → (`/a/cell`, `[("row", "5"), ("column", "'x'")]`), the values
/// as OData literals. `None` when the last segment has no non-empty argument list.
pub fn split_arguments(path: &str) -> Option<(String, Vec<(String, String)>)> {
    let path = decode(path);
    let inner = path.strip_suffix(')')?;
    let last = inner.rfind('/').map_or(0, |i| i + 1);
    let open = last + inner[last..].find('(')?;
    let list = &inner[open + 1..];
    if open == last || list.trim().is_empty() {
        return None;
    }
    let mut arguments = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in list.chars().chain(std::iter::once(',')) {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                let (name, value) = current.split_once('=')?;
                arguments.push((name.trim().to_owned(), value.trim().to_owned()));
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    Some((path[..open].to_owned(), arguments))
}

/// A template's pieces: literal text, and placeholders with how their value is delimited.
#[derive(Debug)]
enum Token {
    Literal(String),
    /// A value inside one segment.
    Segment,
    /// A drive item path, which may hold `/`.
    ItemPath,
    /// A quoted OData string; quotes inside are doubled.
    Quoted,
    /// A bare function argument.
    Argument,
}

fn tokenize(template: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut literal = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        literal.push_str(&rest[..open]);
        let after = &rest[close + 1..];
        let token = if literal.ends_with('\'') && after.starts_with('\'') {
            literal.pop();
            Token::Quoted
        } else if literal.ends_with(":/") {
            Token::ItemPath
        } else if literal.ends_with('/') {
            Token::Segment
        } else {
            Token::Argument
        };
        tokens.push(Token::Literal(std::mem::take(&mut literal)));
        let quoted = matches!(token, Token::Quoted);
        tokens.push(token);
        rest = if quoted { &after[1..] } else { after };
    }
    literal.push_str(rest);
    tokens.push(Token::Literal(literal));
    tokens
}

/// Matches a decoded example path against a route template; literals compare without
/// case. Returns the values in template order.
pub fn match_template(template: &str, path: &str) -> Option<Vec<String>> {
    let tokens = tokenize(template);
    let path = decode(path);
    let mut values = Vec::new();
    matches_from(&tokens, &path, &mut values).then_some(values)
}

fn matches_from(tokens: &[Token], text: &str, values: &mut Vec<String>) -> bool {
    let Some((token, rest_tokens)) = tokens.split_first() else {
        return text.is_empty();
    };
    match token {
        Token::Literal(literal) => {
            let n = literal.len();
            text.len() >= n
                && text.is_char_boundary(n)
                && text[..n].eq_ignore_ascii_case(literal)
                && matches_from(rest_tokens, &text[n..], values)
        }
        Token::Quoted => {
            let Some(body) = text.strip_prefix('\'') else {
                return false;
            };
            let mut value = String::new();
            let mut chars = body.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c != '\'' {
                    value.push(c);
                    continue;
                }
                if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                    chars.next();
                    value.push('\'');
                    continue;
                }
                values.push(value);
                if matches_from(rest_tokens, &body[i + 1..], values) {
                    return true;
                }
                values.pop();
                return false;
            }
            false
        }
        Token::Segment | Token::ItemPath | Token::Argument => {
            let stops: &[char] = match token {
                Token::Segment => &['/'],
                Token::Argument => &['/', ',', ')'],
                _ => &[],
            };
            let limit = text.find(stops).unwrap_or(text.len());
            let ends = text[..limit].char_indices().map(|(i, c)| i + c.len_utf8());
            for end in ends {
                values.push(text[..end].to_owned());
                if matches_from(rest_tokens, &text[end..], values) {
                    return true;
                }
                values.pop();
            }
            false
        }
    }
}

/// Compares a sent body with the example's: `null` matches a missing member, numbers match
/// numeric text, timestamps match the same instant, and an `@odata.type` the builders add
/// is allowed. Returns where they differ.
pub fn json_matches(sent: &Value, expected: &Value, at: &str) -> Result<(), String> {
    match (sent, expected) {
        (Value::Object(sent), Value::Object(expected)) => {
            for (key, value) in expected {
                let here = format!("{at}.{key}");
                match sent.get(key) {
                    Some(sent_value) => json_matches(sent_value, value, &here)?,
                    None if value.is_null() => {}
                    None => return Err(format!("{here} (missing)")),
                }
            }
            for (key, value) in sent {
                if !expected.contains_key(key) && key != "@odata.type" && !value.is_null() {
                    return Err(format!("{at}.{key} (added)"));
                }
            }
            Ok(())
        }
        (Value::Array(sent), Value::Array(expected)) if sent.len() == expected.len() => {
            for (i, (s, e)) in sent.iter().zip(expected).enumerate() {
                json_matches(s, e, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        _ if same_scalar(sent, expected) => Ok(()),
        _ => Err(format!("{at}: sent {sent}, documented {expected}")),
    }
}

fn same_scalar(sent: &Value, expected: &Value) -> bool {
    if sent == expected {
        return true;
    }
    let number = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    if let (Some(a), Some(b)) = (number(sent), number(expected)) {
        return a == b;
    }
    let (Value::String(a), Value::String(b)) = (sent, expected) else {
        return false;
    };
    if a.trim_start_matches('#')
        .eq_ignore_ascii_case(b.trim_start_matches('#'))
    {
        return true;
    }
    type Instant = graph_runtime::edm::DateTimeOffset;
    match (a.parse::<Instant>(), b.parse::<Instant>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Strings in a body that are placeholders rather than values: type names (`"String"`,
/// `"Int32"`), `"{id}"`, `"<value>"`, `"x-value"`, `"..."`.
pub fn placeholder_values(json: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_placeholders(json, &mut found);
    found.sort();
    found.dedup();
    found.truncate(5);
    found
}

fn collect_placeholders(json: &Value, found: &mut Vec<String>) {
    match json {
        Value::String(text) if is_placeholder(text) => found.push(format!("{text:?}")),
        Value::Array(items) => items.iter().for_each(|v| collect_placeholders(v, found)),
        Value::Object(map) => map.values().for_each(|v| collect_placeholders(v, found)),
        _ => {}
    }
}

fn is_placeholder(text: &str) -> bool {
    const TYPE_NAMES: &[&str] = &[
        "string",
        "boolean",
        "int32",
        "int64",
        "int16",
        "double",
        "single",
        "decimal",
        "datetimeoffset",
        "datetime",
        "date",
        "timeofday",
        "duration",
        "guid",
        "binary",
        "stream",
        "number",
        "integer",
        "bool",
        "timestamp",
    ];
    let lower = text.trim().to_lowercase();
    let head = lower.split([' ', '(']).next().unwrap_or_default();
    TYPE_NAMES.contains(&lower.as_str())
        || (TYPE_NAMES.contains(&head) && lower.contains('('))
        || lower.starts_with("edm.")
        || lower.starts_with("collection(")
        || (lower.starts_with('{') && lower.ends_with('}'))
        || (lower.starts_with('<') && lower.ends_with('>'))
        || lower.ends_with("-value")
        || lower.ends_with("_value")
        || lower.contains("...")
}
