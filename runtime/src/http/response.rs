//! What a call returns: a decoded body, a page of a collection, raw content, or nothing,
//! and the status and headers around any of them.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Error, HeaderMap, StatusCode};

/// An answer as received: status, headers and the whole body.
#[derive(Clone, Debug)]
pub struct RawResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body; empty for `204` and other answers without one.
    pub body: Vec<u8>,
}

/// How a call's result is made from the answer.
///
/// Every type that serde can decode from JSON reads the body as JSON, and an empty body
/// is [`Error::EmptyBody`], which keeps the headers. [`NoContent`] and [`Content`] never
/// read the body as JSON; [`Response`] adds the status and headers to any of them.
pub trait FromResponse: Sized {
    /// Makes the result.
    fn from_response(response: RawResponse) -> Result<Self, Error>;
}

impl<T: DeserializeOwned> FromResponse for T {
    fn from_response(response: RawResponse) -> Result<Self, Error> {
        let RawResponse {
            status,
            headers,
            body,
        } = response;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::EmptyBody { status, headers });
        }
        serde_json::from_slice(&body).map_err(|source| Error::Decode { status, source })
    }
}

/// A result with the status and headers of its answer.
#[derive(Clone, Debug)]
pub struct Response<T> {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The result.
    pub body: T,
}

impl<T: FromResponse> FromResponse for Response<T> {
    fn from_response(response: RawResponse) -> Result<Self, Error> {
        let status = response.status;
        let headers = response.headers.clone();
        let body = T::from_response(response)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// The answer of an operation that documents no body (`202 Accepted`, `204 No Content`):
/// its status and headers. A body, if the service sends one anyway, is not read.
#[derive(Clone, Debug, PartialEq)]
pub struct NoContent {
    /// The status.
    pub status: StatusCode,
    /// The headers, e.g. `Location` of a long-running operation.
    pub headers: HeaderMap,
}

impl NoContent {
    /// A header's value, when present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Location` header: where a created resource or a running operation is.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// The `Content-Location` header.
    pub fn content_location(&self) -> Option<&str> {
        self.header("content-location")
    }
}

impl FromResponse for NoContent {
    fn from_response(response: RawResponse) -> Result<Self, Error> {
        Ok(NoContent {
            status: response.status,
            headers: response.headers,
        })
    }
}

/// Written as `null`: there is no body.
impl Serialize for NoContent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

/// The raw body of a stream (`$value`, `/content`, reports), with its type.
#[derive(Clone, Debug, PartialEq)]
pub struct Content {
    /// The status; a redirect (`302`) when the client does not follow redirects.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl Content {
    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
    }

    /// The `Location` header, for a redirect to the content.
    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }
}

impl FromResponse for Content {
    fn from_response(response: RawResponse) -> Result<Self, Error> {
        Ok(Content {
            status: response.status,
            headers: response.headers,
            bytes: response.body,
        })
    }
}

/// Written as its content type and length; the bytes are not JSON.
impl Serialize for Content {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Content", 2)?;
        out.serialize_field("contentType", &self.content_type())?;
        out.serialize_field("length", &self.bytes.len())?;
        out.end()
    }
}

/// One page of a collection. The paging annotations are conventions rather than schema,
/// so they are fields here whatever the docs list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    /// The items of this page.
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    /// `@odata.nextLink`: the URL of the next page, to be requested as it is.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: on the last page of a delta query, the URL that returns the
    /// changes made after this query.
    #[serde(
        rename = "@odata.deltaLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delta_link: Option<String>,
    /// `@odata.count`: the size of the whole collection, when `$count=true` was asked.
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::wire::int64_opt"
    )]
    pub count: Option<i64>,
    /// Every other member (`@odata.context`, ...).
    #[serde(flatten)]
    pub additional_data: BTreeMap<String, serde_json::Value>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: Vec::new(),
            next_link: None,
            delta_link: None,
            count: None,
            additional_data: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn pages_read_the_paging_annotations() {
        let body = r#"{
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
            "@odata.count": "2",
            "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X%3D",
            "value": [{"id": "1"}, {"id": "2"}]
        }"#;
        let page: Page<serde_json::Value> = FromResponse::from_response(raw(200, body)).unwrap();
        assert_eq!(page.value.len(), 2);
        assert_eq!(page.count, Some(2));
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://graph.microsoft.com/v1.0/users?$skiptoken=X%3D")
        );
        assert!(page.additional_data.contains_key("@odata.context"));
    }

    #[test]
    fn empty_bodies_are_not_parsed() {
        let done = NoContent::from_response(raw(204, "")).unwrap();
        assert_eq!(done.status, StatusCode::NO_CONTENT);
        let error = serde_json::Value::from_response(raw(200, "")).unwrap_err();
        assert!(matches!(error, Error::EmptyBody { .. }));
    }
}
