//! The generated API agrees with `catalog/errors.yaml`, read independently
//! by the generator's loader: codes, types, statuses, retry policies,
//! summaries, and the order of both.

mod common;

use hasp_errors::{ErrorCode, ErrorType, RetryPolicy};
use hasp_errors_codegen::model::Retry;

#[test]
fn error_code_all_is_the_catalog_codes_in_order() {
    let catalog = common::catalog();
    let generated: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let expected: Vec<&str> = catalog.codes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(generated, expected);
}

#[test]
fn error_type_all_is_the_catalog_types_in_order() {
    let catalog = common::catalog();
    let generated: Vec<&str> = ErrorType::ALL.iter().map(|t| t.as_str()).collect();
    let expected: Vec<&str> = catalog.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(generated, expected);
    for (ty, entry) in ErrorType::ALL.iter().zip(&catalog.types) {
        assert_eq!(ty.http_status(), entry.status, "{ty}");
        assert_eq!(ty.description(), entry.description, "{ty}");
    }
}

#[test]
fn every_code_agrees_with_its_catalog_entry() {
    let catalog = common::catalog();
    for (code, entry) in ErrorCode::ALL.iter().zip(&catalog.codes) {
        assert_eq!(code.as_str(), entry.name);
        assert_eq!(code.error_type().as_str(), entry.error_type, "{code}");
        assert_eq!(code.http_status(), entry.status, "{code}");
        let type_status = catalog.error_type(&entry.error_type).map(|t| t.status);
        assert_eq!(Some(code.http_status()), type_status, "{code}");
        assert_eq!(code.is_retryable(), entry.retry.retryable(), "{code}");
        assert_eq!(code.retry_policy().kind(), entry.retry.kind(), "{code}");
        assert_eq!(
            policy_parts(code.retry_policy()),
            retry_parts(&entry.retry),
            "{code}"
        );
        assert_eq!(code.summary(), entry.summary, "{code}");
        assert_eq!(code.description(), entry.description.trim(), "{code}");
    }
}

/// A runtime retry policy as (kind, field).
fn policy_parts(policy: RetryPolicy) -> (&'static str, Option<&'static str>) {
    match policy {
        RetryPolicy::AfterDelay { field } => (policy.kind(), Some(field)),
        RetryPolicy::AfterAction { field } => (policy.kind(), field),
        other => (other.kind(), None),
    }
}

/// A catalog retry kind as (kind, field).
fn retry_parts(retry: &Retry) -> (&'static str, Option<&str>) {
    match retry {
        Retry::AfterDelay { field } => (retry.kind(), Some(field.as_str())),
        Retry::AfterAction { field } => (retry.kind(), field.as_deref()),
        other => (other.kind(), None),
    }
}

/// The public reference's 19 codes (the reference published before this
/// catalog, `error.code` by HTTP status): each is a code of the catalog
/// with the reference's status, or retired (a tombstone). Codes may be
/// added, and types renamed; what the reference told clients may not
/// silently change.
#[test]
fn the_catalog_keeps_the_reference_codes() {
    const REFERENCE: &[(u16, &str)] = &[
        (400, "VALIDATION_FAILED"),
        (400, "PHI_IN_TOOL_SCHEMA"),
        (400, "UNSUPPORTED_PARAMETER"),
        (401, "INVALID_API_KEY"),
        (402, "BAA_REQUIRED"),
        (402, "AI_CREDITS_EXHAUSTED"),
        (403, "MISSING_SCOPE"),
        (403, "PHI_BLOCKED"),
        (403, "FEATURE_NOT_HIPAA_ELIGIBLE"),
        (403, "OPUS_NOT_ENABLED"),
        (404, "RESOURCE_NOT_FOUND"),
        (410, "MODEL_RETIRED"),
        (422, "UNSUPPORTED_DOCUMENT_TYPE"),
        (429, "RATE_LIMITED"),
        (429, "BUDGET_EXCEEDED"),
        (500, "INTERNAL_ERROR"),
        (502, "INFERENCE_UPSTREAM_FAILURE"),
        (503, "INFERENCE_UNAVAILABLE"),
        (503, "DOCUMENT_STILL_PROCESSING"),
    ];
    let catalog = common::catalog();
    for &(status, name) in REFERENCE {
        match ErrorCode::from_wire(name) {
            Some(code) => assert_eq!(code.http_status(), status, "{name}"),
            None => assert!(
                catalog.tombstones.iter().any(|t| t.name == name),
                "{name}: neither a code nor retired"
            ),
        }
    }
}
