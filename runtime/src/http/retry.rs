//! When and how long to wait before sending a throttled or unavailable request again.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{HeaderMap, StatusCode};

/// Retries of answers `429 Too Many Requests`, `503 Service Unavailable` and
/// `504 Gateway Timeout`. The wait is the answer's `Retry-After` (seconds or an HTTP date)
/// when it has one, else a doubling backoff; either is capped at `max_delay`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request is sent again at most; `0` turns retries off.
    pub max_retries: u32,
    /// The first backoff when the answer has no `Retry-After`.
    pub base_delay: Duration,
    /// The longest wait, whatever `Retry-After` asks for.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Whether an answer with `status` is worth sending again.
    pub fn is_retryable(status: StatusCode) -> bool {
        matches!(status.as_u16(), 429 | 503 | 504)
    }

    /// The wait before retry number `attempt` (0 for the first retry).
    pub fn delay(&self, attempt: u32, headers: &HeaderMap) -> Duration {
        let backoff = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.min(16)));
        retry_after(headers, Utc::now())
            .unwrap_or(backoff)
            .min(self.max_delay)
    }
}

/// Reads `Retry-After` as delay-seconds or as an HTTP date relative to `now`.
fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let text = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = DateTime::parse_from_rfc2822(text).ok()?;
    let wait = date.with_timezone(&Utc) - now;
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("Retry-After", value.parse().unwrap());
        headers
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        let date = headers("Wed, 01 May 2024 10:00:30 GMT");
        assert_eq!(retry_after(&date, now), Some(Duration::from_secs(30)));
        let past = headers("Wed, 01 May 2024 09:00:00 GMT");
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
    }

    #[test]
    fn delays_double_and_are_capped() {
        let policy = RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        };
        let none = HeaderMap::new();
        assert_eq!(policy.delay(0, &none), Duration::from_millis(100));
        assert_eq!(policy.delay(2, &none), Duration::from_millis(400));
        assert_eq!(policy.delay(9, &none), Duration::from_secs(1));
        assert_eq!(policy.delay(0, &headers("3600")), Duration::from_secs(1));
        assert!(RetryPolicy::is_retryable(StatusCode::TOO_MANY_REQUESTS));
        assert!(!RetryPolicy::is_retryable(
            StatusCode::INTERNAL_SERVER_ERROR
        ));
    }
}
