//! `fixtures/evolution.yaml` compiled for real: a deprecated code and
//! deprecated details fields are still built, sent, parsed and described
//! like any other; only naming them in Rust warns (hence the `allow`s
//! here), and the generated code itself names them warning-free (this crate
//! is built with clippy's warnings denied).

use hasp_errors::{ErrorEnvelope, RetryPolicy};
use hasp_errors_tests::evolution::{
    BadFieldDetails, ErrorCode, HaspError, OldRateLimitDetails, SlowDownDetails,
};
use serde_json::{Value, json};

fn wire(err: &HaspError) -> (String, Value) {
    let json = ErrorEnvelope::new(err, "A message.", "req_evo").to_json();
    let value: Value = serde_json::from_str(&json).unwrap();
    (json, value["error"].clone())
}

#[test]
#[allow(deprecated)]
fn a_deprecated_code_is_still_sent_and_parsed() {
    let err = HaspError::OldRateLimit(OldRateLimitDetails::new(7));
    let (json, error) = wire(&err);
    assert_eq!(error["code"], "OLD_RATE_LIMIT");
    assert_eq!(error["type"], "rate_limited");
    assert_eq!(error["retryable"], true);
    assert_eq!(
        error["details"],
        json!({"error_code": "OLD_RATE_LIMIT", "retry_after_seconds": 7})
    );
    assert_eq!(err.http_status(), 429);

    let parsed = ErrorEnvelope::from_slice(json.as_bytes()).unwrap();
    assert_eq!(parsed.to_catalog_error::<HaspError>(), Ok(err));

    let code = ErrorCode::OldRateLimit;
    assert_eq!("OLD_RATE_LIMIT".parse::<ErrorCode>(), Ok(code));
    assert_eq!(ErrorCode::from_wire("OLD_RATE_LIMIT"), Some(code));
    assert!(ErrorCode::ALL.contains(&code));
    assert_eq!(
        code.retry_policy(),
        RetryPolicy::AfterDelay {
            field: "retry_after_seconds"
        }
    );
}

#[test]
fn its_replacement_is_an_ordinary_code() {
    let err = HaspError::SlowDown(SlowDownDetails::new(3));
    let (json, error) = wire(&err);
    assert_eq!(error["code"], "SLOW_DOWN");
    let parsed = ErrorEnvelope::from_slice(json.as_bytes()).unwrap();
    assert_eq!(parsed.to_catalog_error::<HaspError>(), Ok(err));
}

#[test]
#[allow(deprecated)]
fn deprecated_fields_are_still_built_sent_and_read() {
    // `hint` is deprecated but still required: `new()` still takes it.
    let details =
        BadFieldDetails::new("too long".to_owned(), "shorten it".to_owned()).with_legacy_code(1042);
    assert_eq!(details.hint, "shorten it");
    assert_eq!(details.legacy_code, Some(1042));
    let err = HaspError::BadField {
        param: "messages.0.content".to_owned(),
        details,
    };
    let (json, error) = wire(&err);
    assert_eq!(
        error["details"],
        json!({"error_code": "BAD_FIELD", "reason": "too long", "hint": "shorten it", "legacy_code": 1042})
    );
    let parsed = ErrorEnvelope::from_slice(json.as_bytes()).unwrap();
    assert_eq!(parsed.to_catalog_error::<HaspError>(), Ok(err));

    // A server that stopped sending the optional deprecated field is still read.
    let without = BadFieldDetails::new("x".to_owned(), "y".to_owned());
    let (_, error) = wire(&HaspError::BadField {
        param: "p".to_owned(),
        details: without,
    });
    assert_eq!(
        error["details"],
        json!({"error_code": "BAD_FIELD", "reason": "x", "hint": "y"})
    );
}

#[test]
fn the_tombstoned_code_is_unknown_and_kept_whole() {
    let json = r#"{"error":{"type":"rate_limited","code":"QUOTA_GONE","message":"m",
        "param":null,"details":null,"retryable":false,"request_id":"r"},
        "meta":{"request_id":"r"}}"#;
    let err: HaspError = ErrorEnvelope::from_slice(json.as_bytes())
        .unwrap()
        .to_catalog_error()
        .unwrap();
    assert_eq!(err.code(), None);
    assert_eq!(err.code_str(), "QUOTA_GONE");
    assert!("QUOTA_GONE".parse::<ErrorCode>().is_err());
}

#[test]
fn the_page_and_the_rust_mark_what_is_deprecated() {
    let md = include_str!("../fixtures/evolution.md");
    assert!(md.contains(
        "| [`OLD_RATE_LIMIT`](#old_rate_limit) (deprecated) | **Deprecated** since catalog 2.1.0"
    ));
    assert!(md.contains("> **Deprecated** since catalog 2.1.0 (2026-01-15): Split into a clearer code. Use `SLOW_DOWN` instead. Removed no earlier than 2026-06-30."));
    assert!(md.contains("| `hint` | `string` | yes | **Deprecated** since catalog 2.1.0"));
    assert!(md.contains("### `QUOTA_GONE`\n\nRemoved in version 2.0.0. "));
    assert!(md.contains("at least 90 days after it was deprecated"));
    let rs = include_str!("../fixtures/evolution.rs");
    // The ErrorCode variant, the HaspError variant, both fields and the setter.
    assert_eq!(
        rs.matches("#[deprecated(note = \"Deprecated in catalog 2.1.0: Split into a clearer code. Use `SLOW_DOWN` instead.")
            .count(),
        2
    );
    assert_eq!(
        rs.matches("#[deprecated(note = \"Deprecated in catalog 2.1.0: Read `reason` instead.\")]")
            .count(),
        1
    );
    assert_eq!(
        rs.matches("#[deprecated(note = \"Deprecated in catalog 2.0.0: Numeric codes")
            .count(),
        2
    );
}
