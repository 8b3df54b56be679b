//! A received error is never lost: off-spec details, a foreign type or a
//! missing param are reported beside the error, not instead of it; a proxy
//! passes what it received on unchanged.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hasp_errors::client::{NoRetry, ReceivedError, ResponseHeaders, RetryAdvice};
use hasp_errors::{EnvelopeError, ErrorCode, ErrorEnvelope, HaspError};
use serde_json::{Value, json};

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_564_800)
}

/// The wire body of `code`'s example with `details` replaced.
fn body_with_details(code: ErrorCode, details: Option<Value>) -> Value {
    let err = common::example(code);
    let mut v = ErrorEnvelope::new(&err, "Server's own words.", "req_off").to_value();
    match details {
        Some(d) => v["error"]["details"] = d,
        None => {
            v["error"].as_object_mut().unwrap().remove("details");
        }
    }
    v
}

fn parse(status: u16, headers: &[(&str, &str)], body: &Value) -> ReceivedError {
    ReceivedError::parse(
        status,
        ResponseHeaders::from_pairs(headers.iter().copied()),
        body.to_string().as_bytes(),
    )
    .unwrap_or_else(|e| panic!("an envelope must be read: {e}"))
}

#[test]
fn off_spec_details_keep_the_error_and_report_the_problem_beside_it() {
    let codes_with_details: Vec<ErrorCode> = ErrorCode::ALL
        .iter()
        .copied()
        .filter(|&c| common::example(c).to_details_json().is_some())
        .collect();
    assert!(codes_with_details.len() >= 5);
    for &code in &codes_with_details {
        let good: Value =
            serde_json::from_str(common::example(code).to_details_json().unwrap().get()).unwrap();
        let first = good.as_object().unwrap().keys().next().unwrap().clone();
        let mut variants: Vec<(&str, Option<Value>)> = vec![
            ("null details", Some(Value::Null)),
            ("no details", None),
            ("empty details", Some(json!({}))),
        ];
        let kind = |v: &Value| match v {
            Value::Number(n) if n.is_f64() => "float",
            Value::Number(_) => "integer",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Bool(_) => "bool",
            Value::Null => "null",
        };
        for wrong in [
            json!(2.5),
            json!("20"),
            json!([1]),
            json!({"x": 1}),
            json!(true),
        ] {
            if kind(&wrong) == kind(&good[&first]) {
                continue;
            }
            let mut d = good.clone();
            d[&first] = wrong;
            variants.push(("a field of the wrong JSON type", Some(d)));
        }
        for (what, details) in variants {
            let body = body_with_details(code, details.clone());
            let headers = [("request-id", "req_hdr"), ("x-should-retry", "false")];
            let got = parse(code.http_status(), &headers, &body);
            let ctx = format!("{code}, {what}: {details:?}");
            // Everything the server sent is still there.
            assert_eq!(got.status(), code.http_status(), "{ctx}");
            assert_eq!(got.code(), code.as_str(), "{ctx}");
            assert_eq!(got.error_type(), code.error_type().as_str(), "{ctx}");
            assert_eq!(got.message(), "Server's own words.", "{ctx}");
            assert_eq!(got.request_id(), "req_off", "{ctx}");
            assert_eq!(got.param(), body["error"]["param"].as_str(), "{ctx}");
            assert_eq!(got.is_retryable(), code.is_retryable(), "{ctx}");
            assert_eq!(got.headers().request_id(), Some("req_hdr"), "{ctx}");
            assert_eq!(got.headers().should_retry(), Some(false), "{ctx}");
            let raw = got
                .details()
                .map(|d| serde_json::from_str::<Value>(d.get()).unwrap());
            assert_eq!(raw, details.filter(|d| !d.is_null()), "{ctx}");
            // The typed problem, beside the error.
            let Some(EnvelopeError::Details { code: c, message }) = got.problem() else {
                panic!("{ctx}: {:?}", got.problem());
            };
            assert_eq!(c, code.as_str());
            assert!(!message.is_empty());
            assert_eq!(got.error().code_str(), code.as_str(), "{ctx}");
            assert_eq!(got.error().http_status(), code.http_status(), "{ctx}");
            assert!(got.to_string().contains("Server's own words."), "{ctx}");
            assert!(got.to_string().contains("not as the catalog says"), "{ctx}");
            // Retry advice still comes from the catalog, body and headers.
            assert_eq!(got.retry_policy(), code.retry_policy(), "{ctx}");
            assert!(
                !got.retry_advice(now(), Duration::MAX).should_retry(),
                "{ctx}"
            );
        }
    }
}

#[test]
fn retry_advice_survives_off_spec_delay_details() {
    for (details, headers, expected) in [
        (
            json!({"retry_after_seconds": 2.5}),
            vec![],
            RetryAdvice::After(Duration::from_millis(2500)),
        ),
        // Off the spec, seconds as a string: still the delay asked for,
        // and a header asking less does not shorten it.
        (
            json!({"retry_after_seconds": "20"}),
            vec![],
            RetryAdvice::After(Duration::from_secs(20)),
        ),
        (
            json!({"retry_after_seconds": "20"}),
            vec![("retry-after", "4")],
            RetryAdvice::After(Duration::from_secs(20)),
        ),
        (
            Value::Null,
            vec![("retry-after-ms", "1500")],
            RetryAdvice::After(Duration::from_millis(1500)),
        ),
        (
            json!({"retry_after_seconds": -3}),
            vec![],
            RetryAdvice::Backoff,
        ),
        // Details off the spec are not this crate's long-delay response:
        // `x-should-retry: false` declines.
        (
            json!({"retry_after_seconds": 2.5}),
            vec![("x-should-retry", "false")],
            RetryAdvice::DoNotRetry(NoRetry::ServerDeclined),
        ),
        (
            json!({"retry_after_seconds": "soon"}),
            vec![("x-should-retry", "false")],
            RetryAdvice::DoNotRetry(NoRetry::ServerDeclined),
        ),
    ] {
        let body = body_with_details(ErrorCode::RateLimited, Some(details.clone()));
        let got = parse(429, &headers, &body);
        assert!(got.problem().is_some(), "{details}");
        assert_eq!(
            got.retry_advice(now(), Duration::from_secs(60)),
            expected,
            "{details} {headers:?}"
        );
    }
}

#[test]
fn extra_detail_fields_are_not_a_problem() {
    let body = body_with_details(
        ErrorCode::RateLimited,
        Some(json!({"retry_after_seconds": 3, "bucket": "rpm", "big": "BIG"})),
    );
    let text = body
        .to_string()
        .replace(r#""BIG""#, "12345678901234567890123");
    let got = ReceivedError::parse(429, ResponseHeaders::default(), text.as_bytes()).unwrap();
    assert_eq!(got.problem(), None);
    assert!(matches!(got.error(), HaspError::RateLimited(d) if d.retry_after_seconds == 3));
    assert!(
        got.details()
            .unwrap()
            .get()
            .contains("12345678901234567890123")
    );
}

#[test]
fn a_missing_param_and_a_foreign_type_are_surfaced_not_rewritten() {
    let mut body = body_with_details(ErrorCode::ValidationFailed, None);
    body["error"]["param"] = Value::Null;
    let got = parse(400, &[], &body);
    assert!(matches!(
        got.problem(),
        Some(EnvelopeError::MissingParam { .. })
    ));
    assert_eq!(got.code(), "VALIDATION_FAILED");

    // RATE_LIMITED sent as `invalid_request` (and so 400): the type the
    // server sent is what the caller sees, with the mismatch reported.
    let mut body = body_with_details(
        ErrorCode::RateLimited,
        Some(json!({"retry_after_seconds": 1})),
    );
    body["error"]["type"] = json!("invalid_request");
    let got = parse(400, &[], &body);
    assert_eq!(
        got.problem(),
        Some(&EnvelopeError::TypeMismatch {
            code: "RATE_LIMITED".to_owned(),
            expected: "rate_limited",
            found: "invalid_request".to_owned(),
        })
    );
    assert_eq!(got.error_type(), "invalid_request");
    assert_eq!(got.error().error_type_str(), "invalid_request");
    assert_eq!(got.error().http_status(), 400);
    let envelope = ErrorEnvelope::from_slice(body.to_string().as_bytes()).unwrap();
    assert!(matches!(
        envelope.to_error(),
        Err(EnvelopeError::TypeMismatch { .. })
    ));
    assert!(
        got.problem()
            .unwrap()
            .to_string()
            .contains("arrived with type \"invalid_request\"")
    );
}

#[test]
fn display_says_the_servers_own_message() {
    let body = json!({"error": {"type": "not_found", "code": "RESOURCE_NOT_FOUND",
        "message": "Document doc_123 was deleted", "param": null, "details": null,
        "retryable": false, "request_id": "req_d"}, "meta": {"request_id": "req_d"}});
    let got = parse(404, &[], &body);
    assert_eq!(
        got.to_string(),
        "HTTP 404 RESOURCE_NOT_FOUND (not_found): Document doc_123 was deleted (request id req_d)"
    );
}

/// What a gateway in front of another HASP service receives, as text.
const UPSTREAM: &str = r#"{"error": {"type": "internal_error", "code": "INTERNAL_ERROR",
    "message": "Shard lost.", "param": "messages.0", "retryable": false,
    "request_id": "req_up", "details": {"shard": 12345678901234567890123, "ratio": 0.1,
    "future_field": {"a": [1, null]}}, "severity": "high"},
    "meta": {"request_id": "req_up", "region": "eu"}, "trace": 1e400}"#;

#[test]
fn a_proxy_passes_what_it_received_on_unchanged() {
    // Sent as text: numbers beyond f64 and 1e400 must survive byte for byte.
    let text = UPSTREAM.replace(
        "12345678901234567890123",
        "123456789012345678901234567890.000",
    );
    let got = ReceivedError::parse(
        500,
        ResponseHeaders::from_pairs([("x-should-retry", "false"), ("retry-after", "7")]),
        text.as_bytes(),
    )
    .expect("1e400 in an unknown field does not reject the envelope");
    // Kept values are the exact text received, whitespace included.
    let again = got.envelope().to_json();
    assert!(again.contains(r#"{"a": [1, null]}"#), "{again}");
    let compact = |s: &str| -> String { s.split_whitespace().collect() };
    let again = compact(&again);
    assert!(
        again.contains("123456789012345678901234567890.000"),
        "{again}"
    );
    assert!(again.contains(r#""trace":1e400"#), "{again}");
    assert!(
        again.contains(r#""retryable":false"#),
        "the wire flag, not the catalog's"
    );
    assert!(again.contains(r#""param":"messages.0""#));
    assert!(
        again.contains(r#""future_field":{"a":[1,null]}"#),
        "{again}"
    );
    // Same JSON as received, key order within objects kept too (the known
    // fields of `error` are written in the reference's order).
    let expected = compact(&text)
        .replace(
            r#","retryable":false,"request_id":"req_up","details":"#,
            r#","details":"#,
        )
        .replace(
            r#"},"severity""#,
            r#"},"retryable":false,"request_id":"req_up","severity""#,
        );
    assert_eq!(again, expected);

    // A known code sent with the other flag than the catalog's is no typed
    // error of that code (which would say the catalog's, and be sent on
    // with it): it is kept as received, the mismatch reported.
    assert!(!got.is_retryable());
    assert!(!got.error().is_retryable());
    assert_eq!(got.error().code(), None);
    assert_eq!(got.error().code_str(), got.code());
    assert_eq!(
        got.problem(),
        Some(&EnvelopeError::RetryableMismatch {
            code: got.code().to_owned(),
            expected: true
        })
    );
    assert!(
        got.problem()
            .unwrap()
            .to_string()
            .contains("`retryable: false`"),
        "{}",
        got.problem().unwrap()
    );
    let strict = ErrorEnvelope::from_slice(text.as_bytes()).unwrap();
    assert!(matches!(
        strict.to_error(),
        Err(EnvelopeError::RetryableMismatch { expected: true, .. })
    ));
    // The other way round is a later catalog making a code retryable (a
    // compatible change): still the typed error, which retries less than
    // the server allows.
    let retryable_now = json!({
        "error": {"type": "not_found", "code": "RESOURCE_NOT_FOUND", "message": "gone",
            "param": null, "details": {"error_code": "RESOURCE_NOT_FOUND"},
            "retryable": true, "request_id": "req_1"},
        "meta": {"request_id": "req_1"}
    })
    .to_string();
    let read = ErrorEnvelope::from_slice(retryable_now.as_bytes()).unwrap();
    assert_eq!(read.to_error().unwrap(), HaspError::ResourceNotFound);
    let got =
        ReceivedError::parse(404, ResponseHeaders::default(), retryable_now.as_bytes()).unwrap();
    assert_eq!(got.problem(), None);
    assert_eq!(got.error().code(), Some(ErrorCode::ResourceNotFound));
}

#[cfg(feature = "http")]
#[test]
fn http_forward_keeps_status_body_and_retry_headers() {
    let got = ReceivedError::parse(
        503,
        ResponseHeaders::from_pairs([
            ("x-should-retry", "false"),
            ("retry-after", "Wed, 25 Nov 2026 00:00:30 GMT"),
            ("retry-after-ms", "1500"),
            ("request-id", "req_header_only"),
        ]),
        UPSTREAM.as_bytes(),
    )
    .unwrap();
    let response = hasp_errors::http::forward(&got);
    assert_eq!(response.status(), 503);
    let h = response.headers();
    assert_eq!(h["x-should-retry"], "false");
    assert_eq!(h["retry-after"], "Wed, 25 Nov 2026 00:00:30 GMT");
    assert_eq!(h["retry-after-ms"], "1500");
    assert_eq!(
        h["request-id"], "req_up",
        "the body's id, which support knows"
    );
    let compact = |s: &[u8]| -> String { String::from_utf8_lossy(s).split_whitespace().collect() };
    assert_eq!(
        compact(response.body()),
        compact(got.envelope().to_json().as_bytes())
    );
    assert!(compact(response.body()).contains(r#""trace":1e400"#));
}

#[cfg(feature = "http")]
#[test]
fn http_forward_passes_every_header_value_on_and_never_a_success_status() {
    let headers = ResponseHeaders::from_pairs([
        ("retry-after", "5"),
        ("x-should-retry", "false"),
        ("Retry-After", "10"),
        ("x-should-retry", "false"),
    ]);
    // Read from a stream: the stream's 200 is not the error's status.
    let got = ReceivedError::parse(200, headers, UPSTREAM.as_bytes()).unwrap();
    let response = hasp_errors::http::forward(&got);
    assert_eq!(response.status(), got.error().http_status());
    assert!(response.status().as_u16() >= 400);
    let values = |name| -> Vec<_> { response.headers().get_all(name).iter().collect() };
    assert_eq!(values("retry-after"), ["5", "10"]);
    assert_eq!(values("x-should-retry"), ["false", "false"]);
    // Read back, it says what it said before.
    let again = common::read_back(&response).unwrap();
    assert!(
        again
            .headers()
            .retry_pairs()
            .eq(got.headers().retry_pairs())
    );
    assert_eq!(
        again.retry_advice(now(), Duration::MAX),
        got.retry_advice(now(), Duration::MAX)
    );
}

#[test]
fn a_body_that_is_almost_an_envelope_keeps_the_request_id_it_names() {
    let envelope = |error: &str, meta: &str| {
        format!(
            r#"{{"error": {{"type": "internal_error", "code": "INTERNAL_ERROR", "message": "m", {error}}}, "meta": {{{meta}}}}}"#
        )
    };
    for (body, header, expected) in [
        // Two request ids: the error's.
        (
            envelope(
                r#""retryable": true, "request_id": "req_9""#,
                r#""request_id": "req_gw""#,
            ),
            None,
            Some("req_9"),
        ),
        // A field of the wrong type, or missing.
        (
            envelope(
                r#""param": 5, "retryable": true, "request_id": "req_p""#,
                r#""request_id": "req_p""#,
            ),
            None,
            Some("req_p"),
        ),
        (
            envelope(r#""request_id": "req_r""#, r#""request_id": "req_r""#),
            None,
            Some("req_r"),
        ),
        // Only `meta` has it.
        (
            envelope(r#""retryable": 1"#, r#""request_id": "req_m""#),
            None,
            Some("req_m"),
        ),
        // The body's id wins over a proxy's header; without one, the header.
        (
            envelope(r#""retryable": 1, "request_id": "req_b""#, ""),
            Some("req_h"),
            Some("req_b"),
        ),
        (
            envelope(r#""retryable": 1"#, ""),
            Some("req_h"),
            Some("req_h"),
        ),
        ("<html>bad gateway</html>".to_owned(), None, None),
        // What an envelope may hold and `serde_json` cannot represent
        // hides nothing.
        (
            envelope(
                r#""retryable": 1, "details": {"x": 1e400, "y": "\ud800"}, "request_id": "req_x""#,
                "",
            ),
            Some("req_h"),
            Some("req_x"),
        ),
        // An id a header could not carry is not taken from the body.
        (
            envelope(r#""retryable": 1, "request_id": "req\u001b[2Jx""#, ""),
            Some("req_h"),
            Some("req_h"),
        ),
        (
            envelope(
                r#""retryable": 1, "request_id": 7"#,
                r#""request_id": "req_meta""#,
            ),
            None,
            Some("req_meta"),
        ),
    ] {
        let headers = ResponseHeaders::from_pairs(header.map(|h| ("request-id", h)));
        let err = ReceivedError::parse(502, headers, body.as_bytes()).unwrap_err();
        assert_eq!(err.request_id(), expected, "{body}");
        assert_eq!(err.body(), body.as_bytes());
    }
}

#[test]
fn a_body_within_the_limit_refused_as_too_large_written_out_keeps_its_request_id() {
    let head = r#"{"error":{"type":"internal_error","code":"INTERNAL_ERROR","message":""#;
    let tail = r#"","retryable":false},"meta":{"request_id":"req_big"}}"#;
    let len = hasp_errors::MAX_ENVELOPE_BYTES - 10;
    let body = format!("{head}{}{tail}", "m".repeat(len - head.len() - tail.len()));
    let err = ReceivedError::parse(500, ResponseHeaders::default(), body.as_bytes()).unwrap_err();
    assert!(matches!(
        err.envelope_error(),
        hasp_errors::EnvelopeError::TooLarge { .. }
    ));
    assert_eq!(err.request_id(), Some("req_big"));
}

#[test]
fn a_body_that_is_not_an_envelope_keeps_status_headers_and_bytes() {
    let err = ReceivedError::parse(
        502,
        ResponseHeaders::from_pairs([("request-id", "req_lb"), ("retry-after", "2")]),
        b"<html>bad gateway</html>",
    )
    .unwrap_err();
    assert_eq!(err.status(), 502);
    assert_eq!(err.request_id(), Some("req_lb"));
    assert_eq!(err.headers().delay(now()), Some(Duration::from_secs(2)));
    assert_eq!(err.body(), b"<html>bad gateway</html>");
}

#[test]
fn a_delay_too_long_for_a_duration_is_the_longest_wait_never_retry_now() {
    let max_wait = Duration::from_secs(60);
    let too_long = RetryAdvice::DoNotRetry(NoRetry::WaitTooLong {
        wait: Duration::MAX,
        max_wait,
    });
    // Built by this crate: a `duration_seconds` of u64::MAX.
    let err = HaspError::RateLimited(hasp_errors::RateLimitedDetails::new(u64::MAX));
    let got = ReceivedError::from_envelope(
        429,
        ResponseHeaders::default(),
        ErrorEnvelope::new(&err, "Slow down.", "req_1"),
    );
    assert_eq!(
        got.retry_advice(now(), max_wait),
        RetryAdvice::DoNotRetry(NoRetry::WaitTooLong {
            wait: Duration::from_secs(u64::MAX),
            max_wait,
        })
    );
    // Off the spec, 1e20 and 1e300 seconds: still a wait, the longest.
    for n in [json!(1e20), json!(1e300)] {
        let body = body_with_details(
            ErrorCode::RateLimited,
            Some(json!({"retry_after_seconds": n})),
        );
        assert_eq!(
            parse(429, &[], &body).retry_advice(now(), max_wait),
            too_long,
            "{n}"
        );
    }
}

#[test]
fn error_chains_show_each_thing_once() {
    use std::error::Error as _;
    // A known code read as the catalog says: its message is the whole story.
    let body = body_with_details(
        ErrorCode::RateLimited,
        Some(json!({"retry_after_seconds": 3})),
    );
    let good = parse(429, &[], &body);
    assert!(good.problem().is_none());
    assert!(good.source().is_none(), "the typed error is not a cause");
    // A known code not as the catalog says: the problem is in the message,
    // so not again as a source.
    let off = parse(
        429,
        &[],
        &body_with_details(ErrorCode::RateLimited, Some(json!({}))),
    );
    let problem = off.problem().expect("missing details field").to_string();
    assert!(off.to_string().contains(&problem), "{off}");
    assert!(off.source().is_none());
    // A body that is no envelope: likewise.
    let not = ReceivedError::parse(502, ResponseHeaders::default(), b"<html>").unwrap_err();
    assert!(
        not.to_string().contains(&not.envelope_error().to_string()),
        "{not}"
    );
    assert!(not.source().is_none());
}

/// JSON Schema, and so the contract, counts a number with no fraction as
/// an integer however it is written (Python's `json.dumps` writes a float
/// as `30.0`): the typed error reads it, and the retry headers keep it.
#[test]
fn whole_numbers_written_as_floats_are_integers() {
    let body = |written: &str| {
        body_with_details(
            ErrorCode::RateLimited,
            Some(json!({ "retry_after_seconds": 424_242 })),
        )
        .to_string()
        .replace("424242", written)
    };
    for written in ["30", "30.0", "3e1", "3.0E+1", "300e-1"] {
        let received =
            ReceivedError::parse(429, ResponseHeaders::default(), body(written).as_bytes())
                .unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(received.problem(), None, "{written}");
        match received.error() {
            HaspError::RateLimited(d) => assert_eq!(d.retry_after_seconds, 30, "{written}"),
            other => panic!("{written}: read as {other:?}"),
        }
        assert_eq!(
            received.retry_advice(now(), Duration::from_secs(60)),
            RetryAdvice::After(Duration::from_secs(30)),
            "{written}"
        );
        #[cfg(feature = "http")]
        {
            let response = hasp_errors::http::response(received.error(), "m", "req_1");
            assert_eq!(response.headers()["retry-after"], "30", "{written}");
        }
    }
    // A fraction, a negative or a number past the field's range is not an
    // integer: the error is kept, with the problem beside it.
    for written in ["30.5", "-30", "-1.0", "18446744073709551616", "1e20"] {
        let received =
            ReceivedError::parse(429, ResponseHeaders::default(), body(written).as_bytes())
                .unwrap_or_else(|e| panic!("{written}: {e}"));
        assert!(
            matches!(received.problem(), Some(EnvelopeError::Details { .. })),
            "{written}: {:?}",
            received.problem()
        );
        assert_eq!(received.code(), "RATE_LIMITED");
    }
}

/// A delay longer than SDKs should sleep is sent with `x-should-retry:
/// false` and `retryable: true` (`http::response`): a client willing to
/// wait that long retries after it, as the reference says it may.
#[cfg(feature = "http")]
#[test]
fn a_long_delay_is_the_callers_to_wait_for() {
    use hasp_errors::RateLimitedDetails;
    for delay in [61, 120, 86_400] {
        let err = HaspError::RateLimited(RateLimitedDetails::new(delay));
        let response = hasp_errors::http::response(&err, "Slow down.", "req_1");
        assert_eq!(response.headers()["x-should-retry"], "false");
        let received = common::read_back(&response).unwrap();
        assert_eq!(
            received.retry_advice(now(), Duration::from_secs(delay)),
            RetryAdvice::After(Duration::from_secs(delay)),
            "{delay}"
        );
        assert_eq!(
            received.retry_advice(now(), Duration::from_secs(delay - 1)),
            RetryAdvice::DoNotRetry(NoRetry::WaitTooLong {
                wait: Duration::from_secs(delay),
                max_wait: Duration::from_secs(delay - 1),
            }),
            "{delay}"
        );
    }
    // A code that is not `after_delay` still gets `false` as a decline:
    // `client_parse.rs`'s `retry_decision_table`.
}

/// `error.details.error_code` repeats `error.code` in every error this
/// crate writes: an unknown code's details that name another code get it
/// replaced (the rest kept as sent), and ones that already name it are
/// kept as they are.
#[test]
fn details_error_code_always_names_the_code() {
    let body = |details: &str| {
        format!(
            r#"{{"error": {{"type": "future_type", "code": "NEW_CODE", "message": "m",
            "param": null, "details": {details}, "retryable": false, "request_id": "req_1"}},
            "meta": {{"request_id": "req_1"}}}}"#
        )
    };
    for (details, expected) in [
        (
            r#"{"error_code": "OLD_CODE", "trace": 1e400, "n": [1, {"error_code": "X"}]}"#,
            r#"{"error_code":"NEW_CODE","trace":1e400,"n":[1, {"error_code": "X"}]}"#,
        ),
        (
            r#"{"error_code": "OLD_CODE"}"#,
            r#"{"error_code":"NEW_CODE"}"#,
        ),
        (
            r#"{"a": 1, "error_code": "NEW_CODE", "error_code": "OLD"}"#,
            r#"{"error_code":"NEW_CODE","a":1}"#,
        ),
        (
            r#"{"a": 1, "error_code": "NEW_CODE"}"#,
            r#"{"a": 1, "error_code": "NEW_CODE"}"#,
        ),
        (r#"{"error_code": 7}"#, r#"{"error_code":"NEW_CODE"}"#),
        // A key no `String` can hold (a lone surrogate) is another key,
        // written back as sent; an escaped `error_code` is `error_code`.
        (
            r#"{"error_code": "OLD_CODE", "\ud800": 1}"#,
            r#"{"error_code":"NEW_CODE","\ud800":1}"#,
        ),
        (
            r#"{"\ud800x\u00e9\n": 1, "error\u005fcode": "OLD_CODE"}"#,
            r#"{"error_code":"NEW_CODE","\ud800xé\n":1}"#,
        ),
        (
            r#"{"\udfff": 1, "error_code": "NEW_CODE"}"#,
            r#"{"\udfff": 1, "error_code": "NEW_CODE"}"#,
        ),
    ] {
        let received =
            ReceivedError::parse(400, ResponseHeaders::default(), body(details).as_bytes())
                .unwrap_or_else(|e| panic!("{details}: {e}"));
        let built = ErrorEnvelope::new(received.error(), "m", "req_2");
        let written = built.body().details().map(|d| d.get().to_owned());
        assert_eq!(written.as_deref(), Some(expected), "{details}");
        // Streamed, the same details.
        let event = hasp_errors::sse::StreamEvent::new_error(received.error(), "m", "req_2");
        let data = event.to_frame().data().to_owned();
        assert!(data.contains(&format!("\"details\":{expected}")), "{data}");
    }
}
