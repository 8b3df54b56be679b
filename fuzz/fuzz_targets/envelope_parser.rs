//! Any bytes given to the envelope parser yield an envelope or a typed
//! error, never a panic, a hang or a runaway allocation; a parsed envelope
//! re-serializes to an envelope that parses to the same value; and the
//! parser's two readers (UTF-8 text, checked once; bytes, through the
//! `Deserialize` impl) accept and read the same envelopes.
#![no_main]

use std::time::{Duration, SystemTime};

use hasp_errors::ErrorEnvelope;
use hasp_errors::client::{ReceivedError, ResponseHeaders};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = ErrorEnvelope::from_slice(data);
    if data.len() <= hasp_errors::MAX_ENVELOPE_BYTES {
        let through_serde = serde_json::from_slice::<ErrorEnvelope>(data);
        assert_eq!(
            parsed.as_ref().ok(),
            through_serde.as_ref().ok(),
            "the text and byte readers disagree: {parsed:?} / {through_serde:?}"
        );
    }
    match parsed {
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
            // A received error keeps the envelope whatever its details, and
            // its retry advice never panics.
            let received = ReceivedError::from_envelope(
                429,
                ResponseHeaders::from_pairs([("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")]),
                envelope.clone(),
            );
            let _ = received.to_string();
            let _ = received.retry_advice(SystemTime::UNIX_EPOCH, Duration::from_secs(60));
            assert_eq!(received.envelope(), &envelope);
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
