//! Any bytes, pushed to the SSE decoder in any chunking, give the same
//! frames and errors as when pushed at once: never a panic, a hang or a
//! runaway allocation; every `error` / `run.failed` frame is an event or a
//! typed error.
#![no_main]

use hasp_errors::sse::Decoder;
use libfuzzer_sys::fuzz_target;

fn decode(chunks: &[&[u8]], limit: usize) -> Vec<String> {
    let mut decoder = Decoder::with_limit(limit);
    let mut out = Vec::new();
    let mut drain = |decoder: &mut Decoder| {
        while let Some(frame) = decoder.next_frame() {
            out.push(match frame {
                Ok(frame) => {
                    // Reading the error events never panics either.
                    let _ = hasp_errors::sse::StreamEvent::from_frame(&frame);
                    format!("{:?} {:?} {:?}", frame.event(), frame.data(), frame.id())
                }
                Err(e) => format!("error: {e}"),
            });
        }
    };
    for chunk in chunks {
        decoder.push(chunk);
        drain(&mut decoder);
    }
    decoder.finish();
    drain(&mut decoder);
    out
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks a frame limit, the second a chunk size.
    let [a, b, rest @ ..] = data else {
        return;
    };
    let limit = 16 + usize::from(*a) * 64;
    let size = usize::from(*b).max(1);
    let whole = decode(&[rest], limit);
    let chunks: Vec<&[u8]> = rest.chunks(size).collect();
    assert_eq!(decode(&chunks, limit), whole, "chunking changed the frames");
    let bytes: Vec<&[u8]> = rest.chunks(1).collect();
    assert_eq!(decode(&bytes, limit), whole, "byte-wise pushing changed the frames");
});
