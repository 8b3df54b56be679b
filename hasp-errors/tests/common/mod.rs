//! Shared by the runtime's integration tests: a realistic error for every
//! code of the real catalog, and the catalog itself.
//!
//! The examples are made from the catalog, not written per code, so that a
//! code added, renamed or retired needs nothing here: each is the envelope a
//! HASP server would send for the code (its type, its `retryable`, a `param`
//! when the code requires one, a value for each required details field), read
//! back through the runtime. Values are realistic where this file knows the
//! field ([`KNOWN_VALUES`]), else typical of the field's type.

// Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use std::sync::OnceLock;

use hasp_errors::{ErrorCode, ErrorEnvelope, HaspError};
use hasp_errors_codegen::model::{FieldType, ParamRule};
use serde_json::{Map, Value, json};

/// The real catalog, loaded by the generator (`catalog` is the link to the
/// workspace's `catalog/`, or the packaged copy).
pub fn catalog() -> hasp_errors_codegen::Catalog {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/errors.yaml");
    match hasp_errors_codegen::load_catalog(path) {
        Ok(c) => c,
        Err(d) => panic!("the real catalog must be valid:\n{d}"),
    }
}

/// The real catalog, loaded once per test binary.
fn shared_catalog() -> &'static hasp_errors_codegen::Catalog {
    static CATALOG: OnceLock<hasp_errors_codegen::Catalog> = OnceLock::new();
    CATALOG.get_or_init(catalog)
}

/// Realistic wire values of the real catalog's details fields and params,
/// by name; a field or code not listed gets a value typical of its type.
const KNOWN_VALUES: &[(&str, &str)] = &[
    ("cycle_reset_at", r#""2026-12-01T00:00:00Z""#),
    ("required_scope", r#""documents:write""#),
    (
        "entity_types",
        r#"["PERSON_NAME", "MEDICAL_RECORD_NUMBER"]"#,
    ),
    ("retired_at", r#""2026-03-01T00:00:00Z""#),
    ("recommended_replacement", r#""claude-sonnet-4-5""#),
    (
        "docs_url",
        r#""https://docs.hasp.example/models/retirements""#,
    ),
    ("retry_after_seconds", "30"),
    ("current_spend_usd", r#""412.50""#),
    ("cap_usd", r#""400.00""#),
    // `param`, by code.
    ("VALIDATION_FAILED", r#""messages[0].content""#),
    ("UNSUPPORTED_PARAMETER", r#""logit_bias""#),
];

/// A wire value typical of a field type.
fn typical(ty: FieldType) -> Value {
    match ty {
        FieldType::String => json!("example"),
        FieldType::Integer => json!(42),
        FieldType::Boolean => json!(true),
        FieldType::DurationSeconds => json!(30),
        FieldType::Timestamp => json!("2026-12-01T00:00:00Z"),
        FieldType::Url => json!("https://docs.hasp.example/errors"),
        FieldType::Money => json!("12.50"),
        FieldType::StringList => json!(["example"]),
    }
}

/// The known value of `name`, if [`KNOWN_VALUES`] has one.
fn known(name: &str) -> Option<Value> {
    KNOWN_VALUES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| serde_json::from_str(v).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// A representative error for `code`, with realistic `param` and details,
/// as a HASP server would send it (see the module docs).
///
/// # Panics
/// If the runtime does not read it back as `code`'s own variant, which
/// would be a bug in the runtime or the generator.
pub fn example(code: ErrorCode) -> HaspError {
    let c = shared_catalog()
        .codes
        .iter()
        .find(|c| c.name == code.as_str())
        .unwrap_or_else(|| panic!("{code} is in the catalog the crate was built from"));
    // A param where the code requires one; an optional one is left out,
    // as a server that does not know it would.
    let param = match c.param {
        ParamRule::None | ParamRule::Optional => Value::Null,
        ParamRule::Required => known(&c.name).unwrap_or_else(|| json!("messages[0].content")),
    };
    let details: Map<String, Value> = c
        .details
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            (
                f.name.clone(),
                known(&f.name).unwrap_or_else(|| typical(f.ty)),
            )
        })
        .collect();
    let envelope = json!({
        "error": {
            "type": c.error_type,
            "code": c.name,
            "message": c.summary,
            "param": param,
            "details": if c.details.is_empty() { Value::Null } else { Value::Object(details) },
            "retryable": c.retry.retryable(),
            "request_id": "req_example",
        },
        "meta": {"request_id": "req_example"},
    });
    let error = ErrorEnvelope::from_value(&envelope)
        .and_then(|e| e.to_error())
        .unwrap_or_else(|e| panic!("{code}: the example does not read back: {e}"));
    assert_eq!(
        error.code(),
        Some(code),
        "{code}: read back as another code"
    );
    error
}

/// What a client reads from `response`: its status, headers and body.
#[cfg(feature = "http")]
pub fn read_back(
    response: &http::Response<Vec<u8>>,
) -> Result<hasp_errors::client::ReceivedError, hasp_errors::client::ResponseError> {
    hasp_errors::client::ReceivedError::parse(
        response.status().as_u16(),
        hasp_errors::client::ResponseHeaders::from(response.headers()),
        response.body(),
    )
}
