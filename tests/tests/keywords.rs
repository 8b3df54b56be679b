//! `fixtures/keywords.yaml` compiled for real: details fields named after
//! Rust keywords keep their exact wire names; codes with digit words.

use hasp_errors::{ErrorEnvelope, Url};
use hasp_errors_tests::keywords::{ErrorCode, HaspError, Http2ErrorDetails, X509InvalidDetails};
use serde_json::{Value, json};

fn link() -> Url {
    Url::parse("https://api.example.com/errors/e_1").unwrap()
}

fn wire(err: &HaspError) -> (String, Value) {
    let json = ErrorEnvelope::new(err, "m", "req_kw").to_json();
    let parsed = ErrorEnvelope::from_slice(json.as_bytes()).unwrap();
    assert_eq!(
        parsed.to_catalog_error::<HaspError>().as_ref(),
        Ok(err),
        "{json}"
    );
    let value: Value = serde_json::from_str(&json).unwrap();
    (json, value["error"]["details"].clone())
}

#[test]
fn keyword_fields_use_their_exact_wire_names() {
    let details = Http2ErrorDetails::new("stream_reset".to_owned(), link())
        .with_match("/v1/messages".to_owned())
        .with_ref("inc_42".to_owned())
        .with_async(true)
        .with_crate(7);
    assert_eq!(details.r#type, "stream_reset");
    assert_eq!(details.self_, link());
    assert_eq!(details.r#match.as_deref(), Some("/v1/messages"));
    assert_eq!(details.r#ref.as_deref(), Some("inc_42"));
    assert_eq!(details.r#async, Some(true));
    assert_eq!(details.crate_, Some(7));

    let (json, wire_details) = wire(&HaspError::Http2Error(details));
    assert_eq!(
        wire_details,
        json!({
            "type": "stream_reset",
            "match": "/v1/messages",
            "ref": "inc_42",
            "self": "https://api.example.com/errors/e_1",
            "async": true,
            "crate": 7
        })
    );
    for raw in ["r#", "self_", "crate_"] {
        assert!(!json.contains(raw), "{raw} leaked onto the wire: {json}");
    }
}

#[test]
fn unset_optional_keyword_fields_are_omitted() {
    let details = Http2ErrorDetails::new("goaway".to_owned(), link());
    assert_eq!(details.r#match, None);
    let (_, wire_details) = wire(&HaspError::Http2Error(details));
    assert_eq!(
        wire_details,
        json!({"type": "goaway", "self": "https://api.example.com/errors/e_1"})
    );
}

#[test]
fn keyword_fields_are_read_from_their_wire_names() {
    let json = json!({
        "error": {"type": "provider_error", "code": "HTTP_2_ERROR", "message": "m",
                  "param": null, "retryable": true, "request_id": "r",
                  "details": {"type": "t", "self": "https://a.example/", "crate": 1}},
        "meta": {"request_id": "r"}
    });
    let err = ErrorEnvelope::from_slice(json.to_string().as_bytes())
        .unwrap()
        .to_catalog_error::<HaspError>()
        .unwrap();
    let expected =
        Http2ErrorDetails::new("t".to_owned(), Url::parse("https://a.example/").unwrap())
            .with_crate(1);
    assert_eq!(err, HaspError::Http2Error(expected));

    // The Rust names are not wire names.
    let rust_names = json!({"type": "t", "self_": "https://a.example/"});
    assert!(serde_json::from_value::<Http2ErrorDetails>(rust_names).is_err());
}

#[test]
fn reserved_keyword_field_with_a_required_param() {
    let err = HaspError::X509Invalid {
        param: "client_cert".to_owned(),
        details: X509InvalidDetails::new(3),
    };
    let (_, wire_details) = wire(&err);
    assert_eq!(wire_details, json!({"gen": 3}));
    assert_eq!(err.param(), Some("client_cert"));
    assert_eq!(
        err.to_string(),
        "X_509_INVALID: A certificate is invalid. (param `client_cert`)"
    );
}

#[test]
fn codes_with_digit_words() {
    let expected = [
        ("TLS_1_3_REQUIRED", ErrorCode::Tls13Required),
        ("X_509_INVALID", ErrorCode::X509Invalid),
        ("HTTP_2_ERROR", ErrorCode::Http2Error),
    ];
    let mut all = vec![ErrorCode::Err, ErrorCode::Some];
    all.extend(expected.map(|(_, c)| c));
    assert_eq!(ErrorCode::ALL, all);
    for (wire, code) in expected {
        assert_eq!(code.as_str(), wire);
        assert_eq!(wire.parse(), Ok(code));
        assert_eq!(serde_json::to_value(code).unwrap(), wire);
    }
    for unknown in ["TLS13_REQUIRED", "HTTP2_ERROR", "Http2Error", "X_509"] {
        assert!(unknown.parse::<ErrorCode>().is_err(), "{unknown}");
    }
    let (json, _) = wire(&HaspError::Tls13Required);
    assert!(json.contains(r#""code":"TLS_1_3_REQUIRED""#), "{json}");
    assert_eq!(
        HaspError::Tls13Required.to_string(),
        "TLS_1_3_REQUIRED: TLS 1.3 is required."
    );
}

#[test]
fn variants_named_like_prelude_and_associated_items_work() {
    use hasp_errors_tests::keywords::{ErrorCode, ErrorType, HaspError};
    // `Err` shares its name with `FromStr::Err`, `Some` with `Option::Some`.
    assert_eq!("ERR".parse::<ErrorCode>(), Ok(ErrorCode::Err));
    assert_eq!("SOME".parse::<ErrorCode>(), Ok(ErrorCode::Some));
    assert_eq!("err".parse::<ErrorType>(), Ok(ErrorType::Err));
    assert_eq!(ErrorCode::from_wire("SOME"), Some(ErrorCode::Some));
    assert_eq!(
        HaspError::Err.to_string(),
        format!("ERR: {}", ErrorCode::Err.summary())
    );
    assert_eq!(HaspError::Some.http_status(), 500);
}

#[test]
fn with_details_error_code_off_envelopes_carry_no_error_code() {
    use hasp_errors::CatalogError;
    const { assert!(!<HaspError as CatalogError>::DETAILS_ERROR_CODE) };
    // A code without details fields sends `null` details, as before.
    let json = ErrorEnvelope::new(&HaspError::Err, "m", "req_kw").to_json();
    assert!(json.contains(r#""details":null"#), "{json}");
    assert!(!json.contains("error_code"), "{json}");
    // No `docs_url` in this catalog: no documentation links.
    assert_eq!(ErrorCode::Err.docs_url(), None);
    assert_eq!(ErrorCode::Tls13Required.docs_anchor(), "tls_1_3_required");
}
