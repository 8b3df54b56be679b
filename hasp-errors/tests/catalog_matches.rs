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

/// Every `docs_url` the generator accepts gives each code a documentation
/// link the runtime's `Url` takes (`ErrorCode::docs_url()` is one): the
/// two are written apart, so they are checked against each other here, on
/// forms at the edges of either's rules.
#[test]
fn every_docs_url_the_generator_accepts_gives_links_the_runtime_takes() {
    let real = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/errors.yaml"))
        .unwrap();
    let line = real
        .lines()
        .find(|l| l.starts_with("docs_url:"))
        .expect("the real catalog has a docs_url");
    let long = format!("https://docs.example.com/{}", "a".repeat(2030));
    let candidates = [
        "https://docs.example.com/errors",
        "http://docs.example.com:8080/errors?v=2",
        "https://[::1]:8443/errors",
        "https://user:pw@docs.example.com/errors",
        "https://docs.example.com:/errors",
        "https://10.0.0.1/errors",
        "https://10.0.0.300/errors",
        "https://1.2.3/errors",
        "https://256/errors",
        "https://0x10/errors",
        "https://ex%2Fample.com/errors",
        "https://ex%00ample.com/errors",
        "https://ex%20ample.com/errors",
        "https://ex%FFample.com/errors",
        "https://ex%61mple.com/errors",
        "https://docs.example.com/100%25",
        "https://docs.example.com/a%zz",
        "https://a@b@docs.example.com/",
        "https://docs.example.com/[a]",
        long.as_str(),
    ];
    let mut accepted = 0;
    for url in candidates {
        let text = real.replacen(line, &format!("docs_url: \"{url}\""), 1);
        let Ok(catalog) = hasp_errors_codegen::parse_catalog("errors.yaml", text.as_bytes()) else {
            continue;
        };
        accepted += 1;
        for code in &catalog.codes {
            let link = catalog.docs_link(code).unwrap();
            assert!(
                hasp_errors::Url::parse(&link).is_ok(),
                "{url}: the link of {} is refused: {:?}",
                code.name,
                hasp_errors::Url::parse(&link).unwrap_err()
            );
        }
    }
    assert!(accepted >= 7, "{accepted}");
}
