//! Facts the generator states and the runtime states too must agree: the
//! retry kinds, the reference page's example envelope (exactly what the
//! runtime's serializer writes), and the `request-id` header's rules (its
//! length limit and `tests/request_ids.json`, against the runtime and the
//! contract's pattern).

use hasp_errors::{ErrorCode, ErrorEnvelope, HaspError, RetryPolicy};
use hasp_errors_codegen::model::RETRY_KINDS;

#[test]
fn retry_kinds_are_the_runtimes() {
    let policies = [
        RetryPolicy::Never,
        RetryPolicy::Backoff,
        RetryPolicy::AfterDelay { field: "x" },
        RetryPolicy::AfterAction { field: None },
    ];
    assert_eq!(RETRY_KINDS.len(), policies.len());
    for (kind, policy) in RETRY_KINDS.iter().zip(policies) {
        assert_eq!(policy.kind(), kind.name);
        assert_eq!(policy.is_retryable(), kind.retryable, "{}", kind.name);
    }
    for &code in ErrorCode::ALL {
        let kind = RETRY_KINDS
            .iter()
            .find(|k| k.name == code.retry_policy().kind())
            .expect("every code's kind is a catalog kind");
        assert_eq!(code.is_retryable(), kind.retryable, "{code}");
    }
}

/// The first fenced JSON block of the page, with the code and status the
/// sentence before it names.
fn page_example(page: &str) -> (String, u16, String) {
    let (before, rest) = page
        .split_once("```json\n")
        .expect("the page has an example envelope");
    let json = rest.split_once("\n```").expect("a closed block").0;
    let sentence = before.lines().rev().find(|l| !l.is_empty()).unwrap();
    // "For example, `RATE_LIMITED` is sent with HTTP 429 as:"
    let code = sentence.split('`').nth(1).expect("a code").to_owned();
    let status = sentence
        .split("HTTP ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (code, status, json.to_owned())
}

#[test]
fn the_pages_example_envelope_is_the_serializers() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md"))
        .expect("docs/errors.md");
    let (code, status, json) = page_example(&page);
    let example = ErrorEnvelope::from_slice(json.as_bytes()).expect("the example parses");
    let error: HaspError = example
        .to_error()
        .expect("the example is a valid typed error");
    assert_eq!(error.code_str(), code);
    assert_eq!(error.http_status(), status);
    assert_eq!(example.body().message(), error.summary());
    let written = ErrorEnvelope::new(&error, error.summary(), example.request_id());
    // The same text, key order included, once the page's indentation is
    // taken out.
    assert_eq!(
        written.to_json(),
        minify(&json),
        "docs/errors.md's example is not what the runtime writes; fix emit_markdown's example"
    );
}

/// JSON text without the whitespace outside strings.
fn minify(json: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in json.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

#[test]
fn minify_keeps_strings() {
    assert_eq!(
        minify("{ \"a b\" : [1, \"\\\" x\"] }"),
        "{\"a b\":[1,\"\\\" x\"]}"
    );
}

/// The OpenAPI document's `RequestId` header says when the runtime sends
/// the header: the same length limit, and the same ids both ways
/// (`tests/request_ids.json`, also checked against the schema by
/// `e2e/test_contract.py`).
#[cfg(feature = "http")]
#[test]
fn request_id_header_rules_are_the_runtimes() {
    assert_eq!(
        usize::from(hasp_errors_codegen::emit_openapi::MAX_REQUEST_ID_HEADER),
        hasp_errors::http::MAX_REQUEST_ID_HEADER
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/request_ids.json");
    let ids: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("tests/request_ids.json"))
            .expect("JSON");
    let mut checked = 0;
    for (list, sent) in [("sent", true), ("left_out", false)] {
        for id in ids[list].as_array().expect("a list") {
            let id = id.as_str().expect("a string");
            let headers = hasp_errors::http::headers(&HaspError::InternalError, id);
            assert_eq!(
                headers.get("request-id").map(|v| v.as_bytes()),
                sent.then_some(id.as_bytes()),
                "{id:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 10);
    // And the committed document states them.
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/errors.openapi.json")).expect("JSON");
    let schema = &doc["components"]["headers"]["RequestId"]["schema"];
    assert_eq!(
        schema["maxLength"],
        hasp_errors::http::MAX_REQUEST_ID_HEADER
    );
    assert_eq!(
        schema["pattern"],
        hasp_errors_codegen::emit_openapi::REQUEST_ID_PATTERN
    );
}
