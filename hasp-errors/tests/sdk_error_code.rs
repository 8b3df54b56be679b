//! `error.details.error_code`: every envelope the crate builds repeats its
//! code there (the catalog's `details_error_code`), where the official
//! Anthropic SDKs read `error_code` / `errorCode`; typed details, envelopes
//! from older servers without it, and what a proxy forwards are unaffected.
//! And each code's stable documentation link.

mod common;

use hasp_errors::client::{ReceivedError, ResponseHeaders};
use hasp_errors::sse::{Frame, RunFailed, StreamEvent};
use hasp_errors::{CatalogError, ErrorCode, ErrorEnvelope, HaspError};
use serde_json::{Map, Value, json};

fn details_of(json: &str) -> Value {
    serde_json::from_str::<Value>(json).unwrap()["error"]["details"].clone()
}

#[test]
fn the_real_catalog_switches_it_on() {
    assert!(common::catalog().details_error_code);
    // The generator's name for the field (page, schema) is the runtime's.
    let json = ErrorEnvelope::new(&HaspError::InternalError, "m", "r").to_json();
    assert_eq!(
        details_of(&json),
        json!({ hasp_errors_codegen::model::ERROR_CODE_FIELD: "INTERNAL_ERROR" })
    );
    const { assert!(<HaspError as CatalogError>::DETAILS_ERROR_CODE) };
}

#[test]
fn every_envelope_carries_its_code_in_details_and_typed_details_do_not() {
    for &code in ErrorCode::ALL {
        let err = common::example(code);
        let json = ErrorEnvelope::new(&err, "m", "req_1").to_json();
        let details = details_of(&json);
        assert_eq!(details["error_code"], code.as_str(), "{json}");
        // The first field, so a reader sees it at once.
        assert!(
            json.contains(&format!(r#""details":{{"error_code":"{}""#, code.as_str())),
            "{json}"
        );
        // The typed details never have it, and ignore it when reading.
        if let Some(typed) = err.to_details_json() {
            assert!(!typed.get().contains("error_code"), "{code}: {typed}");
        }
        let parsed = ErrorEnvelope::from_slice(json.as_bytes()).unwrap();
        assert_eq!(parsed.to_error().as_ref(), Ok(&err), "{json}");
        // Built again from the typed error: the same text, once.
        let again = ErrorEnvelope::new(&parsed.to_error().unwrap(), "m", "req_1").to_json();
        assert_eq!(again, json);
        assert_eq!(json.matches("\"error_code\"").count(), 1, "{json}");
    }
}

/// The envelope an older server (before `details_error_code`) sent: the
/// same, without `error_code` (so `null` details for codes without fields).
fn older_server(json: &str) -> String {
    let mut value: Value = serde_json::from_str(json).unwrap();
    let details = value["error"]["details"].as_object_mut().unwrap();
    details.remove("error_code");
    if details.is_empty() {
        value["error"]["details"] = Value::Null;
    }
    serde_json::to_string(&value).unwrap()
}

#[test]
fn an_envelope_from_an_older_server_without_it_parses_the_same() {
    for &code in ErrorCode::ALL {
        let err = common::example(code);
        let new = ErrorEnvelope::new(&err, "m", "req_1").to_json();
        let old = older_server(&new);
        assert!(!old.contains("error_code"), "{old}");
        let old_envelope = ErrorEnvelope::from_slice(old.as_bytes()).unwrap();
        assert_eq!(old_envelope.to_error().as_ref(), Ok(&err), "{old}");

        let received = ReceivedError::parse(
            code.http_status(),
            ResponseHeaders::default(),
            old.as_bytes(),
        )
        .unwrap();
        assert_eq!(received.problem(), None, "{old}");
        assert_eq!(received.error(), &err);
        // A proxy passes the old envelope on as it was: nothing is added.
        let forwarded = received.envelope().to_json();
        assert!(!forwarded.contains("error_code"), "{forwarded}");
        assert_eq!(
            serde_json::from_str::<Value>(&forwarded).unwrap(),
            serde_json::from_str::<Value>(&old).unwrap()
        );
    }
}

#[test]
fn codes_this_crate_does_not_know_get_it_too_unless_they_have_one() {
    let unknown = |details: Value| {
        let body = json!({"error": {"type": "brand_new", "code": "NEW_\"CODE\\", "message": "m",
            "param": null, "details": details, "retryable": false, "request_id": "r"}});
        ErrorEnvelope::from_value(&body)
            .unwrap()
            .to_error()
            .unwrap()
    };
    let resend = |err: &HaspError| ErrorEnvelope::new(err, "m", "r").to_json();

    // No details: an object holding the code, escaped as JSON.
    let json = resend(&unknown(Value::Null));
    assert!(
        json.contains(r#""details":{"error_code":"NEW_\"CODE\\"}"#),
        "{json}"
    );
    assert_eq!(details_of(&json), json!({"error_code": "NEW_\"CODE\\"}));

    // Empty details, and details with fields: the code comes first, the
    // fields follow as they were.
    assert_eq!(
        details_of(&resend(&unknown(json!({})))),
        json!({"error_code": "NEW_\"CODE\\"})
    );
    let json = resend(&unknown(json!({"quota": "monthly", "big": 1})));
    assert!(
        json.contains(r#""details":{"error_code":"NEW_\"CODE\\","#),
        "{json}"
    );
    assert_eq!(
        details_of(&json),
        json!({"error_code": "NEW_\"CODE\\", "quota": "monthly", "big": 1})
    );

    // Details that have one already (a newer server's) are kept exactly.
    let text = r#"{"error":{"type":"brand_new","code":"NEW_CODE","message":"m","param":null,"details":{ "x": 12345678901234567890123, "error_code" : "NEW_CODE" },"retryable":false,"request_id":"r"},"meta":{"request_id":"r"}}"#;
    let err = ErrorEnvelope::from_slice(text.as_bytes())
        .unwrap()
        .to_error()
        .unwrap();
    assert_eq!(resend(&err), text);
}

#[test]
fn stream_events_carry_it() {
    let err = common::example(ErrorCode::RateLimited);
    let event = StreamEvent::new_error(&err, "m", "req_s").to_frame();
    assert_eq!(details_of(event.data())["error_code"], "RATE_LIMITED");

    let failed = RunFailed::new(Map::new(), &HaspError::InternalError, "m", "req_s");
    let frame: Frame = StreamEvent::RunFailed(failed).to_frame();
    let data: Value = serde_json::from_str(frame.data()).unwrap();
    assert_eq!(
        data["error"]["details"],
        json!({"error_code": "INTERNAL_ERROR"})
    );
}

#[test]
fn every_code_has_a_stable_documentation_link() {
    let catalog = common::catalog();
    let base = catalog
        .docs_url
        .as_deref()
        .expect("the catalog sets docs_url");
    assert_eq!(base, "https://docs.hasp.example/errors");
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md"))
        .expect("docs/errors.md");
    for &code in ErrorCode::ALL {
        let anchor = code.as_str().to_ascii_lowercase();
        assert_eq!(code.docs_anchor(), anchor);
        assert_eq!(code.docs_url(), Some(format!("{base}#{anchor}").as_str()));
        // The page's own heading for the code, whose id is that anchor.
        assert!(
            page.contains(&format!("\n### `{}`\n", code.as_str())),
            "{code}"
        );
    }
}
