//! HTTP responses for catalog errors (feature `http`).
//!
//! Everything in a response comes from the error's [`CatalogError`]
//! methods, so every code of every catalog gets the same treatment:
//!
//! | header | value |
//! |---|---|
//! | status | [`CatalogError::http_status`] |
//! | `content-type` | `application/json` |
//! | `request-id` | the request id (also in the body); left out when empty, longer than [`MAX_REQUEST_ID_HEADER`], or not a header value clients read back whole (control characters, non-ASCII, blanks at either end) |
//! | `x-should-retry` | `true` or `false`, from [`retry_headers`] |
//! | `retry-after` | whole seconds, only for [`RetryPolicy::AfterDelay`] errors whose details hold the delay |
//!
//! The body is the [`ErrorEnvelope`].
//!
//! `x-should-retry` is what automatic client retry loops (such as the
//! official Anthropic SDKs') obey over their own status-code rules, and
//! those loops honour `retry-after` only up to a minute: past that they
//! ignore it and retry after their own short backoff, long before the
//! delay is over. So a delay longer than a client should sleep
//! automatically (more than [`DEFAULT_MAX_AUTO_RETRY_SECONDS`] unless the
//! server chose another limit) is sent with `x-should-retry: false`: the
//! body still says `retryable: true` with the exact delay, for clients that
//! decide for themselves. Errors that wait for someone to act or for a billing cycle
//! to reset ([`RetryPolicy::AfterAction`]) never get a `retry-after`.
//!
//! ```
//! use hasp_errors::{HaspError, RateLimitedDetails};
//!
//! let err = HaspError::RateLimited(RateLimitedDetails::new(2));
//! let response = hasp_errors::http::response(&err, "Slow down.", "req_1");
//! assert_eq!(response.status(), 429);
//! assert_eq!(response.headers()["x-should-retry"], "true");
//! assert_eq!(response.headers()["retry-after"], "2");
//! assert_eq!(response.headers()["request-id"], "req_1");
//! ```

use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use http::{Response, StatusCode};
use serde_json::Value;

use crate::{CatalogError, ErrorEnvelope, RetryPolicy};

/// The `request-id` header: the request id, as in the envelope.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
/// The `x-should-retry` header: `true` or `false`.
pub const X_SHOULD_RETRY: HeaderName = HeaderName::from_static("x-should-retry");

/// The longest `retry-after` (in seconds) sent together with
/// `x-should-retry: true` by [`response`] and [`parts`]: one minute.
///
/// Longer delays are still sent in `retry-after` and the details, but with
/// `x-should-retry: false`, so automatic client retry loops (which ignore a
/// `retry-after` past a minute and retry after their own short backoff)
/// give up instead of retrying too early.
pub const DEFAULT_MAX_AUTO_RETRY_SECONDS: u64 = 60;

/// What a response says about retrying, derived from the catalog's
/// [`RetryPolicy`] and the error's details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RetryHeaders {
    /// The `x-should-retry` value.
    pub should_retry: bool,
    /// The `retry-after` value in seconds, if any.
    pub retry_after_seconds: Option<u64>,
}

/// The retry headers for `error`.
///
/// * [`RetryPolicy::Backoff`]: `x-should-retry: true`, no `retry-after`.
/// * [`RetryPolicy::AfterDelay`]: `retry-after` with the delay in the
///   named details field (a non-negative integer, `30.0` counting as 30, as
///   JSON Schema counts it); `x-should-retry: true`
///   when the delay is at most `max_auto_retry_seconds`, `false` when it is
///   longer. A missing or non-integer field gives `x-should-retry: true`
///   and no `retry-after` (plain backoff).
/// * [`RetryPolicy::Never`], [`RetryPolicy::AfterAction`] and anything
///   else not retryable: `x-should-retry: false`, no `retry-after`.
pub fn retry_headers<E: CatalogError>(error: &E, max_auto_retry_seconds: u64) -> RetryHeaders {
    let policy = error.retry_policy();
    match policy {
        RetryPolicy::AfterDelay { field } => {
            let delay = error
                .to_details_json()
                .and_then(|details| {
                    serde_json::from_str::<serde_json::Map<String, Value>>(details.get()).ok()
                })
                .and_then(|details| details.get(field).and_then(crate::values::integer::as_u64));
            RetryHeaders {
                should_retry: delay.is_none_or(|d| d <= max_auto_retry_seconds),
                retry_after_seconds: delay,
            }
        }
        _ => RetryHeaders {
            should_retry: policy.is_retryable(),
            retry_after_seconds: None,
        },
    }
}

/// The headers of the response for `error`: `content-type`, `request-id`,
/// `x-should-retry` and, when due, `retry-after` (see the
/// [module docs](self)).
///
/// A request id that is empty, longer than [`MAX_REQUEST_ID_HEADER`], or
/// not a header value clients read back whole (control characters,
/// non-ASCII, blanks at either end) is left out of the headers; the body
/// still carries it.
pub fn headers<E: CatalogError>(error: &E, request_id: &str) -> HeaderMap {
    headers_with_limit(error, request_id, DEFAULT_MAX_AUTO_RETRY_SECONDS)
}

fn headers_with_limit<E: CatalogError>(
    error: &E,
    request_id: &str,
    max_auto_retry_seconds: u64,
) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(4);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    insert_request_id(&mut headers, request_id);
    let retry = retry_headers(error, max_auto_retry_seconds);
    headers.insert(
        X_SHOULD_RETRY,
        HeaderValue::from_static(if retry.should_retry { "true" } else { "false" }),
    );
    if let Some(seconds) = retry.retry_after_seconds {
        headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    headers
}

/// The status, headers and JSON body of the response for `error`.
///
/// A status outside 100..=999 (only possible for a malformed catalog)
/// becomes 500.
pub fn parts<E: CatalogError>(
    error: &E,
    message: &str,
    request_id: &str,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    parts_with_limit(error, message, request_id, DEFAULT_MAX_AUTO_RETRY_SECONDS)
}

/// [`parts`] with a server-chosen limit instead of
/// [`DEFAULT_MAX_AUTO_RETRY_SECONDS`] for the longest delay sent with
/// `x-should-retry: true`.
pub fn parts_with_limit<E: CatalogError>(
    error: &E,
    message: &str,
    request_id: &str,
    max_auto_retry_seconds: u64,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let status =
        StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = headers_with_limit(error, request_id, max_auto_retry_seconds);
    let body = ErrorEnvelope::new(error, message, request_id)
        .to_json()
        .into_bytes();
    (status, headers, body)
}

/// The complete response for `error` (see the [module docs](self)).
#[must_use]
pub fn response<E: CatalogError>(error: &E, message: &str, request_id: &str) -> Response<Vec<u8>> {
    into_response(parts(error, message, request_id))
}

/// The response that passes a received error on unchanged, for a gateway
/// in front of another HASP service: the status as received (when that is
/// an error status; an error read from a stream arrived with the stream's
/// `200`, and is sent with [`HaspError::http_status`](crate::HaspError::http_status)),
/// the envelope exactly as received (see [`ErrorEnvelope`]: the wire
/// `retryable`, `param`, unknown fields and numbers are not recomputed from
/// this crate's catalog), its request id in `request-id` (unless it is
/// no header value clients read back whole: see [`headers`]), and the retry
/// headers (`x-should-retry`, `retry-after`, `retry-after-ms`) as received,
/// each value as often as it came. An error that did not arrive with an
/// error status (read from a stream, which carries no retry headers) and
/// has none gets those [`response`] gives its error (from its code's
/// policy and details), so clients do not retry it as any 429 or 5xx.
///
/// ```
/// use hasp_errors::client::{ReceivedError, ResponseHeaders};
///
/// let body = br#"{"error": {"type": "internal_error", "code": "INTERNAL_ERROR",
///     "message": "Disk on fire.", "param": null, "details": {"shard": 12345678901234567890123},
///     "retryable": false, "request_id": "req_1"}, "meta": {"request_id": "req_1"}}"#;
/// let headers = ResponseHeaders::from_pairs([("x-should-retry", "false")]);
/// let received = ReceivedError::parse(500, headers, body).unwrap();
/// let response = hasp_errors::http::forward(&received);
/// assert_eq!(response.status(), 500);
/// assert_eq!(response.headers()["x-should-retry"], "false");
/// let json = String::from_utf8(response.into_body()).unwrap();
/// assert!(json.contains(r#""retryable":false"#));
/// assert!(json.contains("12345678901234567890123"));
/// ```
pub fn forward(received: &crate::client::ReceivedError) -> Response<Vec<u8>> {
    let arrived_as_error = (400..=599).contains(&received.status());
    let status = if arrived_as_error {
        received.status()
    } else {
        received.error().http_status()
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut retry_pairs = received.headers().retry_pairs().peekable();
    let mut headers = if !arrived_as_error && retry_pairs.peek().is_none() {
        // Read from a stream (which carries no retry headers), and given
        // an error status here: its headers are made as `response` makes
        // them, from its code's policy and its details (an error sent as
        // not retryable where the catalog says it is, or of a code this
        // crate does not know, from what it was sent with), else the
        // official SDKs would retry it as they retry any 429 or 5xx.
        headers_with_limit(
            received.error(),
            received.request_id(),
            DEFAULT_MAX_AUTO_RETRY_SECONDS,
        )
    } else {
        let mut headers = HeaderMap::with_capacity(5);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        insert_request_id(&mut headers, received.request_id());
        headers
    };
    for (name, value) in retry_pairs {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.append(HeaderName::from_static(name), value);
        }
    }
    into_response((status, headers, received.envelope().to_json().into_bytes()))
}

/// The longest request id sent as a `request-id` header (the body always
/// has it whole): longer headers make clients fail (the official
/// TypeScript SDK reads one of some 16 KB as a connection error), and
/// readers keep this much (see `client::ResponseHeaders`).
pub const MAX_REQUEST_ID_HEADER: usize = 256;

/// Sets `request-id` unless the id is empty, longer than
/// [`MAX_REQUEST_ID_HEADER`], or not a header value a client reads back
/// whole (control characters, non-ASCII, or blanks at either end, which
/// clients trim).
fn insert_request_id(headers: &mut HeaderMap, request_id: &str) {
    let printable = |b: u8| b == b'\t' || (b' '..=b'~').contains(&b);
    if !request_id.is_empty()
        && request_id.len() <= MAX_REQUEST_ID_HEADER
        && request_id.trim_matches([' ', '\t']) == request_id
        && request_id.bytes().all(printable)
        && let Ok(value) = HeaderValue::from_str(request_id)
    {
        headers.insert(REQUEST_ID, value);
    }
}

/// Assembles a response from [`parts`].
pub(crate) fn into_response(
    (status, headers, body): (StatusCode, HeaderMap, Vec<u8>),
) -> Response<Vec<u8>> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}
