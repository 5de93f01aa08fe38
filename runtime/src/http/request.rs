//! A request being built: OData query options, headers and body, then `send`.

use std::fmt;
use std::marker::PhantomData;

use reqwest::Url;
use serde::Serialize;

use super::path::encode_segment;
use super::query::encode_query;
use super::{
    Client, Error, FromResponse, HeaderMap, HeaderName, HeaderValue, Items, Method, Page, Response,
};

/// A request whose successful answer becomes a `T`: a model, a [`Page`], a
/// [`super::Content`] or a [`super::NoContent`].
///
/// `P` marks the operation when its docs page documents headers or parameters of its own:
/// the generated bindings give such requests typed setters for them (an extension trait
/// per operation, e.g. `.consistency_level(...)`); `()` for the others.
///
/// Builder methods take and return the request, so options chain; a value that cannot be
/// used (a header with a line break, a body that does not serialise) is reported by
/// [`Request::send`] rather than by the builder method.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<T, P = ()> {
    client: Client,
    method: Method,
    target: Target,
    query: Vec<(String, String)>,
    /// Function arguments, written as `(name=value,...)` after the path's last segment.
    arguments: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<(Vec<u8>, HeaderValue)>,
    error: Option<Error>,
    output: PhantomData<fn() -> (T, P)>,
}

/// Where the request goes.
enum Target {
    /// A path below the service root, plus the query options of the builder.
    Path(String),
    /// A link the service handed out, requested as it is.
    Link(Url),
}

impl<T, P> fmt::Debug for Request<T, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target = match &self.target {
            Target::Path(path) => path.as_str(),
            Target::Link(url) => url.as_str(),
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("target", &target)
            .field("query", &self.query)
            .field("arguments", &self.arguments)
            .finish_non_exhaustive()
    }
}

impl<T> Request<T> {
    /// A request of `method` to `path` (below the service root, starting with `/`).
    pub fn new(client: Client, method: Method, path: String) -> Self {
        Self::with_target(client, method, Target::Path(path))
    }

    pub(crate) fn for_link(client: Client, method: Method, url: Url) -> Self {
        Self::with_target(client, method, Target::Link(url))
    }

    fn with_target(client: Client, method: Method, target: Target) -> Self {
        Request {
            client,
            method,
            target,
            query: Vec::new(),
            arguments: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            error: None,
            output: PhantomData,
        }
    }
}

impl<T, P> Request<T, P> {
    /// The same request, marked as one of operation `Q` (whose typed setters then apply).
    pub fn with_parameters<Q>(self) -> Request<T, Q> {
        Request {
            client: self.client,
            method: self.method,
            target: self.target,
            query: self.query,
            arguments: self.arguments,
            headers: self.headers,
            body: self.body,
            error: self.error,
            output: PhantomData,
        }
    }

    /// `$select`: the properties to return.
    pub fn select<I>(self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.query("$select", join(properties))
    }

    /// `$expand`: the relationships to return inline, e.g. `members($select=id)`.
    pub fn expand<I>(self, relationships: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.query("$expand", join(relationships))
    }

    /// `$filter`: an OData filter expression, sent as given; quote text values with
    /// [`super::odata_string`].
    pub fn filter(self, expression: impl Into<String>) -> Self {
        self.query("$filter", expression)
    }

    /// `$orderby`: e.g. `displayName desc`.
    pub fn orderby<I>(self, keys: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.query("$orderby", join(keys))
    }

    /// `$top`: the page size.
    pub fn top(self, count: u32) -> Self {
        self.query("$top", count.to_string())
    }

    /// `$skip`: how many items to skip.
    pub fn skip(self, count: u32) -> Self {
        self.query("$skip", count.to_string())
    }

    /// `$count`: whether to return the collection's size in `@odata.count`.
    pub fn count(self, include: bool) -> Self {
        self.query("$count", include.to_string())
    }

    /// `$search`: a search expression such as `"displayName:room"`, sent as given.
    pub fn search(self, expression: impl Into<String>) -> Self {
        self.query("$search", expression)
    }

    /// Any query parameter, e.g. one the operation's page documents. Names and values
    /// are percent-encoded when the request is sent.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Any request header; replaces an earlier value of the same header.
    pub fn header(mut self, name: &str, value: impl AsRef<str>) -> Self {
        let parsed_name = HeaderName::try_from(name);
        let value = HeaderValue::try_from(value.as_ref());
        match (parsed_name, value) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.fail(format!("the header {name:?} cannot hold the given value")),
        }
        self
    }

    /// A function argument: `name=literal` inside parentheses after the path's last
    /// segment (`usedRange(valuesOnly=true)`). `literal` is OData literal text: quote
    /// strings with [`super::odata_string`]. It is percent-encoded when sent.
    pub fn argument(mut self, name: impl Into<String>, literal: impl Into<String>) -> Self {
        self.arguments.push((name.into(), literal.into()));
        self
    }

    /// `Prefer`: e.g. `return=minimal` or `outlook.timezone="Pacific Standard Time"`.
    pub fn prefer(self, preference: impl AsRef<str>) -> Self {
        self.header("Prefer", preference)
    }

    /// `If-Match`: an etag the resource must still have.
    pub fn if_match(self, etag: impl AsRef<str>) -> Self {
        self.header("If-Match", etag)
    }

    /// `If-None-Match`: an etag that, if current, makes the service answer `304`.
    pub fn if_none_match(self, etag: impl AsRef<str>) -> Self {
        self.header("If-None-Match", etag)
    }

    /// Sends `body` as JSON.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((bytes, HeaderValue::from_static("application/json"))),
            Err(error) => self.fail(format!("the body cannot be written as JSON: {error}")),
        }
        self
    }

    /// Sends `body` as JSON in IEEE754Compatible form: `Edm.Int64` and `Edm.Decimal` values
    /// as strings, declared by the media type `application/json;IEEE754Compatible=true`.
    /// Replaces a body set before, such as the one an operation's method set.
    pub fn json_ieee754_compatible<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match crate::wire::ieee754_compatible(|| serde_json::to_vec(body)) {
            Ok(bytes) => {
                let media = HeaderValue::from_static("application/json;IEEE754Compatible=true");
                self.body = Some((bytes, media));
            }
            Err(error) => self.fail(format!("the body cannot be written as JSON: {error}")),
        }
        self
    }

    /// Sends raw bytes, e.g. a file's content, with their media type.
    pub fn bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: &str) -> Self {
        match HeaderValue::try_from(content_type) {
            Ok(value) => self.body = Some((bytes.into(), value)),
            Err(_) => self.fail(format!("{content_type:?} is not a media type")),
        }
        self
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL the request will be sent to.
    pub fn url(&self) -> Result<Url, Error> {
        match &self.target {
            Target::Path(path) => {
                let path = with_arguments(path, &self.arguments);
                self.client.url_for(&path, &encode_query(&self.query))
            }
            Target::Link(url) => Ok(url.clone()),
        }
    }

    pub(crate) fn parts(&self) -> (&Client, &HeaderMap) {
        (&self.client, &self.headers)
    }

    pub(crate) fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(Error::InvalidRequest(message));
        }
    }

    /// Sends the request, with status and headers around the result.
    pub async fn send_response(self) -> Result<Response<T>, Error>
    where
        T: FromResponse,
    {
        if let Some(error) = self.error {
            return Err(error);
        }
        let url = self.url()?;
        let raw = self
            .client
            .execute(self.method, url, &self.headers, self.body.as_ref())
            .await?;
        Response::from_response(raw)
    }

    /// Sends the request and returns the result.
    pub async fn send(self) -> Result<T, Error>
    where
        T: FromResponse,
    {
        Ok(self.send_response().await?.body)
    }
}

impl<T, P> Request<Page<T>, P> {
    /// Every item of the collection, page after page, following `@odata.nextLink`; the
    /// stream's [`Items::delta_link`] gives the last page's `@odata.deltaLink`.
    pub fn items(self) -> Items<T> {
        Items::new(self.with_parameters())
    }
}

/// `path` with `arguments` inside the parentheses of its last segment: added to a list
/// already there (`f(a=1)` → `f(a=1,b=2)`), or opening one.
fn with_arguments(path: &str, arguments: &[(String, String)]) -> String {
    if arguments.is_empty() {
        return path.to_owned();
    }
    let list: Vec<String> = arguments
        .iter()
        .map(|(name, literal)| format!("{}={}", encode_segment(name), encode_segment(literal)))
        .collect();
    let list = list.join(",");
    let last = path.rsplit('/').next().unwrap_or_default();
    match path.strip_suffix(')') {
        Some(open) if last.contains('(') => {
            let separator = if open.ends_with('(') { "" } else { "," };
            format!("{open}{separator}{list})")
        }
        _ => format!("{path}({list})"),
    }
}

fn join<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let items: Vec<String> = items
        .into_iter()
        .map(|item| item.as_ref().to_owned())
        .collect();
    items.join(",")
}

#[cfg(test)]
mod tests {
    use super::with_arguments;

    #[test]
    fn arguments_go_inside_the_last_segments_parentheses() {
        let args = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert_eq!(with_arguments("/v1.0/a/cell", &[]), "/v1.0/a/cell");
        assert_eq!(
            with_arguments("/v1.0/a/cell", &args(&[("row", "5"), ("column", "6")])),
            "/v1.0/a/cell(row=5,column=6)"
        );
        assert_eq!(
            with_arguments(
                "/v1.0/r(address='A1')/rowsAbove(count=2)",
                &args(&[("x", "'a b'")])
            ),
            "/v1.0/r(address='A1')/rowsAbove(count=2,x='a%20b')"
        );
        assert_eq!(with_arguments("/f()", &args(&[("x", "1")])), "/f(x=1)");
    }
}
