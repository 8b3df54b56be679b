//! Any bytes given to the envelope parser yield an envelope or a typed
//! error, never a panic, a hang or a runaway allocation; a parsed envelope
//! re-serializes to an envelope that parses to the same value.
#![no_main]

use hasp_errors::ErrorEnvelope;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match ErrorEnvelope::from_slice(data) {
        Ok(envelope) => {
            // Known codes become typed errors, unknown ones `Unhandled`;
            // malformed details are a typed error. Either way, no panic.
            match envelope.to_error() {
                Ok(error) => {
                    let _ = error.to_string();
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
            let json = envelope.to_json();
            // `request_id` is written twice, so the output may exceed the
            // input limit: re-parse without one.
            let again = ErrorEnvelope::from_slice_with_limit(json.as_bytes(), usize::MAX)
                .expect("a re-serialized envelope parses");
            assert_eq!(again, envelope, "re-serializing changed the envelope");
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
        }
    }
});
