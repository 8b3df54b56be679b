//! The wire strings of `tests/value_shapes.json` against the runtime's value
//! types: each `accepted` one parses, each `refused` one does not. The
//! contract test (`e2e/test_contract.py`) checks the same lists against the
//! JSON Schema's patterns, so the two cannot drift apart unnoticed.

use hasp_errors::{Money, Timestamp, Url};
use serde_json::Value;

/// Whether the runtime's parser of a value type accepts a string.
type Parses = fn(&str) -> bool;

#[test]
fn the_runtime_accepts_and_refuses_what_the_shared_list_says() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/value_shapes.json");
    let shapes: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let parsers: [(&str, Parses); 3] = [
        ("timestamp", |s| Timestamp::parse(s).is_ok()),
        ("money", |s| Money::parse(s).is_ok()),
        ("url", |s| Url::parse(s).is_ok()),
    ];
    for (ty, parses) in parsers {
        for (list, want) in [("accepted", true), ("refused", false)] {
            let values = shapes[ty][list].as_array().unwrap();
            assert!(!values.is_empty(), "{ty}.{list}");
            for v in values {
                let s = v.as_str().unwrap();
                assert_eq!(parses(s), want, "{ty} {s:?} should be {list}");
            }
        }
    }
}
