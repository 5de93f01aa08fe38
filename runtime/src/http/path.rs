//! Resource paths: literal segments from the docs, and caller values percent-encoded so
//! that each stays inside its own segment.
//!
//! A value such as a guest's user principal name (`a_b.org#EXT#@c.onmicrosoft.com`) or a
//! message id with a `/` must not end the path or start a fragment. Values are encoded as
//! RFC 3986 path characters: letters, digits, `-._~`, the sub-delimiters `!$&'()*+,;=`
//! and `:@` stay; every other byte of the UTF-8 text, `/ ? # % [ ]` and space included,
//! becomes `%XX`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::{Client, Method, Request};

/// The bytes a path segment value keeps as they are: RFC 3986 `pchar` minus `%`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes `value` as one path segment (`/` becomes `%2F`).
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Percent-encodes a drive item path (`folder/file name.txt`): each part as a segment,
/// joined by `/`; leading and trailing `/` are dropped.
pub fn encode_item_path(path: &str) -> String {
    let parts: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(encode_segment)
        .collect();
    parts.join("/")
}

/// Where a request goes: the client, and a path below its service root that grows one
/// piece at a time. Generated navigation methods hold one of these.
#[derive(Clone, Debug)]
pub struct ResourcePath {
    client: Client,
    path: String,
}

impl ResourcePath {
    /// The path `/{version}` of `client`, e.g. `/v1.0`.
    pub fn new(client: Client, version: &str) -> Self {
        ResourcePath {
            client,
            path: format!("/{}", version.trim_matches('/')),
        }
    }

    /// Appends `/` and a literal segment from the docs (`users`, `$ref`,
    /// `microsoft.graph.group`), which is not encoded.
    pub fn segment(mut self, literal: &str) -> Self {
        self.path.push('/');
        self.path.push_str(literal);
        self
    }

    /// Appends `/` and a key value, percent-encoded.
    pub fn key(mut self, value: &str) -> Self {
        self.path.push('/');
        self.path.push_str(&encode_segment(value));
        self
    }

    /// Appends literal text from the docs without a separator (`(period=`, `:/`, `)`).
    pub fn append(mut self, literal: &str) -> Self {
        self.path.push_str(literal);
        self
    }

    /// Appends a value without a separator, percent-encoded as part of a segment.
    pub fn append_value(mut self, value: &str) -> Self {
        self.path.push_str(&encode_segment(value));
        self
    }

    /// Appends a value as an OData string literal (quoted, quotes doubled), percent-encoded.
    pub fn append_string(mut self, value: &str) -> Self {
        self.path
            .push_str(&encode_segment(&super::odata_string(value)));
        self
    }

    /// Appends a drive item path, keeping its `/` separators and encoding each part.
    pub fn append_item_path(mut self, path: &str) -> Self {
        self.path.push_str(&encode_item_path(path));
        self
    }

    /// The path so far, below the service root.
    pub fn as_str(&self) -> &str {
        &self.path
    }

    /// The client the path belongs to.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A request of `method` to this path, answering `T`.
    pub fn request<T>(self, method: Method) -> Request<T> {
        Request::new(self.client, method, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_inside_one_segment() {
        assert_eq!(
            encode_segment("guest_example.org#EXT#@contoso.onmicrosoft.com"),
            "guest_example.org%23EXT%23@contoso.onmicrosoft.com"
        );
        assert_eq!(encode_segment("AAMkAD/x+y="), "AAMkAD%2Fx+y=");
        assert_eq!(encode_segment("50% off?"), "50%25%20off%3F");
        assert_eq!(encode_segment("Zoë"), "Zo%C3%AB");
        assert_eq!(encode_segment("[a]"), "%5Ba%5D");
        assert_eq!(
            encode_item_path("/Reports 2024/Q1#draft.xlsx"),
            "Reports%202024/Q1%23draft.xlsx"
        );
    }
}
