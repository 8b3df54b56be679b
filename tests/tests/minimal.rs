//! `fixtures/minimal.yaml` compiled for real: one type, one unit code.

use hasp_errors::{ErrorEnvelope, RetryPolicy};
use hasp_errors_tests::minimal::{ErrorCode, ErrorType, HaspError};
use serde_json::json;

#[test]
fn the_only_code_round_trips_through_an_envelope() {
    let err = HaspError::InternalError;
    let envelope = ErrorEnvelope::new(&err, "Boom.", "req_min");
    let json = envelope.to_json();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
        json!({
            "error": {
                "type": "internal_error",
                "code": "INTERNAL_ERROR",
                "message": "Boom.",
                "param": null,
                "details": {"error_code": "INTERNAL_ERROR"},
                "retryable": true,
                "request_id": "req_min"
            },
            "meta": {"request_id": "req_min"}
        })
    );
    let parsed = ErrorEnvelope::from_slice(json.as_bytes()).unwrap();
    assert_eq!(parsed.to_catalog_error::<HaspError>(), Ok(err));
}

#[test]
fn the_generated_api_describes_the_catalog() {
    assert_eq!(ErrorCode::ALL, [ErrorCode::InternalError]);
    assert_eq!(ErrorType::ALL, [ErrorType::InternalError]);
    let code = ErrorCode::InternalError;
    assert_eq!(code.as_str(), "INTERNAL_ERROR");
    assert_eq!(code.error_type(), ErrorType::InternalError);
    assert_eq!(code.http_status(), 500);
    assert_eq!(code.retry_policy(), RetryPolicy::Backoff);
    assert!(code.is_retryable());
    assert_eq!(code.summary(), "Unexpected server error.");

    let err = HaspError::InternalError;
    assert_eq!(err.code(), Some(code));
    assert_eq!(err.param(), None);
    assert!(err.to_details_json().is_none());
    assert_eq!(err.to_string(), "INTERNAL_ERROR: Unexpected server error.");
}

#[test]
fn from_str_knows_the_code_and_nothing_else() {
    assert_eq!("INTERNAL_ERROR".parse(), Ok(ErrorCode::InternalError));
    assert_eq!("internal_error".parse(), Ok(ErrorType::InternalError));
    for unknown in ["RATE_LIMITED", "internal_error", ""] {
        let err = unknown.parse::<ErrorCode>().unwrap_err();
        assert_eq!(err.input(), unknown);
    }
}

#[test]
fn codes_of_the_real_catalog_are_unknown_here() {
    // A code the real catalog knows is just another unknown code to a
    // catalog without it.
    let json = r#"{"error":{"type":"rate_limited","code":"RATE_LIMITED","message":"m",
        "param":null,"details":{"retry_after_seconds":3},"retryable":true,
        "request_id":"r"},"meta":{"request_id":"r"}}"#;
    let err: HaspError = ErrorEnvelope::from_slice(json.as_bytes())
        .unwrap()
        .to_catalog_error()
        .unwrap();
    assert_eq!(err.code(), None);
    assert_eq!(err.code_str(), "RATE_LIMITED");
    assert!(err.is_retryable());
    assert_eq!(err.error_type(), None);
}

#[test]
fn details_error_code_is_on_by_default() {
    use hasp_errors::CatalogError;
    const { assert!(<HaspError as CatalogError>::DETAILS_ERROR_CODE) };
    assert_eq!(ErrorCode::InternalError.docs_url(), None);
    assert_eq!(ErrorCode::InternalError.docs_anchor(), "internal_error");
}
