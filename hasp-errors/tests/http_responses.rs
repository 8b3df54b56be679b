//! HTTP responses for every code: status and headers derived from the
//! catalog, body that reads back as the same error.
#![cfg(feature = "http")]

mod common;

use hasp_errors::http::{self, DEFAULT_MAX_AUTO_RETRY_SECONDS, RetryHeaders};
use hasp_errors::{
    CatalogError, ErrorCode, ErrorEnvelope, HaspError, RateLimitedDetails, RetryPolicy,
};

fn header<'a>(response: &'a ::http::Response<Vec<u8>>, name: &str) -> Option<&'a str> {
    response.headers().get(name).map(|v| v.to_str().unwrap())
}

#[test]
fn every_code_gets_its_catalog_status_and_retry_headers() {
    for &code in ErrorCode::ALL {
        let err = common::example(code);
        let response = http::response(&err, "Something failed.", "req_abc");
        assert_eq!(response.status().as_u16(), code.http_status(), "{code}");
        assert_eq!(header(&response, "content-type"), Some("application/json"));
        assert_eq!(header(&response, "request-id"), Some("req_abc"), "{code}");
        let should_retry = if code.is_retryable() { "true" } else { "false" };
        assert_eq!(
            header(&response, "x-should-retry"),
            Some(should_retry),
            "{code}"
        );
        match code.retry_policy() {
            RetryPolicy::AfterDelay { field } => {
                let details: serde_json::Value =
                    serde_json::from_str(err.to_details_json().unwrap().get()).unwrap();
                let delay = details[field].as_u64().unwrap();
                assert_eq!(header(&response, "retry-after"), Some(&*delay.to_string()));
            }
            _ => assert_eq!(header(&response, "retry-after"), None, "{code}"),
        }
        assert_eq!(
            response.headers().len(),
            3 + usize::from(code.retry_policy().kind() == "after_delay")
        );

        let envelope = ErrorEnvelope::from_slice(response.body()).unwrap();
        assert_eq!(envelope.to_error().unwrap(), err, "{code}");
        assert_eq!(envelope.request_id(), "req_abc");
        assert_eq!(envelope.body().message(), "Something failed.");
        assert_eq!(envelope.body().retryable(), code.is_retryable());
    }
}

#[test]
fn after_action_codes_never_tell_clients_to_wait_or_retry() {
    let mut seen = 0;
    for &code in ErrorCode::ALL {
        if let RetryPolicy::AfterAction { .. } = code.retry_policy() {
            seen += 1;
            let (status, headers, _) = http::parts(&common::example(code), "m", "r");
            assert_eq!(status.as_u16(), code.http_status());
            assert_eq!(headers["x-should-retry"], "false", "{code}");
            assert!(headers.get("retry-after").is_none(), "{code}");
        }
    }
    // Every `after_action` code of the catalog was seen.
    let catalog = common::catalog();
    let after_action = catalog
        .codes
        .iter()
        .filter(|c| {
            matches!(
                c.retry,
                hasp_errors_codegen::model::Retry::AfterAction { .. }
            )
        })
        .count();
    assert_eq!(seen, after_action);
    assert!(seen > 0);
}

#[test]
fn long_delays_keep_retry_after_but_stop_automatic_retries() {
    let err = HaspError::RateLimited(RateLimitedDetails::new(3600));
    let response = http::response(&err, "Daily limit reached.", "req_1");
    assert_eq!(header(&response, "x-should-retry"), Some("false"));
    assert_eq!(header(&response, "retry-after"), Some("3600"));
    // The body still says the error is retryable, with the exact delay.
    let envelope = ErrorEnvelope::from_slice(response.body()).unwrap();
    assert!(envelope.body().retryable());

    let at_limit = HaspError::RateLimited(RateLimitedDetails::new(DEFAULT_MAX_AUTO_RETRY_SECONDS));
    let at_limit_headers = http::retry_headers(&at_limit, DEFAULT_MAX_AUTO_RETRY_SECONDS);
    assert!(at_limit_headers.should_retry);
    assert_eq!(at_limit_headers.retry_after_seconds, Some(60));
    let over = HaspError::RateLimited(RateLimitedDetails::new(DEFAULT_MAX_AUTO_RETRY_SECONDS + 1));
    let over_headers = http::retry_headers(&over, DEFAULT_MAX_AUTO_RETRY_SECONDS);
    assert!(!over_headers.should_retry);
    assert_eq!(over_headers.retry_after_seconds, Some(61));

    let (_, headers, _) = http::parts_with_limit(&err, "m", "r", 7200);
    assert_eq!(headers["x-should-retry"], "true");
    assert_eq!(headers["retry-after"], "3600");
}

#[test]
fn odd_request_ids_never_panic_and_stay_in_the_body() {
    for id in [
        "",
        "req\n1",
        "req\r\nx-evil: 1",
        "ré",
        "\u{0}",
        "a\u{7f}b",
        " req_ws ",
        "\t",
        "req\tx",
        &"x".repeat(http::MAX_REQUEST_ID_HEADER),
        &"x".repeat(http::MAX_REQUEST_ID_HEADER + 1),
        &"x".repeat(10_000),
    ] {
        let response = http::response(&HaspError::InternalError, "m", id);
        let envelope = ErrorEnvelope::from_slice(response.body()).unwrap();
        assert_eq!(envelope.request_id(), id);
        let in_header = header(&response, "request-id");
        // In the header only as clients read it back whole: printable, not
        // blank at either end, and short enough for every client.
        let valid = !id.is_empty()
            && id.len() <= http::MAX_REQUEST_ID_HEADER
            && id.trim_matches([' ', '\t']) == id
            && id.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
        assert_eq!(in_header, valid.then_some(id), "{id:?}");
        assert!(header(&response, "x-evil").is_none());
    }
}

#[test]
fn unknown_codes_use_their_type_and_flag() {
    let body = br#"{"error": {"type": "service_unavailable", "code": "FUTURE_OUTAGE",
        "message": "m", "param": null, "details": null, "retryable": true,
        "request_id": "req_1"}}"#;
    let err = ErrorEnvelope::from_slice(body).unwrap().to_error().unwrap();
    let response = http::response(&err, "Try later.", "req_2");
    assert_eq!(response.status(), 503);
    assert_eq!(header(&response, "x-should-retry"), Some("true"));
    assert_eq!(header(&response, "retry-after"), None);
    let envelope = ErrorEnvelope::from_slice(response.body()).unwrap();
    assert_eq!(envelope.body().code(), "FUTURE_OUTAGE");
    assert_eq!(envelope.body().error_type(), "service_unavailable");
}

#[test]
fn a_delay_field_that_is_missing_means_plain_backoff() {
    /// A catalog error whose delay field is absent.
    #[derive(Debug)]
    struct NoDelay;
    impl std::fmt::Display for NoDelay {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("NO_DELAY")
        }
    }
    impl CatalogError for NoDelay {
        fn code_str(&self) -> &str {
            "NO_DELAY"
        }
        fn error_type_str(&self) -> &str {
            "rate_limited"
        }
        fn http_status(&self) -> u16 {
            1000
        }
        fn retry_policy(&self) -> RetryPolicy {
            RetryPolicy::AfterDelay {
                field: "wait_seconds",
            }
        }
        fn summary(&self) -> &str {
            "no delay given"
        }
        fn param(&self) -> Option<&str> {
            None
        }
        fn to_details_json(&self) -> Option<Box<serde_json::value::RawValue>> {
            serde_json::value::RawValue::from_string(r#"{"wait_seconds": -5}"#.to_owned()).ok()
        }
        fn from_wire(_: &hasp_errors::ErrorBody) -> Result<Self, hasp_errors::EnvelopeError> {
            Ok(NoDelay)
        }
    }
    let retry = http::retry_headers(&NoDelay, 60);
    assert_eq!(
        (retry.should_retry, retry.retry_after_seconds),
        (true, None)
    );
    // An impossible status becomes 500 rather than a panic.
    let (status, headers, _) = http::parts(&NoDelay, "m", "r");
    assert_eq!(status, 500);
    assert!(headers.get("retry-after").is_none());
    let _: RetryHeaders = retry;
}

#[cfg(feature = "axum")]
#[tokio::test]
async fn axum_error_response_is_the_http_response() {
    use axum::response::IntoResponse;
    use hasp_errors::axum::ErrorResponse;

    for &code in ErrorCode::ALL {
        let err = common::example(code);
        let expected = http::response(&err, "Nope.", "req_9");
        let response = ErrorResponse::new(err.clone(), "Nope.", "req_9").into_response();
        assert_eq!(response.status(), expected.status());
        assert_eq!(response.headers(), expected.headers());
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        assert_eq!(&body[..], &expected.body()[..], "{code}");
    }

    let response = ErrorResponse::from_summary(
        HaspError::RateLimited(RateLimitedDetails::new(600)),
        "req_1",
    )
    .with_max_auto_retry_seconds(900)
    .into_response();
    assert_eq!(response.headers()["x-should-retry"], "true");
    assert_eq!(response.headers()["retry-after"], "600");
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let envelope = ErrorEnvelope::from_slice(&body).unwrap();
    assert_eq!(
        envelope.body().message(),
        "RPM or daily request limit exceeded."
    );
}

/// An error read from a stream (which carries no retry headers) is
/// forwarded with the retry headers `response` gives it, so clients do not
/// retry a non-retryable error as they retry any 429 or 5xx, nor a delayed
/// one sooner than its delay.
#[test]
fn a_streamed_error_is_forwarded_with_its_retry_headers() {
    use hasp_errors::client::{ReceivedError, ResponseHeaders};
    for code in ErrorCode::ALL {
        let err = common::example(*code);
        let direct = http::response(&err, "m", "req_s");
        let event = hasp_errors::sse::StreamEvent::new_error(&err, "m", "req_s");
        let envelope = ErrorEnvelope::from_slice(event.to_frame().data().as_bytes()).unwrap();
        let received = ReceivedError::from_envelope(200, ResponseHeaders::default(), envelope);
        let forwarded = http::forward(&received);
        assert_eq!(forwarded.status(), direct.status(), "{code}");
        for name in ["x-should-retry", "retry-after"] {
            assert_eq!(
                header(&forwarded, name),
                header(&direct, name),
                "{code} {name}"
            );
        }
    }
    // Received over HTTP without retry headers: passed on without any.
    let body = http::response(&HaspError::InternalError, "m", "req_h").into_body();
    let received = ReceivedError::parse(500, ResponseHeaders::default(), &body).unwrap();
    assert_eq!(header(&http::forward(&received), "x-should-retry"), None);
}
