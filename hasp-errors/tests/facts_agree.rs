//! Facts the generator states and the runtime states too must agree: the
//! retry kinds, and the reference page's example envelope, which must be
//! exactly what the runtime's serializer writes.

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
