//! Streams over collections that span pages.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::{BoxFuture, Client, Error, HeaderMap, Page, Request};

/// The items of a collection, requested page by page as the stream is read.
///
/// Each next page is requested with its `@odata.nextLink` exactly as the service wrote it
/// (no re-encoding, no query options added again), and only on the client's host. When
/// the stream ends, [`Items::delta_link`] holds the last page's `@odata.deltaLink`, which
/// [`super::Client::follow`] turns back into a request for the next round of changes.
#[must_use = "streams do nothing unless polled"]
pub struct Items<T> {
    client: Client,
    headers: HeaderMap,
    next: Option<Request<Page<T>>>,
    in_flight: Option<BoxFuture<'static, Result<Page<T>, Error>>>,
    buffer: VecDeque<T>,
    failure: Option<Error>,
    next_link: Option<String>,
    delta_link: Option<String>,
    pages: usize,
}

// The stream never pins its fields: the in-flight future is boxed.
impl<T> Unpin for Items<T> {}

impl<T> Items<T> {
    pub(crate) fn new(first: Request<Page<T>>) -> Self {
        let (client, headers) = first.parts();
        Items {
            client: client.clone(),
            headers: headers.clone(),
            next: Some(first),
            in_flight: None,
            buffer: VecDeque::new(),
            failure: None,
            next_link: None,
            delta_link: None,
            pages: 0,
        }
    }

    /// The last page's `@odata.deltaLink`, once the stream has reached it.
    pub fn delta_link(&self) -> Option<&str> {
        self.delta_link.as_deref()
    }

    /// The `@odata.nextLink` of the latest page received.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }

    /// How many pages have been received.
    pub fn pages(&self) -> usize {
        self.pages
    }
}

impl<T: DeserializeOwned + Send + 'static> Items<T> {
    /// Reads the whole collection; returns its items and the final delta link.
    pub async fn all(mut self) -> Result<(Vec<T>, Option<String>), Error> {
        let mut items = Vec::new();
        while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await {
            items.push(item?);
        }
        Ok((items, self.delta_link))
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(error) = this.failure.take() {
                return Poll::Ready(Some(Err(error)));
            }
            if let Some(in_flight) = this.in_flight.as_mut() {
                let answer = match in_flight.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(answer) => answer,
                };
                this.in_flight = None;
                let page = match answer {
                    Ok(page) => page,
                    Err(error) => return Poll::Ready(Some(Err(error))),
                };
                this.pages += 1;
                this.buffer.extend(page.value);
                this.next_link = page.next_link;
                this.delta_link = page.delta_link;
                // The next page keeps this request's headers (such as `ConsistencyLevel`).
                if let Some(link) = &this.next_link {
                    match this.client.follow(link) {
                        Ok(next) => this.next = Some(next.with_headers(this.headers.clone())),
                        // The page's items come first; the refusal ends the stream.
                        Err(error) => this.failure = Some(error),
                    }
                }
                continue;
            }
            let Some(request) = this.next.take() else {
                return Poll::Ready(None);
            };
            this.in_flight = Some(Box::pin(request.send()));
        }
    }
}
