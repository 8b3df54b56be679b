//! The incremental event-stream decoder.

use super::{Frame, MAX_FRAME_BYTES, SseError, StreamEvent};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An incremental SSE reader: push bytes as they arrive, take frames out.
///
/// Follows the SSE specification's parsing rules: lines end with `\n`,
/// `\r\n` or `\r`; a blank line ends a frame; `data:` lines are joined with
/// `\n`; lines starting with `:` are comments; unknown fields are ignored; a
/// frame without data is not dispatched; an unfinished frame at the end of
/// the stream is dropped; invalid UTF-8 is replaced with U+FFFD. A frame
/// larger than the limit gives one [`SseError::FrameTooLarge`] and is
/// skipped up to its blank line, so the stream can go on.
#[derive(Debug, Clone)]
pub struct Decoder {
    buf: Vec<u8>,
    limit: usize,
    event: Option<String>,
    data: String,
    has_data: bool,
    id: Option<String>,
    frame_bytes: usize,
    skipping: bool,
    in_cut_line: bool,
    bom_checked: bool,
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

    /// A decoder that rejects frames larger than `limit` bytes.
    pub fn with_limit(limit: usize) -> Self {
        Decoder {
            buf: Vec::new(),
            limit,
            event: None,
            data: String::new(),
            has_data: false,
            id: None,
            frame_bytes: 0,
            skipping: false,
            in_cut_line: false,
            bom_checked: false,
            finished: false,
        }
    }

    /// Adds bytes received from the stream.
    pub fn push(&mut self, bytes: &[u8]) {
        if !self.finished {
            self.buf.extend_from_slice(bytes);
        }
    }

    /// Marks the end of the stream: a final line without a line break is
    /// read, an unfinished frame is dropped.
    pub fn finish(&mut self) {
        self.finished = true;
    }

    /// The next complete frame, if one has arrived.
    ///
    /// # Errors
    /// A frame larger than the limit (it is skipped).
    pub fn next_frame(&mut self) -> Option<Result<Frame, SseError>> {
        if !self.bom_checked {
            if self.buf.len() < BOM.len() && BOM.starts_with(&self.buf) && !self.finished {
                return None;
            }
            if self.buf.starts_with(BOM) {
                self.buf.drain(..BOM.len());
            }
            self.bom_checked = true;
        }
        let mut start = 0;
        let result = loop {
            let Some((line_end, next)) = self.line_end(start) else {
                if self.buf.len() - start > self.limit {
                    // One line longer than the limit: drop what we have and
                    // skip the rest of this frame.
                    self.buf.clear();
                    start = 0;
                    self.in_cut_line = true;
                    self.reset_frame();
                    self.skipping = true;
                    break Some(Err(SseError::FrameTooLarge { limit: self.limit }));
                }
                if self.finished && start < self.buf.len() {
                    // The last line of a stream without a final line break.
                    self.buf.push(b'\n');
                    continue;
                }
                break None;
            };
            let line_start = start;
            start = next;
            if std::mem::take(&mut self.in_cut_line) {
                continue;
            }
            if line_end == line_start {
                if std::mem::take(&mut self.skipping) {
                    continue;
                }
                if let Some(frame) = self.dispatch() {
                    break Some(Ok(frame));
                }
                continue;
            }
            if self.skipping {
                continue;
            }
            self.frame_bytes = self
                .frame_bytes
                .saturating_add(line_end - line_start)
                .saturating_add(1);
            if self.frame_bytes > self.limit {
                self.reset_frame();
                self.skipping = true;
                break Some(Err(SseError::FrameTooLarge { limit: self.limit }));
            }
            let line = String::from_utf8_lossy(&self.buf[line_start..line_end]).into_owned();
            self.field(&line);
        };
        self.buf.drain(..start.min(self.buf.len()));
        result
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

    /// Where the line starting at `start` ends, and where the next one
    /// starts; `None` when its line break has not arrived yet.
    fn line_end(&self, start: usize) -> Option<(usize, usize)> {
        let rest = self.buf.get(start..)?;
        let i = rest.iter().position(|&b| b == b'\n' || b == b'\r')?;
        let end = start + i;
        if rest[i] == b'\n' {
            return Some((end, end + 1));
        }
        match rest.get(i + 1) {
            Some(b'\n') => Some((end, end + 2)),
            Some(_) => Some((end, end + 1)),
            // A `\r` at the end: wait for a possible `\n`.
            None if self.finished => Some((end, end + 1)),
            None => None,
        }
    }

    fn field(&mut self, line: &str) {
        if line.starts_with(':') {
            return;
        }
        let (name, value) = match line.split_once(':') {
            Some((name, value)) => (name, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match name {
            "event" => self.event = Some(value.to_owned()),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            _ => {}
        }
    }

    fn dispatch(&mut self) -> Option<Frame> {
        let has_data = self.has_data;
        let frame = Frame {
            event: self
                .event
                .take()
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| "message".to_owned()),
            data: std::mem::take(&mut self.data),
            id: self.id.take(),
        };
        self.reset_frame();
        has_data.then_some(frame)
    }

    fn reset_frame(&mut self) {
        self.event = None;
        self.data.clear();
        self.has_data = false;
        self.id = None;
        self.frame_bytes = 0;
    }
}
