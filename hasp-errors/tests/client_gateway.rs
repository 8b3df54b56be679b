//! The client helpers against real responses: runs the `gateway` example
//! (built by `cargo test --features axum` before the tests run) on a free
//! loopback port and talks to it with a tiny HTTP/1.1 client.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

use hasp_errors::client::{NoRetry, ReceivedError, ResponseHeaders, RetryAdvice, RetryAfter};
use hasp_errors::sse::{Decoder, StreamEvent};
use hasp_errors::{ErrorCode, RetryPolicy};

/// The example gateway, stopped when dropped.
struct Gateway {
    child: Child,
    addr: SocketAddr,
}

impl Gateway {
    fn start() -> Gateway {
        let bin = std::env::var_os("HASP_GATEWAY_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                // target/debug/deps/client_gateway-HASH -> target/debug/examples/gateway
                let exe = std::env::current_exe().unwrap();
                let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
                dir.join("examples")
                    .join(format!("gateway{}", std::env::consts::EXE_SUFFIX))
            });
        assert!(
            bin.exists(),
            "{} is missing: run `cargo test -p hasp-errors --features axum`, which builds it",
            bin.display()
        );
        let mut child = Command::new(&bin)
            .env("HASP_GATEWAY_ADDR", "127.0.0.1:0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .parse()
            .unwrap();
        Gateway { child, addr }
    }

    /// Sends a request; returns status, headers and body.
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();

        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("no end of headers");
        let head = String::from_utf8(raw[..split].to_vec()).unwrap();
        let body = raw[split + 4..].to_vec();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        let status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_ascii_lowercase(), v.trim().to_owned())
            })
            .collect();
        let length: usize = header(&headers, "content-length")
            .expect("responses have a content-length")
            .parse()
            .unwrap();
        assert_eq!(body.len(), length);
        (status, headers, body)
    }

    fn post(&self, headers: &[(&str, &str)], body: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        self.request("POST", "/v1/messages", headers, body)
    }

    fn error(&self, headers: &[(&str, &str)]) -> ReceivedError {
        let (status, response_headers, body) =
            self.post(headers, r#"{"model": "m", "max_tokens": 5}"#);
        let pairs = response_headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_bytes()));
        ReceivedError::parse(status, ResponseHeaders::from_pairs(pairs), &body)
            .unwrap_or_else(|e| panic!("{headers:?}: {e}"))
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn every_catalog_code_reads_back_from_the_gateway() {
    let gateway = Gateway::start();
    let now = SystemTime::now();
    for &code in ErrorCode::ALL {
        let got = gateway.error(&[("x-hasp-error", code.as_str())]);
        assert_eq!(got.error().code(), Some(code));
        assert_eq!(got.status(), code.http_status());
        assert_eq!(got.headers().request_id(), Some(got.request_id()));
        assert!(got.request_id().starts_with("req_"));
        assert_eq!(
            got.headers().should_retry(),
            Some(code.is_retryable()),
            "{code}"
        );
        assert!(got.envelope().body().message().contains(code.summary()));
        let advice = got.retry_advice(now, Duration::from_secs(60));
        match code.retry_policy() {
            RetryPolicy::Never => {
                assert_eq!(advice, RetryAdvice::DoNotRetry(NoRetry::NotRetryable));
            }
            RetryPolicy::Backoff => assert_eq!(advice, RetryAdvice::Backoff, "{code}"),
            RetryPolicy::AfterDelay { .. } => {
                assert_eq!(
                    got.headers().retry_after(),
                    Some(RetryAfter::Delay(Duration::from_secs(1)))
                );
                assert_eq!(advice, RetryAdvice::After(Duration::from_secs(1)));
            }
            // A reset time days away, or someone must act.
            RetryPolicy::AfterAction { .. } => assert!(!advice.should_retry(), "{code}"),
            other => panic!("new retry policy {other:?}: add it here"),
        }
    }
    let (status, _, body) = gateway.request("GET", "/__requests", &[], "");
    assert_eq!(status, 200);
    let counts: serde_json::Value = serde_json::from_slice(&body).unwrap();
    for &code in ErrorCode::ALL {
        assert_eq!(counts[code.as_str()], 1, "{code}");
    }
}

#[test]
fn unknown_codes_from_the_gateway_are_kept() {
    let gateway = Gateway::start();
    let got = gateway.error(&[("x-hasp-error", "FUTURE_CODE")]);
    let err = got.error();
    assert_eq!(err.code(), None);
    assert_eq!(err.code_str(), "FUTURE_CODE");
    assert_eq!(err.http_status(), 400);
    assert!(!err.is_retryable());
    assert_eq!(got.headers().should_retry(), Some(false));
    assert!(
        !got.retry_advice(SystemTime::now(), Duration::from_secs(60))
            .should_retry()
    );

    let got = gateway.error(&[
        ("x-hasp-error", "FUTURE_OUTAGE"),
        ("x-hasp-error-type", "service_unavailable"),
        ("x-hasp-error-retryable", "true"),
    ]);
    assert_eq!(got.status(), 503);
    assert_eq!(got.error().http_status(), 503);
    assert_eq!(got.error().code_str(), "FUTURE_OUTAGE");
    assert_eq!(got.headers().should_retry(), Some(true));
    assert_eq!(
        got.retry_advice(SystemTime::now(), Duration::from_secs(60)),
        RetryAdvice::Backoff
    );

    // A header that is not a code name is a validation error about it.
    let got = gateway.error(&[("x-hasp-error", "not a code")]);
    assert_eq!(got.error().code(), Some(ErrorCode::ValidationFailed));
    assert_eq!(got.error().param(), Some("x-hasp-error"));
}

#[test]
fn long_rate_limit_delays_stop_automatic_retries() {
    let gateway = Gateway::start();
    let got = gateway.error(&[
        ("x-hasp-error", "RATE_LIMITED"),
        ("x-hasp-retry-after", "3600"),
    ]);
    assert_eq!(got.headers().should_retry(), Some(false));
    assert_eq!(
        got.headers().retry_after(),
        Some(RetryAfter::Delay(Duration::from_secs(3600)))
    );
    assert!(got.envelope().body().retryable());
    let now = SystemTime::now();
    assert_eq!(
        got.retry_advice(now, Duration::from_secs(60)),
        RetryAdvice::DoNotRetry(NoRetry::WaitTooLong {
            wait: Duration::from_secs(3600),
            max_wait: Duration::from_secs(60)
        })
    );
}

/// The frames of a stream body.
fn frames_of(body: &[u8]) -> Vec<hasp_errors::sse::Frame> {
    let mut decoder = Decoder::new();
    decoder.push(body);
    decoder.finish();
    let mut frames = Vec::new();
    while let Some(frame) = decoder.next_frame() {
        frames.push(frame.unwrap());
    }
    frames
}

/// As the reference says: an error before the run (the message) could be
/// created is the stream's standalone `error` event; one during the run is
/// `run.failed`, with the run's object and the error.
#[test]
fn streams_carry_the_error_as_an_sse_event() {
    let gateway = Gateway::start();
    let request = r#"{"model": "m", "max_tokens": 5, "stream": true}"#;
    for &code in ErrorCode::ALL {
        let (status, headers, body) = gateway.post(&[("x-hasp-error", code.as_str())], request);
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "content-type"), Some("text/event-stream"));
        let frames = frames_of(&body);
        let names: Vec<&str> = frames.iter().map(|f| f.event()).collect();
        assert_eq!(names, ["error"], "{code}");
        let Some(StreamEvent::Error(envelope)) = StreamEvent::from_frame(&frames[0]).unwrap()
        else {
            panic!("{code}: the frame is not an error event");
        };
        assert_eq!(envelope.to_error().unwrap().code(), Some(code));
        assert_eq!(Some(envelope.request_id()), header(&headers, "request-id"));

        let (status, headers, body) = gateway.post(
            &[
                ("x-hasp-error", code.as_str()),
                ("x-hasp-error-stage", "run"),
            ],
            request,
        );
        assert_eq!(status, 200);
        let frames = frames_of(&body);
        let names: Vec<&str> = frames.iter().map(|f| f.event()).collect();
        assert_eq!(
            names,
            [
                "message_start",
                "content_block_start",
                "content_block_delta",
                "run.failed"
            ],
            "{code}"
        );
        let Some(StreamEvent::RunFailed(failed)) = StreamEvent::from_frame(&frames[3]).unwrap()
        else {
            panic!("{code}: the last frame is not run.failed");
        };
        assert_eq!(failed.to_error().unwrap().code(), Some(code));
        let object = failed.object_map().expect("an object");
        let id = header(&headers, "request-id").expect("a request id");
        assert_eq!(object["id"], format!("msg_{id}"));
        assert_eq!(failed.body().request_id(), id);
    }

    // Without an error: a complete message stream, and no error events.
    let (status, _, body) = gateway.post(&[], request);
    assert_eq!(status, 200);
    let mut decoder = Decoder::new();
    decoder.push(&body);
    decoder.finish();
    assert_eq!(decoder.next_event(), None);
}

#[test]
fn requests_without_an_error_get_a_message() {
    let gateway = Gateway::start();
    let (status, headers, body) = gateway.post(&[], r#"{"model": "claude-x", "max_tokens": 5}"#);
    assert_eq!(status, 200);
    assert!(header(&headers, "request-id").is_some());
    let message: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(message["type"], "message");
    assert_eq!(message["model"], "claude-x");

    // A body that is not JSON is a validation error.
    let (status, headers, body) = gateway.post(&[], "{oops");
    assert_eq!(status, 400);
    let pairs = headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes()));
    let got = ReceivedError::parse(status, ResponseHeaders::from_pairs(pairs), &body).unwrap();
    assert_eq!(got.error().param(), Some("body"));
}
