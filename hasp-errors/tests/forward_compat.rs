//! Envelopes from newer servers (unknown codes, types and fields) and the
//! request-id invariant.

use hasp_errors::{EnvelopeError, ErrorEnvelope, HaspError, RateLimitedDetails};
use serde_json::{Value, json};

fn future_envelope() -> Value {
    json!({
        "error": {
            "type": "brand_new_type",
            "code": "NEW_CODE_FROM_2027",
            "message": "Something new went wrong.",
            "param": "tools[2].input_schema",
            "details": {"quota": "monthly", "limit": 7, "nested": {"a": [1, 2, null]}},
            "retryable": true,
            "request_id": "req_future",
            "doc_url": "https://docs.hasp.example/errors/NEW_CODE_FROM_2027",
            "trace": {"span": "abc"}
        },
        "meta": {"request_id": "req_future", "region": "eu-west-1", "served_by": 12},
        "links": {"status": "https://status.hasp.example"},
        "version": 3
    })
}

fn parse(value: &Value) -> Result<ErrorEnvelope, EnvelopeError> {
    ErrorEnvelope::from_slice(value.to_string().as_bytes())
}

#[test]
fn an_unknown_code_parses_and_is_readable_without_matching_it() {
    let input = future_envelope();
    let envelope = parse(&input).unwrap();
    let err: HaspError = envelope.to_error().unwrap();

    assert_eq!(err.code(), None);
    assert_eq!(err.code_str(), "NEW_CODE_FROM_2027");
    assert_eq!(err.error_type(), None);
    assert_eq!(err.param(), Some("tools[2].input_schema"));
    assert!(err.is_retryable(), "from the wire flag");
    assert_eq!(err.http_status(), 500, "unknown type, no status recorded");
    assert_eq!(
        err.to_string(),
        "NEW_CODE_FROM_2027: Something new went wrong. (param `tools[2].input_schema`)"
    );

    let body = envelope.body();
    assert_eq!(body.code(), "NEW_CODE_FROM_2027");
    assert_eq!(body.error_type(), "brand_new_type");
    assert_eq!(body.extra().to_map()["trace"], json!({"span": "abc"}));
    assert_eq!(envelope.meta_extra().to_map()["region"], "eu-west-1");
    assert_eq!(envelope.extra().to_map()["version"], 3);
}

#[test]
#[allow(deprecated)] // Inspecting the variant itself is the point here.
fn an_unknown_code_is_the_unhandled_variant_keeping_everything() {
    let envelope = parse(&future_envelope()).unwrap();
    let HaspError::Unhandled(u) = envelope.to_error().unwrap() else {
        panic!("an unknown code must give the Unhandled variant");
    };
    assert_eq!(u.body().code(), "NEW_CODE_FROM_2027");
    assert_eq!(u.body().error_type(), "brand_new_type");
    assert_eq!(u.body().message(), "Something new went wrong.");
    assert_eq!(u.body().param(), Some("tools[2].input_schema"));
    assert!(u.body().retryable());
    assert_eq!(
        u.body().details_map().map(Value::Object),
        Some(json!({"quota": "monthly", "limit": 7, "nested": {"a": [1, 2, null]}}))
    );
    assert_eq!(u.http_status(), None);
    assert_eq!(u.clone().with_http_status(418).http_status(), Some(418));
}

#[test]
fn an_unknown_code_with_a_known_type_gets_that_types_status() {
    let mut input = future_envelope();
    input["error"]["type"] = json!("rate_limited");
    input["error"]["retryable"] = json!(false);
    let err = parse(&input).unwrap().to_error().unwrap();
    assert_eq!(err.error_type(), Some(hasp_errors::ErrorType::RateLimited));
    assert_eq!(err.http_status(), 429);
    assert!(!err.is_retryable());
}

#[test]
fn an_envelope_from_a_newer_server_reserializes_exactly() {
    let input = future_envelope();
    let envelope = parse(&input).unwrap();
    assert_eq!(envelope.to_value(), input);
    let again = ErrorEnvelope::from_slice(envelope.to_json().as_bytes()).unwrap();
    assert_eq!(again, envelope);
}

#[test]
fn a_server_can_resend_an_unhandled_error() {
    let input = future_envelope();
    let err = parse(&input).unwrap().to_error().unwrap();
    let resent = ErrorEnvelope::new(&err, "Something new went wrong.", "req_future").to_value();
    let mut expected = input;
    for (object, keys) in [
        ("error", &["doc_url", "trace"][..]),
        ("meta", &["region", "served_by"][..]),
    ] {
        for key in keys {
            expected[object].as_object_mut().unwrap().remove(*key);
        }
    }
    for key in ["links", "version"] {
        expected.as_object_mut().unwrap().remove(key);
    }
    // The resent details also carry the code for the official SDKs.
    let code = expected["error"]["code"].clone();
    expected["error"]["details"]["error_code"] = code;
    assert_eq!(resent, expected);
}

#[test]
fn a_constructed_envelope_writes_one_request_id_twice() {
    let err = HaspError::RateLimited(RateLimitedDetails::new(12));
    let value = ErrorEnvelope::new(&err, "Slow down.", "req_8f3a").to_value();
    assert_eq!(value["error"]["request_id"], "req_8f3a");
    assert_eq!(value["meta"]["request_id"], "req_8f3a");
}

#[test]
fn two_different_request_ids_are_rejected() {
    let mut input = future_envelope();
    input["meta"]["request_id"] = json!("req_other");
    assert_eq!(
        parse(&input),
        Err(EnvelopeError::RequestIdMismatch {
            error: "req_future".to_owned(),
            meta: "req_other".to_owned(),
        })
    );
    let err = parse(&input).unwrap_err();
    assert!(err.to_string().contains("req_other"), "{err}");
}

#[test]
fn one_missing_request_id_is_accepted_and_both_are_written_back() {
    for (object, kept) in [("meta", "error"), ("error", "meta")] {
        let mut input = future_envelope();
        input[object].as_object_mut().unwrap().remove("request_id");
        let envelope = parse(&input).unwrap_or_else(|e| panic!("without {object}: {e}"));
        assert_eq!(envelope.request_id(), input[kept]["request_id"]);
        let out = envelope.to_value();
        assert_eq!(out["error"]["request_id"], "req_future");
        assert_eq!(out["meta"]["request_id"], "req_future");
    }
}

#[test]
fn no_request_id_at_all_is_rejected() {
    let mut input = future_envelope();
    input["error"].as_object_mut().unwrap().remove("request_id");
    input["meta"].as_object_mut().unwrap().remove("request_id");
    assert_eq!(
        parse(&input),
        Err(EnvelopeError::MissingField {
            field: "error.request_id"
        })
    );
}
