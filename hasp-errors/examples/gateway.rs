//! An example HASP gateway that answers with catalog errors on request, for
//! trying clients (and the end-to-end test with the official Anthropic
//! Python SDK) against real responses.
//!
//! ```text
//! HASP_GATEWAY_ADDR=127.0.0.1:8080 cargo run -p hasp-errors --features axum --example gateway
//! ```
//!
//! * `POST /v1/messages` answers with an Anthropic-style message, or, when
//!   the request has the header `x-hasp-error: CODE`, with that catalog
//!   error: its status, headers and envelope all come from the catalog
//!   through `hasp_errors::axum::ErrorResponse`.
//!   * A code this crate does not know is sent as it is (as a newer server
//!     would), with `error.type` from `x-hasp-error-type` (default
//!     `invalid_request`) and `retryable` from `x-hasp-error-retryable`
//!     (default `false`).
//!   * `x-hasp-retry-after: SECONDS` sets `RATE_LIMITED`'s
//!     `retry_after_seconds` (default 1).
//!   * With `"stream": true` in the JSON body the answer is
//!     `200 text/event-stream`, and the error an event, as the reference
//!     says: an SSE `error` event, the stream's only one (an error before
//!     the run, the message, could be created); or, with
//!     `x-hasp-error-stage: run`, the start of the message and one content
//!     event, then `run.failed` with the message object and the error (an
//!     error during the run). With no error asked for, the whole message.
//! * `GET /__requests` returns how many `POST /v1/messages` requests asked
//!   for each code, as a JSON object (`"-"` counts requests without one).
//! * Anything else is answered with catalog errors too: a route that does
//!   not exist, or a method a route does not take, with
//!   `RESOURCE_NOT_FOUND`; a body that cannot be read (larger than axum's
//!   2 MB default, for one) or is not a JSON object, with
//!   `VALIDATION_FAILED`.
//!
//! Every response carries a `request-id` (`req_1`, `req_2`, ...).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hasp_errors::axum::ErrorResponse;
use hasp_errors::sse::{Frame, StreamEvent};
use hasp_errors::{ErrorCode, ErrorEnvelope, HaspError, RateLimitedDetails};
use serde_json::{Value, json};

/// Representative errors for every code (`common::example`), shared with
/// this crate's tests.
#[path = "../tests/common/mod.rs"]
mod common;

#[derive(Default)]
struct Gateway {
    next_id: AtomicU64,
    counts: Mutex<BTreeMap<String, u64>>,
}

impl Gateway {
    fn request_id(&self) -> String {
        format!("req_{}", self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn count(&self, code: &str) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        *counts.entry(code.to_owned()).or_default() += 1;
    }
}

/// A representative error for a known code, with realistic details;
/// RATE_LIMITED waits `retry_after_seconds`.
fn sample_error(code: ErrorCode, retry_after_seconds: u64) -> Result<HaspError, String> {
    if code == ErrorCode::RateLimited {
        return Ok(HaspError::RateLimited(RateLimitedDetails::new(
            retry_after_seconds,
        )));
    }
    // `example` panics for a code added to the catalog without a sample.
    std::panic::catch_unwind(|| common::example(code)).map_err(|_| format!("no sample for {code}"))
}

/// An error with a code this crate does not know, as a newer server would
/// send it: `error.type` and `retryable` come from request headers.
fn unknown_error(code: &str, headers: &HeaderMap) -> Result<HaspError, String> {
    let error_type = header_str(headers, "x-hasp-error-type").unwrap_or("invalid_request");
    let retryable = header_str(headers, "x-hasp-error-retryable") == Some("true");
    let body = json!({
        "error": {
            "type": error_type, "code": code,
            "message": format!("{code}: an error newer than this crate"), "param": null,
            "details": null, "retryable": retryable, "request_id": "-",
        },
    });
    ErrorEnvelope::from_value(&body)
        .and_then(|envelope| envelope.to_error())
        .map_err(|e| e.to_string())
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn is_code_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// The error a request asks for, if any.
fn requested_error(headers: &HeaderMap) -> Option<(String, HaspError)> {
    let code = header_str(headers, "x-hasp-error")?;
    if !is_code_name(code) {
        let err = HaspError::ValidationFailed {
            param: "x-hasp-error".to_owned(),
        };
        return Some(("-".to_owned(), err));
    }
    let retry_after = header_str(headers, "x-hasp-retry-after")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let error = match code.parse::<ErrorCode>() {
        Ok(known) => sample_error(known, retry_after),
        Err(_) => unknown_error(code, headers),
    };
    let error = error.unwrap_or_else(|e| {
        eprintln!("gateway: {e}");
        HaspError::InternalError
    });
    Some((code.to_owned(), error))
}

fn message_for(error: &HaspError) -> String {
    format!("{} (from the example gateway)", error.summary())
}

async fn messages(
    State(gateway): State<Arc<Gateway>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request_id = gateway.request_id();
    let requested = requested_error(&headers);
    gateway.count(requested.as_ref().map_or("-", |(code, _)| code));
    let invalid_body = |message: String| {
        let err = HaspError::ValidationFailed {
            param: "body".to_owned(),
        };
        ErrorResponse::new(err, message, request_id.clone()).into_response()
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            return invalid_body(format!(
                "The request body could not be read: {}",
                rejection.body_text()
            ));
        }
    };
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if !request.is_object() {
        return invalid_body("The request body is not a JSON object.".to_owned());
    }
    let model = request
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("claude-sonnet-4-5");
    let stream = request.get("stream").and_then(Value::as_bool) == Some(true);
    let error = requested.map(|(_, error)| error);
    match (stream, error) {
        (false, Some(error)) => {
            let message = message_for(&error);
            ErrorResponse::new(error, message, request_id).into_response()
        }
        (false, None) => {
            let message = json!({
                "id": format!("msg_{request_id}"), "type": "message", "role": "assistant",
                "model": model,
                "content": [{"type": "text", "text": "Hello from the HASP example gateway."}],
                "stop_reason": "end_turn", "stop_sequence": null,
                "usage": {"input_tokens": 12, "output_tokens": 8},
            });
            with_request_id(
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    message.to_string(),
                ),
                &request_id,
            )
        }
        (true, error) => {
            // The message is the run: its object opens the stream, and a
            // `run.failed` event carries it back with the error.
            let run = json!({
                "id": format!("msg_{request_id}"), "type": "message", "role": "assistant",
                "model": model, "content": [], "stop_reason": null, "stop_sequence": null,
                "usage": {"input_tokens": 12, "output_tokens": 1},
            });
            let started = [
                Frame::new(
                    "message_start",
                    json!({"type": "message_start", "message": run}).to_string(),
                ),
                Frame::new(
                    "content_block_start",
                    json!({"type": "content_block_start", "index": 0,
                           "content_block": {"type": "text", "text": ""}})
                    .to_string(),
                ),
                Frame::new(
                    "content_block_delta",
                    json!({"type": "content_block_delta", "index": 0,
                           "delta": {"type": "text_delta", "text": "Hello"}})
                    .to_string(),
                ),
            ];
            let during_run = headers
                .get("x-hasp-error-stage")
                .is_some_and(|stage| stage == "run");
            let events: Vec<Frame> = match error {
                // Before a run could be created: the stream's only event.
                Some(error) if !during_run => {
                    let message = message_for(&error);
                    vec![StreamEvent::new_error(&error, message, &request_id).to_frame()]
                }
                // After: the run's events so far, then `run.failed`.
                Some(error) => {
                    let message = message_for(&error);
                    let object = run.as_object().cloned().unwrap_or_default();
                    let failed = StreamEvent::new_run_failed(object, &error, message, &request_id);
                    started.into_iter().chain([failed.to_frame()]).collect()
                }
                None => started
                    .into_iter()
                    .chain([
                        Frame::new(
                            "content_block_stop",
                            json!({"type": "content_block_stop", "index": 0}).to_string(),
                        ),
                        Frame::new(
                            "message_delta",
                            json!({"type": "message_delta",
                                   "delta": {"stop_reason": "end_turn", "stop_sequence": null},
                                   "usage": {"output_tokens": 8}})
                            .to_string(),
                        ),
                        Frame::new("message_stop", json!({"type": "message_stop"}).to_string()),
                    ])
                    .collect(),
            };
            let body: String = events.iter().map(Frame::to_wire).collect();
            with_request_id(
                ([(header::CONTENT_TYPE, "text/event-stream")], body),
                &request_id,
            )
        }
    }
}

fn with_request_id(response: impl IntoResponse, request_id: &str) -> Response {
    let mut response = response.into_response();
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("request-id", value);
    }
    response
}

/// Any route that does not exist, and any method a route does not take.
async fn not_found(State(gateway): State<Arc<Gateway>>, method: Method, uri: Uri) -> Response {
    let message = format!("There is no {method} {}.", uri.path());
    ErrorResponse::new(HaspError::ResourceNotFound, message, gateway.request_id()).into_response()
}

async fn request_counts(State(gateway): State<Arc<Gateway>>) -> Response {
    let counts = gateway
        .counts
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let body = serde_json::to_string(&counts).unwrap_or_else(|_| "{}".to_owned());
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("HASP_GATEWAY_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let app = Router::new()
        .route("/v1/messages", post(messages))
        .route("/__requests", get(request_counts))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .with_state(Arc::new(Gateway::default()));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    // The end-to-end tests wait for this line.
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
