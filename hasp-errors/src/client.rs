//! Client side: reading error responses and deciding whether to retry.
//!
//! [`ReceivedError::parse`] turns an HTTP response's status, headers and
//! body into the typed [`HaspError`] (codes newer than this crate give the
//! forward-compatible `Unhandled` variant, with the status recorded).
//! [`ReceivedError::retry_advice`] then combines everything the response
//! says about retrying with a caller-given limit on how long to wait.
//!
//! Nothing here does I/O or reads the clock: the current time is a
//! parameter, so decisions are reproducible.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use hasp_errors::client::{ReceivedError, ResponseHeaders, RetryAdvice};
//!
//! let body = br#"{"error": {"type": "rate_limited", "code": "RATE_LIMITED",
//!     "message": "Slow down.", "param": null, "details": {"retry_after_seconds": 3},
//!     "retryable": true, "request_id": "req_9"}, "meta": {"request_id": "req_9"}}"#;
//! let headers = ResponseHeaders::from_pairs([("Retry-After", "3"), ("x-should-retry", "true")]);
//! let received = ReceivedError::parse(429, headers, body)?;
//! assert_eq!(received.error().code_str(), "RATE_LIMITED");
//! assert_eq!(received.request_id(), "req_9");
//!
//! let now = SystemTime::now();
//! assert_eq!(
//!     received.retry_advice(now, Duration::from_secs(10)),
//!     RetryAdvice::After(Duration::from_secs(3)),
//! );
//! assert!(!received.retry_advice(now, Duration::from_secs(1)).should_retry());
//! # Ok::<(), hasp_errors::client::ResponseError>(())
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::catalog::truncate;
use crate::{CatalogError, EnvelopeError, ErrorEnvelope, HaspError, RetryPolicy, Timestamp};

/// What a response's headers say about its error and retrying.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseHeaders {
    request_id: Option<String>,
    should_retry: Option<bool>,
    retry_after: Option<RetryAfter>,
    retry_after_ms: Option<Duration>,
}

/// A parsed `retry-after` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// A delay in seconds (values too large for `u64` saturate).
    Seconds(u64),
    /// An HTTP date, as seconds since the Unix epoch.
    At(i64),
}

impl RetryAfter {
    /// Parses a `retry-after` value: a non-negative integer number of
    /// seconds, or an HTTP date in the IMF-fixdate form
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`). The obsolete RFC 850 and asctime
    /// date forms are not accepted.
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            return Some(RetryAfter::Seconds(value.parse().unwrap_or(u64::MAX)));
        }
        parse_imf_fixdate(value).map(RetryAfter::At)
    }

    /// How long to wait from `now` (zero for a date in the past).
    pub fn wait_from(self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Seconds(s) => Duration::from_secs(s),
            RetryAfter::At(at) => wait_until(at, now),
        }
    }
}

/// Seconds since the Unix epoch of an IMF-fixdate, checked against the
/// calendar (the day name is not checked against the date).
fn parse_imf_fixdate(s: &str) -> Option<i64> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let b = s.as_bytes();
    if b.len() != 29 || !s.is_ascii() {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        let part = s.get(range)?;
        part.bytes().all(|c| c.is_ascii_digit()).then_some(part)
    };
    let day_name = s.get(0..3)?;
    let month_name = s.get(8..11)?;
    let month = MONTHS.iter().position(|m| *m == month_name)? + 1;
    let separators_ok = &b[3..5] == b", "
        && b[7] == b' '
        && b[11] == b' '
        && b[16] == b' '
        && b[19] == b':'
        && b[22] == b':'
        && &b[25..] == b" GMT";
    if !DAYS.contains(&day_name) || !separators_ok {
        return None;
    }
    let text = format!(
        "{}-{month:02}-{}T{}:{}:{}Z",
        digits(12..16)?,
        digits(5..7)?,
        digits(17..19)?,
        digits(20..22)?,
        digits(23..25)?,
    );
    Timestamp::parse(&text).ok().map(|t| t.unix_seconds())
}

fn unix_seconds(now: SystemTime) -> i64 {
    match now.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// The wait from `now` until `at` (seconds since the Unix epoch); zero if
/// `at` has passed.
fn wait_until(at: i64, now: SystemTime) -> Duration {
    let seconds = at.saturating_sub(unix_seconds(now));
    Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

impl ResponseHeaders {
    /// Reads the headers that matter here (`request-id`, `x-should-retry`,
    /// `retry-after`, `retry-after-ms`) from name–value pairs. Names match
    /// case-insensitively; the first occurrence of a header counts; values
    /// that are not visible ASCII, or that do not parse, are ignored.
    pub fn from_pairs<I, N, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let mut headers = ResponseHeaders::default();
        for (name, value) in pairs {
            let Ok(value) = std::str::from_utf8(value.as_ref()) else {
                continue;
            };
            if !value
                .bytes()
                .all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic())
            {
                continue;
            }
            let value = value.trim_matches([' ', '\t']);
            let name = name.as_ref();
            if name.eq_ignore_ascii_case("request-id") {
                if headers.request_id.is_none() && !value.is_empty() {
                    headers.request_id = Some(truncate(value, 256));
                }
            } else if name.eq_ignore_ascii_case("x-should-retry") {
                if headers.should_retry.is_none() {
                    headers.should_retry = match value.to_ascii_lowercase().as_str() {
                        "true" => Some(true),
                        "false" => Some(false),
                        _ => None,
                    };
                }
            } else if name.eq_ignore_ascii_case("retry-after") {
                if headers.retry_after.is_none() {
                    headers.retry_after = RetryAfter::parse(value);
                }
            } else if name.eq_ignore_ascii_case("retry-after-ms")
                && headers.retry_after_ms.is_none()
            {
                headers.retry_after_ms = value
                    .parse::<f64>()
                    .ok()
                    .filter(|ms| ms.is_finite() && *ms >= 0.0)
                    .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok());
            }
        }
        headers
    }

    /// The `request-id` header (at most 256 characters kept).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `x-should-retry` header, if it is `true` or `false`.
    pub fn should_retry(&self) -> Option<bool> {
        self.should_retry
    }

    /// The `retry-after` header, if valid.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.retry_after
    }

    /// The `retry-after-ms` header, if a valid non-negative number.
    pub fn retry_after_ms(&self) -> Option<Duration> {
        self.retry_after_ms
    }

    /// The delay the headers ask for: `retry-after-ms` if present (it is
    /// more precise), else `retry-after`.
    pub fn delay(&self, now: SystemTime) -> Option<Duration> {
        self.retry_after_ms
            .or_else(|| self.retry_after.map(|r| r.wait_from(now)))
    }
}

#[cfg(feature = "http")]
impl From<&http::HeaderMap> for ResponseHeaders {
    fn from(map: &http::HeaderMap) -> Self {
        ResponseHeaders::from_pairs(
            map.iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes())),
        )
    }
}

/// An error response, read: the status, the headers, the envelope and the
/// typed error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedError {
    status: u16,
    headers: ResponseHeaders,
    envelope: ErrorEnvelope,
    error: HaspError,
}

impl ReceivedError {
    /// Reads an error response. The body is untrusted input (size-limited
    /// by [`ErrorEnvelope::from_slice`]). A code this crate does not know
    /// gives the `Unhandled` variant with `status` recorded.
    ///
    /// # Errors
    /// The body is not a valid envelope, or a known code lacks the param or
    /// details it requires. The error keeps the status and the
    /// `request-id` header.
    pub fn parse(
        status: u16,
        headers: ResponseHeaders,
        body: &[u8],
    ) -> Result<Self, ResponseError> {
        let fail = |headers: &ResponseHeaders, error| ResponseError {
            status,
            request_id: headers.request_id.clone(),
            error,
        };
        let envelope = ErrorEnvelope::from_slice(body).map_err(|e| fail(&headers, e))?;
        #[allow(deprecated)]
        let error = match envelope.error().map_err(|e| fail(&headers, e))? {
            HaspError::Unhandled(u) => HaspError::Unhandled(u.with_http_status(status)),
            known => known,
        };
        Ok(ReceivedError {
            status,
            headers,
            envelope,
            error,
        })
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id from the body (the one HASP support knows, even if a
    /// proxy replaced the `request-id` header).
    pub fn request_id(&self) -> &str {
        self.envelope.request_id()
    }

    /// The typed error.
    pub fn error(&self) -> &HaspError {
        &self.error
    }

    /// The typed error, taken out.
    pub fn into_error(self) -> HaspError {
        self.error
    }

    /// The envelope as sent.
    pub fn envelope(&self) -> &ErrorEnvelope {
        &self.envelope
    }

    /// The headers that matter here.
    pub fn headers(&self) -> &ResponseHeaders {
        &self.headers
    }

    /// Whether, and when, to retry the request (see [`RetryAdvice`]), waiting
    /// at most `max_wait`.
    ///
    /// The policy is the catalog's for a known code, and what the body's
    /// `retryable` flag implies for an unknown one. Any "no" wins:
    ///
    /// 1. Body says `retryable: false` for a retryable policy, or the
    ///    policy is `never`: [`NoRetry::NotRetryable`].
    /// 2. `after_action` with a timestamp field in the details (such as
    ///    `cycle_reset_at`): retry once it has passed, if that is within
    ///    `max_wait`; without one: [`NoRetry::NeedsAction`].
    /// 3. Retryable: the delay is `retry-after-ms`, else `retry-after`
    ///    (seconds or HTTP date), else the `after_delay` details field (such
    ///    as `retry_after_seconds`). A delay over `max_wait` gives
    ///    [`NoRetry::WaitTooLong`]; else `x-should-retry: false` gives
    ///    [`NoRetry::ServerDeclined`]; else [`RetryAdvice::After`] the
    ///    delay, or [`RetryAdvice::Backoff`] when there is none.
    pub fn retry_advice(&self, now: SystemTime, max_wait: Duration) -> RetryAdvice {
        let body = self.envelope.body();
        let policy = self.error.retry_policy();
        let too_long =
            |wait: Duration| RetryAdvice::DoNotRetry(NoRetry::WaitTooLong { wait, max_wait });
        match policy {
            RetryPolicy::AfterAction { field } => {
                let at = field
                    .and_then(|f| body.details()?.get(f)?.as_str())
                    .and_then(|t| Timestamp::parse(t).ok());
                match at {
                    Some(at) => match wait_until(at.unix_seconds(), now) {
                        wait if wait > max_wait => too_long(wait),
                        wait => RetryAdvice::After(wait),
                    },
                    None => RetryAdvice::DoNotRetry(NoRetry::NeedsAction),
                }
            }
            _ if !policy.is_retryable() || !body.retryable() => {
                RetryAdvice::DoNotRetry(NoRetry::NotRetryable)
            }
            _ => {
                let from_details = match policy {
                    RetryPolicy::AfterDelay { field } => body
                        .details()
                        .and_then(|d| d.get(field))
                        .and_then(Value::as_u64)
                        .map(Duration::from_secs),
                    _ => None,
                };
                let delay = self.headers.delay(now).or(from_details);
                match delay {
                    Some(wait) if wait > max_wait => too_long(wait),
                    _ if self.headers.should_retry == Some(false) => {
                        RetryAdvice::DoNotRetry(NoRetry::ServerDeclined)
                    }
                    Some(wait) => RetryAdvice::After(wait),
                    None => RetryAdvice::Backoff,
                }
            }
        }
    }
}

impl fmt::Display for ReceivedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {}: {} (request id {})",
            self.status,
            self.error,
            self.request_id()
        )
    }
}

impl std::error::Error for ReceivedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// An error response whose body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    status: u16,
    request_id: Option<String>,
    error: EnvelopeError,
}

impl ResponseError {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `request-id` header, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// What is wrong with the body.
    pub fn envelope_error(&self) -> &EnvelopeError {
        &self.error
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} response", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        write!(f, " has an unreadable error body: {}", self.error)
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Whether and when to retry a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryAdvice {
    /// Retry after this wait (given by the server, or until the time the
    /// catalog says a retry can work).
    After(Duration),
    /// Retry, with the client's own exponential backoff.
    Backoff,
    /// Do not retry automatically.
    DoNotRetry(NoRetry),
}

impl RetryAdvice {
    /// Whether to retry at all.
    pub fn should_retry(self) -> bool {
        !matches!(self, RetryAdvice::DoNotRetry(_))
    }

    /// The wait before retrying, when the response gave one.
    pub fn wait(self) -> Option<Duration> {
        match self {
            RetryAdvice::After(wait) => Some(wait),
            _ => None,
        }
    }
}

/// Why not to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NoRetry {
    /// The same request fails the same way again: fix it.
    NotRetryable,
    /// Someone must act first (an admin, a raised cap, a finished job).
    NeedsAction,
    /// The error is retryable, but the server said `x-should-retry: false`.
    ServerDeclined,
    /// A retry can work only after a longer wait than allowed.
    WaitTooLong {
        /// The wait required.
        wait: Duration,
        /// The caller's limit.
        max_wait: Duration,
    },
}

impl fmt::Display for NoRetry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoRetry::NotRetryable => f.write_str("the error is not retryable"),
            NoRetry::NeedsAction => f.write_str("a retry can only work after someone acts"),
            NoRetry::ServerDeclined => f.write_str("the server said not to retry"),
            NoRetry::WaitTooLong { wait, max_wait } => write!(
                f,
                "a retry can only work after {} s, longer than the limit of {} s",
                wait.as_secs(),
                max_wait.as_secs()
            ),
        }
    }
}
