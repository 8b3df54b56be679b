//! `ErrorCode` and `ErrorType` as wire strings: `FromStr`, `Display` and
//! serde, for every known name and for unknown ones.

use std::str::FromStr;

use hasp_errors::{ErrorCode, ErrorType, ParseNameError};

const NOT_CODES: &[&str] = &[
    "",
    "rate_limited",
    "Rate_Limited",
    " RATE_LIMITED",
    "RATE_LIMITED ",
    "RATE-LIMITED",
    "NEW_CODE_FROM_2027",
    "RateLimited",
];

#[test]
fn every_code_parses_from_its_wire_string() {
    for &code in ErrorCode::ALL {
        assert_eq!(ErrorCode::from_str(code.as_str()), Ok(code));
        assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
        assert_eq!(code.to_string(), code.as_str());
        assert_eq!(ErrorCode::from_wire(code.as_str()), Some(code));
    }
}

#[test]
fn every_type_parses_from_its_wire_name() {
    for &ty in ErrorType::ALL {
        assert_eq!(ErrorType::from_str(ty.as_str()), Ok(ty));
        assert_eq!(ty.to_string(), ty.as_str());
    }
}

#[test]
fn unknown_codes_are_rejected_with_the_input_named() {
    for input in NOT_CODES {
        let err: ParseNameError = ErrorCode::from_str(input).unwrap_err();
        assert_eq!(err.kind(), "error code");
        assert_eq!(err.input(), *input);
        assert_eq!(err.to_string(), format!("unknown error code {input:?}"));
        assert_eq!(ErrorCode::from_wire(input), None);
    }
}

#[test]
fn unknown_types_are_rejected_with_the_input_named() {
    for input in ["", "RATE_LIMITED", "brand_new_type", "rate-limited"] {
        let err = ErrorType::from_str(input).unwrap_err();
        assert_eq!(err.kind(), "error type");
        assert_eq!(err.to_string(), format!("unknown error type {input:?}"));
    }
}

#[test]
fn a_long_unknown_input_is_truncated_in_the_error() {
    let input = "X".repeat(10_000);
    let err = ErrorCode::from_str(&input).unwrap_err();
    assert_eq!(err.input(), format!("{}…", "X".repeat(64)));
}

#[test]
fn codes_and_types_serialize_as_their_exact_wire_strings() {
    for &code in ErrorCode::ALL {
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
    }
    for &ty in ErrorType::ALL {
        let json = serde_json::to_string(&ty).unwrap();
        assert_eq!(json, format!("\"{}\"", ty.as_str()));
        assert_eq!(serde_json::from_str::<ErrorType>(&json).unwrap(), ty);
    }
    let in_struct = serde_json::json!({ "code": ErrorCode::RateLimited });
    assert_eq!(in_struct.to_string(), r#"{"code":"RATE_LIMITED"}"#);
}

#[test]
fn deserializing_an_unknown_or_non_string_code_fails() {
    let err = serde_json::from_str::<ErrorCode>("\"NEW_CODE_FROM_2027\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown error code \"NEW_CODE_FROM_2027\""),
        "{err}"
    );
    assert!(serde_json::from_str::<ErrorCode>("429").is_err());
    assert!(serde_json::from_str::<ErrorCode>("null").is_err());
    assert!(serde_json::from_str::<ErrorType>("\"RATE_LIMITED\"").is_err());
}
