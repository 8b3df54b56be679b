//! Speed of the SSE decoder on the two shapes that once made it quadratic:
//! many small frames pushed at once, and one long `data:` line arriving in
//! 64-byte pieces. Both must cost the same per byte at every size.
//!
//! A third shape, a line that never ends trickling in past the frame
//! limit, shows that the memory stays bounded (the allocation columns come
//! from divan's `AllocProfiler`: peak bytes do not grow with the input).
//!
//! Run with `cargo bench -p hasp-errors --bench sse_decoder`; the
//! throughput column (bytes per second) should stay flat across sizes.

use divan::counter::BytesCount;
use divan::{AllocProfiler, Bencher, black_box};
use hasp_errors::sse::{Decoder, MAX_FRAME_BYTES, SseError};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// One small frame, shaped like a streamed content delta.
const SMALL_FRAME: &str = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n";

/// Pushes `pieces` one by one, taking frames out after each push as a
/// client reading the network would; returns how many frames came out.
fn decode<'a>(pieces: impl Iterator<Item = &'a [u8]>) -> usize {
    let mut decoder = Decoder::new();
    let mut frames = 0;
    for piece in pieces {
        decoder.push(piece);
        while let Some(frame) = decoder.next_frame() {
            black_box(frame.expect("frames are within the limit"));
            frames += 1;
        }
    }
    decoder.finish();
    while let Some(frame) = decoder.next_frame() {
        black_box(frame.expect("frames are within the limit"));
        frames += 1;
    }
    frames
}

/// `frames` small frames, all pushed at once.
#[divan::bench(args = [1024, 4096, 16384])]
fn many_small_frames_at_once(bencher: Bencher, frames: usize) {
    let input = SMALL_FRAME.repeat(frames);
    bencher
        .counter(BytesCount::of_str(&input))
        .bench(|| assert_eq!(decode(std::iter::once(black_box(input.as_bytes()))), frames));
}

/// One `data:` line of `bytes` bytes, pushed in 64-byte pieces.
#[divan::bench(args = [64 * 1024, 256 * 1024, 1024 * 1024])]
fn long_line_in_64_byte_pieces(bencher: Bencher, bytes: usize) {
    let input = format!(
        "event: content_block_delta\ndata: {}\n\n",
        "x".repeat(bytes)
    );
    bencher
        .counter(BytesCount::of_str(&input))
        .bench(|| assert_eq!(decode(black_box(input.as_bytes()).chunks(64)), 1));
}

/// A `data:` line of `bytes` bytes that never ends, in 64-byte pieces: one
/// error once it passes the limit, then the rest is only scanned.
#[divan::bench(args = [4 << 20, 16 << 20, 64 << 20])]
fn endless_line_over_the_limit(bencher: Bencher, bytes: usize) {
    let input = format!("data: {}", "x".repeat(bytes));
    bencher.counter(BytesCount::of_str(&input)).bench(|| {
        let mut decoder = Decoder::new();
        let mut errors = 0;
        for piece in black_box(input.as_bytes()).chunks(64) {
            decoder.push(piece);
            while let Some(frame) = decoder.next_frame() {
                assert_eq!(
                    frame,
                    Err(SseError::FrameTooLarge {
                        limit: MAX_FRAME_BYTES
                    })
                );
                errors += 1;
            }
        }
        assert_eq!(errors, 1);
    });
}
