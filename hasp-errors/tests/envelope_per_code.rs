//! One example envelope per code of the real catalog: it has the exact
//! reference shape, agrees with the catalog, and parses back to the same
//! error.

mod common;

use std::fmt;

use hasp_errors::{ErrorCode, ErrorEnvelope, HaspError};
use hasp_errors_codegen::model::ParamRule;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// A JSON object with its keys in wire order (`serde_json::Map` sorts them).
struct Ordered(Vec<(String, Value)>);

impl Ordered {
    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_str()).collect()
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// The envelope's objects, each in wire order.
#[derive(Deserialize)]
struct Shape {
    error: Ordered,
    meta: Ordered,
}

/// `error.details`, in wire order.
#[derive(Deserialize)]
struct DetailsOrder {
    error: DetailsOf,
}

#[derive(Deserialize)]
struct DetailsOf {
    details: Ordered,
}

const ERROR_KEYS: &[&str] = &[
    "type",
    "code",
    "message",
    "param",
    "details",
    "retryable",
    "request_id",
];

fn request_id(code: ErrorCode) -> String {
    format!("req_{}", code.as_str().to_lowercase())
}

#[test]
fn every_code_has_an_example_of_that_code() {
    for &code in ErrorCode::ALL {
        assert_eq!(common::example(code).code(), Some(code));
    }
}

#[test]
fn every_example_envelope_has_the_reference_shape() {
    let catalog = common::catalog();
    for &code in ErrorCode::ALL {
        let entry = catalog
            .codes
            .iter()
            .find(|c| c.name == code.as_str())
            .unwrap_or_else(|| panic!("{code} is not in the catalog"));
        let err = common::example(code);
        let json = ErrorEnvelope::new(&err, code.summary(), request_id(code)).to_json();

        let top: Ordered = serde_json::from_str(&json).unwrap();
        assert_eq!(top.keys(), ["error", "meta"], "{json}");
        let Shape { error, meta } = serde_json::from_str(&json).unwrap();
        assert_eq!(error.keys(), ERROR_KEYS, "{json}");
        assert_eq!(meta.keys(), ["request_id"], "{json}");

        let field = |key: &str| error.get(key).cloned().unwrap_or(Value::Null);
        assert_eq!(field("type"), code.error_type().as_str(), "{json}");
        assert_eq!(field("type"), entry.error_type.as_str(), "{json}");
        assert_eq!(field("code"), code.as_str(), "{json}");
        assert_eq!(field("message"), code.summary(), "{json}");
        assert_eq!(field("retryable"), code.is_retryable(), "{json}");
        assert_eq!(field("retryable"), entry.retry.retryable(), "{json}");
        assert_eq!(field("request_id"), request_id(code).as_str(), "{json}");
        assert_eq!(meta.get("request_id"), error.get("request_id"), "{json}");

        match entry.param {
            ParamRule::Required => assert!(field("param").is_string(), "{json}"),
            _ => assert_eq!(field("param"), Value::Null, "{json}"),
        }
        // `details_error_code` is on: details are always an object whose
        // first field is the code again, for the official SDKs' `error_code`.
        assert!(catalog.details_error_code);
        let order: DetailsOrder = serde_json::from_str(&json).unwrap();
        assert_eq!(
            order.error.details.keys().first(),
            Some(&"error_code"),
            "{json}"
        );
        let Value::Object(details) = field("details") else {
            panic!("{code}: details must be an object: {json}");
        };
        assert_eq!(details["error_code"], code.as_str(), "{json}");
        for f in &entry.details {
            assert_eq!(
                details.contains_key(&f.name),
                f.required,
                "{code}: details field `{}` (the examples set only required ones): {json}",
                f.name
            );
        }
        assert!(
            details
                .keys()
                .all(|k| k == "error_code" || entry.details.iter().any(|f| &f.name == k))
        );

        assert_eq!(err.http_status(), entry.status, "{code}");
        assert_eq!(code.http_status(), entry.status, "{code}");
        assert_eq!(err.is_retryable(), code.is_retryable(), "{code}");
        assert_eq!(err.error_type(), Some(code.error_type()), "{code}");
    }
}

#[test]
fn every_example_envelope_parses_back_to_the_same_error() {
    for &code in ErrorCode::ALL {
        let err = common::example(code);
        let envelope = ErrorEnvelope::new(&err, "Something specific happened.", request_id(code));
        let json = envelope.to_json();
        let parsed = ErrorEnvelope::from_slice(json.as_bytes())
            .unwrap_or_else(|e| panic!("{code}: {e}: {json}"));
        assert_eq!(parsed, envelope, "{json}");
        assert_eq!(parsed.request_id(), request_id(code));
        assert_eq!(parsed.body().message(), "Something specific happened.");
        assert_eq!(parsed.to_error(), Ok(err.clone()), "{json}");
        assert_eq!(parsed.to_catalog_error::<HaspError>(), Ok(err), "{json}");
        assert_eq!(parsed.to_json(), json);
    }
}

/// What each example sends is compact JSON: no whitespace outside strings.
/// (What it holds, and in which order, is checked against the catalog
/// above; nothing here is pinned by hand, so a catalog edit needs no
/// snapshot accepted.)
#[test]
fn example_envelopes_are_compact() {
    for &code in ErrorCode::ALL {
        let json =
            ErrorEnvelope::new(&common::example(code), code.summary(), request_id(code)).to_json();
        let (mut in_string, mut escaped) = (false, false);
        for c in json.chars() {
            match (in_string, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (_, false, '"') => in_string = !in_string,
                (false, _, c) => assert!(!c.is_whitespace(), "{code}: {json}"),
                _ => {}
            }
        }
        assert!(!in_string, "{json}");
    }
}
