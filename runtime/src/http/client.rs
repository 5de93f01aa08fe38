//! The client: the HTTP connection pool, the service root, the token provider and the
//! retry policy, shared by every request made from it.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::{
    Error, HeaderValue, Method, RawResponse, Request, ResourcePath, RetryPolicy, ServiceError,
    StaticToken, TokenProvider,
};

/// The Microsoft Graph service root, without a version.
pub const DEFAULT_SERVICE_ROOT: &str = "https://graph.microsoft.com";

/// A Microsoft Graph client. Cloning is cheap: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    root: Url,
    tokens: Arc<dyn TokenProvider>,
    retry: RetryPolicy,
    follows_redirects: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service_root", &self.inner.root.as_str())
            .field("retry", &self.inner.retry)
            .field("follows_redirects", &self.inner.follows_redirects)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder, with the public service root and no token.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The service root, e.g. `https://graph.microsoft.com`.
    pub fn service_root(&self) -> &Url {
        &self.inner.root
    }

    /// The root of API version `version` (`v1.0`, `beta`), where navigation starts.
    pub fn path(&self, version: &str) -> ResourcePath {
        ResourcePath::new(self.clone(), version)
    }

    /// A request for a URL the service handed out, such as an `@odata.nextLink` or a stored
    /// `@odata.deltaLink`. The URL is requested as it is, but only on the service root's
    /// scheme, host and port: any other host is [`Error::ForeignLink`].
    pub fn follow<T>(&self, link: &str) -> Result<Request<T>, Error> {
        let url = self.inner.root.join(link).map_err(|error| {
            Error::InvalidRequest(format!("the link {link:?} is not a URL: {error}"))
        })?;
        let root = &self.inner.root;
        let same_origin = url.scheme() == root.scheme()
            && url.host_str() == root.host_str()
            && url.port_or_known_default() == root.port_or_known_default();
        if !same_origin {
            return Err(Error::ForeignLink(link.to_owned()));
        }
        Ok(Request::for_link(self.clone(), Method::GET, url))
    }

    /// The URL of `path` (which starts with `/`) and an encoded query, below the root.
    pub(crate) fn url_for(&self, path: &str, query: &str) -> Result<Url, Error> {
        let root = self.inner.root.as_str().trim_end_matches('/');
        let mut text = format!("{root}{path}");
        if !query.is_empty() {
            text.push('?');
            text.push_str(query);
        }
        Url::parse(&text)
            .map_err(|error| Error::InvalidRequest(format!("{text:?} is not a URL: {error}")))
    }

    /// Sends a request, retrying as the policy says, and returns a success answer whole.
    pub(crate) async fn execute(
        &self,
        method: Method,
        url: Url,
        headers: &super::HeaderMap,
        body: Option<&(Vec<u8>, HeaderValue)>,
    ) -> Result<RawResponse, Error> {
        let inner = &self.inner;
        let mut attempt = 0;
        loop {
            let token = inner.tokens.token().await?;
            let mut authorization = HeaderValue::try_from(format!("Bearer {}", token.secret()))
                .map_err(|_| Error::InvalidRequest("the access token is not header text".into()))?;
            authorization.set_sensitive(true);

            let mut request = inner
                .http
                .request(method.clone(), url.clone())
                .headers(headers.clone())
                .header(reqwest::header::AUTHORIZATION, authorization);
            if let Some((bytes, content_type)) = body {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, content_type.clone())
                    .body(bytes.clone());
            }
            let response = request.send().await.map_err(Error::Transport)?;
            let status = response.status();

            // Throttled or briefly unavailable: wait as asked, then try again.
            if RetryPolicy::is_retryable(status) && attempt < inner.retry.max_retries {
                let delay = inner.retry.delay(attempt, response.headers());
                attempt += 1;
                tokio::time::sleep(delay).await;
                continue;
            }

            let headers = response.headers().clone();
            let bytes = response.bytes().await.map_err(Error::Transport)?.to_vec();
            let redirect_kept = status.is_redirection() && !inner.follows_redirects;
            if status.is_success() || redirect_kept {
                return Ok(RawResponse {
                    status,
                    headers,
                    body: bytes,
                });
            }
            let error = ServiceError::from_parts(status, headers, &bytes);
            return Err(Error::Service(Box::new(error)));
        }
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    root: String,
    tokens: Option<Arc<dyn TokenProvider>>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    follows_redirects: bool,
    user_agent: String,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            root: DEFAULT_SERVICE_ROOT.to_owned(),
            tokens: None,
            retry: RetryPolicy::default(),
            timeout: None,
            follows_redirects: true,
            user_agent: concat!("graph-runtime/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service_root", &self.root)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The service root without a version (default `https://graph.microsoft.com`), e.g. a
    /// national cloud, a proxy, or a local test server.
    pub fn service_root(mut self, root: impl Into<String>) -> Self {
        self.root = root.into();
        self
    }

    /// Where bearer tokens come from.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.tokens = Some(Arc::new(provider));
        self
    }

    /// A fixed bearer token; shorthand for a [`StaticToken`] provider.
    pub fn token(self, token: impl Into<String>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// How throttled and unavailable answers are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A limit on each attempt, from sending to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Whether redirects are followed (default yes). Reports and downloads answer `302`
    /// with the content elsewhere; without following, [`super::Content`] holds the
    /// redirect and its `Location`.
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follows_redirects = follow;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Builds the client. Fails when the service root is not an absolute URL, when no
    /// token provider was given, or when the TLS backend cannot start.
    pub fn build(self) -> Result<Client, Error> {
        let root = Url::parse(&self.root).map_err(|error| {
            Error::InvalidRequest(format!("the service root {:?}: {error}", self.root))
        })?;
        let tokens = self.tokens.ok_or_else(|| {
            Error::InvalidRequest("a token provider is needed (token_provider or token)".into())
        })?;
        let redirects = if self.follows_redirects {
            reqwest::redirect::Policy::limited(10)
        } else {
            reqwest::redirect::Policy::none()
        };
        let mut http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .redirect(redirects);
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        let http = http.build().map_err(Error::Transport)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                root,
                tokens,
                retry: self.retry,
                follows_redirects: self.follows_redirects,
            }),
        })
    }
}
