//! The recommended client pattern: match the codes you handle, then a
//! wildcard arm using `code_str()`. It needs no deprecated item, which this
//! file proves by denying the `deprecated` lint: naming `Unhandled` here
//! would not compile.
#![deny(deprecated)]

use hasp_errors::{ErrorEnvelope, HaspError, RateLimitedDetails};

/// What a client does with an error.
fn handle(err: &HaspError) -> String {
    match err {
        HaspError::RateLimited(d) => format!("wait {}s", d.retry_after_seconds),
        HaspError::ValidationFailed { param } => format!("fix `{param}`"),
        HaspError::InvalidApiKey => "re-authenticate".to_owned(),
        other if other.is_retryable() => format!("retry {}", other.code_str()),
        other => format!("give up on {}", other.code_str()),
    }
}

fn parsed(json: &str) -> HaspError {
    ErrorEnvelope::from_slice(json.as_bytes())
        .and_then(|e| e.to_error())
        .unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn known_codes_reach_their_arms() {
    assert_eq!(
        handle(&HaspError::RateLimited(RateLimitedDetails::new(30))),
        "wait 30s"
    );
    assert_eq!(
        handle(&HaspError::ValidationFailed {
            param: "model".to_owned()
        }),
        "fix `model`"
    );
    assert_eq!(handle(&HaspError::InternalError), "retry INTERNAL_ERROR");
    assert_eq!(handle(&HaspError::BaaRequired), "give up on BAA_REQUIRED");
}

#[test]
fn unknown_codes_reach_the_wildcard_arm() {
    let retryable = parsed(
        r#"{"error":{"type":"brand_new_type","code":"NEW_CODE_FROM_2027","message":"m",
            "param":null,"details":null,"retryable":true,"request_id":"req_1"},
            "meta":{"request_id":"req_1"}}"#,
    );
    assert_eq!(handle(&retryable), "retry NEW_CODE_FROM_2027");
    let permanent = parsed(
        r#"{"error":{"type":"forbidden","code":"ANOTHER_NEW_CODE","message":"m",
            "param":null,"details":null,"retryable":false,"request_id":"req_2"},
            "meta":{"request_id":"req_2"}}"#,
    );
    assert_eq!(handle(&permanent), "give up on ANOTHER_NEW_CODE");
}
