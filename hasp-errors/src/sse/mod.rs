//! Errors on server-sent event (SSE) streams.
//!
//! Once a stream has opened, its HTTP status can no longer change, so HASP
//! delivers errors as events:
//!
//! * `run.failed`: the run failed. The data is `{"object": RUN, "error":
//!   ERROR}`, where `RUN` is the run object (a JSON object) and `ERROR` is
//!   the `error` object of the [envelope](ErrorEnvelope). See [`RunFailed`].
//! * `error`: a standalone event for errors that happen before a run could
//!   be created. The data is the complete [envelope](ErrorEnvelope)
//!   (`{"error": ..., "meta": ...}`), exactly the body an HTTP error
//!   response would have had, so clients (such as the official Anthropic
//!   SDKs, which read `error.message` and `error.type` from the data) handle
//!   both the same way.
//!
//! [`StreamEvent::to_wire`] writes a complete frame (`event:` line, `data:`
//! line, blank line). [`Decoder`] reads frames back from a byte stream as
//! the [SSE specification] says (`\n`, `\r\n` or `\r` line ends, `data:`
//! lines joined with `\n`, `:` comment lines, a leading byte order mark,
//! the last event ID and the `retry` reconnection time), in time linear in
//! the bytes whatever their chunking, with a size limit per frame;
//! [`Decoder::next_event`] passes over events other than these two, such as
//! a stream's content events.
//!
//! ```
//! use hasp_errors::sse::{self, StreamEvent};
//! use hasp_errors::{HaspError, RateLimitedDetails};
//!
//! let err = HaspError::RateLimited(RateLimitedDetails::new(5));
//! let frame = StreamEvent::new_error(&err, "Slow down.", "req_7").to_wire();
//! assert!(frame.starts_with("event: error\ndata: {\"error\":{"));
//! assert!(frame.ends_with("}\n\n"));
//!
//! match sse::parse_frame(&frame)? {
//!     Some(StreamEvent::Error(envelope)) => assert_eq!(envelope.to_error()?, err),
//!     other => panic!("unexpected {other:?}"),
//! }
//! // Events other than `error` and `run.failed` are passed over.
//! assert_eq!(sse::parse_frame("event: ping\ndata: {}\n\n")?, None);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [SSE specification]: https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

use std::fmt;
use std::sync::Arc;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::catalog::truncate;
use crate::envelope::RawJson;
use crate::{
    CatalogError, EnvelopeError, ErrorBody, ErrorEnvelope, HaspError, MAX_ENVELOPE_BYTES,
    UnknownFields,
};

/// The event name of [`StreamEvent::RunFailed`].
pub const RUN_FAILED: &str = "run.failed";
/// The event name of [`StreamEvent::Error`].
pub const ERROR: &str = "error";
/// The default limit on one frame's size in bytes, as read by [`Decoder`]:
/// the envelope limit plus 1 MiB for the run object.
pub const MAX_FRAME_BYTES: usize = MAX_ENVELOPE_BYTES + 1024 * 1024;

/// One SSE frame: an event name, its data and the last event ID in force.
///
/// Two frames are equal when their event names, data and IDs are.
#[derive(Debug, Clone)]
pub struct Frame {
    event: String,
    data: String,
    /// Shared with the decoder, so a long ID is not copied for every frame.
    id: Option<Arc<str>>,
    /// Whether it was read from a stream, where the ID in force is known
    /// (and `None` means none), rather than made with [`Frame::new`].
    read: bool,
}

impl PartialEq for Frame {
    fn eq(&self, other: &Self) -> bool {
        self.event == other.event && self.data == other.data && self.id == other.id
    }
}

impl Eq for Frame {}

impl Frame {
    /// A frame with this event name and data. Line breaks in the event name
    /// (which would end the `event:` line) are replaced by spaces; line
    /// breaks in the data are written as several `data:` lines, which
    /// readers join back with `\n`.
    #[must_use]
    pub fn new(event: &str, data: impl Into<String>) -> Self {
        Frame {
            event: event.replace(['\r', '\n'], " "),
            data: data.into(),
            id: None,
            read: false,
        }
    }

    /// The event name (`message` when the frame had no `event:` line).
    pub fn event(&self) -> &str {
        &self.event
    }

    /// The data: the frame's `data:` lines joined with `\n`.
    pub fn data(&self) -> &str {
        &self.data
    }

    /// The last event ID when the frame was read: the value of its own
    /// `id:` line or else of the latest earlier one, as the SSE
    /// specification carries it over; `None` when there is none or an empty
    /// `id:` line cleared it. Always `None` for a frame made with
    /// [`Frame::new`].
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The frame in wire form, ending with the blank line.
    #[must_use]
    pub fn to_wire(&self) -> String {
        let mut wire = String::with_capacity(self.wire_len());
        // Writing into a `String` cannot fail.
        let _ = fmt::Write::write_fmt(&mut wire, format_args!("{self}"));
        wire
    }

    /// The length of [`to_wire`](Self::to_wire)'s text.
    pub(crate) fn wire_len(&self) -> usize {
        let id = match (&self.id, self.read) {
            (Some(id), _) => "id: \n".len() + id.len(),
            (None, true) => "id\n".len(),
            (None, false) => 0,
        };
        // Each line of the data (`\r\n`, `\r` and `\n` end one) becomes a
        // `data: ` line; the line breaks are not written as such.
        let count = |byte: u8| self.data.bytes().filter(|&b| b == byte).count();
        let (lf, cr) = (count(b'\n'), count(b'\r'));
        // A frame read holds no `\r`.
        let crlf = if cr == 0 {
            0
        } else {
            self.data.matches("\r\n").count()
        };
        let (breaks, break_bytes) = (lf + cr - crlf, lf + cr);
        let data = (breaks + 1) * "data: \n".len() + self.data.len() - break_bytes;
        "event: \n".len() + self.event.len() + id + data + "\n".len()
    }

    /// [`wire_len`](Self::wire_len) as a [`Decoder`] measures a frame
    /// against its limit: its lines and their breaks, the blank line that
    /// ends it not counted.
    pub(crate) fn measured_len(&self) -> usize {
        self.wire_len() - "\n".len()
    }
}

impl fmt::Display for Frame {
    /// The `event:` line; for a frame read from a stream, an `id:` line
    /// with the ID in force, empty when there is none (so a proxy that
    /// writes the frames it reads passes the last event ID on, resets
    /// included); the `data:` lines; the blank line. A frame made with
    /// [`Frame::new`] has no `id:` line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "event: {}", self.event)?;
        match (&self.id, self.read) {
            (Some(id), _) => writeln!(f, "id: {id}")?,
            (None, true) => f.write_str("id\n")?,
            (None, false) => {}
        }
        for line in self.data.split("\r\n").flat_map(|l| l.split(['\r', '\n'])) {
            writeln!(f, "data: {line}")?;
        }
        f.write_str("\n")
    }
}

/// A `run.failed` event: the run object and the error that ended it.
///
/// One read from a stream keeps everything it was sent, as an
/// [`ErrorEnvelope`] does: the run object as the exact JSON text received
/// (numbers of any size or precision come back byte for byte), the error
/// object as sent, and fields of the data this crate does not know, in
/// their order; [`StreamEvent::to_wire`] passes them on unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFailed {
    object: RawJson,
    error: ErrorBody,
    extra: UnknownFields,
}

impl RunFailed {
    /// The event for a run (the JSON object the stream is about) that
    /// failed with `error`.
    pub fn new<E: CatalogError>(
        object: Map<String, Value>,
        error: &E,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        // Serializing a map of JSON values cannot fail.
        let object = serde_json::value::to_raw_value(&object).unwrap_or_else(|_| empty_object());
        RunFailed {
            object: RawJson::new(object),
            error: ErrorEnvelope::new(error, message, request_id).into_body(),
            extra: UnknownFields::default(),
        }
    }

    /// The run object (`data.object`), as the exact JSON text received
    /// (always an object).
    pub fn object(&self) -> &RawValue {
        self.object.get()
    }

    /// The run object as a JSON object (numbers `serde_json` cannot
    /// represent, such as `1e400`, make this `None`;
    /// [`object`](Self::object) keeps them).
    pub fn object_map(&self) -> Option<Map<String, Value>> {
        serde_json::from_str(self.object.get().get()).ok()
    }

    /// Fields of the data other than `object` and `error`.
    pub fn extra(&self) -> &UnknownFields {
        &self.extra
    }

    /// The error object (`data.error`), as sent.
    pub fn body(&self) -> &ErrorBody {
        &self.error
    }

    /// The typed error of this crate's catalog (unknown codes give the
    /// `Unhandled` variant).
    ///
    /// # Errors
    /// A known code under another type than the catalog's, or without the
    /// param or details it requires.
    pub fn to_error(&self) -> Result<HaspError, EnvelopeError> {
        HaspError::from_wire(&self.error)
    }

    /// The typed error of any catalog.
    ///
    /// # Errors
    /// As [`to_error`](Self::to_error).
    pub fn to_catalog_error<E: CatalogError>(&self) -> Result<E, EnvelopeError> {
        E::from_wire(&self.error)
    }

    fn to_json(&self) -> String {
        struct Data<'a>(&'a RunFailed);
        impl serde::Serialize for Data<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(Some(2 + self.0.extra.len()))?;
                map.serialize_entry("object", self.0.object.get())?;
                map.serialize_entry("error", &self.0.error)?;
                self.0.extra.serialize_into(&mut map)?;
                map.end()
            }
        }
        // Serializing strings and already-valid JSON text cannot fail.
        serde_json::to_string(&Data(self)).unwrap_or_default()
    }

    /// Reads a `run.failed` frame.
    fn from_frame(frame: &Frame) -> Result<RunFailed, SseError> {
        let data = frame.data();
        let data_error = |message: String| SseError::Data {
            event: RUN_FAILED,
            message,
            frame: Box::new(frame.clone()),
        };
        if !data.trim_start().starts_with('{') {
            return Err(data_error("the data is not a JSON object".to_owned()));
        }
        let fields: Fields =
            serde_json::from_str(data).map_err(|e| data_error(truncate(&e.to_string(), 200)))?;
        let (mut object, mut error, mut extra) = (None, None, UnknownFields::default());
        for (name, value) in fields.0 {
            // What is kept as JSON text is bounded in depth, as in an
            // envelope.
            if crate::envelope::too_deep(value.get()) {
                return Err(data_error(truncate(
                    &format!("recursion limit exceeded in `{name}`"),
                    200,
                )));
            }
            let slot = match name.as_str() {
                "object" => &mut object,
                "error" => &mut error,
                _ => {
                    extra.push(name, value);
                    continue;
                }
            };
            if slot.replace(value).is_some() {
                return Err(data_error(format!("`{name}` is sent twice")));
            }
        }
        let object = object.ok_or_else(|| data_error("`object` is missing".to_owned()))?;
        if !object.get().starts_with('{') {
            return Err(data_error("`object` is not a JSON object".to_owned()));
        }
        let error = error.ok_or_else(|| data_error("`error` is missing".to_owned()))?;
        let error =
            crate::envelope::body_from_value(&error).map_err(|error| SseError::Envelope {
                event: RUN_FAILED,
                error,
                frame: Box::new(frame.clone()),
            })?;
        let run = RunFailed {
            object: RawJson::new(object),
            error,
            extra,
        };
        // What is read can be passed on (the error object written whole,
        // `param` and `details` included) and read back by a decoder.
        // Measured as a decoder measures the frame it reads back (which has
        // an `id:` line more when written out again, and whose blank line
        // does not count).
        let read_back = Frame {
            read: true,
            ..Frame::new(RUN_FAILED, run.to_json())
        };
        let written = read_back.measured_len();
        if written > MAX_FRAME_BYTES {
            return Err(data_error(format!(
                "written out, the event would be {written} bytes, more than the limit of \
                 {MAX_FRAME_BYTES}"
            )));
        }
        Ok(run)
    }
}

/// `{}`, as JSON text.
fn empty_object() -> Box<RawValue> {
    RawValue::from_string("{}".to_owned()).unwrap_or_else(|_| unreachable!("`{{}}` is JSON"))
}

/// The fields of a JSON object in the order they came, each value as its
/// exact JSON text (a name sent twice is kept twice).
struct Fields(Vec<(String, Box<RawValue>)>);

impl<'de> serde::Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

/// An error event on a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// `run.failed`: the run failed after the stream opened.
    RunFailed(RunFailed),
    /// `error`: an error before a run could be created; the data is the
    /// envelope.
    Error(ErrorEnvelope),
}

impl StreamEvent {
    /// An `error` event for `error`.
    pub fn new_error<E: CatalogError>(
        error: &E,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        StreamEvent::Error(ErrorEnvelope::new(error, message, request_id))
    }

    /// A `run.failed` event (see [`RunFailed::new`]).
    pub fn new_run_failed<E: CatalogError>(
        object: Map<String, Value>,
        error: &E,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        StreamEvent::RunFailed(RunFailed::new(object, error, message, request_id))
    }

    /// The event name.
    pub fn name(&self) -> &'static str {
        match self {
            StreamEvent::RunFailed(_) => RUN_FAILED,
            StreamEvent::Error(_) => ERROR,
        }
    }

    /// The error object, as sent.
    pub fn body(&self) -> &ErrorBody {
        match self {
            StreamEvent::RunFailed(run) => run.body(),
            StreamEvent::Error(envelope) => envelope.body(),
        }
    }

    /// The event as a [`Frame`] (its wire form is [`Frame::to_wire`]).
    #[must_use]
    pub fn to_frame(&self) -> Frame {
        let data = match self {
            StreamEvent::RunFailed(run) => run.to_json(),
            StreamEvent::Error(envelope) => envelope.to_json(),
        };
        Frame::new(self.name(), data)
    }

    /// The complete frame in wire form: `event:` line, `data:` lines,
    /// blank line. The JSON is written compactly, one line, except where a
    /// kept value (such as `details`, kept as the exact text received)
    /// holds line breaks as whitespace: each becomes a `data:` line break,
    /// which readers join with `\n`, so a `\r` there comes back as `\n`,
    /// the same JSON (SSE cannot carry a `\r` in data).
    #[must_use]
    pub fn to_wire(&self) -> String {
        self.to_frame().to_wire()
    }

    /// Reads an error event from a frame. Frames of other events give
    /// `Ok(None)`.
    ///
    /// # Errors
    /// The data of a `run.failed` or `error` frame is not what the event
    /// carries. An `error` event's envelope is held to
    /// [`MAX_ENVELOPE_BYTES`], as a response
    /// body is, so that what is read can be passed on as a response
    /// ([`http::forward`](crate::http::forward)) and read back; a
    /// `run.failed` event, written out by [`to_wire`](Self::to_wire), to
    /// [`MAX_FRAME_BYTES`], so that a [`Decoder`] reads it back; the error
    /// keeps the frame.
    pub fn from_frame(frame: &Frame) -> Result<Option<StreamEvent>, SseError> {
        let event: &'static str = match frame.event() {
            RUN_FAILED => RUN_FAILED,
            ERROR => ERROR,
            _ => return Ok(None),
        };
        if event == ERROR {
            return match ErrorEnvelope::from_slice(frame.data().as_bytes()) {
                Ok(envelope) => Ok(Some(StreamEvent::Error(envelope))),
                Err(EnvelopeError::Json { message }) => Err(SseError::Data {
                    event,
                    message,
                    frame: Box::new(frame.clone()),
                }),
                Err(error) => Err(SseError::Envelope {
                    event,
                    error,
                    frame: Box::new(frame.clone()),
                }),
            };
        }
        RunFailed::from_frame(frame).map(|run| Some(StreamEvent::RunFailed(run)))
    }
}

/// Reads one frame (its final blank line may be left out). Events other
/// than `run.failed` and `error`, and text holding no frame, give
/// `Ok(None)`.
///
/// # Errors
/// The frame is larger than [`MAX_FRAME_BYTES`], its data is not what its
/// event carries, or the text holds more than one frame (read streams with
/// a [`Decoder`]).
pub fn parse_frame(text: &str) -> Result<Option<StreamEvent>, SseError> {
    let mut decoder = Decoder::new();
    decoder.push(text.as_bytes());
    decoder.push(b"\n\n");
    decoder.finish();
    let Some(frame) = decoder.next_frame().transpose()? else {
        return Ok(None);
    };
    if decoder.next_frame().is_some() {
        return Err(SseError::MultipleFrames);
    }
    StreamEvent::from_frame(&frame)
}

/// Why an SSE frame could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SseError {
    /// A frame (or a line) is larger than the decoder's limit; the decoder
    /// skipped it.
    FrameTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The data is not JSON, or not shaped as the event requires.
    #[non_exhaustive]
    Data {
        /// The event name.
        event: &'static str,
        /// What is wrong.
        message: String,
        /// The frame, whole (its data and last event ID), so that nothing
        /// it carried is lost.
        frame: Box<Frame>,
    },
    /// The error in the data is not a valid envelope (or `error` object).
    #[non_exhaustive]
    Envelope {
        /// The event name.
        event: &'static str,
        /// What is wrong.
        error: EnvelopeError,
        /// The frame, whole (its data and last event ID), so that nothing
        /// it carried is lost.
        frame: Box<Frame>,
    },
    /// [`parse_frame`] was given more than one frame.
    MultipleFrames,
    /// A frame within the decoder's limit as read, that would be larger
    /// than it written out by [`Frame::to_wire`] (which adds an `event:`
    /// and an `id:` line, and a space after each `data:`): passed on, a
    /// decoder with the same limit would skip it. The decoder gives it
    /// here, whole, instead of as a frame.
    #[non_exhaustive]
    TooLargeToPassOn {
        /// The limit in bytes.
        limit: usize,
        /// The frame, whole.
        frame: Box<Frame>,
    },
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SseError::FrameTooLarge { limit } => {
                write!(f, "SSE frame larger than the limit of {limit} bytes")
            }
            SseError::Data { event, message, .. } => {
                write!(f, "malformed data in SSE `{event}` event: {message}")
            }
            SseError::Envelope { event, error, .. } => {
                write!(f, "malformed error in SSE `{event}` event: {error}")
            }
            SseError::MultipleFrames => f.write_str("expected one SSE frame, found several"),
            SseError::TooLargeToPassOn { limit, frame } => write!(
                f,
                "SSE frame of {} bytes written out, larger than the limit of {limit} bytes",
                frame.measured_len()
            ),
        }
    }
}

impl SseError {
    /// The frame that could not be read as its event, whole: its data may
    /// still say something (a message from a server that sends another
    /// shape), and its last event ID is where to resume. `None` for
    /// errors about the stream rather than one frame's data.
    pub fn frame(&self) -> Option<&Frame> {
        match self {
            SseError::Data { frame, .. }
            | SseError::Envelope { frame, .. }
            | SseError::TooLargeToPassOn { frame, .. } => Some(frame),
            _ => None,
        }
    }
}

/// Each variant's `Display` includes what went wrong (the envelope error
/// too), so none has a `source`: an error-chain printer would show it
/// twice. [`SseError::Envelope`] keeps the envelope error for code.
impl std::error::Error for SseError {}

mod decoder;
pub use decoder::Decoder;

#[cfg(test)]
mod tests {
    use super::Frame;

    /// The length the decoder holds a frame to is the length of its wire
    /// form, whatever line breaks its data holds.
    #[test]
    fn wire_len_is_the_length_of_the_wire_form() {
        for data in [
            "",
            "x",
            "a\nb",
            "a\r\nb",
            "a\rb",
            "\r\n\r\n",
            "\n\r",
            "\r\r\n\n",
            "é\r\nü\n",
        ] {
            for event in ["message", "run.failed", ""] {
                let mut frame = Frame::new(event, data);
                assert_eq!(frame.wire_len(), frame.to_wire().len(), "{data:?}");
                frame.read = true;
                assert_eq!(frame.wire_len(), frame.to_wire().len(), "{data:?}");
                frame.id = Some("id-7".into());
                assert_eq!(frame.wire_len(), frame.to_wire().len(), "{data:?}");
            }
        }
    }
}
