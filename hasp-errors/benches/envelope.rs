//! Envelope speed against the plain alternative, side by side in one run:
//! a `#[derive(Serialize, Deserialize)]` struct set for the same JSON.
//!
//! * `serialize`: build the envelope of a `RATE_LIMITED` error and write it
//!   as JSON (`error.details` with the code again as `error_code`, which the
//!   plain structs have as a field).
//! * `parse`: read untrusted bytes into the typed error (this crate: the
//!   envelope, then `to_error`, unknown fields kept as text; plain: straight
//!   into the structs, unknown fields dropped).
//! * `parse_with_unknown_fields`: the same with fields this crate does not
//!   know in `error`, `meta`, `details` and the top level.

use divan::{AllocProfiler, Bencher, black_box};
use hasp_errors::{ErrorEnvelope, HaspError, RateLimitedDetails};
use serde::{Deserialize, Serialize};

/// Allocations counted for both sides (divan's `alloc` columns).
#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// Samples per bench: each takes well under a microsecond, so divan's
/// default of 100 leaves the median at the mercy of the first, colder
/// ones; 1,000 makes it repeatable (both sides get the same).
const SAMPLES: u32 = 1000;

mod plain {
    use super::*;

    #[derive(Serialize, Deserialize)]
    pub struct Envelope {
        pub error: Body,
        pub meta: Meta,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Body {
        #[serde(rename = "type")]
        pub error_type: String,
        pub code: String,
        pub message: String,
        pub param: Option<String>,
        pub details: Option<Details>,
        pub retryable: bool,
        pub request_id: String,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Details {
        /// The code again, as `details_error_code` has it on the wire.
        pub error_code: String,
        pub retry_after_seconds: u64,
    }

    #[derive(Serialize, Deserialize)]
    pub struct Meta {
        pub request_id: String,
    }
}

const MESSAGE: &str = "Too many requests: 600 per minute allowed for this key.";
const REQUEST_ID: &str = "req_01JH3Z8W4X5Y6Z7A8B9C0D1E2F";

fn json() -> String {
    ErrorEnvelope::new(
        &HaspError::RateLimited(RateLimitedDetails::new(30)),
        MESSAGE,
        REQUEST_ID,
    )
    .to_json()
}

fn json_with_unknown_fields() -> String {
    json()
        .replace(
            r#""retry_after_seconds":30"#,
            r#""retry_after_seconds":30,"bucket":"rpm","limit":600"#,
        )
        .replace(
            r#""request_id":"req_01JH3Z8W4X5Y6Z7A8B9C0D1E2F"}}"#,
            r#""request_id":"req_01JH3Z8W4X5Y6Z7A8B9C0D1E2F","region":"eu"},"api_version":"2027-01-01"}"#,
        )
}

#[divan::bench_group(sample_count = SAMPLES)]
mod serialize {
    use super::*;

    #[divan::bench]
    fn plain_serde(bencher: Bencher) {
        bencher.bench(|| {
            let envelope = plain::Envelope {
                error: plain::Body {
                    error_type: "rate_limited".to_owned(),
                    code: "RATE_LIMITED".to_owned(),
                    message: black_box(MESSAGE).to_owned(),
                    param: None,
                    details: Some(plain::Details {
                        error_code: "RATE_LIMITED".to_owned(),
                        retry_after_seconds: black_box(30),
                    }),
                    retryable: true,
                    request_id: black_box(REQUEST_ID).to_owned(),
                },
                meta: plain::Meta {
                    request_id: black_box(REQUEST_ID).to_owned(),
                },
            };
            serde_json::to_string(&envelope).unwrap()
        });
    }

    #[divan::bench]
    fn hasp_errors(bencher: Bencher) {
        bencher.bench(|| {
            let err = HaspError::RateLimited(RateLimitedDetails::new(black_box(30)));
            ErrorEnvelope::new(&err, black_box(MESSAGE), black_box(REQUEST_ID)).to_json()
        });
    }
}

#[divan::bench_group(sample_count = SAMPLES)]
mod parse {
    use super::*;

    #[divan::bench]
    fn plain_serde(bencher: Bencher) {
        let bytes = json().into_bytes();
        bencher.bench(|| {
            let e: plain::Envelope = serde_json::from_slice(black_box(&bytes)).unwrap();
            e
        });
    }

    #[divan::bench]
    fn hasp_errors(bencher: Bencher) {
        let bytes = json().into_bytes();
        bencher.bench(|| {
            let envelope = ErrorEnvelope::from_slice(black_box(&bytes)).unwrap();
            let error = envelope.to_error().unwrap();
            (envelope, error)
        });
    }
}

#[divan::bench_group(sample_count = SAMPLES)]
mod parse_with_unknown_fields {
    use super::*;

    #[divan::bench]
    fn plain_serde(bencher: Bencher) {
        let bytes = json_with_unknown_fields().into_bytes();
        bencher.bench(|| {
            let e: plain::Envelope = serde_json::from_slice(black_box(&bytes)).unwrap();
            e
        });
    }

    #[divan::bench]
    fn hasp_errors(bencher: Bencher) {
        let bytes = json_with_unknown_fields().into_bytes();
        bencher.bench(|| {
            let envelope = ErrorEnvelope::from_slice(black_box(&bytes)).unwrap();
            let error = envelope.to_error().unwrap();
            (envelope, error)
        });
    }
}
