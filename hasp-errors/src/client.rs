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
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
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
use std::time::{Duration, SystemTime};

use serde_json::value::RawValue;

use crate::{
    EnvelopeError, ErrorCode, ErrorEnvelope, HaspError, MAX_ENVELOPE_BYTES, RetryPolicy, Timestamp,
    Unhandled,
};

/// What a response's headers say about its error and retrying, as the
/// official Anthropic SDKs read them.
///
/// The retry headers are kept as received, each value on its own (for
/// [`crate::client`] users that pass a response on), and interpreted on
/// demand. A header sent more than once, or with values folded into one
/// (`retry-after: 5, 10`), is read so as never to retry sooner, or more
/// readily, than any one value asks: the longest delay counts, and one
/// `x-should-retry: false` declines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseHeaders {
    request_id: Option<String>,
    should_retry: Vec<String>,
    retry_after: Vec<String>,
    retry_after_ms: Vec<String>,
}

/// A parsed `retry-after` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryAfter {
    /// A delay (whole or fractional seconds; values too large saturate).
    Delay(Duration),
    /// An HTTP date.
    At(SystemTime),
}

impl RetryAfter {
    /// Parses a `retry-after` value: a non-negative number of seconds
    /// (`120`, or with a fraction such as `1.5`, which the official SDKs
    /// honour), or an HTTP date in any of the three forms RFC 9110 section
    /// 5.6.7 obliges a recipient to accept (IMF-fixdate
    /// `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850
    /// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`).
    ///
    /// An RFC 850 date's two-digit year is read with a fixed pivot (`70` to
    /// `99` are 1970 to 1999, `00` to `69` are 2000 to 2069), not, as RFC
    /// 9110 asks, relative to the current date, which this function does
    /// not read: such a date after 2069 is not understood.
    pub fn parse(value: &str) -> Option<RetryAfter> {
        let value = value.trim_matches([' ', '\t']);
        if let Some(delay) = parse_seconds(value) {
            return Some(RetryAfter::Delay(delay));
        }
        httpdate::parse_http_date(value).ok().map(RetryAfter::At)
    }

    /// How long to wait from `now` (zero for a date in the past).
    pub fn wait_from(self, now: SystemTime) -> Duration {
        match self {
            RetryAfter::Delay(delay) => delay,
            RetryAfter::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}

/// `digits [. digits]` (at least one digit) as a duration; `None` for
/// anything else. Too many seconds saturate; digits past nanoseconds are
/// dropped.
fn parse_seconds(s: &str) -> Option<Duration> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let secs = if whole.is_empty() {
        0
    } else {
        whole.parse().unwrap_or(u64::MAX)
    };
    let mut nanos = 0u32;
    for (i, digit) in fraction.bytes().take(9).enumerate() {
        nanos += u32::from(digit - b'0') * 10u32.pow(8 - i as u32);
    }
    Some(Duration::new(secs, nanos))
}

/// Every valid value of one `retry-after` header line: the whole of it,
/// or, when values were folded into it with commas (`5, 10`), each of
/// them; an HTTP date holds a comma of its own, so a part that is not a
/// value is tried together with the next.
fn retry_after_values(line: &str) -> Vec<RetryAfter> {
    if let Some(value) = RetryAfter::parse(line) {
        return vec![value];
    }
    let parts: Vec<&str> = line.split(',').collect();
    let mut values = Vec::new();
    let mut i = 0;
    while let Some(part) = parts.get(i) {
        i += 1;
        if let Some(value) = RetryAfter::parse(part) {
            values.push(value);
        } else if let Some(value) = parts
            .get(i)
            .and_then(|next| RetryAfter::parse(&format!("{part},{next}")))
        {
            values.push(value);
            i += 1;
        }
    }
    values
}

/// `bytes` without the spaces and tabs around them.
fn trim(bytes: &[u8]) -> &[u8] {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// The headers that matter here.
const REQUEST_ID: &str = "request-id";
const X_SHOULD_RETRY: &str = "x-should-retry";
const RETRY_AFTER: &str = "retry-after";
const RETRY_AFTER_MS: &str = "retry-after-ms";

impl ResponseHeaders {
    /// Reads the headers that matter here (`request-id`, `x-should-retry`,
    /// `retry-after`, `retry-after-ms`) from name–value pairs. Names match
    /// case-insensitively; surrounding spaces and tabs are trimmed. The
    /// first non-empty `request-id` of visible ASCII (spaces and tabs
    /// allowed) counts, at most 256 characters kept. Every value of a retry
    /// header is kept, each byte that is not visible ASCII as `?`: the
    /// comma-separated part holding it says nothing (it is no `true`, so
    /// `x-should-retry: true,\x80false` is not a `true`), and a stray byte
    /// in a folded value hides neither a `false` nor a delay in its other
    /// parts.
    pub fn from_pairs<I, N, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let visible = |text: &[u8]| {
            text.iter()
                .all(|&b| b == b' ' || b == b'\t' || b.is_ascii_graphic())
        };
        let mut headers = ResponseHeaders::default();
        for (name, value) in pairs {
            let (name, value) = (name.as_ref(), value.as_ref());
            let slot = if name.eq_ignore_ascii_case(REQUEST_ID) {
                let value = trim(value);
                if headers.request_id.is_none() && !value.is_empty() && visible(value) {
                    // Visible ASCII is UTF-8.
                    let value = std::str::from_utf8(value).unwrap_or_default();
                    headers.request_id = Some(crate::catalog::truncate(value, 256));
                }
                continue;
            } else if name.eq_ignore_ascii_case(X_SHOULD_RETRY) {
                &mut headers.should_retry
            } else if name.eq_ignore_ascii_case(RETRY_AFTER) {
                &mut headers.retry_after
            } else if name.eq_ignore_ascii_case(RETRY_AFTER_MS) {
                &mut headers.retry_after_ms
            } else {
                continue;
            };
            let value = trim(value);
            // Each other byte is kept as `?`: the part holding it is no
            // longer a `true`, a `false` or a delay, and the others still
            // count (visible ASCII is UTF-8).
            let shown: String = value
                .iter()
                .map(|&b| if visible(&[b]) { char::from(b) } else { '?' })
                .collect();
            slot.push(shown);
        }
        headers
    }

    /// The `request-id` header (at most 256 characters kept).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `x-should-retry` header, read as the official SDKs read a single
    /// value: exactly `true` or exactly `false`; anything else says
    /// nothing. Sent several times (or folded, `true, false`), any `false`
    /// declines, and it says `true` only when every value does.
    pub fn should_retry(&self) -> Option<bool> {
        let mut values = self.should_retry.iter().flat_map(|v| v.split(','));
        let mut all_true = !self.should_retry.is_empty();
        for value in &mut values {
            match value.trim_matches([' ', '\t']) {
                "false" => return Some(false),
                "true" => {}
                _ => all_true = false,
            }
        }
        all_true.then_some(true)
    }

    /// The first valid `retry-after` value (see [`RetryAfter::parse`]);
    /// [`delay`](Self::delay) weighs them all.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.retry_after
            .iter()
            .flat_map(|v| retry_after_values(v))
            .next()
    }

    /// The longest valid `retry-after-ms` value: a non-negative number of
    /// milliseconds (fractions allowed).
    pub fn retry_after_ms(&self) -> Option<Duration> {
        self.retry_after_ms
            .iter()
            .flat_map(|v| v.split(','))
            .filter_map(|v| parse_seconds(v.trim_matches([' ', '\t'])))
            .map(|ms| ms / 1000)
            .max()
    }

    /// The delay the headers ask for: the longest of every valid
    /// `retry-after-ms` and `retry-after` value (a date in the past is no
    /// wait), so that no header is retried sooner than it asks.
    pub fn delay(&self, now: SystemTime) -> Option<Duration> {
        let dates = self.retry_after.iter().flat_map(|v| retry_after_values(v));
        dates
            .map(|r| r.wait_from(now))
            .chain(self.retry_after_ms())
            .max()
    }

    /// The retry headers as received (name, value), to pass a response on.
    pub fn retry_pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            (X_SHOULD_RETRY, &self.should_retry),
            (RETRY_AFTER, &self.retry_after),
            (RETRY_AFTER_MS, &self.retry_after_ms),
        ]
        .into_iter()
        .flat_map(|(name, values)| values.iter().map(move |v| (name, v.as_str())))
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

/// An error response, read: the status, the headers, the envelope as sent
/// and the typed error.
///
/// Nothing the server sent is lost to a detail that does not match the
/// catalog: when a known code's `details` have the wrong shape, its
/// `param` is missing, it arrived under another `error.type` than the
/// catalog's, or as not retryable where the catalog says it is, the
/// response is still read; [`problem`](Self::problem) says
/// what did not match, [`error`](Self::error) is then the `Unhandled`
/// variant keeping everything as sent, and [`retry_advice`](Self::retry_advice)
/// still uses the catalog's policy for the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedError {
    status: u16,
    headers: ResponseHeaders,
    envelope: ErrorEnvelope,
    error: HaspError,
    problem: Option<EnvelopeError>,
}

impl ReceivedError {
    /// Reads an error response. The body is untrusted input (size-limited
    /// by [`ErrorEnvelope::from_slice`]). A code this crate does not know
    /// gives the `Unhandled` variant with `status` recorded.
    ///
    /// # Errors
    /// Only when the body is not an error envelope at all; the error keeps
    /// the status, the headers, the `request-id` header and the body.
    pub fn parse(
        status: u16,
        headers: ResponseHeaders,
        body: &[u8],
    ) -> Result<Self, ResponseError> {
        match ErrorEnvelope::from_slice(body) {
            Ok(envelope) => Ok(Self::from_envelope(status, headers, envelope)),
            Err(error) => Err(ResponseError(Box::new(ResponseErrorParts {
                // A body over the limit is not read again (one within it
                // may still be refused as too large once written out).
                body_request_id: (body.len() <= MAX_ENVELOPE_BYTES)
                    .then(|| body_request_id(body))
                    .flatten(),
                status,
                headers,
                body: body.to_vec(),
                error,
            }))),
        }
    }

    /// Reads the typed error out of an envelope already parsed (for
    /// example from a stream's `error` event, with the stream's status and
    /// headers).
    pub fn from_envelope(status: u16, headers: ResponseHeaders, envelope: ErrorEnvelope) -> Self {
        let (error, problem) = match envelope.to_error() {
            #[allow(deprecated)]
            Ok(HaspError::Unhandled(u)) => (HaspError::Unhandled(u.with_http_status(status)), None),
            Ok(known) => (known, None),
            #[allow(deprecated)]
            Err(problem) => (
                HaspError::Unhandled(
                    Unhandled::from_body(envelope.body()).with_http_status(status),
                ),
                Some(problem),
            ),
        };
        ReceivedError {
            status,
            headers,
            envelope,
            error,
            problem,
        }
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

    /// The wire `error.code`, as sent.
    pub fn code(&self) -> &str {
        self.envelope.body().code()
    }

    /// The wire `error.type`, as sent.
    pub fn error_type(&self) -> &str {
        self.envelope.body().error_type()
    }

    /// The server's `error.message`.
    pub fn message(&self) -> &str {
        self.envelope.body().message()
    }

    /// The wire `error.param`.
    pub fn param(&self) -> Option<&str> {
        self.envelope.body().param()
    }

    /// The wire `error.details`, exactly as sent.
    pub fn details(&self) -> Option<&RawValue> {
        self.envelope.body().details()
    }

    /// The wire `error.retryable` flag, as sent.
    pub fn is_retryable(&self) -> bool {
        self.envelope.body().retryable()
    }

    /// The typed error: a variant of the catalog's code, or `Unhandled`
    /// for a code this crate does not know or one whose body did not match
    /// the catalog (see [`problem`](Self::problem)).
    pub fn error(&self) -> &HaspError {
        &self.error
    }

    /// The typed error, taken out.
    pub fn into_error(self) -> HaspError {
        self.error
    }

    /// Why a known code could not be read as its typed variant (its
    /// details, its param, its type or its `retryable: false` do not match
    /// the catalog), if so.
    pub fn problem(&self) -> Option<&EnvelopeError> {
        self.problem.as_ref()
    }

    /// The envelope as sent.
    pub fn envelope(&self) -> &ErrorEnvelope {
        &self.envelope
    }

    /// The envelope as sent, taken out.
    pub fn into_envelope(self) -> ErrorEnvelope {
        self.envelope
    }

    /// The headers that matter here.
    pub fn headers(&self) -> &ResponseHeaders {
        &self.headers
    }

    /// The retry policy: the catalog's for a known code (even when its
    /// body did not match the catalog), else what the wire `retryable`
    /// flag implies.
    pub fn retry_policy(&self) -> RetryPolicy {
        ErrorCode::from_wire(self.code()).map_or_else(
            || RetryPolicy::from_retryable(self.is_retryable()),
            ErrorCode::retry_policy,
        )
    }

    /// Whether, and when, to retry the request (see [`RetryAdvice`]), waiting
    /// at most `max_wait`. Any "no" wins (save the long-delay `false` of
    /// step 3), and no source of a delay is retried sooner than it asks:
    ///
    /// 1. The policy (see [`retry_policy`](Self::retry_policy)) is not
    ///    retryable, or the body says `retryable: false`: do not retry.
    ///    For `after_action` that is [`NoRetry::NeedsAction`], with the
    ///    wait until the reset time its details give (such as
    ///    `cycle_reset_at`; the latest, if sent twice) when that is still
    ///    ahead; else [`NoRetry::NotRetryable`].
    /// 2. The delay is the longest of `retry-after-ms`, `retry-after`
    ///    (seconds, fractional seconds or an HTTP date; a date in the past
    ///    is no wait) and the `after_delay` details field (such as
    ///    `retry_after_seconds`, read on its own: a value elsewhere in the
    ///    details that `serde_json` cannot represent does not hide it, a
    ///    number too large for a [`Duration`] is the longest wait, and,
    ///    off the spec, a string of seconds still counts). A delay
    ///    over `max_wait` gives [`NoRetry::WaitTooLong`].
    /// 3. `x-should-retry: false` gives [`NoRetry::ServerDeclined`],
    ///    except for an `after_delay` error read as the catalog says
    ///    (no [`problem`](Self::problem)) whose details give its delay:
    ///    there it is how [`http::response`](crate::http::response) tells
    ///    SDKs, which wait a minute at most, that the delay is longer than
    ///    that (the body still says `retryable: true`), and `max_wait`
    ///    decides (step 2).
    /// 4. Else [`RetryAdvice::After`] the delay, or
    ///    [`RetryAdvice::Backoff`] when there is none.
    #[must_use]
    pub fn retry_advice(&self, now: SystemTime, max_wait: Duration) -> RetryAdvice {
        let body = self.envelope.body();
        let policy = self.retry_policy();
        if !policy.is_retryable() || !body.retryable() {
            return RetryAdvice::DoNotRetry(match policy {
                RetryPolicy::AfterAction { field } => NoRetry::NeedsAction {
                    wait: field
                        .into_iter()
                        .flat_map(|f| body.details_values(f))
                        .filter_map(|v| serde_json::from_str::<Timestamp>(v.get()).ok())
                        .filter_map(|at| at.to_system_time())
                        .max()
                        .and_then(|at| at.duration_since(now).ok())
                        .filter(|wait| !wait.is_zero()),
                },
                _ => NoRetry::NotRetryable,
            });
        }
        let from_details = match policy {
            RetryPolicy::AfterDelay { field } => body
                .details_values(field)
                .into_iter()
                .filter_map(seconds_of)
                .max(),
            _ => None,
        };
        // `false` may be how the delay's length was told to SDKs.
        let false_may_mean_a_long_delay = from_details.is_some() && self.problem().is_none();
        let delay = self
            .headers
            .delay(now)
            .into_iter()
            .chain(from_details)
            .max();
        match delay {
            Some(wait) if wait > max_wait => {
                RetryAdvice::DoNotRetry(NoRetry::WaitTooLong { wait, max_wait })
            }
            _ if self.headers.should_retry() == Some(false) && !false_may_mean_a_long_delay => {
                RetryAdvice::DoNotRetry(NoRetry::ServerDeclined)
            }
            Some(wait) => RetryAdvice::After(wait),
            None => RetryAdvice::Backoff,
        }
    }
}

/// A delay in seconds sent as a JSON number (`30`, `1.5`, `3e1`), as exact
/// JSON text; a number too large for a [`Duration`] (such as `1e400`) is the
/// longest one; off the spec, a string of seconds (`"20"`, `"1.5"`) as
/// `retry-after` takes them. `None` for anything else: a negative number,
/// other text.
fn seconds_of(raw: &RawValue) -> Option<Duration> {
    let text = raw.get();
    if text.starts_with('"') {
        // Off the spec, a number sent as a string (`"20"`): still the
        // delay asked for, read as `retry-after` is.
        let text: String = serde_json::from_str(text).ok()?;
        return parse_seconds(text.trim_matches([' ', '\t']));
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        // JSON digits alone: a whole number, however long.
        return Some(text.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let secs: f64 = text.parse().ok()?;
    if secs.is_sign_negative() && secs != 0.0 {
        return None;
    }
    Some(Duration::try_from_secs_f64(secs.abs()).unwrap_or(Duration::MAX))
}

impl fmt::Display for ReceivedError {
    /// `HTTP 404 RESOURCE_NOT_FOUND (not_found): Document doc_123 was
    /// deleted. (request id req_1)`, with the param and any problem reading
    /// the typed error.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} {} ({}): {}",
            self.status,
            self.code(),
            self.error_type(),
            self.message()
        )?;
        if let Some(param) = self.param() {
            write!(f, " (param `{param}`)")?;
        }
        write!(f, " (request id {})", self.request_id())?;
        if let Some(problem) = &self.problem {
            write!(f, "; not as the catalog says: {problem}")?;
        }
        Ok(())
    }
}

/// No `source()`: the typed error is this error seen another way, not its
/// cause, and a problem reading it is already in the message (an error
/// chain printer would show it twice); [`problem`](ReceivedError::problem)
/// gives it.
impl std::error::Error for ReceivedError {}

/// An error response whose body is not an error envelope (a proxy's HTML
/// page, a truncated body, ...), keeping everything that could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError(Box<ResponseErrorParts>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ResponseErrorParts {
    status: u16,
    headers: ResponseHeaders,
    body: Vec<u8>,
    error: EnvelopeError,
    /// What the body names as its request id, when it is JSON that does.
    body_request_id: Option<String>,
}

/// The request id a body that is not a valid envelope still names: its
/// `error.request_id`, else its `meta.request_id`, when it is JSON holding
/// one as a string of visible ASCII, as a header's must be (at most 256
/// characters kept). Everything else in the body is skipped unread, so a
/// value `serde_json` cannot represent (`1e400`, a lone surrogate), which
/// an envelope may hold, hides nothing.
fn body_request_id(body: &[u8]) -> Option<String> {
    // Bytes that are not UTF-8 elsewhere in the body hide nothing either.
    let text = String::from_utf8_lossy(body);
    ["error", "meta"].iter().find_map(|object| {
        let objects = crate::envelope::field_values(&text, object);
        let ids = crate::envelope::field_values(objects.first()?.get(), "request_id");
        let id: String = serde_json::from_str(ids.first()?.get()).ok()?;
        let visible = !id.is_empty() && id.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
        visible.then(|| crate::catalog::truncate(&id, 256))
    })
}

impl ResponseError {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The request id HASP support knows: the body's (its `error.request_id`,
    /// else its `meta.request_id`) when the body is JSON naming one, though
    /// not a valid envelope; else the `request-id` header, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        self.0
            .body_request_id
            .as_deref()
            .or_else(|| self.0.headers.request_id())
    }

    /// The headers that matter here (retry advice can still come from
    /// them).
    pub fn headers(&self) -> &ResponseHeaders {
        &self.0.headers
    }

    /// The body as received.
    pub fn body(&self) -> &[u8] {
        &self.0.body
    }

    /// What is wrong with the body.
    pub fn envelope_error(&self) -> &EnvelopeError {
        &self.0.error
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} response", self.0.status)?;
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        write!(f, " is not an error envelope: {}", self.0.error)
    }
}

/// No `source()`: what is wrong with the body is already in the message
/// (an error chain printer would show it twice);
/// [`envelope_error`](ResponseError::envelope_error) gives it.
impl std::error::Error for ResponseError {}

/// Whether and when to retry a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryAdvice {
    /// Retry after this wait: the longest the response asks for, in its
    /// headers or in the details field its code's `after_delay` policy
    /// names. (A reset time an `after_action` code gives, such as
    /// `BUDGET_EXCEEDED`'s `cycle_reset_at`, is in
    /// [`NoRetry::NeedsAction`]: the wire says `retryable: false`, and
    /// someone acting may come first.)
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
    /// Someone must act first (an admin, a raised cap, a finished job), or
    /// a cycle must reset.
    NeedsAction {
        /// The wait until the reset time the details give (such as
        /// `cycle_reset_at`), when it is still ahead.
        wait: Option<Duration>,
    },
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

/// `wait` rounded up to a whole millisecond, as messages show it.
fn to_millis(wait: Duration) -> Duration {
    let millis = wait.as_nanos().div_ceil(1_000_000);
    Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
}

impl fmt::Display for NoRetry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoRetry::NotRetryable => f.write_str("the error is not retryable"),
            NoRetry::NeedsAction { wait: None } => {
                f.write_str("a retry can only work after someone acts")
            }
            NoRetry::NeedsAction { wait: Some(wait) } => write!(
                f,
                "a retry can only work after someone acts or the reset in {:?}",
                to_millis(*wait)
            ),
            NoRetry::ServerDeclined => f.write_str("the server said not to retry"),
            NoRetry::WaitTooLong { wait, max_wait } => write!(
                f,
                "a retry can only work after {:?}, longer than the limit of {:?}",
                to_millis(*wait),
                to_millis(*max_wait)
            ),
        }
    }
}
