//! `fixtures/shapes.yaml` compiled for real: every `param` rule, every field
//! type, optional fields, every retry kind.

use hasp_errors::{EnvelopeError, ErrorEnvelope, Money, RetryPolicy, Timestamp, Url};
use hasp_errors_tests::shapes::{
    CycleCappedDetails, ErrorCode, ErrorType, EveryFieldTypeDetails, FieldInvalidDetails,
    HaspError, SlowDownDetails, WarmingUpDetails,
};
use serde_json::{Value, json};

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

/// Sends `err` through an envelope and back; returns the wire `error` object.
fn round_trip(err: &HaspError) -> Value {
    let json = ErrorEnvelope::new(err, "A message.", "req_shapes").to_json();
    let parsed = ErrorEnvelope::from_slice(json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        parsed.to_catalog_error::<HaspError>().as_ref(),
        Ok(err),
        "{json}"
    );
    let mut value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["meta"]["request_id"], "req_shapes");
    // `details_error_code` is on: the code comes first in the details;
    // what the tests below look at is the code's own fields.
    assert!(
        json.contains(&format!(r#""details":{{"error_code":"{}""#, err.code_str())),
        "{json}"
    );
    let details = value["error"]["details"].as_object_mut().unwrap();
    details.remove("error_code");
    if details.is_empty() && err.to_details_json().is_none() {
        value["error"]["details"] = Value::Null;
    }
    value["error"].clone()
}

/// Parses an envelope whose `error` object is `error` (plus the ids).
fn parse_error(mut error: Value) -> Result<HaspError, EnvelopeError> {
    error["request_id"] = json!("req_in");
    let json = json!({"error": error, "meta": {"request_id": "req_in"}}).to_string();
    ErrorEnvelope::from_slice(json.as_bytes())?.to_catalog_error()
}

#[test]
fn required_param_with_details() {
    let details = FieldInvalidDetails::new("unknown model".to_owned());
    let err = HaspError::FieldInvalid {
        param: "model".to_owned(),
        details: details.clone(),
    };
    let wire = round_trip(&err);
    assert_eq!(wire["param"], "model");
    assert_eq!(wire["details"], json!({"reason": "unknown model"}));
    assert_eq!(err.param(), Some("model"));
    assert_eq!(
        err.to_string(),
        "FIELD_INVALID: A request field is invalid. (param `model`)"
    );

    let with_values = HaspError::FieldInvalid {
        param: "mode".to_owned(),
        details: details.with_allowed_values(vec!["fast".to_owned(), "safe".to_owned()]),
    };
    let wire = round_trip(&with_values);
    assert_eq!(
        wire["details"],
        json!({"reason": "unknown model", "allowed_values": ["fast", "safe"]})
    );
}

#[test]
fn a_required_param_missing_from_the_wire_is_an_error() {
    let result = parse_error(json!({
        "type": "invalid_request", "code": "FIELD_INVALID", "message": "m",
        "param": null, "details": {"reason": "x"}, "retryable": false
    }));
    assert_eq!(
        result,
        Err(EnvelopeError::MissingParam {
            code: "FIELD_INVALID".to_owned()
        })
    );
}

#[test]
fn optional_param_without_details() {
    let none = HaspError::MaybeParam { param: None };
    let wire = round_trip(&none);
    assert_eq!(wire["param"], Value::Null);
    assert_eq!(wire["details"], Value::Null);
    assert_eq!(none.param(), None);
    assert_eq!(none.to_string(), "MAYBE_PARAM: The request was rejected.");

    let some = HaspError::MaybeParam {
        param: Some("temperature".to_owned()),
    };
    assert_eq!(round_trip(&some)["param"], "temperature");
    assert_eq!(some.param(), Some("temperature"));
}

#[test]
fn every_field_type_with_optional_fields_set() {
    let details = EveryFieldTypeDetails::new(
        "alpha".to_owned(),
        -3,
        true,
        Money::parse("412.50").unwrap(),
    )
    .with_wait_seconds(90)
    .with_happened_at(ts("2026-12-01T00:00:00Z"))
    .with_docs_url(Url::parse("https://docs.example.com/e?x=1#y").unwrap())
    .with_tags(vec!["a".to_owned(), "b c".to_owned()]);
    assert_eq!(details.count, -3);
    assert_eq!(details.wait_seconds, Some(90));
    let err = HaspError::EveryFieldType {
        param: Some("input".to_owned()),
        details,
    };
    assert_eq!(
        round_trip(&err)["details"],
        json!({
            "name": "alpha",
            "count": -3,
            "enabled": true,
            "wait_seconds": 90,
            "happened_at": "2026-12-01T00:00:00Z",
            "docs_url": "https://docs.example.com/e?x=1#y",
            "amount_usd": "412.50",
            "tags": ["a", "b c"]
        })
    );
}

#[test]
fn unset_optional_fields_are_omitted() {
    let details =
        EveryFieldTypeDetails::new("beta".to_owned(), 0, false, Money::parse("0").unwrap());
    assert_eq!(details.docs_url, None);
    let err = HaspError::EveryFieldType {
        param: None,
        details,
    };
    assert_eq!(
        round_trip(&err)["details"],
        json!({"name": "beta", "count": 0, "enabled": false, "amount_usd": "0"})
    );
}

#[test]
fn optional_fields_sent_as_null_read_as_unset() {
    let err = parse_error(json!({
        "type": "invalid_request", "code": "EVERY_FIELD_TYPE", "message": "m",
        "param": null, "retryable": false,
        "details": {"name": "n", "count": 1, "enabled": true, "amount_usd": "1.5",
                    "wait_seconds": null, "happened_at": null, "docs_url": null, "tags": null}
    }))
    .unwrap();
    let expected = EveryFieldTypeDetails::new("n".to_owned(), 1, true, Money::new(15, 1).unwrap());
    assert_eq!(
        err,
        HaspError::EveryFieldType {
            param: None,
            details: expected
        }
    );
}

#[test]
fn malformed_details_are_rejected_naming_the_code() {
    let base = json!({
        "type": "invalid_request", "code": "EVERY_FIELD_TYPE", "message": "m",
        "param": null, "retryable": false,
        "details": {"name": "n", "count": 1, "enabled": true, "amount_usd": "1.50"}
    });
    let cases = [
        ("amount_usd", json!(1.5)),       // money is never a float
        ("count", json!("1")),            // integer, not string
        ("wait_seconds", json!(-1)),      // durations are non-negative
        ("happened_at", json!("soon")),   // not RFC 3339
        ("docs_url", json!("/relative")), // not absolute
        ("tags", json!("a")),             // not a list
    ];
    for (field, bad) in cases {
        let mut error = base.clone();
        error["details"][field] = bad.clone();
        match parse_error(error) {
            Err(EnvelopeError::Details { code, .. }) => assert_eq!(code, "EVERY_FIELD_TYPE"),
            other => panic!("{field} = {bad}: expected a details error, got {other:?}"),
        }
    }
    let mut missing = base;
    missing["details"].as_object_mut().unwrap().remove("name");
    assert!(matches!(
        parse_error(missing),
        Err(EnvelopeError::Details { .. })
    ));
}

#[test]
fn every_retry_kind() {
    let cases = [
        (ErrorCode::FieldInvalid, RetryPolicy::Never),
        (ErrorCode::MaybeParam, RetryPolicy::Never),
        (ErrorCode::EveryFieldType, RetryPolicy::Never),
        (
            ErrorCode::CreditsGone,
            RetryPolicy::AfterAction { field: None },
        ),
        (
            ErrorCode::CycleCapped,
            RetryPolicy::AfterAction {
                field: Some("cycle_reset_at"),
            },
        ),
        (
            ErrorCode::SlowDown,
            RetryPolicy::AfterDelay {
                field: "retry_after_seconds",
            },
        ),
        (ErrorCode::Unexpected, RetryPolicy::Backoff),
        (ErrorCode::WarmingUp, RetryPolicy::Backoff),
    ];
    let listed: Vec<ErrorCode> = cases.iter().map(|(c, _)| *c).collect();
    assert_eq!(listed, ErrorCode::ALL);
    for (code, policy) in cases {
        assert_eq!(code.retry_policy(), policy, "{code}");
        assert_eq!(code.is_retryable(), policy.is_retryable(), "{code}");
    }
}

#[test]
fn retry_kinds_reach_the_wire_flag_and_status() {
    let reset = ts("2027-01-01T00:00:00Z");
    let cases = [
        (HaspError::CreditsGone, false, 402),
        (
            HaspError::CycleCapped(CycleCappedDetails::new(
                reset.clone(),
                Money::parse("100").unwrap(),
            )),
            false,
            402,
        ),
        (HaspError::SlowDown(SlowDownDetails::new(7)), true, 429),
        (HaspError::Unexpected, true, 500),
        (HaspError::WarmingUp(WarmingUpDetails::new()), true, 503),
        (
            HaspError::WarmingUp(WarmingUpDetails::new().with_ready_at(reset)),
            true,
            503,
        ),
    ];
    for (err, retryable, status) in cases {
        let wire = round_trip(&err);
        assert_eq!(wire["retryable"], retryable, "{err}");
        assert_eq!(err.is_retryable(), retryable, "{err}");
        assert_eq!(err.http_status(), status, "{err}");
        assert_eq!(wire["code"], err.code_str());
        assert_eq!(
            wire["type"],
            err.error_type().map(ErrorType::as_str).unwrap()
        );
    }
}

#[test]
fn a_details_struct_with_only_optional_fields_sends_an_empty_object() {
    let wire = round_trip(&HaspError::WarmingUp(WarmingUpDetails::new()));
    assert_eq!(wire["details"], json!({}));
    // Such a struct is also `Default` (clippy's `new_without_default`).
    assert_eq!(WarmingUpDetails::default(), WarmingUpDetails::new());
}

#[test]
fn from_str_of_every_code_and_type_and_unknown_strings() {
    for &code in ErrorCode::ALL {
        assert_eq!(code.as_str().parse(), Ok(code));
        assert_eq!(code.to_string(), code.as_str());
    }
    assert_eq!(
        HaspError::Unexpected.to_string(),
        "UNEXPECTED: Unexpected server error."
    );
    for &ty in ErrorType::ALL {
        assert_eq!(ty.as_str().parse(), Ok(ty));
    }
    // The tombstoned code is not a code any more.
    for unknown in ["LEGACY_QUOTA", "slow_down", "SLOW_DOWN\n", "FIELD-INVALID"] {
        assert!(unknown.parse::<ErrorCode>().is_err(), "{unknown:?}");
    }
}

#[test]
fn the_tombstoned_code_arrives_as_an_unknown_code() {
    let err = parse_error(json!({
        "type": "payment_required", "code": "LEGACY_QUOTA", "message": "Old.",
        "param": null, "details": null, "retryable": false
    }))
    .unwrap();
    assert_eq!(err.code(), None);
    assert_eq!(err.code_str(), "LEGACY_QUOTA");
    assert_eq!(err.error_type(), Some(ErrorType::PaymentRequired));
    assert_eq!(err.http_status(), 402);
}

#[test]
fn every_code_links_to_its_anchor_under_the_catalogs_docs_url() {
    for &code in ErrorCode::ALL {
        let anchor = code.as_str().to_ascii_lowercase();
        assert_eq!(code.docs_anchor(), anchor);
        assert_eq!(
            code.docs_url().map(str::to_owned),
            Some(format!(
                "https://docs.example.com/shapes/errors.html#{anchor}"
            ))
        );
    }
}
