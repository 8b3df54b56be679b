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
use crate::{CatalogError, EnvelopeError, ErrorBody, ErrorEnvelope, HaspError, MAX_ENVELOPE_BYTES};

/// The event name of [`StreamEvent::RunFailed`].
pub const RUN_FAILED: &str = "run.failed";
/// The event name of [`StreamEvent::Error`].
pub const ERROR: &str = "error";
/// The default limit on one frame's size in bytes, as read by [`Decoder`]:
/// the envelope limit plus 1 MiB for the run object.
pub const MAX_FRAME_BYTES: usize = MAX_ENVELOPE_BYTES + 1024 * 1024;

/// One SSE frame: an event name, its data and the last event ID in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    event: String,
    data: String,
    /// Shared with the decoder, so a long ID is not copied for every frame.
    id: Option<Arc<str>>,
}

impl Frame {
    /// A frame with this event name and data. Line breaks in the event name
    /// (which would end the `event:` line) are replaced by spaces; line
    /// breaks in the data are written as several `data:` lines, which
    /// readers join back with `\n`.
    pub fn new(event: &str, data: impl Into<String>) -> Self {
        Frame {
            event: event.replace(['\r', '\n'], " "),
            data: data.into(),
            id: None,
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
    /// [`Frame::new`], whose wire form has no `id:` line.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The frame in wire form, ending with the blank line.
    pub fn to_wire(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "event: {}", self.event)?;
        for line in self.data.split("\r\n").flat_map(|l| l.split(['\r', '\n'])) {
            writeln!(f, "data: {line}")?;
        }
        f.write_str("\n")
    }
}

/// A `run.failed` event: the run object and the error that ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFailed {
    object: Map<String, Value>,
    error: ErrorBody,
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
        RunFailed {
            object,
            error: ErrorEnvelope::new(error, message, request_id)
                .body()
                .clone(),
        }
    }

    /// The run object (`data.object`).
    pub fn object(&self) -> &Map<String, Value> {
        &self.object
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
        #[derive(serde::Serialize)]
        struct Data<'a> {
            object: &'a Map<String, Value>,
            error: &'a ErrorBody,
        }
        serde_json::to_string(&Data {
            object: &self.object,
            error: &self.error,
        })
        .unwrap_or_default()
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
    pub fn to_frame(&self) -> Frame {
        let data = match self {
            StreamEvent::RunFailed(run) => run.to_json(),
            StreamEvent::Error(envelope) => envelope.to_json(),
        };
        Frame::new(self.name(), data)
    }

    /// The complete frame in wire form: `event:` line, one `data:` line
    /// (compact JSON has no line breaks), blank line.
    pub fn to_wire(&self) -> String {
        self.to_frame().to_wire()
    }

    /// Reads an error event from a frame. Frames of other events give
    /// `Ok(None)`.
    ///
    /// # Errors
    /// The data of a `run.failed` or `error` frame is not what the event
    /// carries.
    pub fn from_frame(frame: &Frame) -> Result<Option<StreamEvent>, SseError> {
        let event: &'static str = match frame.event() {
            RUN_FAILED => RUN_FAILED,
            ERROR => ERROR,
            _ => return Ok(None),
        };
        let envelope_error = |error| SseError::Envelope { event, error };
        let data_error = |message: String| SseError::Data { event, message };
        if event == ERROR {
            return match ErrorEnvelope::from_slice_with_limit(frame.data().as_bytes(), usize::MAX) {
                Ok(envelope) => Ok(Some(StreamEvent::Error(envelope))),
                Err(EnvelopeError::Json { message }) => Err(data_error(message)),
                Err(error) => Err(envelope_error(error)),
            };
        }
        #[derive(serde::Deserialize)]
        struct Data<'a> {
            #[serde(borrow)]
            object: Option<&'a RawValue>,
            #[serde(borrow)]
            error: Option<&'a RawValue>,
        }
        if !frame.data().trim_start().starts_with('{') {
            return Err(data_error("the data is not a JSON object".to_owned()));
        }
        let data: Data<'_> = serde_json::from_str(frame.data())
            .map_err(|e| data_error(truncate(&e.to_string(), 200)))?;
        let object = data
            .object
            .ok_or_else(|| data_error("`object` is missing".to_owned()))?;
        let object: Map<String, Value> = serde_json::from_str(object.get())
            .map_err(|_| data_error("`object` is not a JSON object".to_owned()))?;
        let error = data
            .error
            .ok_or_else(|| data_error("`error` is missing".to_owned()))?;
        let error = crate::envelope::body_from_value(error).map_err(envelope_error)?;
        Ok(Some(StreamEvent::RunFailed(RunFailed { object, error })))
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
    Data {
        /// The event name.
        event: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The error in the data is not a valid envelope (or `error` object).
    Envelope {
        /// The event name.
        event: &'static str,
        /// What is wrong.
        error: EnvelopeError,
    },
    /// [`parse_frame`] was given more than one frame.
    MultipleFrames,
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SseError::FrameTooLarge { limit } => {
                write!(f, "SSE frame larger than the limit of {limit} bytes")
            }
            SseError::Data { event, message } => {
                write!(f, "malformed data in SSE `{event}` event: {message}")
            }
            SseError::Envelope { event, error } => {
                write!(f, "malformed error in SSE `{event}` event: {error}")
            }
            SseError::MultipleFrames => f.write_str("expected one SSE frame, found several"),
        }
    }
}

impl std::error::Error for SseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SseError::Envelope { error, .. } => Some(error),
            _ => None,
        }
    }
}

mod decoder;
pub use decoder::Decoder;
