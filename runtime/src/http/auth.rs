//! Bearer tokens: where the client gets them, and a type that never prints one.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use super::Error;

/// A boxed future that can be sent across threads, as [`TokenProvider`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An OAuth access token. `Debug` and `Display` show `<redacted>`, never the token, so it
/// cannot leak through logs or error messages.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps the token text (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(token.into())
    }

    /// The token text, for the `Authorization` header.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Supplies a bearer token for each request. Implement it over your identity library (a
/// client-credentials flow, a device-code flow, a cache); the client asks before every
/// attempt, so a provider can refresh a token that is about to expire.
pub trait TokenProvider: Send + Sync {
    /// The token for the next request.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;
}

/// A provider that always returns the same token: for scripts, tests and tokens obtained
/// elsewhere.
#[derive(Clone)]
pub struct StaticToken {
    token: AccessToken,
}

impl StaticToken {
    /// A provider of `token` (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken {
            token: AccessToken::new(token),
        }
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticToken")
            .field("token", &self.token)
            .finish()
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let token = self.token.clone();
        Box::pin(async move { Ok(token) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_token() {
        let provider = StaticToken::new("s3cr3t-token");
        assert_eq!(
            format!("{provider:?}"),
            "StaticToken { token: AccessToken(<redacted>) }"
        );
        assert_eq!(AccessToken::new("s3cr3t-token").to_string(), "<redacted>");
        assert_eq!(AccessToken::new("s3cr3t-token").secret(), "s3cr3t-token");
    }
}
