//! Errors of the client, and the service's own error body read into a typed value.
//!
//! The service answers a failed call with `{"error": {"code", "message", "innerError"}}`.
//! That body is read leniently: a field of an unexpected shape is skipped, and the
//! `innerError.date`, which the service writes without a UTC offset, stays text (with
//! [`InnerError::date_time`] to read it), so the real API error is never replaced by a
//! parse error.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use super::{HeaderMap, StatusCode};
use crate::edm::DateTimeOffset;

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error status.
    Service(Box<ServiceError>),
    /// The request could not be sent or its answer not received.
    Transport(reqwest::Error),
    /// A success answer's body is not what the operation documents.
    Decode {
        /// The status of the answer.
        status: StatusCode,
        /// What did not match.
        source: serde_json::Error,
    },
    /// A success answer has no body, though the operation documents one.
    EmptyBody {
        /// The status of the answer.
        status: StatusCode,
        /// Its headers, which may say where the result is (`Location`).
        headers: HeaderMap,
    },
    /// A URL, header or body given to a request builder is not valid.
    InvalidRequest(String),
    /// A next or delta link points at a host other than the client's service root; it is
    /// not followed, so that the bearer token is never sent elsewhere.
    ForeignLink(String),
    /// The token provider could not supply a token.
    Auth(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(error) => error.fmt(f),
            Error::Transport(error) => write!(f, "the request failed: {error}"),
            Error::Decode { status, source } => {
                write!(f, "the {status} answer cannot be decoded: {source}")
            }
            Error::EmptyBody { status, .. } => {
                write!(f, "the {status} answer has no body, but one was expected")
            }
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::ForeignLink(link) => write!(
                f,
                "the link {link} is not on the client's service host; it is not followed"
            ),
            Error::Auth(error) => write!(f, "no access token: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Decode { source, .. } => Some(source),
            Error::Auth(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

impl Error {
    /// The service's error, when the service answered with one.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(error) => Some(error),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service(error) => Some(error.status),
            Error::Decode { status, .. } | Error::EmptyBody { status, .. } => Some(*status),
            Error::Transport(error) => error.status(),
            _ => None,
        }
    }
}

/// The service's answer to a failed call.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServiceError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The error code, e.g. `Request_ResourceNotFound`; empty when the body had none.
    pub code: String,
    /// The message; empty when the body had none.
    pub message: String,
    /// The `request-id` of the inner error, or else of the response headers.
    pub request_id: Option<String>,
    /// The `client-request-id` of the inner error, or else of the response headers.
    pub client_request_id: Option<String>,
    /// The inner error, when the body has one.
    pub inner_error: Option<InnerError>,
    /// The response headers (e.g. `Retry-After`).
    pub headers: HeaderMap,
    /// The body as received, for bodies that are not the documented error shape.
    pub body: String,
}

impl ServiceError {
    /// Reads an error answer; any body, JSON or not, gives a value.
    pub fn from_parts(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body).into_owned();
        let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let error = json.get("error").and_then(Value::as_object);
        let field = |name: &str| {
            error
                .and_then(|e| e.get(name))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let inner_error = error
            .and_then(|e| e.get("innerError").or_else(|| e.get("innererror")))
            .and_then(Value::as_object)
            .map(InnerError::from_object);
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = inner_error
            .as_ref()
            .and_then(|i| i.request_id.clone())
            .or_else(|| header("request-id"));
        let client_request_id = inner_error
            .as_ref()
            .and_then(|i| i.client_request_id.clone())
            .or_else(|| header("client-request-id"));
        ServiceError {
            status,
            code: field("code"),
            message: field("message"),
            request_id,
            client_request_id,
            inner_error,
            headers,
            body: text,
        }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the service answered {}", self.status)?;
        if !self.code.is_empty() {
            write!(f, " {}", self.code)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request-id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// The `innerError` object of an error body.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct InnerError {
    /// A more specific code, when given.
    pub code: Option<String>,
    /// A more specific message, when given.
    pub message: Option<String>,
    /// The request's id, for support cases.
    pub request_id: Option<String>,
    /// The id the client sent, if any.
    pub client_request_id: Option<String>,
    /// When the error happened, as the service wrote it (often without an offset).
    pub date: Option<String>,
    /// A nested inner error.
    pub inner_error: Option<Box<InnerError>>,
    /// Members not listed above.
    pub additional_data: BTreeMap<String, Value>,
}

impl InnerError {
    fn from_object(object: &Map<String, Value>) -> Self {
        let mut inner = InnerError::default();
        for (key, value) in object {
            let text = value.as_str().map(str::to_owned);
            match key.as_str() {
                "code" => inner.code = text,
                "message" => inner.message = text,
                "request-id" | "requestId" => inner.request_id = text,
                "client-request-id" | "clientRequestId" => inner.client_request_id = text,
                "date" => inner.date = text,
                "innerError" | "innererror" => {
                    inner.inner_error = value
                        .as_object()
                        .map(|o| Box::new(InnerError::from_object(o)));
                }
                _ => {
                    inner.additional_data.insert(key.clone(), value.clone());
                }
            }
        }
        inner
    }

    /// The `date`, read as a timestamp; a date without an offset is taken as UTC.
    pub fn date_time(&self) -> Option<DateTimeOffset> {
        self.date.as_deref()?.parse().ok()
    }
}
