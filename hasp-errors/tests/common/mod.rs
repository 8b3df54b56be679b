//! Shared by the runtime's integration tests: a realistic error for every
//! code of the real catalog, and the catalog itself.

// Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use hasp_errors::{
    AiCreditsExhaustedDetails, BudgetExceededDetails, ErrorCode, HaspError, MissingScopeDetails,
    ModelRetiredDetails, Money, PhiBlockedDetails, RateLimitedDetails, Timestamp, Url,
};

/// The real catalog, loaded by the generator (`catalog` is the link to the
/// workspace's `catalog/`, or the packaged copy).
pub fn catalog() -> hasp_errors_codegen::Catalog {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/errors.yaml");
    match hasp_errors_codegen::load_catalog(path) {
        Ok(c) => c,
        Err(d) => panic!("the real catalog must be valid:\n{d}"),
    }
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn money(text: &str) -> Money {
    Money::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A representative error for `code`, with realistic `param` and details,
/// as a HASP server would send it.
///
/// # Panics
/// For a code added to the catalog without an example here: add one.
pub fn example(code: ErrorCode) -> HaspError {
    match code {
        ErrorCode::ValidationFailed => HaspError::ValidationFailed {
            param: "messages[0].content".to_owned(),
        },
        ErrorCode::PhiInToolSchema => HaspError::PhiInToolSchema,
        ErrorCode::UnsupportedParameter => HaspError::UnsupportedParameter {
            param: "logit_bias".to_owned(),
        },
        ErrorCode::InvalidApiKey => HaspError::InvalidApiKey,
        ErrorCode::BaaRequired => HaspError::BaaRequired,
        ErrorCode::AiCreditsExhausted => HaspError::AiCreditsExhausted(
            AiCreditsExhaustedDetails::new(ts("2026-12-01T00:00:00Z")),
        ),
        ErrorCode::MissingScope => {
            HaspError::MissingScope(MissingScopeDetails::new("documents:write".to_owned()))
        }
        ErrorCode::PhiBlocked => HaspError::PhiBlocked(PhiBlockedDetails::new(vec![
            "PERSON_NAME".to_owned(),
            "MEDICAL_RECORD_NUMBER".to_owned(),
        ])),
        ErrorCode::FeatureNotHipaaEligible => HaspError::FeatureNotHipaaEligible,
        ErrorCode::OpusNotEnabled => HaspError::OpusNotEnabled,
        ErrorCode::ResourceNotFound => HaspError::ResourceNotFound,
        ErrorCode::ModelRetired => HaspError::ModelRetired(ModelRetiredDetails::new(
            ts("2026-03-01T00:00:00Z"),
            "claude-sonnet-4-5".to_owned(),
            url("https://docs.hasp.example/models/retirements"),
        )),
        ErrorCode::UnsupportedDocumentType => HaspError::UnsupportedDocumentType,
        ErrorCode::RateLimited => HaspError::RateLimited(RateLimitedDetails::new(30)),
        ErrorCode::BudgetExceeded => HaspError::BudgetExceeded(BudgetExceededDetails::new(
            ts("2026-12-01T00:00:00Z"),
            money("412.50"),
            money("400.00"),
        )),
        ErrorCode::InternalError => HaspError::InternalError,
        ErrorCode::InferenceUpstreamFailure => HaspError::InferenceUpstreamFailure,
        ErrorCode::InferenceUnavailable => HaspError::InferenceUnavailable,
        ErrorCode::DocumentStillProcessing => HaspError::DocumentStillProcessing,
        other => panic!("no example for {other}: add one to tests/common/mod.rs"),
    }
}
