//! SSE error events: frames written for every code read back as the same
//! typed values, whatever the line endings, chunking or noise around them.

mod common;

use hasp_errors::sse::{self, Decoder, Frame, SseError, StreamEvent};
use hasp_errors::{EnvelopeError, ErrorCode, ErrorEnvelope, HaspError};
use serde_json::{Map, Value, json};

fn run_object(id: &str) -> Map<String, Value> {
    match json!({"id": id, "object": "run", "status": "failed", "model": "claude-sonnet-4-5"}) {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

/// Every event of both kinds, for every code.
fn all_events() -> Vec<(HaspError, StreamEvent)> {
    let mut events = Vec::new();
    for &code in ErrorCode::ALL {
        let err = common::example(code);
        let id = format!("req_{code}");
        events.push((
            err.clone(),
            StreamEvent::new_error(&err, "Stream failed.", &id),
        ));
        events.push((
            err.clone(),
            StreamEvent::new_run_failed(run_object("run_1"), &err, "Run failed.", &id),
        ));
    }
    events
}

fn decode_all(decoder: &mut Decoder) -> Vec<Result<StreamEvent, SseError>> {
    std::iter::from_fn(|| decoder.next_event()).collect()
}

#[test]
fn frames_have_the_wire_shape() {
    let err = common::example(ErrorCode::RateLimited);
    let frame = StreamEvent::new_error(&err, "Slow down.", "req_1").to_wire();
    let envelope = ErrorEnvelope::new(&err, "Slow down.", "req_1").to_json();
    assert_eq!(frame, format!("event: error\ndata: {envelope}\n\n"));

    let frame =
        StreamEvent::new_run_failed(run_object("run_7"), &err, "Slow down.", "req_1").to_wire();
    let (head, data) = frame.split_once("\ndata: ").unwrap();
    assert_eq!(head, "event: run.failed");
    assert!(data.ends_with("}\n\n") && !data.trim_end().contains('\n'));
    let data: Value = serde_json::from_str(data.trim_end()).unwrap();
    assert_eq!(data["object"]["id"], "run_7");
    assert_eq!(data["object"]["status"], "failed");
    assert_eq!(data["error"]["code"], "RATE_LIMITED");
    assert_eq!(data["error"]["request_id"], "req_1");
    assert_eq!(data["error"]["details"]["retry_after_seconds"], 30);
    assert_eq!(data.as_object().unwrap().len(), 2);
}

#[test]
fn every_code_round_trips_through_both_events() {
    for (err, event) in all_events() {
        let frame = event.to_wire();
        let parsed = sse::parse_frame(&frame).unwrap().unwrap();
        assert_eq!(parsed, event, "{frame}");
        assert_eq!(parsed.name(), event.name());
        let typed = match &parsed {
            StreamEvent::Error(envelope) => envelope.to_error().unwrap(),
            StreamEvent::RunFailed(run) => {
                assert_eq!(run.object_map(), Some(run_object("run_1")));
                run.to_error().unwrap()
            }
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(typed, err);
        assert_eq!(parsed.body().code(), err.code_str());
    }
}

#[test]
fn streams_decode_whatever_the_line_endings_and_chunks() {
    let events = all_events();
    let noise = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n: keep-alive comment\n\nevent: ping\ndata: {}\n\n";
    let mut stream = String::from("\u{feff}");
    for (_, event) in &events {
        stream.push_str(noise);
        stream.push_str(&event.to_wire());
    }
    for ending in ["\n", "\r\n", "\r"] {
        let text = stream.replace('\n', ending);
        for chunk in [1, 2, 3, 7, 64, 4096, text.len()] {
            let mut decoder = Decoder::new();
            let mut got = Vec::new();
            for piece in text.as_bytes().chunks(chunk) {
                decoder.push(piece);
                got.extend(decode_all(&mut decoder));
            }
            decoder.finish();
            got.extend(decode_all(&mut decoder));
            let got: Vec<StreamEvent> = got.into_iter().map(Result::unwrap).collect();
            assert_eq!(got.len(), events.len(), "ending {ending:?}, chunk {chunk}");
            for (g, (_, e)) in got.iter().zip(&events) {
                assert_eq!(g, e, "ending {ending:?}, chunk {chunk}");
            }
        }
    }
}

#[test]
fn multi_line_data_is_joined_with_newlines() {
    let envelope = ErrorEnvelope::new(&HaspError::InternalError, "Boom.", "req_2");
    let pretty = serde_json::to_string_pretty(&envelope.to_value()).unwrap();
    let frame = Frame::new("error", pretty.clone());
    let wire = frame.to_wire();
    assert!(wire.matches("\ndata: ").count() > 5, "{wire}");
    let mut decoder = Decoder::new();
    decoder.push(wire.as_bytes());
    let back = decoder.next_frame().unwrap().unwrap();
    assert_eq!(back.data(), pretty);
    assert_eq!(back.event(), "error");
    match StreamEvent::from_frame(&back).unwrap() {
        // The same envelope; its details are kept as the (pretty) text sent.
        Some(StreamEvent::Error(e)) => assert_eq!(e.to_value(), envelope.to_value()),
        other => panic!("unexpected {other:?}"),
    }

    // By hand: fields without a space, comments, id and retry lines, unknown fields.
    let text = "id: 42\n:comment\nretry: 10\nevent:error\ndata:{\"error\":\ndata: {\"type\":\"x\",\"code\":\"C\",\"message\":\"m\",\"retryable\":false,\"request_id\":\"r\"}}\nunknown: field\n\n";
    let mut decoder = Decoder::new();
    decoder.push(text.as_bytes());
    let frame = decoder.next_frame().unwrap().unwrap();
    assert_eq!(frame.id(), Some("42"));
    assert_eq!(frame.data().lines().count(), 2);
    let Some(StreamEvent::Error(e)) = StreamEvent::from_frame(&frame).unwrap() else {
        panic!("not an error event");
    };
    assert_eq!(e.body().code(), "C");
    assert_eq!(e.request_id(), "r");
}

#[test]
fn unknown_events_and_frames_without_data_are_passed_over() {
    for text in [
        "event: ping\ndata: {}\n\n",
        "event: content_block_delta\ndata: not json at all\n\n",
        "data: a message event without a name\n\n",
        "event: error\n\n",
        ": only a comment\n\n",
        "",
        "\n\n\n",
    ] {
        assert_eq!(sse::parse_frame(text), Ok(None), "{text:?}");
    }
    // Event names match exactly.
    assert_eq!(sse::parse_frame("event: Error\ndata: {}\n\n"), Ok(None));
    assert_eq!(
        sse::parse_frame("event: run.failed \ndata: {}\n\n"),
        Ok(None)
    );
}

#[test]
fn malformed_error_events_are_errors_not_panics() {
    let data_error = |text: &str| match sse::parse_frame(text) {
        Err(e @ SseError::Data { event, .. }) => {
            // The frame comes back whole with the error: its data is the
            // text's `data:` line.
            let data = text.split_once("data: ").unwrap().1.trim_end_matches('\n');
            assert_eq!(e.frame().unwrap().data(), data, "{e:?}");
            assert_eq!(e.frame().unwrap().event(), event);
            let SseError::Data { message, .. } = &e else {
                unreachable!()
            };
            format!("{event}: {message}")
        }
        other => panic!("{text:?}: {other:?}"),
    };
    assert!(data_error("event: error\ndata: {not json\n\n").starts_with("error: "));
    assert_eq!(
        data_error("event: run.failed\ndata: [1]\n\n"),
        "run.failed: the data is not a JSON object"
    );
    assert_eq!(
        data_error("event: run.failed\ndata: {\"error\": {}}\n\n"),
        "run.failed: `object` is missing"
    );
    assert_eq!(
        data_error("event: run.failed\ndata: {\"object\": 1, \"error\": {}}\n\n"),
        "run.failed: `object` is not a JSON object"
    );
    assert_eq!(
        data_error("event: run.failed\ndata: {\"object\": {}}\n\n"),
        "run.failed: `error` is missing"
    );
    let envelope_error = |text: &str| match sse::parse_frame(text) {
        Err(e @ SseError::Envelope { .. }) => {
            let data = text.split_once("data: ").unwrap().1.trim_end_matches('\n');
            assert_eq!(e.frame().unwrap().data(), data, "{e:?}");
            let SseError::Envelope { event, error, .. } = e else {
                unreachable!()
            };
            (event, error)
        }
        other => panic!("{text:?}: {other:?}"),
    };
    assert_eq!(
        envelope_error(
            "event: run.failed\ndata: {\"object\": {}, \"error\": {\"type\": \"t\"}}\n\n"
        ),
        (
            "run.failed",
            EnvelopeError::MissingField {
                field: "error.code"
            }
        )
    );
    assert_eq!(
        envelope_error("event: error\ndata: {\"meta\": {}}\n\n"),
        ("error", EnvelopeError::MissingField { field: "error" })
    );
    assert_eq!(
        data_error("event: run.failed\ndata: {\"object\": {}, \"object\": {}, \"error\": {}}\n\n"),
        "run.failed: `object` is sent twice"
    );
    let two = format!(
        "{}{}",
        StreamEvent::new_error(&HaspError::InternalError, "a", "r").to_wire(),
        StreamEvent::new_error(&HaspError::InternalError, "b", "r").to_wire()
    );
    assert_eq!(sse::parse_frame(&two), Err(SseError::MultipleFrames));
    // A known code without its details is reported when typed, not before.
    let frame = "event: error\ndata: {\"error\": {\"type\": \"rate_limited\", \"code\": \"RATE_LIMITED\", \"message\": \"m\", \"retryable\": true, \"request_id\": \"r\"}}\n\n";
    let Ok(Some(StreamEvent::Error(envelope))) = sse::parse_frame(frame) else {
        panic!("should parse");
    };
    assert!(matches!(
        envelope.to_error(),
        Err(EnvelopeError::Details { .. })
    ));
}

#[test]
fn oversized_frames_are_skipped_and_the_stream_goes_on() {
    let good = StreamEvent::new_error(&HaspError::InternalError, "ok", "req_1").to_wire();
    let limit = good.len() + 10;
    let big_data = "x".repeat(limit);
    let many_lines = "data: xxxxxxxxxx\n".repeat(limit / 10);
    for oversized in [
        format!("event: error\ndata: {big_data}\n\n"),
        format!("event: error\n{many_lines}\n"),
        format!("event: error\ndata: {big_data}\r\n\r\n"),
    ] {
        let mut decoder = Decoder::with_limit(limit);
        for piece in format!("{good}{oversized}{good}").as_bytes().chunks(5) {
            decoder.push(piece);
        }
        decoder.finish();
        let got = decode_all(&mut decoder);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].is_ok());
        assert_eq!(got[1], Err(SseError::FrameTooLarge { limit }));
        assert_eq!(got[2], got[0]);
    }
    // The buffer does not grow past the limit while a line never ends.
    let mut decoder = Decoder::with_limit(1000);
    let mut errors = 0;
    for _ in 0..100 {
        decoder.push(&[b'x'; 999]);
        while let Some(r) = decoder.next_frame() {
            assert!(r.is_err());
            errors += 1;
        }
    }
    assert!(errors >= 1);
    decoder.push(b"\n\n");
    decoder.push(good.as_bytes());
    assert!(decoder.next_event().unwrap().is_ok());
}

#[test]
fn an_unfinished_frame_at_the_end_is_dropped() {
    let good = StreamEvent::new_error(&HaspError::InternalError, "ok", "req_1").to_wire();
    let mut decoder = Decoder::new();
    decoder.push(good.trim_end().as_bytes());
    assert_eq!(decoder.next_frame(), None);
    decoder.finish();
    assert_eq!(decoder.next_frame(), None);
    // parse_frame tolerates a missing blank line.
    assert!(sse::parse_frame(good.trim_end()).unwrap().is_some());
    // A `\r` ends its line at once: a frame ending in `\r\r` is ready
    // without waiting for more bytes or the end of the stream.
    let mut decoder = Decoder::new();
    decoder.push(good.replace('\n', "\r").trim_end().as_bytes());
    decoder.push(b"\r");
    assert_eq!(decoder.next_frame(), None);
    decoder.push(b"\r");
    assert!(decoder.next_frame().unwrap().is_ok());
    // A `\n` arriving next is part of the last `\r\n`, not a blank line.
    decoder.push(b"\n");
    decoder.push(good.as_bytes());
    assert!(decoder.next_frame().unwrap().is_ok());
    assert_eq!(decoder.next_frame(), None);
    let mut decoder = Decoder::new();
    decoder.push(good.replace('\n', "\r").as_bytes());
    assert!(decoder.next_frame().unwrap().is_ok());
    decoder.finish();
    assert_eq!(decoder.next_frame(), None);
}

#[test]
fn garbage_never_panics() {
    let good =
        StreamEvent::new_error(&common::example(ErrorCode::BudgetExceeded), "m", "r").to_wire();
    let alphabet: &[u8] = b"event: data:error run.failed{}\"\r\n:\xEF\xBB\xBF\xFF\x00";
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..2000 {
        let mut bytes = good.as_bytes().to_vec();
        for _ in 0..(next() % 8) {
            let i = (next() as usize) % (bytes.len() + 1);
            let b = alphabet[(next() as usize) % alphabet.len()];
            if next() % 2 == 0 && i < bytes.len() {
                bytes[i] = b;
            } else {
                bytes.insert(i, b);
            }
        }
        let mut decoder = Decoder::with_limit(if round % 2 == 0 { 64 } else { 1 << 20 });
        for piece in bytes.chunks(1 + (next() as usize) % 40) {
            decoder.push(piece);
            while let Some(event) = decoder.next_event() {
                if let Ok(event) = event {
                    let _ = event.body().code();
                }
            }
        }
        decoder.finish();
        while decoder.next_frame().is_some() {}
        let _ = sse::parse_frame(&String::from_utf8_lossy(&bytes));
    }
}

const ERROR_OBJECT: &str = r#""error":{"type":"internal_error","code":"INTERNAL_ERROR","message":"Disk on fire.","param":null,"details":null,"retryable":true,"request_id":"req_1"}"#;

#[test]
fn run_failed_keeps_its_error_whatever_numbers_the_run_object_holds() {
    // Numbers serde_json cannot represent, and beyond f64's precision,
    // and a field of the data this crate does not know: all passed on.
    let data = format!(
        r#"{{"object":{{"id":"run_1","cost":1e400,"tokens":12345678901234567890123}},{ERROR_OBJECT},"trace":{{"n":1.000000000000000000001}}}}"#
    );
    let frame = format!("event: run.failed\ndata: {data}\n\n");
    let Ok(Some(StreamEvent::RunFailed(run))) = sse::parse_frame(&frame) else {
        panic!("{:?}", sse::parse_frame(&frame));
    };
    assert_eq!(run.body().code(), "INTERNAL_ERROR");
    assert_eq!(run.to_error().unwrap(), HaspError::InternalError);
    assert_eq!(
        run.object().get(),
        r#"{"id":"run_1","cost":1e400,"tokens":12345678901234567890123}"#
    );
    assert_eq!(run.object_map(), None, "1e400 is not a serde_json number");
    assert_eq!(run.extra().len(), 1);
    let event = StreamEvent::RunFailed(run);
    assert_eq!(event.to_wire(), frame, "byte for byte");
}

#[test]
fn run_failed_bounds_the_depth_of_what_it_keeps_as_text() {
    // As in an envelope: a run object (or an unknown field) nested deeper
    // than 128 levels is refused, with the frame kept.
    for field in ["object", "trace"] {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let value = if field == "object" {
            format!("{{\"a\":{deep}}}")
        } else {
            deep
        };
        let data = if field == "object" {
            format!(r#"{{"object":{value},{ERROR_OBJECT}}}"#)
        } else {
            format!(r#"{{"object":{{}},{ERROR_OBJECT},"trace":{value}}}"#)
        };
        let frame = format!("event: run.failed\ndata: {data}\n\n");
        match sse::parse_frame(&frame) {
            Err(e @ SseError::Data { .. }) => {
                assert!(
                    e.to_string()
                        .contains(&format!("recursion limit exceeded in `{field}`")),
                    "{e}"
                );
                assert_eq!(e.frame().unwrap().data(), data);
            }
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[test]
fn line_breaks_kept_in_json_come_back_as_the_same_json() {
    // A received envelope keeps `details` as the exact text, line breaks
    // (JSON whitespace) included. SSE cannot carry a `\r` in data: written
    // out, each line break is a `data:` line break, read back as `\n`.
    for ws in ["\r", "\n", "\r\n", "\r\r\n\n", " \r "] {
        let body = format!(
            r#"{{"error": {{"type": "not_found", "code": "RESOURCE_NOT_FOUND", "message": "m",{ws}"param": null, "details": {{"a":{ws}1,{ws}"b": [{ws}]}}, "retryable": false,
            "request_id": "req_ws"}}, "meta": {{"request_id": "req_ws"}}}}"#
        );
        let envelope = ErrorEnvelope::from_slice(body.as_bytes()).unwrap();
        let event = StreamEvent::Error(envelope);
        let wire = event.to_wire();
        assert!(!wire.contains('\r'), "{ws:?}: {wire:?}");
        let back = sse::parse_frame(&wire).unwrap().unwrap();
        let StreamEvent::Error(read) = &back else {
            panic!("{back:?}")
        };
        let json = |e: &StreamEvent| -> Value {
            let frame = e.to_frame();
            serde_json::from_str(frame.data()).unwrap()
        };
        assert_eq!(json(&back), json(&event), "{ws:?}");
        assert_eq!(
            read.body().details().unwrap().get(),
            format!("{{\"a\":{ws}1,{ws}\"b\": [{ws}]}}")
                .replace("\r\n", "\n")
                .replace('\r', "\n")
        );
        // Written again, it is the same frame.
        assert_eq!(back.to_wire(), wire, "{ws:?}");
    }
}

#[test]
fn an_error_event_is_held_to_the_envelope_limit_so_it_can_be_passed_on() {
    let envelope = |message_len: usize| {
        format!(
            r#"{{"error":{{"type":"overloaded_error","code":"NEW_OVERLOAD","message":"{}","param":null,"details":null,"retryable":true,"request_id":"req_s"}},"meta":{{"request_id":"req_s"}}}}"#,
            "m".repeat(message_len)
        )
    };
    let fixed = envelope(0).len();
    // Within the limit: read, and readable again as a response body.
    let fits = envelope(hasp_errors::MAX_ENVELOPE_BYTES - fixed);
    let frame = format!("event: error\ndata: {fits}\n\n");
    let Some(StreamEvent::Error(read)) = sse::parse_frame(&frame).unwrap() else {
        panic!("an error event")
    };
    let again = ErrorEnvelope::from_slice(read.to_json().as_bytes()).unwrap();
    assert_eq!(again, read);
    // Over it (though well within a frame): refused, the frame kept.
    let over = envelope(hasp_errors::MAX_ENVELOPE_BYTES - fixed + 100_000);
    assert!(over.len() < sse::MAX_FRAME_BYTES);
    let frame = format!("event: error\ndata: {over}\n\n");
    match sse::parse_frame(&frame) {
        Err(err @ SseError::Envelope { .. }) => {
            assert_eq!(err.frame().unwrap().data(), over);
        }
        other => panic!("{other:?}"),
    }
}

/// Reads `wire` with a decoder of `limit` bytes: every frame and error.
fn frames(wire: &str, limit: usize) -> Vec<Result<Frame, SseError>> {
    let mut decoder = Decoder::with_limit(limit);
    decoder.push(wire.as_bytes());
    decoder.finish();
    std::iter::from_fn(|| decoder.next_frame()).collect()
}

/// Whatever a decoder reads can be written out (`Frame::to_wire`, which
/// adds an `event:` and an `id:` line, and a space after each `data:`)
/// and read back by a decoder with the same limit: a frame that would
/// outgrow the limit once written is given whole in an error instead, at
/// every size around the limit, whichever lines it is written with.
#[test]
fn every_frame_read_can_be_passed_on_and_read_back() {
    for limit in [40_usize, 64, 1000, 100_000] {
        for (head, lines) in [
            ("data:", 1),
            ("event:x\ndata:", 1),
            ("id:7\ndata:", 1),
            ("data:", 3),
        ] {
            let mut passed = 0;
            for pad in limit.saturating_sub(60)..=limit {
                let line = "p".repeat(pad / lines);
                let data = vec![line; lines].join("\ndata:");
                let wire = format!("{head}{data}\n\n");
                for read in frames(&wire, limit) {
                    let frame = match read {
                        Ok(frame) => frame,
                        Err(SseError::TooLargeToPassOn { frame, .. }) => {
                            // Measured as read: the blank line does not count.
                            assert!(frame.to_wire().len() - 1 > limit);
                            assert_eq!(frame.data(), data.replace("\ndata:", "\n"));
                            continue;
                        }
                        Err(e) => {
                            assert_eq!(e, SseError::FrameTooLarge { limit });
                            continue;
                        }
                    };
                    passed += 1;
                    let wire = frame.to_wire();
                    assert!(wire.len() - 1 <= limit, "limit {limit}, {head:?} and {pad}");
                    assert_eq!(frames(&wire, limit), [Ok(frame)], "limit {limit}, {head:?}");
                }
            }
            assert!(passed > 0, "limit {limit}, {head:?}: some fit");
        }
    }
}

/// A `run.failed` event read within the frame limit that would outgrow it
/// written out is refused, the frame kept: as a frame (an `id:` line
/// added) or as an event (its error object written whole, `param` and
/// `details` included). One that fits is passed on and read back.
#[test]
fn a_run_failed_event_read_can_be_passed_on_and_read_back() {
    let head = "event: run.failed\ndata: {\"object\":{\"pad\":\"";
    let tail = "\"},\"error\":{\"type\":\"t\",\"code\":\"NEW\",\"message\":\"m\",\"retryable\":true,\"request_id\":\"r\"}}\n";
    let frame = |pad: usize| format!("{head}{}{tail}\n", "p".repeat(pad));
    let room = sse::MAX_FRAME_BYTES - head.len() - tail.len();
    // At the limit as read: the frame, written out, has an `id` line more.
    match sse::parse_frame(&frame(room)) {
        Err(err @ SseError::TooLargeToPassOn { .. }) => {
            assert!(err.frame().unwrap().data().contains("\"NEW\""));
        }
        other => panic!("{other:?}"),
    }
    // Room for the `id` line, not for the `param` and `details` added.
    match sse::parse_frame(&frame(room - 10)) {
        Err(err @ SseError::Data { .. }) => {
            assert!(err.to_string().contains("written out"), "{err}");
            assert!(err.frame().unwrap().data().contains("\"NEW\""));
        }
        other => panic!("{other:?}"),
    }
    // With room for what writing adds: read, written, read back.
    let Some(event) = sse::parse_frame(&frame(room - 100)).unwrap() else {
        panic!("a run.failed event")
    };
    let wire = event.to_wire();
    assert!(wire.len() <= sse::MAX_FRAME_BYTES);
    assert_eq!(sse::parse_frame(&wire).unwrap(), Some(event));
}

/// A frame written as `Frame::to_wire` writes it, exactly at the limit (its
/// lines and their breaks, the blank line not counted, as the decoder
/// measures), is read; one byte more is not.
#[test]
fn a_frame_written_out_exactly_at_the_limit_is_read() {
    let wire = "event: e\nid: i\ndata: d\n\n";
    let measured = wire.len() - 1;
    let read = frames(wire, measured);
    let Ok(frame) = &read[0] else {
        panic!("{read:?}")
    };
    assert_eq!(frame.to_wire(), wire);
    assert!(matches!(
        frames(wire, measured - 1)[0],
        Err(SseError::FrameTooLarge { .. })
    ));
}

/// The largest `run.failed` event `from_frame` takes, written out by this
/// crate, is read back by a decoder, and can be passed on again.
#[test]
fn the_largest_run_failed_event_read_is_read_back() {
    let event = |pad: usize| {
        let mut object = Map::new();
        object.insert("pad".to_owned(), Value::String("p".repeat(pad)));
        StreamEvent::new_run_failed(object, &HaspError::InternalError, "m", "req_r")
    };
    let fits = |pad: usize| StreamEvent::from_frame(&event(pad).to_frame()).is_ok();
    // The largest pad that fits, by bisection.
    let (mut low, mut high) = (0, sse::MAX_FRAME_BYTES);
    while low + 1 < high {
        let mid = (low + high) / 2;
        if fits(mid) { low = mid } else { high = mid }
    }
    let wire = event(low).to_wire();
    let mut decoder = Decoder::new();
    decoder.push(wire.as_bytes());
    let frame = decoder.next_frame().expect("a frame").expect("read back");
    let again = StreamEvent::from_frame(&frame)
        .unwrap()
        .expect("run.failed");
    assert_eq!(again, event(low));
    assert_eq!(frames(&frame.to_wire(), sse::MAX_FRAME_BYTES), [Ok(frame)]);
}

/// An `error` event whose envelope is malformed says why in its `Display`,
/// and has no `source` repeating it.
#[test]
fn a_malformed_event_says_why_once() {
    let frame = "event: error\ndata: {\"error\":{\"type\":\"t\",\"code\":\"C\",\"message\":\"m\",\"retryable\":\"yes\",\"request_id\":\"r\"},\"meta\":{\"request_id\":\"r\"}}\n\n";
    let err = sse::parse_frame(frame).unwrap_err();
    assert!(err.to_string().contains("error.retryable"), "{err}");
    assert!(std::error::Error::source(&err).is_none());
}
