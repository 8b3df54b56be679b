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

/// The reference's 19 codes, grouped by status, none invented or missing.
#[test]
fn the_catalog_has_the_reference_codes() {
    let by_status: Vec<(u16, &str, &str)> = ErrorCode::ALL
        .iter()
        .map(|c| (c.http_status(), c.error_type().as_str(), c.as_str()))
        .collect();
    assert_eq!(
        by_status,
        [
            (400, "invalid_request", "VALIDATION_FAILED"),
            (400, "invalid_request", "PHI_IN_TOOL_SCHEMA"),
            (400, "invalid_request", "UNSUPPORTED_PARAMETER"),
            (401, "unauthorized", "INVALID_API_KEY"),
            (402, "payment_required", "BAA_REQUIRED"),
            (402, "payment_required", "AI_CREDITS_EXHAUSTED"),
            (403, "forbidden", "MISSING_SCOPE"),
            (403, "forbidden", "PHI_BLOCKED"),
            (403, "forbidden", "FEATURE_NOT_HIPAA_ELIGIBLE"),
            (403, "forbidden", "OPUS_NOT_ENABLED"),
            (404, "not_found", "RESOURCE_NOT_FOUND"),
            (410, "gone", "MODEL_RETIRED"),
            (422, "unprocessable_entity", "UNSUPPORTED_DOCUMENT_TYPE"),
            (429, "rate_limited", "RATE_LIMITED"),
            (429, "budget_exceeded", "BUDGET_EXCEEDED"),
            (500, "internal_error", "INTERNAL_ERROR"),
            (502, "provider_error", "INFERENCE_UPSTREAM_FAILURE"),
            (503, "service_unavailable", "INFERENCE_UNAVAILABLE"),
            (503, "service_unavailable", "DOCUMENT_STILL_PROCESSING"),
        ]
    );
}
