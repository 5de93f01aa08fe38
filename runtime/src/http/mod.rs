//! The HTTP client that generated request builders send their requests through.
//!
//! A [`Client`] knows the service root (`https://graph.microsoft.com` unless configured),
//! where its bearer tokens come from ([`TokenProvider`]) and how often to retry. Generated
//! code navigates from a version's entry point to a [`ResourcePath`] and turns it into a
//! [`Request`], which takes the OData query options and sends itself:
//!
//! ```no_run
//! use graph_runtime::http::{Client, Method, Page, StaticToken};
//!
//! # async fn run() -> Result<(), graph_runtime::http::Error> {
//! let client = Client::builder()
//!     .token_provider(StaticToken::new("eyJ0eXAiOi..."))
//!     .build()?;
//! let users: Page<serde_json::Value> = client
//!     .path("v1.0")
//!     .segment("users")
//!     .request(Method::GET)
//!     .select(["id", "displayName"])
//!     .filter(format!("displayName eq {}", graph_runtime::http::odata_string("O'Neil")))
//!     .send()
//!     .await?;
//! println!("{} users on the first page", users.value.len());
//! # Ok(())
//! # }
//! ```
//!
//! What a call returns depends on what the docs say the operation answers: a model, a
//! [`Page`] of a collection, the raw [`Content`] of a stream, or [`NoContent`] for `202`,
//! `204` and other empty answers. [`Request::send_response`] also returns the status and
//! headers around any of them, and [`Request::items`] streams a collection across pages.

mod auth;
mod client;
mod error;
pub mod mock;
mod pager;
mod path;
mod query;
mod request;
mod response;
mod retry;

pub use auth::{AccessToken, BoxFuture, StaticToken, TokenProvider};
pub use client::{Client, ClientBuilder, DEFAULT_SERVICE_ROOT};
pub use error::{Error, InnerError, ServiceError};
pub use pager::Items;
pub use path::{encode_item_path, encode_segment, ResourcePath};
pub use query::odata_string;
pub use request::Request;
pub use response::{Content, FromResponse, NoContent, Page, RawResponse, Response};
pub use retry::RetryPolicy;

pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode};
