//! Envelopes from the network are untrusted: whatever arrives is either a
//! parsed value or a typed error saying what was wrong, never a panic; and
//! what this crate does not know survives a re-serialization unchanged.

use hasp_errors::{EnvelopeError, ErrorCode, ErrorEnvelope, HaspError, MAX_ENVELOPE_BYTES};
use serde_json::{Value, json};

/// A well-formed envelope of an unknown code, in the reference's shape.
fn base() -> Value {
    json!({
        "error": {
            "type": "invalid_request",
            "code": "VALIDATION_FAILED",
            "message": "Request body failed validation.",
            "param": "messages.0.content",
            "details": null,
            "retryable": false,
            "request_id": "req_1"
        },
        "meta": {"request_id": "req_1"}
    })
}

fn with(path: &[&str], value: Option<Value>) -> Vec<u8> {
    let mut v = base();
    let mut target = &mut v;
    for key in &path[..path.len() - 1] {
        target = &mut target[*key];
    }
    let last = path[path.len() - 1];
    let obj = target.as_object_mut().expect("an object");
    match value {
        Some(x) => {
            obj.insert(last.to_owned(), x);
        }
        None => {
            obj.remove(last);
        }
    }
    serde_json::to_vec(&v).expect("serialize")
}

fn parse_err(bytes: &[u8]) -> EnvelopeError {
    match ErrorEnvelope::from_slice(bytes) {
        Ok(e) => panic!("must be rejected, parsed {e:?}"),
        Err(e) => e,
    }
}

/// An envelope that parses but whose code's details (or param) are wrong.
fn typed_err(code: &str, error_type: &str, param: Value, details: Value) -> EnvelopeError {
    let mut v = base();
    v["error"]["code"] = json!(code);
    v["error"]["type"] = json!(error_type);
    v["error"]["param"] = param;
    v["error"]["details"] = details;
    // The catalog's flag, unless a case says otherwise.
    v["error"]["retryable"] =
        json!(ErrorCode::from_wire(code).is_some_and(ErrorCode::is_retryable));
    let envelope = ErrorEnvelope::from_slice(&serde_json::to_vec(&v).expect("serialize"))
        .expect("the envelope itself is well-formed");
    match envelope.to_error() {
        Ok(e) => panic!("must be rejected, read {e:?}"),
        Err(e) => e,
    }
}

#[test]
fn every_malformed_envelope_is_a_typed_error_that_says_why() {
    let mut cases: Vec<(&str, EnvelopeError)> = vec![
        ("not JSON", parse_err(b"<html>502 Bad Gateway</html>")),
        ("empty body", parse_err(b"")),
        ("truncated", parse_err(br#"{"error": {"type": "x""#)),
        ("trailing garbage", {
            let mut b = serde_json::to_vec(&base()).unwrap();
            b.extend_from_slice(b" {}");
            parse_err(&b)
        }),
        (
            "invalid UTF-8 in a string",
            parse_err(b"{\"error\": {\"type\": \"\xff\"}}"),
        ),
        ("top level is an array", parse_err(b"[]")),
        ("top level is a string", parse_err(br#""error""#)),
        ("top level is null", parse_err(b"null")),
        ("`error` missing", parse_err(&with(&["error"], None))),
        (
            "`error` is an array",
            parse_err(&with(&["error"], Some(json!([])))),
        ),
        (
            "`meta` is a string",
            parse_err(&with(&["meta"], Some(json!("m")))),
        ),
        (
            "`error.type` missing",
            parse_err(&with(&["error", "type"], None)),
        ),
        (
            "`error.type` is a number",
            parse_err(&with(&["error", "type"], Some(json!(400)))),
        ),
        (
            "`error.code` missing",
            parse_err(&with(&["error", "code"], None)),
        ),
        (
            "`error.code` is null",
            parse_err(&with(&["error", "code"], Some(Value::Null))),
        ),
        (
            "`error.code` is a boolean",
            parse_err(&with(&["error", "code"], Some(json!(true)))),
        ),
        (
            "`error.message` missing",
            parse_err(&with(&["error", "message"], None)),
        ),
        (
            "`error.message` is an object",
            parse_err(&with(&["error", "message"], Some(json!({})))),
        ),
        (
            "`error.param` is a number",
            parse_err(&with(&["error", "param"], Some(json!(5)))),
        ),
        (
            "`error.details` is an array",
            parse_err(&with(&["error", "details"], Some(json!([1])))),
        ),
        (
            "`error.retryable` missing",
            parse_err(&with(&["error", "retryable"], None)),
        ),
        (
            "`error.retryable` is a string",
            parse_err(&with(&["error", "retryable"], Some(json!("true")))),
        ),
        (
            "`error.request_id` is a number",
            parse_err(&with(&["error", "request_id"], Some(json!(1)))),
        ),
        (
            "`meta.request_id` is an array",
            parse_err(&with(&["meta", "request_id"], Some(json!([])))),
        ),
        ("both request ids missing", {
            let mut v = base();
            v["error"].as_object_mut().unwrap().remove("request_id");
            v["meta"].as_object_mut().unwrap().remove("request_id");
            parse_err(&serde_json::to_vec(&v).unwrap())
        }),
        (
            "request ids differ",
            parse_err(&with(&["meta", "request_id"], Some(json!("req_2")))),
        ),
        (
            "RATE_LIMITED with `retry_after_seconds: \"soon\"`",
            typed_err(
                "RATE_LIMITED",
                "rate_limited",
                Value::Null,
                json!({"retry_after_seconds": "soon"}),
            ),
        ),
        (
            "RATE_LIMITED with a negative delay",
            typed_err(
                "RATE_LIMITED",
                "rate_limited",
                Value::Null,
                json!({"retry_after_seconds": -1}),
            ),
        ),
        (
            "RATE_LIMITED without details",
            typed_err("RATE_LIMITED", "rate_limited", Value::Null, Value::Null),
        ),
        ("RATE_LIMITED sent as not retryable", {
            let mut v = base();
            v["error"]["code"] = json!("RATE_LIMITED");
            v["error"]["type"] = json!("rate_limited");
            v["error"]["details"] = json!({"retry_after_seconds": 3});
            ErrorEnvelope::from_slice(&serde_json::to_vec(&v).unwrap())
                .unwrap()
                .to_error()
                .unwrap_err()
        }),
        (
            "PHI_BLOCKED with `entity_types: [1]`",
            typed_err(
                "PHI_BLOCKED",
                "forbidden",
                Value::Null,
                json!({"entity_types": [1]}),
            ),
        ),
        (
            "BUDGET_EXCEEDED with a float `cap_usd`",
            typed_err(
                "BUDGET_EXCEEDED",
                "budget_exceeded",
                Value::Null,
                json!({"cycle_reset_at": "2026-12-01T00:00:00Z", "current_spend_usd": "412.50", "cap_usd": 500.0}),
            ),
        ),
        (
            "BUDGET_EXCEEDED with a bad timestamp",
            typed_err(
                "BUDGET_EXCEEDED",
                "budget_exceeded",
                Value::Null,
                json!({"cycle_reset_at": "tomorrow", "current_spend_usd": "412.50", "cap_usd": "500.00"}),
            ),
        ),
        (
            "VALIDATION_FAILED without its required param",
            typed_err(
                "VALIDATION_FAILED",
                "invalid_request",
                Value::Null,
                Value::Null,
            ),
        ),
    ];
    let dup = |from: &str, to: &str| {
        let text = serde_json::to_string(&base())
            .unwrap()
            .replacen(from, to, 1);
        assert_ne!(text, serde_json::to_string(&base()).unwrap());
        parse_err(text.as_bytes())
    };
    cases.push((
        "`error.code` twice (which one counts is ambiguous)",
        dup(r#""code":"#, r#""code":"RATE_LIMITED","code":"#),
    ));
    cases.push((
        "`error` twice",
        dup(r#"{"error":"#, r#"{"error":{},"error":"#),
    ));
    cases.push((
        "`meta.request_id` twice",
        dup(
            r#""meta":{"request_id":"#,
            r#""meta":{"request_id":"req_1","request_id":"#,
        ),
    ));
    cases.push((
        "larger than the limit",
        parse_err(&vec![b' '; MAX_ENVELOPE_BYTES + 1]),
    ));
    let mut out = String::new();
    for (name, err) in &cases {
        let shown = err.to_string();
        assert!(!shown.is_empty(), "{name}");
        out.push_str(&format!("{name}\n    {shown}\n"));
    }
    insta::assert_snapshot!(out);

    // The variants, for code that matches on them.
    let kind = |name: &str| {
        &cases
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name}"))
            .1
    };
    assert!(matches!(kind("not JSON"), EnvelopeError::Json { .. }));
    assert!(matches!(
        kind("top level is null"),
        EnvelopeError::WrongType {
            field: "(envelope)",
            ..
        }
    ));
    assert!(matches!(
        kind("`error.code` missing"),
        EnvelopeError::MissingField {
            field: "error.code"
        }
    ));
    assert!(matches!(
        kind("`error.retryable` is a string"),
        EnvelopeError::WrongType {
            field: "error.retryable",
            expected: "a boolean",
            found: "a string"
        }
    ));
    assert!(matches!(
        kind("request ids differ"),
        EnvelopeError::RequestIdMismatch { .. }
    ));
    assert!(matches!(
        kind("VALIDATION_FAILED without its required param"),
        EnvelopeError::MissingParam { .. }
    ));
    assert_eq!(
        kind("`error.code` twice (which one counts is ambiguous)"),
        &EnvelopeError::DuplicateField {
            field: "error.code"
        }
    );
    assert!(matches!(
        kind("larger than the limit"),
        EnvelopeError::TooLarge { .. }
    ));
    for name in [
        "RATE_LIMITED with `retry_after_seconds: \"soon\"`",
        "PHI_BLOCKED with `entity_types: [1]`",
        "BUDGET_EXCEEDED with a float `cap_usd`",
    ] {
        let EnvelopeError::Details { message, .. } = kind(name) else {
            panic!("{name}: {:?}", kind(name));
        };
        // The message names the offending field.
        assert!(message.starts_with("field `"), "{name}: {message}");
    }
}

#[test]
fn deep_nesting_is_a_json_error_not_a_stack_overflow() {
    // Within the size limit, far past serde_json's recursion limit (128);
    // on a small stack, so deep recursion would crash the test.
    // Valid JSON nested 100 000 deep, in a field that is kept as text
    // (details, an unknown field) and in one that is read (`error`).
    let deep = |prefix: &str, open: &str, inner: &str, close: &str| {
        let n = 100_000;
        let mut s = String::from(prefix);
        s.push_str(&open.repeat(n));
        s.push_str(inner);
        s.push_str(&close.repeat(n));
        s.push_str("}}");
        s.into_bytes()
    };
    for bytes in [
        deep(r#"{"error": {"details": "#, "[", "", "]"),
        deep(r#"{"error": {"details": "#, r#"{"a":"#, "1", "}"),
        deep(r#"{"x": {"y": "#, "[", "", "]"),
        deep(r#"{"error": {"code": "#, "[", "", "]"),
        deep(r#"{"error": {"code": "#, r#"{"a":"#, "1", "}"),
    ] {
        assert!(bytes.len() <= MAX_ENVELOPE_BYTES);
        let err = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || ErrorEnvelope::from_slice(&bytes).err())
            .expect("spawn")
            .join()
            .expect("no panic, no overflow");
        match err {
            // Kept as text: the depth is checked.
            Some(EnvelopeError::Json { message }) => {
                assert!(message.contains("recursion limit exceeded"), "{message}");
            }
            // Read: the wrong type is said without descending.
            Some(EnvelopeError::WrongType {
                field: "error.code",
                ..
            }) => {}
            other => panic!("expected a JSON or type error, got {other:?}"),
        }
    }
}

#[test]
fn large_values_within_the_limit_are_accepted() {
    let big = "x".repeat(MAX_ENVELOPE_BYTES - 1024);
    let envelope = ErrorEnvelope::from_slice(&with(&["error", "message"], Some(json!(big))))
        .expect("under the limit");
    assert_eq!(envelope.body().message().len(), big.len());

    let list: Vec<String> = (0..50_000).map(|i| format!("E{i}")).collect();
    let mut v = base();
    v["error"]["code"] = json!("PHI_BLOCKED");
    v["error"]["type"] = json!("forbidden");
    v["error"]["param"] = Value::Null;
    v["error"]["details"] = json!({"entity_types": list});
    let bytes = serde_json::to_vec(&v).unwrap();
    assert!(bytes.len() <= MAX_ENVELOPE_BYTES);
    let envelope = ErrorEnvelope::from_slice(&bytes).expect("under the limit");
    let error = envelope.to_error().expect("well-formed details");
    assert_eq!(error.code_str(), "PHI_BLOCKED");
    assert_eq!(envelope.to_value(), v);
}

#[test]
fn the_size_limit_is_the_callers_to_choose() {
    let bytes = serde_json::to_vec(&base()).unwrap();
    let err = ErrorEnvelope::from_slice_with_limit(&bytes, 10).expect_err("too large");
    assert_eq!(
        err,
        EnvelopeError::TooLarge {
            len: bytes.len(),
            limit: 10
        }
    );
    assert!(ErrorEnvelope::from_slice_with_limit(&bytes, bytes.len()).is_ok());
}

#[test]
fn unknown_codes_types_and_fields_survive_reserialization() {
    let sent = json!({
        "error": {
            "type": "quantum_flux",
            "code": "FLUX_CAPACITOR_OVERLOAD",
            "message": "Too many gigawatts.",
            "param": "speed",
            "details": {
                "gigawatts": 1.21,
                "big": 18446744073709551615u64,
                "negative": -9223372036854775808i64,
                "tiny": 5e-324,
                // Found by the fuzzer: without correctly rounded parsing,
                // this came back one ulp off.
                "fuzz_found": 999900000200376420520689655.5,
                "nested": {"list": [1, "two", null, true, {"x": []}]},
                "unicode": "東京 🚨 \u{202E} \u{0}"
            },
            "retryable": true,
            "request_id": "req_9",
            "docs_url": "https://example.com",
            "severity": 3
        },
        "meta": {"request_id": "req_9", "region": "eu", "trace": {"id": "t"}},
        "api_version": "2027-01-01",
        "warnings": ["a", "b"]
    });
    let bytes = serde_json::to_vec(&sent).unwrap();
    let envelope = ErrorEnvelope::from_slice(&bytes).expect("forward compatible");
    assert_eq!(envelope.to_value(), sent);
    let again: Value = serde_json::from_str(&envelope.to_json()).unwrap();
    assert_eq!(again, sent);

    // Read as this crate's catalog, it is an unknown code: no panic, no error.
    #[allow(deprecated)]
    let error: HaspError = envelope.to_error().expect("unknown codes are not errors");
    assert_eq!(error.code(), None);
    assert_eq!(error.code_str(), "FLUX_CAPACITOR_OVERLOAD");
}

#[test]
fn known_codes_keep_unknown_detail_fields() {
    let sent = json!({
        "error": {
            "type": "rate_limited",
            "code": "RATE_LIMITED",
            "message": "Slow down.",
            "param": null,
            "details": {"retry_after_seconds": 30, "bucket": "rpm", "limit": 600},
            "retryable": true,
            "request_id": "req_3"
        },
        "meta": {"request_id": "req_3"}
    });
    let envelope = ErrorEnvelope::from_slice(&serde_json::to_vec(&sent).unwrap()).unwrap();
    let error = envelope
        .to_error()
        .expect("extra detail fields are allowed");
    assert_eq!(error.code_str(), "RATE_LIMITED");
    assert_eq!(envelope.to_value(), sent);
}

#[test]
fn unknown_fields_sent_twice_are_kept_twice_in_order() {
    let text = r#"{"error":{"type":"x","code":"Y","message":"m","param":null,"details":null,
        "retryable":false,"request_id":"r","z":1,"a":2,"z":3},"meta":{"request_id":"r"},"k":[],"k":{}}"#;
    let envelope = ErrorEnvelope::from_slice(text.as_bytes()).unwrap();
    let extra: Vec<(&str, &str)> = envelope
        .body()
        .extra()
        .iter()
        .map(|(n, v)| (n, v.get()))
        .collect();
    assert_eq!(extra, [("z", "1"), ("a", "2"), ("z", "3")]);
    assert_eq!(envelope.body().extra().get("z").map(|v| v.get()), Some("3"));
    let again = envelope.to_json();
    assert!(
        again.ends_with(r#""z":1,"a":2,"z":3},"meta":{"request_id":"r"},"k":[],"k":{}}"#),
        "{again}"
    );
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap sweep in the spirit of the fuzz target: every prefix of a
    // valid envelope, and single-byte corruptions of it.
    let valid = serde_json::to_vec(&base()).unwrap();
    for end in 0..=valid.len() {
        let _ = ErrorEnvelope::from_slice(&valid[..end]).map(|e| e.to_error());
    }
    for i in 0..valid.len() {
        for b in [b'"', b'{', b'}', b'[', b'\\', b'0', 0xff, b' '] {
            let mut bytes = valid.clone();
            bytes[i] = b;
            // The text reader (valid UTF-8) and the byte reader (the
            // `Deserialize` impl) agree.
            assert_eq!(
                ErrorEnvelope::from_slice(&bytes).ok(),
                serde_json::from_slice::<ErrorEnvelope>(&bytes).ok()
            );
            if let Ok(e) = ErrorEnvelope::from_slice(&bytes) {
                let _ = e.to_error();
                let again =
                    ErrorEnvelope::from_slice_with_limit(e.to_json().as_bytes(), usize::MAX)
                        .expect("re-serialized envelopes parse");
                assert_eq!(again, e);
            }
        }
    }
}

#[test]
fn invalid_utf8_anywhere_is_a_located_json_error_and_text_reads_like_bytes() {
    // Valid input is checked for UTF-8 once and read as text; input that
    // is not UTF-8 is read as bytes, so the error still says where. Both
    // must agree with reading the same envelope through `FromStr`.
    let mut v = base();
    v["error"]["message"] = json!("naïve — ✓ 𝄞");
    v["error"]["details"] = json!({"note": "é", "n": 12345678901234567890u64});
    v["error"]["x"] = json!(["ü", {"k": "ß"}]);
    v["meta"]["m"] = json!("ø");
    let valid = serde_json::to_string(&v).unwrap();
    let from_bytes = ErrorEnvelope::from_slice(valid.as_bytes()).unwrap();
    let from_text: ErrorEnvelope = valid.parse().unwrap();
    assert_eq!(from_bytes, from_text);
    assert_eq!(from_bytes.body().message(), "naïve — ✓ 𝄞");
    assert_eq!(
        from_bytes.body().details().map(|d| d.get()),
        Some(r#"{"n":12345678901234567890,"note":"é"}"#)
    );
    assert_eq!(
        ErrorEnvelope::from_slice(from_bytes.to_json().as_bytes()).unwrap(),
        from_bytes
    );

    // Every multi-byte character cut or corrupted, one at a time: in a
    // parsed string, in kept details, in an unknown field and in meta.
    for (i, _) in valid.char_indices().filter(|(_, c)| !c.is_ascii()) {
        for bad in [[0xff, 0xff], [0xc3, b'"'], [0x80, 0x80]] {
            let mut bytes = valid.clone().into_bytes();
            bytes[i..i + 2].copy_from_slice(&bad);
            match ErrorEnvelope::from_slice(&bytes) {
                Err(EnvelopeError::Json { message }) => {
                    assert!(message.contains("column"), "{message}");
                }
                other => panic!("byte {i} corrupted as {bad:?}: {other:?}"),
            }
        }
    }
    // Over the limit through `FromStr` too.
    let big = format!("{valid}{}", " ".repeat(MAX_ENVELOPE_BYTES));
    assert!(matches!(
        big.parse::<ErrorEnvelope>(),
        Err(EnvelopeError::TooLarge { .. })
    ));
}
