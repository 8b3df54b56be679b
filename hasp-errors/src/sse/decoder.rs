//! The incremental event-stream decoder.
//!
//! [`Decoder::push`] does all the work: it scans each byte once, hands every
//! complete line to the "event stream interpretation" of the WHATWG HTML
//! specification (§ 9.2.6) and queues the frames that a blank line
//! dispatches; [`Decoder::next_frame`] only takes them out of the queue. Only
//! the unfinished last line is buffered, and never more than the limit of
//! it, so the cost is linear in the bytes pushed whatever their chunking.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use super::{Frame, MAX_FRAME_BYTES, SseError, StreamEvent};

/// The UTF-8 byte order mark, stripped once at the very start of a stream.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The largest line buffer kept for reuse once its line is read.
const KEPT_LINE_CAPACITY: usize = 64 * 1024;

/// An incremental SSE reader: push bytes as they arrive, take frames out.
///
/// Follows the "event stream interpretation" of the [SSE specification]:
///
/// * a line ends with `\n`, `\r\n` or `\r` (a `\r` ends its line at once,
///   and a `\n` right after it, even in the next push, belongs to it); a
///   blank line ends a frame, which is then ready at once;
/// * a byte order mark at the very start of the stream is skipped (one
///   later on is an ordinary character);
/// * `field: value` lines (one space after the colon is dropped; a line
///   without a colon is a field with an empty value); lines starting with
///   `:` are comments; unknown fields are ignored; names are case-sensitive;
/// * `data` lines are joined with `\n`; a frame without any `data` line is
///   not dispatched (but its `event` is forgotten);
/// * `event` names the frame (`message` when absent or empty);
/// * `id` sets the last event ID, which every later frame carries as well
///   until another `id` changes it (an empty `id` clears it, one containing
///   U+0000 NULL is ignored): see [`Frame::id`] and [`last_event_id`];
/// * `retry` with only ASCII digits sets the reconnection time in
///   milliseconds (see [`retry`]); other values are ignored;
/// * invalid UTF-8 becomes U+FFFD, line by line (a character split across
///   pushes is put back together first);
/// * an unfinished frame at the end of the stream is dropped.
///
/// A frame whose lines (comments included, plus one byte per line break)
/// come to more than the limit gives one [`SseError::FrameTooLarge`], as
/// soon as that is certain (so a line that never ends is not buffered
/// beyond the limit), and is skipped up to its blank line; the stream then
/// goes on. A frame that would come to more than the limit written out by
/// [`Frame::to_wire`] (which adds an `event:` and an `id:` line and a
/// space after each `data:`) gives [`SseError::TooLargeToPassOn`], which
/// holds it whole: so every frame read can be passed on and read back by a
/// decoder with the same limit. Lines read before the
/// frame grew too large keep their effect on the last event ID and the
/// reconnection time.
///
/// Frames wait in the decoder until taken out, so take them out as bytes
/// are pushed.
///
/// [SSE specification]: https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
/// [`last_event_id`]: Decoder::last_event_id
/// [`retry`]: Decoder::retry
#[derive(Debug, Clone)]
pub struct Decoder {
    limit: usize,
    /// Frames (or errors) complete and not yet taken out.
    ready: VecDeque<Result<Frame, SseError>>,
    /// The bytes of the current line received so far, without its line
    /// break. Empty while skipping.
    line: Vec<u8>,
    /// How many bytes of a byte order mark the stream has started with;
    /// `None` once past the start of the stream.
    bom_matched: Option<usize>,
    /// The last byte pushed was a `\r`: a `\n` coming next is part of the
    /// same line break.
    after_cr: bool,
    /// The event type buffer.
    event: String,
    /// The data buffer, without the final `\n` the specification appends.
    data: String,
    /// Whether the frame has a `data` line (`data` alone can be empty).
    has_data: bool,
    /// Bytes of the current frame's lines so far, with their line breaks.
    frame_bytes: usize,
    /// An oversized frame is being skipped up to its blank line.
    skipping: bool,
    /// While skipping: the current line has at least one byte (so its line
    /// break does not end the skipped frame).
    skipped_line_has_bytes: bool,
    /// The last event ID buffer (`None` when empty).
    id_buffer: Option<Arc<str>>,
    /// The last event ID string: the buffer as of the last blank line.
    last_event_id: Option<Arc<str>>,
    /// The reconnection time the stream asked for.
    retry: Option<Duration>,
    finished: bool,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    /// A decoder with the [`MAX_FRAME_BYTES`] limit.
    pub fn new() -> Self {
        Self::with_limit(MAX_FRAME_BYTES)
    }

    /// A decoder that rejects frames larger than `limit` bytes (the bytes of
    /// their lines, comments included, plus one byte per line break), as
    /// read or as written out.
    pub fn with_limit(limit: usize) -> Self {
        Decoder {
            limit,
            ready: VecDeque::new(),
            line: Vec::new(),
            bom_matched: Some(0),
            after_cr: false,
            event: String::new(),
            data: String::new(),
            has_data: false,
            frame_bytes: 0,
            skipping: false,
            skipped_line_has_bytes: false,
            id_buffer: None,
            last_event_id: None,
            retry: None,
            finished: false,
        }
    }

    /// Adds bytes received from the stream, in any pieces. Frames they
    /// complete are ready for [`next_frame`](Self::next_frame) at once.
    /// Bytes pushed after [`finish`](Self::finish) are ignored.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.finished {
            return;
        }
        let bytes = self.skip_bom(bytes);
        self.feed(bytes);
    }

    /// Marks the end of the stream: a final line without a line break and an
    /// unfinished frame are dropped, as the specification says. Frames
    /// already complete can still be taken out.
    pub fn finish(&mut self) {
        self.finished = true;
        self.line = Vec::new();
        self.reset_frame();
        self.skipping = false;
        self.bom_matched = None;
        self.after_cr = false;
    }

    /// The next complete frame, if one has arrived.
    ///
    /// # Errors
    /// A frame larger than the limit (it is skipped).
    pub fn next_frame(&mut self) -> Option<Result<Frame, SseError>> {
        self.ready.pop_front()
    }

    /// The next `run.failed` or `error` event, passing over frames of
    /// other events.
    ///
    /// # Errors
    /// A frame larger than the limit, or a `run.failed` or `error` frame
    /// whose data is not what the event carries.
    pub fn next_event(&mut self) -> Option<Result<StreamEvent, SseError>> {
        loop {
            match self.next_frame()? {
                Ok(frame) => match StreamEvent::from_frame(&frame) {
                    Ok(Some(event)) => return Some(Ok(event)),
                    Ok(None) => continue,
                    Err(e) => return Some(Err(e)),
                },
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// The last event ID string, which a client sends in the
    /// `Last-Event-ID` header when it reconnects: the `id` in force at the
    /// last blank line pushed; `None` when there is none (or an empty `id`
    /// cleared it).
    ///
    /// It counts frames that are complete but not yet taken out; a client
    /// that stops before taking them all should use the [`Frame::id`] of the
    /// last frame it handled instead.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The reconnection time the stream asked for with its last valid
    /// `retry` line (a number of milliseconds in ASCII digits; values that
    /// do not fit in a `u64` are ignored), if any.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// Skips a byte order mark at the start of the stream, which may arrive
    /// split across pushes; returns the bytes after it.
    fn skip_bom<'a>(&mut self, bytes: &'a [u8]) -> &'a [u8] {
        let Some(mut matched) = self.bom_matched else {
            return bytes;
        };
        let mut rest = bytes;
        while let Some(&expected) = BOM.get(matched) {
            match rest.split_first() {
                None => {
                    self.bom_matched = Some(matched);
                    return rest;
                }
                Some((&byte, tail)) if byte == expected => {
                    matched += 1;
                    rest = tail;
                }
                Some(_) => {
                    // Not a byte order mark: what looked like its start is
                    // the start of the first line.
                    self.bom_matched = None;
                    self.feed(&BOM[..matched]);
                    return rest;
                }
            }
        }
        self.bom_matched = None;
        rest
    }

    /// Splits bytes into lines, each byte looked at once.
    fn feed(&mut self, mut bytes: &[u8]) {
        if self.after_cr
            && let Some((&first, rest)) = bytes.split_first()
        {
            self.after_cr = false;
            if first == b'\n' {
                bytes = rest;
            }
        }
        while let Some(i) = bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            let is_cr = bytes[i] == b'\r';
            self.end_line(&bytes[..i]);
            bytes = &bytes[i + 1..];
            if is_cr {
                match bytes.split_first() {
                    Some((b'\n', rest)) => bytes = rest,
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        if !bytes.is_empty() {
            self.extend_line(bytes);
        }
    }

    /// More of the current line (no line break in `part`, not empty).
    fn extend_line(&mut self, part: &[u8]) {
        if self.skipping {
            self.skipped_line_has_bytes = true;
            return;
        }
        if self.over_limit(self.line.len() + part.len()) {
            self.too_large();
            // The rest of this line is skipped with the frame.
            self.skipped_line_has_bytes = true;
            return;
        }
        self.line.extend_from_slice(part);
    }

    /// The current line ends; `tail` is its part not yet buffered.
    fn end_line(&mut self, tail: &[u8]) {
        if self.skipping {
            let blank = tail.is_empty() && !self.skipped_line_has_bytes;
            self.skipped_line_has_bytes = false;
            if blank {
                // The blank line ending the skipped frame: nothing to
                // dispatch, but it is a blank line like any other.
                self.skipping = false;
                self.dispatch();
            }
            return;
        }
        let len = self.line.len() + tail.len();
        if len == 0 {
            self.dispatch();
            return;
        }
        if self.over_limit(len) {
            self.too_large();
            return;
        }
        self.frame_bytes += len + 1;
        if self.line.is_empty() {
            self.process_line(tail);
        } else {
            let mut line = std::mem::take(&mut self.line);
            line.extend_from_slice(tail);
            self.process_line(&line);
            // Keep the buffer for the next line, unless a long line made it
            // big: a stream should not hold on to that memory.
            if line.capacity() <= KEPT_LINE_CAPACITY {
                line.clear();
                self.line = line;
            }
        }
    }

    /// Whether the frame would go over the limit with a line of `line_len`
    /// bytes and its line break.
    fn over_limit(&self, line_len: usize) -> bool {
        self.frame_bytes.saturating_add(line_len).saturating_add(1) > self.limit
    }

    /// Reports the current frame as too large and skips the rest of it.
    fn too_large(&mut self) {
        self.ready
            .push_back(Err(SseError::FrameTooLarge { limit: self.limit }));
        // Let go of the memory a long line took.
        self.line = Vec::new();
        self.reset_frame();
        self.skipping = true;
        self.skipped_line_has_bytes = false;
    }

    /// A complete, non-blank line.
    fn process_line(&mut self, line: &[u8]) {
        if line.first() == Some(&b':') {
            return;
        }
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        // Colons and spaces are ASCII, so decoding the name and the value
        // apart gives what decoding the whole line would.
        match name {
            b"event" => {
                self.event.clear();
                self.event.push_str(&String::from_utf8_lossy(value));
            }
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&String::from_utf8_lossy(value));
                self.has_data = true;
            }
            b"id" if !value.contains(&0) => {
                self.id_buffer =
                    (!value.is_empty()).then(|| Arc::from(String::from_utf8_lossy(value)));
            }
            b"retry" => {
                if let Some(ms) = parse_digits(value) {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }

    /// A blank line: dispatch the event, as the specification says.
    fn dispatch(&mut self) {
        self.last_event_id.clone_from(&self.id_buffer);
        self.frame_bytes = 0;
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            return;
        }
        let frame = Frame {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data: std::mem::take(&mut self.data),
            id: self.last_event_id.clone(),
            read: true,
        };
        // What is read can be written out (`Frame::to_wire`: an `event:`
        // line, an `id:` line, `data: ` with its space) and read back: its
        // lines, measured as they are read (the blank line not counted).
        if frame.measured_len() > self.limit {
            self.ready.push_back(Err(SseError::TooLargeToPassOn {
                limit: self.limit,
                frame: Box::new(frame),
            }));
            return;
        }
        self.ready.push_back(Ok(frame));
    }

    /// Forgets the current frame's event type and data.
    fn reset_frame(&mut self) {
        self.event.clear();
        self.data.clear();
        self.has_data = false;
        self.frame_bytes = 0;
    }
}

/// A non-empty string of ASCII digits as a `u64`; `None` for anything else
/// or a number too large.
fn parse_digits(value: &[u8]) -> Option<u64> {
    if value.is_empty() {
        return None;
    }
    value.iter().try_fold(0u64, |n, &b| {
        let digit = if b.is_ascii_digit() {
            b - b'0'
        } else {
            return None;
        };
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}
