//! Client side: reading error responses for every code, unknown codes and
//! malformed bodies; retry decisions.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hasp_errors::client::{
    NoRetry, ReceivedError, ResponseError, ResponseHeaders, RetryAdvice, RetryAfter,
};
use hasp_errors::{
    EnvelopeError, ErrorCode, ErrorEnvelope, HaspError, MAX_ENVELOPE_BYTES, RateLimitedDetails,
};

/// 2026-11-25T00:00:00Z.
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_564_800)
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn received(err: &HaspError, headers: &[(&str, &str)]) -> ReceivedError {
    let body = ErrorEnvelope::new(err, "Failed.", "req_1").to_json();
    ReceivedError::parse(
        err.http_status(),
        ResponseHeaders::from_pairs(headers.iter().copied()),
        body.as_bytes(),
    )
    .unwrap()
}

fn unknown(code: &str, error_type: &str, retryable: bool) -> Vec<u8> {
    serde_json::json!({
        "error": {"type": error_type, "code": code, "message": "New.", "param": "p",
                  "details": {"k": 1}, "retryable": retryable, "request_id": "req_u"},
        "meta": {"request_id": "req_u"},
    })
    .to_string()
    .into_bytes()
}

#[test]
fn every_code_reads_back_typed_with_its_request_id() {
    for &code in ErrorCode::ALL {
        let err = common::example(code);
        let should_retry = if code.is_retryable() { "true" } else { "false" };
        let got = received(
            &err,
            &[("Request-Id", "req_1"), ("X-Should-Retry", should_retry)],
        );
        assert_eq!(got.error(), &err, "{code}");
        assert_eq!(got.error().code(), Some(code));
        assert_eq!(got.status(), code.http_status());
        assert_eq!(got.request_id(), "req_1");
        assert_eq!(got.headers().request_id(), Some("req_1"));
        assert_eq!(got.headers().should_retry(), Some(code.is_retryable()));
        assert_eq!(got.envelope().body().message(), "Failed.");
        // The server's own message, not the catalog summary.
        assert_eq!(
            got.to_string(),
            format!(
                "HTTP {} {code} ({}): Failed.{} (request id req_1)",
                code.http_status(),
                code.error_type(),
                err.param()
                    .map(|p| format!(" (param `{p}`)"))
                    .unwrap_or_default()
            )
        );
    }
}

#[cfg(feature = "http")]
#[test]
fn every_code_round_trips_through_an_http_response() {
    for &code in ErrorCode::ALL {
        let err = common::example(code);
        let response = hasp_errors::http::response(&err, "Failed.", "req_7");
        let got = common::read_back(&response).unwrap();
        assert_eq!(got.error(), &err);
        assert_eq!(got.headers().request_id(), Some("req_7"));
        assert_eq!(got.headers().should_retry(), Some(code.is_retryable()));
        let expected_retry_after = match code.retry_policy() {
            hasp_errors::RetryPolicy::AfterDelay { .. } => Some(RetryAfter::Delay(secs(30))),
            _ => None,
        };
        assert_eq!(got.headers().retry_after(), expected_retry_after, "{code}");
    }
}

#[test]
fn unknown_codes_are_kept_with_their_status() {
    // Names no catalog can declare (codes are SCREAMING_SNAKE_CASE, types
    // snake_case), so adding a code or a type never breaks this test.
    let got = ReceivedError::parse(
        409,
        ResponseHeaders::from_pairs([("request-id", "req_u")]),
        &unknown("FUTURE-CONFLICT", "future-conflict", true),
    )
    .unwrap();
    let err = got.error();
    assert_eq!(err.code(), None);
    assert_eq!(err.code_str(), "FUTURE-CONFLICT");
    assert_eq!(err.error_type(), None);
    assert_eq!(err.http_status(), 409);
    assert!(err.is_retryable());
    assert_eq!(err.param(), Some("p"));
    assert_eq!(got.retry_advice(now(), secs(10)), RetryAdvice::Backoff);

    let got = ReceivedError::parse(
        400,
        ResponseHeaders::default(),
        &unknown("FUTURE-BAD", "invalid_request", false),
    )
    .unwrap();
    assert_eq!(got.error().http_status(), 400);
    assert_eq!(
        got.retry_advice(now(), secs(10)),
        RetryAdvice::DoNotRetry(NoRetry::NotRetryable)
    );
}

#[test]
fn malformed_bodies_keep_status_and_request_id() {
    let headers = || ResponseHeaders::from_pairs([("request-id", "req_bad")]);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"<html>Bad gateway</html>".to_vec(), "not valid JSON"),
        (b"".to_vec(), "not valid JSON"),
        (b"[]".to_vec(), "must be an object"),
        (br#"{"error": "nope"}"#.to_vec(), "`error` must be an object"),
        (br#"{"error": {"type": "x", "code": "C", "message": "m", "retryable": "yes", "request_id": "r"}}"#.to_vec(), "error.retryable"),
        (vec![b' '; MAX_ENVELOPE_BYTES + 1], "too large"),
        ([&b"{\"error\":"[..], &b"["[..].repeat(10_000)].concat(), "found an array"),
        ([&b"{\"x\":"[..], &b"["[..].repeat(10_000)].concat(), "not valid JSON"),
        ([&b"{\"x\":"[..], &b"["[..].repeat(10_000), &b"]"[..].repeat(10_000), b"}"].concat(), "recursion limit"),
    ];
    for (body, expected) in cases {
        let err: ResponseError = ReceivedError::parse(502, headers(), &body).unwrap_err();
        assert_eq!(err.status(), 502);
        // The body's own request id where it names one, else the header's.
        let id = if expected == "error.retryable" {
            "r"
        } else {
            "req_bad"
        };
        assert_eq!(err.request_id(), Some(id));
        assert_eq!(err.headers().request_id(), Some("req_bad"));
        assert_eq!(err.body(), &body[..]);
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!(
                "HTTP 502 response (request id {id}) is not an error envelope: "
            )),
            "{shown}"
        );
        assert!(shown.contains(expected), "{shown}");
    }
    let err = ReceivedError::parse(500, ResponseHeaders::default(), b"oops").unwrap_err();
    assert_eq!(err.request_id(), None);
    assert!(matches!(err.envelope_error(), EnvelopeError::Json { .. }));
    // A byte that is not UTF-8 elsewhere in the body (a Latin-1 message)
    // does not hide the request id it names.
    for body in [
        [
            &br#"{"error":{"type":"api_error","code":"INTERNAL","message":"caf"#[..],
            b"\xe9",
            br#"","retryable":true,"request_id":"req_9"},"meta":{"request_id":"req_9"}}"#,
        ]
        .concat(),
        [
            &br#"{"meta":{"request_id":"req_9"},"error":{"message":""#[..],
            b"\xff\xfe",
            br#"","request_id":"req_9"}}"#,
        ]
        .concat(),
        [
            &br#"{"x":""#[..],
            b"\xc3",
            br#"","error":7,"meta":{"request_id":"req_9"}}"#,
        ]
        .concat(),
    ] {
        let err = ReceivedError::parse(500, ResponseHeaders::default(), &body).unwrap_err();
        let shown = String::from_utf8_lossy(&body);
        assert_eq!(err.request_id(), Some("req_9"), "{shown}");
        assert_eq!(err.body(), &body[..]);
    }
}

#[test]
fn headers_are_read_as_the_official_sdks_read_them() {
    let h = ResponseHeaders::from_pairs([
        ("X-SHOULD-RETRY", " false "),
        ("Request-ID", "req_first"),
        ("request-id", "req_second"),
        ("Retry-After", "  120 "),
        ("retry-after-ms", "1500.5"),
        ("content-type", "application/json"),
    ]);
    assert_eq!(h.should_retry(), Some(false));
    assert_eq!(h.request_id(), Some("req_first"));
    assert_eq!(h.retry_after(), Some(RetryAfter::Delay(secs(120))));
    assert_eq!(h.retry_after_ms(), Some(Duration::from_micros(1_500_500)));
    // The longest delay counts.
    assert_eq!(h.delay(now()), Some(secs(120)));

    // `x-should-retry` counts only as exactly `true` or `false` (the SDKs
    // compare strings); sent twice, any `false` declines, and it is `true`
    // only when every value is.
    for value in ["True", "FALSE", "1", "yes", "true;", "\"true\"", ""] {
        let h = ResponseHeaders::from_pairs([("x-should-retry", value)]);
        assert_eq!(h.should_retry(), None, "{value:?}");
    }
    let twice =
        ResponseHeaders::from_pairs([("x-should-retry", "true"), ("x-should-retry", "true")]);
    assert_eq!(twice.should_retry(), Some(true));
    for values in [&["true", "yes"][..], &["true", ""], &["true, maybe"]] {
        let h = ResponseHeaders::from_pairs(values.iter().map(|v| ("x-should-retry", *v)));
        assert_eq!(h.should_retry(), None, "{values:?}");
    }
    for values in [&["yes", "false"][..], &["false", "true"], &["true ,false"]] {
        let h = ResponseHeaders::from_pairs(values.iter().map(|v| ("x-should-retry", *v)));
        assert_eq!(h.should_retry(), Some(false), "{values:?}");
    }
    // Every value is kept, to be passed on as it came.
    let h = ResponseHeaders::from_pairs([
        ("retry-after", "5"),
        ("x-should-retry", "true"),
        ("Retry-After", "Wed, 25 Nov 2026 00:01:00 GMT"),
    ]);
    assert_eq!(
        h.retry_pairs().collect::<Vec<_>>(),
        [
            ("x-should-retry", "true"),
            ("retry-after", "5"),
            ("retry-after", "Wed, 25 Nov 2026 00:01:00 GMT"),
        ]
    );
    assert_eq!(h.retry_after(), Some(RetryAfter::Delay(secs(5))));
    assert_eq!(h.delay(now()), Some(secs(60)));
    // A stray byte is kept as `?`: its part says nothing, and hides no
    // `false` or delay beside it.
    let h = ResponseHeaders::from_pairs([
        ("x-should-retry", &b"false, \xe9t\xe9"[..]),
        ("retry-after", b"120, caf\xe9"),
        ("retry-after-ms", b"\xff"),
        ("retry-after-ms", b"\x01, 500 ,\t"),
    ]);
    assert_eq!(h.should_retry(), Some(false));
    assert_eq!(h.delay(now()), Some(secs(120)));
    assert_eq!(h.retry_after_ms(), Some(Duration::from_millis(500)));
    assert_eq!(
        h.retry_pairs().collect::<Vec<_>>(),
        [
            ("x-should-retry", "false, ?t?"),
            ("retry-after", "120, caf?"),
            ("retry-after-ms", "?"),
            ("retry-after-ms", "?, 500 ,"),
        ]
    );
    // A part that is not exactly `true` because of a stray byte is not a
    // `true`, whichever byte it is and wherever it is in the value.
    for value in [
        &b"true,\x80false"[..],
        b"true, \xfffalse",
        b"true,\x80",
        b"tr\xc3\xbce",
        b"true\x00",
        b"\x7ftrue",
    ] {
        let h = ResponseHeaders::from_pairs([("x-should-retry", value)]);
        assert_eq!(h.should_retry(), None, "{value:?}");
        let twice = ResponseHeaders::from_pairs([
            ("x-should-retry", &b"true"[..]),
            ("x-should-retry", value),
        ]);
        assert_eq!(twice.should_retry(), None, "{value:?}");
        // Passed on, it is no `true` either.
        assert!(h.retry_pairs().all(|(_, v)| v != "true"), "{value:?}");
    }
    assert_eq!(
        ResponseHeaders::from_pairs([("x-should-retry", "true")]).should_retry(),
        Some(true)
    );

    // Fractional seconds, as the SDKs honour them.
    for (value, expected) in [
        ("1.5", Duration::from_millis(1500)),
        ("0.25", Duration::from_millis(250)),
        (".5", Duration::from_millis(500)),
        ("2.", secs(2)),
        ("0", secs(0)),
        ("1.0000000019", Duration::new(1, 1)),
    ] {
        assert_eq!(
            RetryAfter::parse(value),
            Some(RetryAfter::Delay(expected)),
            "{value}"
        );
    }

    let bad: Vec<(&str, &[u8])> = vec![
        ("x-should-retry", b"yes"),
        ("request-id", b"req\x00x"),
        ("request-id", b"r\xC3\xA9q"),
        ("retry-after", b"-1"),
        ("retry-after", b"1.5.5"),
        ("retry-after", b"."),
        ("retry-after", b"1e3"),
        ("retry-after-ms", b"NaN"),
        ("retry-after-ms", b"-3"),
        ("retry-after-ms", b"inf"),
    ];
    let h = ResponseHeaders::from_pairs(bad);
    assert_eq!(h.request_id(), None);
    assert_eq!(h.should_retry(), None);
    assert_eq!(h.retry_after(), None);
    assert_eq!(h.retry_after_ms(), None);
    assert_eq!(h.delay(now()), None);

    let h = ResponseHeaders::from_pairs([("retry-after", "99999999999999999999999")]);
    assert_eq!(
        h.retry_after(),
        Some(RetryAfter::Delay(Duration::new(u64::MAX, 0)))
    );
    let long_id = "r".repeat(1000);
    let h = ResponseHeaders::from_pairs([("request-id", long_id.as_str())]);
    assert_eq!(h.request_id().unwrap().chars().count(), 257);
}

#[test]
fn retry_after_dates_in_all_three_forms() {
    // 2026-11-25T00:00:00Z is a Wednesday.
    let at = |s: &str| RetryAfter::parse(s);
    let unix = |s: u64| Some(RetryAfter::At(UNIX_EPOCH + secs(s)));
    for form in [
        "Wed, 25 Nov 2026 00:00:30 GMT",
        "Wednesday, 25-Nov-26 00:00:30 GMT",
        "Wed Nov 25 00:00:30 2026",
    ] {
        assert_eq!(at(form), unix(1_795_564_830), "{form}");
        assert_eq!(at(form).unwrap().wait_from(now()), secs(30), "{form}");
    }
    assert_eq!(at("Sun, 06 Nov 1994 08:49:37 GMT"), unix(784_111_777));
    assert_eq!(at("Sunday, 06-Nov-94 08:49:37 GMT"), unix(784_111_777));
    assert_eq!(at("Sun Nov  6 08:49:37 1994"), unix(784_111_777));
    assert_eq!(
        at("Sun, 06 Nov 1994 08:49:37 GMT")
            .unwrap()
            .wait_from(now()),
        secs(0)
    );
    assert_eq!(at("Thu, 29 Feb 2024 12:00:00 GMT"), unix(1_709_208_000));
    for bad in [
        "Wed, 29 Feb 2023 12:00:00 GMT",
        "Wed, 25 Nov 2026 24:00:00 GMT",
        "Wed, 25 Nov 2026 00:00:30 UTC",
        "Xyz, 25 Nov 2026 00:00:30 GMT",
        "Wed, 2x Nov 2026 00:00:30 GMT",
        "Wed, 25 Nov 2026 00:00:30 GMTé",
        "",
        "soon",
    ] {
        assert_eq!(at(bad), None, "{bad}");
    }
    // Never panics on arbitrary strings near the three forms.
    for base in [
        "Wed, 25 Nov 2026 00:00:30 GMT",
        "Wednesday, 25-Nov-26 00:00:30 GMT",
        "Wed Nov 25 00:00:30 2026",
    ] {
        let base = base.as_bytes();
        for i in 0..base.len() {
            for b in [b'0', b'9', b' ', b':', b'\xFF', b'A', b'-'] {
                let mut s = base.to_vec();
                s[i] = b;
                let _ = RetryAfter::parse(&String::from_utf8_lossy(&s));
            }
        }
    }
}

#[test]
fn retry_decision_table() {
    let rate = |n| HaspError::RateLimited(RateLimitedDetails::new(n));
    let example = |c| common::example(c);
    let never = RetryAdvice::DoNotRetry(NoRetry::NotRetryable);
    let action = RetryAdvice::DoNotRetry(NoRetry::NeedsAction { wait: None });
    let until_reset = RetryAdvice::DoNotRetry(NoRetry::NeedsAction {
        wait: Some(secs(6 * 86_400)),
    });
    let declined = RetryAdvice::DoNotRetry(NoRetry::ServerDeclined);
    let too_long = |wait, max| {
        RetryAdvice::DoNotRetry(NoRetry::WaitTooLong {
            wait: secs(wait),
            max_wait: secs(max),
        })
    };
    // (error, headers, max wait, advice)
    type Row = (
        HaspError,
        Vec<(&'static str, &'static str)>,
        u64,
        RetryAdvice,
    );
    let table: Vec<Row> = vec![
        // never: nothing makes it retryable.
        (example(ErrorCode::ValidationFailed), vec![], 60, never),
        (
            example(ErrorCode::ValidationFailed),
            vec![("x-should-retry", "true"), ("retry-after", "1")],
            60,
            never,
        ),
        // backoff: the client's own backoff, or the server's delay.
        (HaspError::InternalError, vec![], 60, RetryAdvice::Backoff),
        (
            HaspError::InternalError,
            vec![("x-should-retry", "true")],
            60,
            RetryAdvice::Backoff,
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "5")],
            60,
            RetryAdvice::After(secs(5)),
        ),
        // Several delays: the longest, so none is retried sooner than it asks.
        (
            HaspError::InternalError,
            vec![("retry-after", "5"), ("retry-after-ms", "250")],
            60,
            RetryAdvice::After(secs(5)),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "1"), ("retry-after-ms", "2500")],
            60,
            RetryAdvice::After(Duration::from_millis(2500)),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "5"), ("retry-after", "10")],
            60,
            RetryAdvice::After(secs(10)),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "10, 5")],
            60,
            RetryAdvice::After(secs(10)),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "3, Wed, 25 Nov 2026 00:00:30 GMT, junk")],
            60,
            RetryAdvice::After(secs(30)),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after-ms", "5, 4000"), ("retry-after-ms", "300")],
            60,
            RetryAdvice::After(secs(4)),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "5"), ("retry-after", "61")],
            60,
            too_long(61, 60),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "Wed, 25 Nov 2026 00:01:00 GMT")],
            60,
            RetryAdvice::After(secs(60)),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "Wed, 25 Nov 2026 00:01:01 GMT")],
            60,
            too_long(61, 60),
        ),
        (
            HaspError::InternalError,
            vec![("retry-after", "Tue, 24 Nov 2026 00:00:00 GMT")],
            60,
            RetryAdvice::After(secs(0)),
        ),
        (
            HaspError::InternalError,
            vec![("x-should-retry", "false")],
            60,
            declined,
        ),
        (
            HaspError::InternalError,
            vec![("x-should-retry", "false"), ("retry-after", "3")],
            60,
            declined,
        ),
        // One `false` declines, however often the header came.
        (
            HaspError::InternalError,
            vec![("x-should-retry", "false"), ("x-should-retry", "false")],
            60,
            declined,
        ),
        (
            HaspError::InternalError,
            vec![("x-should-retry", "true"), ("x-should-retry", "false")],
            60,
            declined,
        ),
        (
            HaspError::InternalError,
            vec![("x-should-retry", "true, false")],
            60,
            declined,
        ),
        // after_delay: the longest of the headers and the details field.
        (rate(7), vec![], 60, RetryAdvice::After(secs(7))),
        (
            rate(7),
            vec![("retry-after", "7")],
            60,
            RetryAdvice::After(secs(7)),
        ),
        (
            rate(7),
            vec![("retry-after-ms", "10")],
            60,
            RetryAdvice::After(secs(7)),
        ),
        (
            rate(7),
            vec![("retry-after", "2")],
            60,
            RetryAdvice::After(secs(7)),
        ),
        (
            rate(7),
            vec![("retry-after", "Tue, 24 Nov 2026 00:00:00 GMT")],
            60,
            RetryAdvice::After(secs(7)),
        ),
        (
            rate(7),
            vec![("retry-after", "9")],
            60,
            RetryAdvice::After(secs(9)),
        ),
        (
            rate(7),
            vec![("retry-after-ms", "7500")],
            60,
            RetryAdvice::After(Duration::from_millis(7500)),
        ),
        (rate(3600), vec![], 60, too_long(3600, 60)),
        (rate(3600), vec![], 3600, RetryAdvice::After(secs(3600))),
        // The long-delay response of `hasp_errors::http`: too long is said first.
        (
            rate(3600),
            vec![("x-should-retry", "false"), ("retry-after", "3600")],
            60,
            too_long(3600, 60),
        ),
        // ... and a caller willing to wait that long retries after it.
        (
            rate(3600),
            vec![("x-should-retry", "false"), ("retry-after", "3600")],
            7200,
            RetryAdvice::After(secs(3600)),
        ),
        // `false` with an `after_delay` error whose details give its delay
        // is taken as the long-delay response's, whatever the delay: a
        // client cannot see the server's own limit (`http::parts_with_limit`).
        (
            rate(7),
            vec![("x-should-retry", "false")],
            60,
            RetryAdvice::After(secs(7)),
        ),
        (rate(0), vec![], 0, RetryAdvice::After(secs(0))),
        // after_action with a reset time: the wire says `retryable: false`,
        // so no automatic retry; the advice says when the reset is.
        (
            example(ErrorCode::AiCreditsExhausted),
            vec![("x-should-retry", "false")],
            60,
            until_reset,
        ),
        (
            example(ErrorCode::AiCreditsExhausted),
            vec![],
            7 * 86_400,
            until_reset,
        ),
        (
            example(ErrorCode::BudgetExceeded),
            vec![("x-should-retry", "true"), ("retry-after", "1")],
            u64::MAX,
            until_reset,
        ),
        // after_action without one: someone must act.
        (
            example(ErrorCode::MissingScope),
            vec![("x-should-retry", "true")],
            60,
            action,
        ),
        (
            example(ErrorCode::DocumentStillProcessing),
            vec![("retry-after", "1")],
            60,
            action,
        ),
        (example(ErrorCode::BaaRequired), vec![], u64::MAX, action),
    ];
    for (err, headers, max, expected) in table {
        let got = received(&err, &headers).retry_advice(now(), secs(max));
        assert_eq!(got, expected, "{} {headers:?} max {max}", err.code_str());
        assert_eq!(
            got.should_retry(),
            !matches!(expected, RetryAdvice::DoNotRetry(_))
        );
        assert_eq!(
            got.wait(),
            match expected {
                RetryAdvice::After(w) => Some(w),
                _ => None,
            }
        );
    }
}

#[test]
fn a_reset_time_in_the_past_never_means_retry_now() {
    for code in [ErrorCode::AiCreditsExhausted, ErrorCode::BudgetExceeded] {
        let got = received(
            &common::example(code),
            &[("x-should-retry", "false"), ("retry-after", "0")],
        );
        let later = UNIX_EPOCH + Duration::from_secs(1_900_000_000);
        for max in [secs(0), secs(60), Duration::MAX] {
            assert_eq!(
                got.retry_advice(later, max),
                RetryAdvice::DoNotRetry(NoRetry::NeedsAction { wait: None }),
                "{code}"
            );
        }
        // A reset exactly now is not ahead either.
        let reset = UNIX_EPOCH + Duration::from_secs(1_795_564_800 + 6 * 86_400);
        assert_eq!(
            got.retry_advice(reset, Duration::MAX),
            RetryAdvice::DoNotRetry(NoRetry::NeedsAction { wait: None })
        );
    }
}

#[test]
fn any_no_wins_whatever_the_other_signals_say() {
    // Every combination of body flag, header and delay: a single "no" is
    // never turned into a retry.
    let body = |retryable: bool| {
        serde_json::json!({
            "error": {"type": "internal_error", "code": "INTERNAL_ERROR", "message": "m",
                      "param": null, "details": null, "retryable": retryable, "request_id": "r"},
        })
        .to_string()
    };
    for retryable in [true, false] {
        for should_retry in [None, Some("true"), Some("false"), Some("maybe")] {
            for retry_after in [
                None,
                Some("0"),
                Some("1.5"),
                Some("Tue, 24 Nov 2026 00:00:00 GMT"),
            ] {
                let mut headers = vec![];
                headers.extend(should_retry.map(|v| ("x-should-retry", v)));
                headers.extend(retry_after.map(|v| ("retry-after", v)));
                let got = ReceivedError::parse(
                    500,
                    ResponseHeaders::from_pairs(headers.clone()),
                    body(retryable).as_bytes(),
                )
                .unwrap()
                .retry_advice(now(), secs(60));
                let no = !retryable || should_retry == Some("false");
                assert_eq!(!got.should_retry(), no, "{retryable} {headers:?}: {got:?}");
            }
        }
    }
}

#[test]
fn a_body_that_says_not_retryable_wins() {
    let body = serde_json::json!({
        "error": {"type": "internal_error", "code": "INTERNAL_ERROR", "message": "m",
                  "param": null, "details": null, "retryable": false, "request_id": "r"},
    })
    .to_string();
    let got = ReceivedError::parse(
        500,
        ResponseHeaders::from_pairs([("x-should-retry", "true")]),
        body.as_bytes(),
    )
    .unwrap();
    assert_eq!(
        got.retry_advice(now(), secs(60)),
        RetryAdvice::DoNotRetry(NoRetry::NotRetryable)
    );
    assert_eq!(
        NoRetry::NotRetryable.to_string(),
        "the error is not retryable"
    );
    assert_eq!(
        NoRetry::WaitTooLong {
            wait: secs(90),
            max_wait: secs(60)
        }
        .to_string(),
        "a retry can only work after 90s, longer than the limit of 60s"
    );
    // Not rounded to whole seconds: the message says what was decided.
    assert_eq!(
        NoRetry::WaitTooLong {
            wait: Duration::from_millis(1500),
            max_wait: Duration::from_millis(900)
        }
        .to_string(),
        "a retry can only work after 1.5s, longer than the limit of 900ms"
    );
    assert_eq!(
        NoRetry::NeedsAction {
            wait: Some(Duration::from_millis(400))
        }
        .to_string(),
        "a retry can only work after someone acts or the reset in 400ms"
    );
    // To the millisecond, rounded up (a wait until an HTTP date is never
    // shown shorter than it is).
    assert_eq!(
        NoRetry::NeedsAction {
            wait: Some(Duration::new(86_399, 999_876_543))
        }
        .to_string(),
        "a retry can only work after someone acts or the reset in 86400s"
    );
    assert_eq!(
        NoRetry::WaitTooLong {
            wait: Duration::MAX,
            max_wait: Duration::from_nanos(1)
        }
        .to_string(),
        format!(
            "a retry can only work after {:?}, longer than the limit of 1ms",
            Duration::from_millis(u64::MAX)
        )
    );
}

/// A `RATE_LIMITED` (or other) body with `details` written as given.
fn with_details(code: &str, error_type: &str, retryable: bool, details: &str) -> Vec<u8> {
    format!(
        r#"{{"error": {{"type": "{error_type}", "code": "{code}", "message": "m",
        "param": null, "details": {details}, "retryable": {retryable},
        "request_id": "req_d"}}, "meta": {{"request_id": "req_d"}}}}"#
    )
    .into_bytes()
}

#[test]
fn the_delay_field_is_read_on_its_own() {
    let advice = |details: &str, headers: &[(&str, &str)]| {
        let body = with_details("RATE_LIMITED", "rate_limited", true, details);
        let headers = ResponseHeaders::from_pairs(headers.iter().copied());
        ReceivedError::parse(429, headers, &body)
            .unwrap()
            .retry_advice(now(), secs(60))
    };
    let too_long = |wait| {
        RetryAdvice::DoNotRetry(NoRetry::WaitTooLong {
            wait,
            max_wait: secs(60),
        })
    };
    let cases: [(&str, RetryAdvice); 16] = [
        // A number `serde_json` cannot hold elsewhere does not hide it.
        (
            r#"{"retry_after_seconds": 30, "trace": 1e400}"#,
            RetryAdvice::After(secs(30)),
        ),
        (
            r#"{"trace": [1e400, {"x": -1e999}], "retry_after_seconds": 30}"#,
            RetryAdvice::After(secs(30)),
        ),
        // Too long for a `Duration`: the longest wait, never "retry now".
        (r#"{"retry_after_seconds": 1e400}"#, too_long(Duration::MAX)),
        (
            r#"{"retry_after_seconds": 99999999999999999999999}"#,
            too_long(Duration::MAX),
        ),
        (
            r#"{"retry_after_seconds": 18446744073709551615}"#,
            too_long(secs(u64::MAX)),
        ),
        (
            r#"{"retry_after_seconds": 1.5}"#,
            RetryAdvice::After(Duration::from_millis(1500)),
        ),
        (
            r#"{"retry_after_seconds": 3e1}"#,
            RetryAdvice::After(secs(30)),
        ),
        (
            r#"{"retry_after_seconds": -0}"#,
            RetryAdvice::After(secs(0)),
        ),
        // Sent twice: the longer.
        (
            r#"{"retry_after_seconds": 40, "retry_after_seconds": 5}"#,
            RetryAdvice::After(secs(40)),
        ),
        // Not a non-negative number: no delay from the details.
        // Off the spec, a string of seconds: still the delay asked for.
        (
            r#"{"retry_after_seconds": "30"}"#,
            RetryAdvice::After(secs(30)),
        ),
        (
            r#"{"retry_after_seconds": " 2.5 "}"#,
            RetryAdvice::After(Duration::from_millis(2500)),
        ),
        (r#"{"retry_after_seconds": "soon"}"#, RetryAdvice::Backoff),
        (r#"{"retry_after_seconds": "-3"}"#, RetryAdvice::Backoff),
        // Blanks as `retry-after` takes them: spaces and tabs only.
        (r#"{"retry_after_seconds": "\n20"}"#, RetryAdvice::Backoff),
        (r#"{"retry_after_seconds": -5}"#, RetryAdvice::Backoff),
        (
            r#"{"\u0072etry_after_seconds": 12}"#,
            RetryAdvice::After(secs(12)),
        ),
    ];
    for (details, expected) in cases {
        assert_eq!(advice(details, &[]), expected, "{details}");
    }
    // Keys no `String` can hold (a lone surrogate), before or after it,
    // hide nothing either.
    for details in [
        r#"{"retry_after_seconds": 30, "\ud800": 1}"#,
        r#"{"\udc00": 0, "retry_after_seconds": 30}"#,
        r#"{"\ud800x": {"\udfff": "\ud800"}, "retry_after_seconds": 30, "\ud83d": 1e400}"#,
    ] {
        assert_eq!(
            advice(details, &[]),
            RetryAdvice::After(secs(30)),
            "{details}"
        );
    }
    // A header asking for less does not shorten it; one asking more wins.
    let details = r#"{"retry_after_seconds": 30, "trace": 1e400}"#;
    for headers in [
        &[("retry-after", "1")][..],
        &[("retry-after-ms", "0")],
        &[("retry-after", "Tue, 24 Nov 2026 00:00:00 GMT")],
        &[("retry-after", "30"), ("retry-after-ms", "5")],
    ] {
        assert_eq!(
            advice(details, headers),
            RetryAdvice::After(secs(30)),
            "{headers:?}"
        );
    }
    assert_eq!(
        advice(details, &[("retry-after", "45")]),
        RetryAdvice::After(secs(45))
    );
}

#[test]
fn the_wait_for_a_reset_is_never_cut_short() {
    let advice = |reset: &str| {
        let details = format!(r#"{{"cycle_reset_at": "{reset}", "n": 1e400}}"#);
        let body = with_details("AI_CREDITS_EXHAUSTED", "payment_required", false, &details);
        ReceivedError::parse(402, ResponseHeaders::default(), &body)
            .unwrap()
            .retry_advice(now(), secs(60))
    };
    let needs = |wait| RetryAdvice::DoNotRetry(NoRetry::NeedsAction { wait });
    // Fractions of a second count (now is 2026-11-25T00:00:00Z).
    assert_eq!(
        advice("2026-11-25T00:00:10.9Z"),
        needs(Some(Duration::from_millis(10_900)))
    );
    assert_eq!(
        advice("2026-11-25T00:00:00.9Z"),
        needs(Some(Duration::from_millis(900)))
    );
    assert_eq!(
        advice("2026-11-25T01:00:00.5+01:00"),
        needs(Some(Duration::from_millis(500)))
    );
    assert_eq!(advice("2026-11-25T00:00:00Z"), needs(None));
    assert_eq!(advice("2026-11-24T23:59:59.999Z"), needs(None));
    // Beside a key no `String` can hold.
    let details = r#"{"cycle_reset_at": "2026-11-25T01:00:00Z", "\ud800x": 1}"#;
    let body = with_details("AI_CREDITS_EXHAUSTED", "payment_required", false, details);
    let got = ReceivedError::parse(402, ResponseHeaders::default(), &body).unwrap();
    assert_eq!(got.retry_advice(now(), secs(60)), needs(Some(secs(3600))));
    // Sent twice: the later.
    let details =
        r#"{"cycle_reset_at": "2026-11-25T00:00:20Z", "cycle_reset_at": "2026-11-25T00:00:05Z"}"#;
    let body = with_details("AI_CREDITS_EXHAUSTED", "payment_required", false, details);
    let got = ReceivedError::parse(402, ResponseHeaders::default(), &body).unwrap();
    assert_eq!(got.retry_advice(now(), secs(60)), needs(Some(secs(20))));
}

#[test]
fn an_error_that_arrived_with_a_success_status_is_sent_with_an_error_status() {
    // An error read from a stream arrives with the stream's 200.
    for (error_type, status) in [("service_unavailable", 503), ("not_a_type", 500)] {
        let body = unknown("NEW_OVERLOAD", error_type, true);
        let envelope = ErrorEnvelope::from_slice(&body).unwrap();
        for arrived in [200, 204, 302, 0, 999] {
            let got =
                ReceivedError::from_envelope(arrived, ResponseHeaders::default(), envelope.clone());
            assert_eq!(got.status(), arrived);
            assert_eq!(got.error().http_status(), status, "{error_type} {arrived}");
        }
        let got = ReceivedError::from_envelope(418, ResponseHeaders::default(), envelope);
        assert_eq!(got.error().http_status(), 418);
    }
}

#[test]
fn an_envelope_read_within_the_limit_is_written_within_it() {
    // Writing adds the request id where only one side had it, and `null`
    // for an absent `param` and `details`.
    let id = "r".repeat(600_000);
    let meta_only = format!(
        r#"{{"error": {{"type": "internal_error", "code": "INTERNAL_ERROR", "message": "m",
        "retryable": false}}, "meta": {{"request_id": "{id}"}}}}"#
    );
    assert!(meta_only.len() < MAX_ENVELOPE_BYTES);
    let err = ErrorEnvelope::from_slice(meta_only.as_bytes()).unwrap_err();
    assert!(
        matches!(err, EnvelopeError::TooLarge { len, limit } if len > limit && limit == MAX_ENVELOPE_BYTES),
        "{err:?}"
    );
    assert_eq!(meta_only.parse::<ErrorEnvelope>().unwrap_err(), err);
    // A message that fills the limit but for the `null`s.
    let head = r#"{"error":{"type":"internal_error","code":"INTERNAL_ERROR","message":""#;
    let tail = r#"","retryable":false,"request_id":"q"},"meta":{"request_id":"q"}}"#;
    for len in [
        MAX_ENVELOPE_BYTES,
        MAX_ENVELOPE_BYTES - 28,
        MAX_ENVELOPE_BYTES - 29,
    ] {
        let body = format!("{head}{}{tail}", "m".repeat(len - head.len() - tail.len()));
        assert_eq!(body.len(), len);
        let read = ErrorEnvelope::from_slice(body.as_bytes());
        // `"param":null,"details":null,` is 28 bytes.
        assert_eq!(read.is_ok(), len + 28 <= MAX_ENVELOPE_BYTES, "{len}");
        match read {
            Ok(envelope) => {
                let written = envelope.to_json();
                assert!(written.len() <= MAX_ENVELOPE_BYTES, "{len}");
                assert_eq!(
                    ErrorEnvelope::from_slice(written.as_bytes()).unwrap(),
                    envelope
                );
            }
            Err(EnvelopeError::TooLarge { len: written, .. }) => {
                assert!(written > MAX_ENVELOPE_BYTES, "{len}: {written}");
            }
            Err(e) => panic!("{len}: {e}"),
        }
    }
    // Escapes that writing shortens do not count against the input.
    let escaped = format!(
        r#"{{"error":{{"type":"internal_error","code":"INTERNAL_ERROR","message":"{}","param":null,"details":null,"retryable":false,"request_id":"q"}},"meta":{{"request_id":"q"}}}}"#,
        r"\u0041".repeat(170_000)
    );
    assert!(escaped.len() < MAX_ENVELOPE_BYTES);
    let envelope = ErrorEnvelope::from_slice(escaped.as_bytes()).unwrap();
    assert_eq!(envelope.body().message().len(), 170_000);
}
