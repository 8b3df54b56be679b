//! Conformance of `sse::Decoder` to the WHATWG HTML "event stream
//! interpretation" (§ 9.2.5–9.2.6), table-driven.
//!
//! The cases are input bytes and the events they must give (event type,
//! data, last event ID), plus the last event ID and reconnection time once
//! the stream has been read:
//!
//! * the examples of the specification's server-sent events section;
//! * the cases of the official Anthropic Python SDK's SSE decoder tests
//!   (`tests/test_streaming.py` of `anthropics/anthropic-sdk-python`, as of
//!   commit 009b035), with the pieces those tests yield; where the SDK's expectation departs from
//!   the specification (it reports frames without data), the case says so
//!   and expects what the specification says;
//! * hostile inputs: byte order marks split or misplaced, line breaks split
//!   across pushes, NUL in IDs, bogus `retry` values, invalid or split
//!   UTF-8, frames over the limit.
//!
//! Every case runs pushed all at once, a byte at a time, in fixed and
//! pseudo-random pieces (with empty pushes mixed in), and, when its input
//! has no `\r` of its own, also with `\r\n` and `\r` line breaks. A small
//! reference reading of the specification (slow and simple: it decodes the
//! whole input, then splits lines) checks each table, and that after every
//! prefix of the input the decoder has given exactly the frames whose
//! blank line has arrived. That the work stays linear in the bytes pushed
//! is shown by the divan bench `benches/sse_decoder.rs`, not by a timed
//! test.

use hasp_errors::sse::{self, Decoder, Frame, SseError, StreamEvent};
use std::time::Duration;

/// What the decoder must give, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    Frame {
        event: String,
        data: String,
        id: Option<String>,
    },
    TooLarge,
    /// Within the limit as read, over it written out: given whole.
    TooLargeToPassOn(Box<Expect>),
}

fn frame(event: &str, data: &str, id: Option<&str>) -> Expect {
    Expect::Frame {
        event: event.to_owned(),
        data: data.to_owned(),
        id: id.map(str::to_owned),
    }
}

/// A `message` event without an ID.
fn message(data: &str) -> Expect {
    frame("message", data, None)
}

fn got(result: Result<Frame, SseError>) -> Expect {
    match result {
        Ok(f) => Expect::Frame {
            event: f.event().to_owned(),
            data: f.data().to_owned(),
            id: f.id().map(str::to_owned),
        },
        Err(SseError::FrameTooLarge { .. }) => Expect::TooLarge,
        Err(SseError::TooLargeToPassOn { frame, .. }) => {
            Expect::TooLargeToPassOn(Box::new(got(Ok(*frame))))
        }
        Err(e) => panic!("next_frame gave {e:?}"),
    }
}

struct Case {
    name: &'static str,
    input: Vec<u8>,
    expect: Vec<Expect>,
    /// `Decoder::last_event_id` once the stream has been read.
    last_event_id: Option<&'static str>,
    /// `Decoder::retry` (milliseconds) once the stream has been read.
    retry: Option<u64>,
    limit: Option<usize>,
    /// The pieces the original test pushes, when it has its own.
    pieces: Option<Vec<&'static [u8]>>,
}

fn case(name: &'static str, input: impl AsRef<[u8]>, expect: Vec<Expect>) -> Case {
    Case {
        name,
        input: input.as_ref().to_vec(),
        expect,
        last_event_id: None,
        retry: None,
        limit: None,
        pieces: None,
    }
}

impl Case {
    fn last_event_id(mut self, id: &'static str) -> Self {
        self.last_event_id = Some(id);
        self
    }
    fn retry(mut self, ms: u64) -> Self {
        self.retry = Some(ms);
        self
    }
    fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }
    /// The input is these pieces, pushed in this order.
    fn pieces(name: &'static str, pieces: Vec<&'static [u8]>, expect: Vec<Expect>) -> Self {
        let mut c = case(name, pieces.concat(), expect);
        c.pieces = Some(pieces);
        c
    }
}

/// The examples of the WHATWG HTML standard, § 9.2 Server-sent events.
fn whatwg_cases() -> Vec<Case> {
    vec![
        // § 9.2.1 Introduction: three messages, the second on two lines.
        case(
            "intro: three messages",
            "data: This is the first message.\n\ndata: This is the second message, it\ndata: has two lines.\n\ndata: This is the third message.\n\n",
            vec![
                message("This is the first message."),
                message("This is the second message, it\nhas two lines."),
                message("This is the third message."),
            ],
        ),
        // § 9.2.1: a stream with two event types, "add" and "remove".
        case(
            "intro: add and remove events",
            "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n",
            vec![
                frame("add", "73857293", None),
                frame("remove", "2153", None),
                frame("add", "113411", None),
            ],
        ),
        // § 9.2.6: the stock ticker, "YHOO\n+2\n10".
        case(
            "stock ticker",
            "data: YHOO\ndata: +2\ndata: 10\n\n",
            vec![message("YHOO\n+2\n10")],
        ),
        // The same, not "followed by a blank line": nothing is dispatched.
        case(
            "stock ticker without its blank line",
            "data: YHOO\ndata: +2\ndata: 10\n",
            vec![],
        ),
        // § 9.2.6: four blocks: a comment, an event with ID 1, an event
        // whose empty `id` resets the ID, an event with one leading space.
        case(
            "four blocks: comment, id, id reset, leading space",
            ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
            vec![
                frame("message", "first event", Some("1")),
                message("second event"),
                message(" third event"),
            ],
        ),
        // "the end of the stream is not enough to trigger the dispatch of
        // the last event".
        case(
            "four blocks, the last one cut by the end of the stream",
            ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n",
            vec![
                frame("message", "first event", Some("1")),
                message("second event"),
            ],
        ),
        // § 9.2.6: "data" alone gives an empty string, "data" twice a single
        // newline, the last block has no blank line and is discarded.
        case(
            "data without a colon, twice, and a cut last block",
            "data\n\ndata\ndata\n\ndata:",
            vec![message(""), message("\n")],
        ),
        // § 9.2.6: "data:test" and "data: test" are the same event.
        case(
            "the space after the colon is dropped",
            "data:test\n\ndata: test\n\n",
            vec![message("test"), message("test")],
        ),
        // § 9.2.5 ABNF: `stream = [ bom ] *event`.
        case(
            "a leading byte order mark",
            "\u{feff}data: a\n\n",
            vec![message("a")],
        ),
        // § 9.2.5: lines end with CRLF, LF or CR, mixed in one stream.
        case(
            "CRLF, LF and CR in one stream",
            "event: e\r\nid: 1\rdata: one\ndata: two\r\n\r\n: c\rdata: three\n\n",
            vec![
                frame("e", "one\ntwo", Some("1")),
                frame("message", "three", Some("1")),
            ],
        )
        .last_event_id("1"),
        // § 9.2.6 dispatch, after step 7: "If an event doesn't have an id
        // field, but an earlier event did set the event source's last event
        // ID string, then the event's lastEventId field will be set to the
        // value of whatever the last seen id field was."
        case(
            "the last event ID carries over",
            "id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\n",
            vec![
                frame("message", "a", Some("7")),
                frame("message", "b", Some("7")),
                frame("message", "c", Some("8")),
            ],
        )
        .last_event_id("8"),
        // Dispatch step 1 comes before step 2: a block without data still
        // sets the last event ID string.
        case(
            "an ID-only block sets the last event ID",
            "id: 3\n\n",
            vec![],
        )
        .last_event_id("3"),
        case(
            "an ID-only block applies to later events",
            "id: 3\n\ndata: x\n\n",
            vec![frame("message", "x", Some("3"))],
        )
        .last_event_id("3"),
        // Steps 2 and 7: the event type buffer is reset even when nothing
        // is dispatched.
        case(
            "a block without data resets the event type",
            "event: ignored\n\ndata: x\n\n",
            vec![message("x")],
        ),
        // Step 6: an empty event type gives `message`.
        case(
            "an empty event type",
            "event:\ndata: x\n\n",
            vec![message("x")],
        ),
        case(
            "the last event field wins",
            "event: a\nevent: b\ndata: x\n\n",
            vec![frame("b", "x", None)],
        ),
        // "If the field name is id: If the field value does not contain
        // U+0000 NULL, then set the last event ID buffer to the field value.
        // Otherwise, ignore the field."
        case(
            "an ID containing NULL is ignored",
            "id: 5\ndata: a\n\nid: 6\0\ndata: b\n\nid: \0\ndata: c\n\n",
            vec![
                frame("message", "a", Some("5")),
                frame("message", "b", Some("5")),
                frame("message", "c", Some("5")),
            ],
        )
        .last_event_id("5"),
        case(
            "an empty id value clears the ID",
            "id: 5\ndata: a\n\nid:\ndata: b\n\n",
            vec![frame("message", "a", Some("5")), message("b")],
        ),
        // "If the field name is retry: If the field value consists of only
        // ASCII digits, then interpret the field value as an integer in base
        // ten, and set the event stream's reconnection time to that integer.
        // Otherwise, ignore the field."
        case("retry with digits", "retry: 5000\n\n", vec![]).retry(5000),
        case("retry with leading zeros", "retry: 0042\n", vec![]).retry(42),
        // "Field names must be compared literally, with no case folding."
        case(
            "field names are case-sensitive",
            "Data: x\nDATA: y\nEvent: e\nID: 1\nRetry: 1\n\n",
            vec![],
        ),
        // "Otherwise: The field is ignored."
        case(
            "unknown fields and comments are ignored",
            ": ping\nfoo: bar\nfoo\ndata: x\n:\n\n",
            vec![message("x")],
        ),
        // Only one space is removed after the colon.
        case(
            "one space removed, not more",
            "data:   x\n\n",
            vec![message("  x")],
        ),
        // The value is everything after the first colon.
        case(
            "colons in the value",
            "data: a:b: c\n\n",
            vec![message("a:b: c")],
        ),
        // A data line with an empty value still counts.
        case("data with an empty value", "data:\n\n", vec![message("")]),
        case(
            "empty data lines joined",
            "data:\ndata:\n\n",
            vec![message("\n")],
        ),
        case("blank lines alone", "\n\n\r\n\r\r", vec![]),
        case("an empty stream", "", vec![]),
    ]
}

/// The cases of the Anthropic Python SDK's SSE tests
/// (`tests/test_streaming.py`), with the pieces each test yields.
fn sdk_cases() -> Vec<Case> {
    vec![
        // test_basic
        Case::pieces(
            "sdk: basic",
            vec![b"event: completion\n", b"data: {\"foo\":true}\n", b"\n"],
            vec![frame("completion", "{\"foo\":true}", None)],
        ),
        // test_data_missing_event: the SDK's event is None; the
        // specification's type is `message`.
        Case::pieces(
            "sdk: data missing event",
            vec![b"data: {\"foo\":true}\n", b"\n"],
            vec![message("{\"foo\":true}")],
        ),
        // test_event_missing_data: the SDK yields a `ping` event with empty
        // data; the specification dispatches nothing for a block without a
        // data line (dispatch step 2).
        Case::pieces("sdk: event missing data", vec![b"event: ping\n", b"\n"], vec![]),
        // test_multiple_events: two blocks without data; the SDK yields two
        // events, the specification none.
        Case::pieces(
            "sdk: multiple events",
            vec![b"event: ping\n", b"\n", b"event: completion\n", b"\n"],
            vec![],
        ),
        // test_multiple_events_with_data
        Case::pieces(
            "sdk: multiple events with data",
            vec![
                b"event: ping\n",
                b"data: {\"foo\":true}\n",
                b"\n",
                b"event: completion\n",
                b"data: {\"bar\":false}\n",
                b"\n",
            ],
            vec![
                frame("ping", "{\"foo\":true}", None),
                frame("completion", "{\"bar\":false}", None),
            ],
        ),
        // test_multiple_data_lines_with_empty_line
        Case::pieces(
            "sdk: multiple data lines with empty line",
            vec![
                b"event: ping\n",
                b"data: {\n",
                b"data: \"foo\":\n",
                b"data: \n",
                b"data:\n",
                b"data: true}\n",
                b"\n\n",
            ],
            vec![frame("ping", "{\n\"foo\":\n\n\ntrue}", None)],
        ),
        // test_data_json_escaped_double_new_line: `\n` escapes inside the
        // JSON are not line breaks.
        Case::pieces(
            "sdk: data json escaped double new line",
            vec![
                b"event: ping\n",
                b"data: {\"foo\": \"my long\\n\\ncontent\"}",
                b"\n\n",
            ],
            vec![frame("ping", "{\"foo\": \"my long\\n\\ncontent\"}", None)],
        ),
        // test_multiple_data_lines
        Case::pieces(
            "sdk: multiple data lines",
            vec![
                b"event: ping\n",
                b"data: {\n",
                b"data: \"foo\":\n",
                b"data: true}\n",
                b"\n\n",
            ],
            vec![frame("ping", "{\n\"foo\":\ntrue}", None)],
        ),
        // test_special_new_line_character: U+2028 LINE SEPARATOR is not a
        // line break.
        Case::pieces(
            "sdk: special new line character",
            vec![
                b"data: {\"content\":\" culpa\"}\n",
                b"\n",
                b"data: {\"content\":\" \xe2\x80\xa8\"}\n",
                b"\n",
                b"data: {\"content\":\"foo\"}\n",
                b"\n",
            ],
            vec![
                message("{\"content\":\" culpa\"}"),
                message("{\"content\":\" \u{2028}\"}"),
                message("{\"content\":\"foo\"}"),
            ],
        ),
        // test_multi_byte_character_multiple_chunks: "известни" split
        // inside its characters.
        Case::pieces(
            "sdk: multi-byte character in multiple chunks",
            vec![
                b"data: {\"content\":\"",
                b"\xd0",
                b"\xb8\xd0\xb7\xd0",
                b"\xb2\xd0\xb5\xd1\x81\xd1\x82\xd0\xbd\xd0\xb8",
                b"\"}\n",
                b"\n",
            ],
            vec![message("{\"content\":\"известни\"}")],
        ),
        // test_error_type (the frame; what next_event makes of it is
        // checked in `sdk_error_event_is_reported_not_passed_over`).
        Case::pieces(
            "sdk: error type",
            vec![
                b"event: error\n",
                b"data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n",
            ],
            vec![frame(
                "error",
                "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}",
                None,
            )],
        ),
    ]
}

/// Inputs meant to break a decoder.
fn hostile_cases() -> Vec<Case> {
    let big = "x".repeat(200);
    vec![
        // Byte order marks.
        case("a BOM later in the stream is not stripped", "data: a\n\n\u{feff}data: b\n\n", vec![message("a")]),
        case("only one BOM is stripped", "\u{feff}\u{feff}data: a\n\n", vec![]),
        case("a BOM inside data is kept", "data: \u{feff}x\n\n", vec![message("\u{feff}x")]),
        case("a BOM alone", "\u{feff}", vec![]),
        case("a BOM, then a blank line", "\u{feff}\n\u{feff}data: x\n\n", vec![]),
        case(
            "the start of a BOM only",
            b"\xEF\xBBdata: a\n\n\xEFdata: b\n\n",
            vec![],
        ),
        case(
            "the start of a BOM, then a line break",
            b"\xEF\xBB\ndata: a\n\n",
            vec![message("a")],
        ),
        // Line breaks.
        case("CR, then CRLF", "data: a\r\r\n", vec![message("a")]),
        case("LF, then CRLF", "data: a\n\r\n", vec![message("a")]),
        case("CRLF, then CR", "data: a\r\n\r", vec![message("a")]),
        case("LF, then CR", "data: a\n\rdata: b\n\n", vec![message("a"), message("b")]),
        case("CR LF CR LF", "data: a\r\n\r\ndata: b\r\n\r\n", vec![message("a"), message("b")]),
        case("LF CR is two line breaks", "data: a\n\r\n\rdata: b\n\n", vec![message("a"), message("b")]),
        // Values.
        case("NUL in data is kept", "data: a\0b\n\n", vec![message("a\0b")]),
        case(
            "retry: only ASCII digits count",
            "retry: 5000\ndata: a\n\nretry: 1a\nretry: -1\nretry: +1\nretry:  7\nretry: 1.5\nretry:\nretry\nretry: 0x10\nretry: \u{663}\nretry: 7 \n retry: 7\ndata: b\n\n",
            vec![message("a"), message("b")],
        )
        .retry(5000),
        case(
            "retry: a number too large is ignored",
            "retry: 10\nretry: 99999999999999999999999\n\n",
            vec![],
        )
        .retry(10),
        case("retry: zero", "retry: 0\n\n", vec![]).retry(0),
        case("retry: the last valid value wins", "retry: 1\nretry: 2\n", vec![]).retry(2),
        // UTF-8.
        case(
            "invalid UTF-8 becomes U+FFFD",
            b"data: a\xFFb\n\nevent: \xC3\ndata: \xE2\x82\rdata: \xED\xA0\x80\n\n",
            vec![
                message("a\u{FFFD}b"),
                frame("\u{FFFD}", "\u{FFFD}\n\u{FFFD}\u{FFFD}\u{FFFD}", None),
            ],
        ),
        case(
            "invalid UTF-8 in a field name or an ID",
            b"dat\xE1: x\n\nid: \xFF\ndata: y\n\n",
            vec![frame("message", "y", Some("\u{FFFD}"))],
        )
        .last_event_id("\u{FFFD}"),
        case(
            "multi-byte characters",
            "event: é\ndata: €😀\u{10FFFF}\n\n",
            vec![frame("é", "€😀\u{10FFFF}", None)],
        ),
        // End of stream.
        case(
            "an unfinished frame does not set the last event ID",
            "data: a\n\nid: 9\ndata: b\n",
            vec![message("a")],
        ),
        case("a last line without a line break", "data: a\n\ndata: b", vec![message("a")]),
        // The size limit: lines with their line breaks.
        case(
            "a long line over the limit, then a valid frame",
            format!("data: {big}\n\ndata: ok\n\n"),
            vec![Expect::TooLarge, message("ok")],
        )
        .limit(64),
        case(
            "a line that never ends",
            format!("data: ok\n\ndata: {big}{big}{big}"),
            vec![message("ok"), Expect::TooLarge],
        )
        .limit(64),
        case(
            "many short lines over the limit",
            format!("{}\ndata: ok\n\n", "data: 12345\n".repeat(10)),
            vec![Expect::TooLarge, message("ok")],
        )
        .limit(64),
        case(
            "two oversized frames in a row",
            format!("data: {big}\n\ndata: {big}\n\ndata: ok\n\n"),
            vec![Expect::TooLarge, Expect::TooLarge, message("ok")],
        )
        .limit(64),
        case(
            "a long comment counts too",
            format!(": {big}\ndata: a\n\ndata: ok\n\n"),
            vec![Expect::TooLarge, message("ok")],
        )
        .limit(64),
        case(
            "an oversized frame's earlier lines keep their effect",
            format!("id: 1\nretry: 9\nevent: e\ndata: {big}\nid: 2\n\ndata: ok\n\n"),
            vec![Expect::TooLarge, frame("message", "ok", Some("1"))],
        )
        .limit(64)
        .last_event_id("1")
        .retry(9),
        // Written out (`Frame::to_wire`), `data: 1234` is `event: message`,
        // `id` and `data: 1234`, 29 bytes with their line breaks (the
        // blank line after them does not count, as when read).
        case(
            "a frame of exactly the limit, written out",
            "data:1234\n\n",
            vec![message("1234")],
        )
        .limit(29),
        case(
            "one byte over the limit, written out",
            "data:1234\n\ndata: 1\n\n",
            vec![
                Expect::TooLargeToPassOn(Box::new(message("1234"))),
                message("1"),
            ],
        )
        .limit(28),
        case(
            "one byte over the limit, as read",
            ": 12345678901234567890\ndata: 1\n\ndata: 2\n\n",
            vec![Expect::TooLarge, message("2")],
        )
        .limit(29),
        case(
            "the blank lines between frames do not count",
            "data: 1\n\n\n\n\n\n\n\n\n\ndata: 2\n\n",
            vec![message("1"), message("2")],
        )
        .limit(26),
    ]
}

/// Pseudo-random numbers (xorshift64), the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The ways to cut `input` into pushes, with a name for each.
fn chunkings(input: &[u8]) -> Vec<(String, Vec<&[u8]>)> {
    let mut all = vec![("all at once".to_owned(), vec![input])];
    for size in [1, 2, 3, 5, 7, 64] {
        all.push((format!("{size}-byte pieces"), input.chunks(size).collect()));
    }
    for seed in [1, 2, 3, 0x2545_F491_4F6C_DD1D] {
        let mut rng = Rng(seed);
        let mut pieces = Vec::new();
        let mut rest = input;
        while !rest.is_empty() {
            if rng.next().is_multiple_of(4) {
                pieces.push(&rest[..0]);
            }
            let n = (1 + (rng.next() % 17) as usize).min(rest.len());
            let (piece, tail) = rest.split_at(n);
            pieces.push(piece);
            rest = tail;
        }
        all.push((format!("random pieces, seed {seed}"), pieces));
    }
    all
}

/// The input with each `\n` replaced by each line break the format allows,
/// when it has no `\r` of its own.
fn line_endings(input: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    if input.contains(&b'\r') {
        return vec![("as written", input.to_vec())];
    }
    let replace = |with: &[u8]| {
        input
            .iter()
            .flat_map(|&b| if b == b'\n' { with.to_vec() } else { vec![b] })
            .collect()
    };
    vec![
        ("LF", input.to_vec()),
        ("CRLF", replace(b"\r\n")),
        ("CR", replace(b"\r")),
    ]
}

fn decoder(limit: Option<usize>) -> Decoder {
    limit.map_or_else(Decoder::new, Decoder::with_limit)
}

/// Pushes the pieces, taking frames out after each push; checks that the
/// end of the stream brings nothing more.
fn decode(limit: Option<usize>, pieces: &[&[u8]]) -> (Vec<Expect>, Decoder) {
    let mut d = decoder(limit);
    let mut out = Vec::new();
    for piece in pieces {
        d.push(piece);
        while let Some(r) = d.next_frame() {
            out.push(got(r));
        }
    }
    d.finish();
    assert_eq!(d.next_frame(), None, "finish() gave a frame");
    (out, d)
}

fn check(case: &Case) {
    let mut runs: Vec<(String, Vec<&[u8]>)> = Vec::new();
    if let Some(pieces) = &case.pieces {
        runs.push(("the original pieces".to_owned(), pieces.clone()));
    }
    let variants = line_endings(&case.input);
    for (ending, input) in &variants {
        for (how, pieces) in chunkings(input) {
            runs.push((format!("{ending}, {how}"), pieces));
        }
    }
    for (how, pieces) in runs {
        let (out, d) = decode(case.limit, &pieces);
        let what = format!("case {:?}, {how}", case.name);
        assert_eq!(out, case.expect, "{what}");
        assert_eq!(
            d.last_event_id(),
            case.last_event_id,
            "{what}: last event ID"
        );
        assert_eq!(
            d.retry(),
            case.retry.map(Duration::from_millis),
            "{what}: retry"
        );
    }
}

fn check_table(cases: &[Case]) {
    for case in cases {
        if case.limit.is_none() {
            let reference = Reference::read(&case.input);
            assert_eq!(
                reference.frames, case.expect,
                "reference, case {:?}",
                case.name
            );
            assert_eq!(
                reference.last_event_id.as_deref(),
                case.last_event_id,
                "reference, case {:?}",
                case.name
            );
            assert_eq!(
                reference.retry, case.retry,
                "reference, case {:?}",
                case.name
            );
        }
        check(case);
    }
}

#[test]
fn whatwg_examples() {
    check_table(&whatwg_cases());
}

#[test]
fn anthropic_sdk_cases() {
    check_table(&sdk_cases());
}

#[test]
fn hostile_inputs() {
    check_table(&hostile_cases());
}

/// After every prefix of every input, pushed at once or a byte at a time,
/// the decoder has given exactly the frames the reference reads from that
/// prefix: a frame is ready as soon as its blank line has arrived, never
/// later and never earlier.
#[test]
fn frames_are_ready_as_soon_as_their_blank_line_arrives() {
    let tables = [whatwg_cases(), sdk_cases(), hostile_cases()];
    for case in tables.iter().flatten().filter(|c| c.limit.is_none()) {
        for (ending, input) in line_endings(&case.input) {
            let mut bytewise = Decoder::new();
            let mut so_far = Vec::new();
            for p in 0..=input.len() {
                if p > 0 {
                    bytewise.push(&input[p - 1..p]);
                }
                while let Some(r) = bytewise.next_frame() {
                    so_far.push(got(r));
                }
                let reference = Reference::read(&input[..p]);
                let what = format!("case {:?}, {ending}, prefix of {p} bytes", case.name);
                assert_eq!(so_far, reference.frames, "{what}, a byte at a time");
                assert_eq!(
                    bytewise.last_event_id(),
                    reference.last_event_id.as_deref(),
                    "{what}"
                );
                let mut at_once = Decoder::new();
                at_once.push(&input[..p]);
                let out: Vec<_> = std::iter::from_fn(|| at_once.next_frame())
                    .map(got)
                    .collect();
                assert_eq!(out, reference.frames, "{what}, at once");
            }
        }
    }
}

/// The SDK raises an API error for this frame; `next_event` reports it
/// (its data is not a HASP envelope) instead of passing it over.
#[test]
fn sdk_error_event_is_reported_not_passed_over() {
    let mut d = Decoder::new();
    d.push(b"event: error\n");
    d.push(b"data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n");
    let err = match d.next_event() {
        Some(Err(e @ SseError::Envelope { event: "error", .. })) => e,
        other => panic!("{other:?}"),
    };
    // What the server said is still there, in the frame the error keeps.
    assert!(
        err.frame().unwrap().data().contains("Overloaded"),
        "{err:?}"
    );
    assert_eq!(d.next_event(), None);
}

#[test]
fn a_frame_the_events_cannot_read_keeps_its_data_and_id() {
    let mut d = Decoder::new();
    d.push(b"id: ev_9\nevent: run.failed\ndata: {\"object\": [1]}\n\n");
    let err = d.next_event().unwrap().unwrap_err();
    let frame = err.frame().expect("a frame's error keeps the frame");
    assert_eq!(frame.id(), Some("ev_9"));
    assert_eq!(frame.data(), "{\"object\": [1]}");
}

#[test]
fn frames_written_back_in_order_give_the_same_ids_resets_included() {
    // What a proxy does: decode, write each frame back, in order.
    let upstream = b"id: 5\nevent: error\ndata: x\n\nid\nevent: error\ndata: y\n\nevent: ping\ndata: z\n\nid: 6\ndata: w\n\n";
    let mut d = Decoder::new();
    d.push(upstream);
    let mut frames = Vec::new();
    let mut wire = String::new();
    while let Some(frame) = d.next_frame() {
        let frame = frame.unwrap();
        wire.push_str(&frame.to_wire());
        frames.push(frame);
    }
    let ids: Vec<Option<&str>> = frames.iter().map(Frame::id).collect();
    assert_eq!(ids, [Some("5"), None, None, Some("6")]);
    let mut again = Decoder::new();
    again.push(wire.as_bytes());
    let mut round = Vec::new();
    while let Some(frame) = again.next_frame() {
        round.push(frame.unwrap());
    }
    assert_eq!(round, frames);
    assert_eq!(again.last_event_id(), d.last_event_id());
}

#[test]
fn a_decoded_frame_written_back_keeps_its_id() {
    let mut d = Decoder::new();
    d.push(b"id: 7\nevent: error\ndata: x\n\nevent: ping\ndata: y\n\n");
    for _ in 0..2 {
        // The second frame has the id carried over from the first.
        let frame = d.next_frame().unwrap().unwrap();
        assert_eq!(frame.id(), Some("7"));
        let mut again = Decoder::new();
        again.push(frame.to_wire().as_bytes());
        assert_eq!(again.next_frame().unwrap().unwrap(), frame);
    }
    // A frame made here has no id, and its wire form no `id:` line.
    assert!(!Frame::new("error", "x").to_wire().contains("id:"));
}

#[test]
fn a_cr_at_the_end_of_a_push_and_a_lf_at_the_start_of_the_next() {
    let mut d = Decoder::new();
    d.push(b"id: 1\r");
    d.push(b"\ndata: a\r");
    d.push(b"");
    d.push(b"\n\r");
    // The blank line has arrived: the frame is ready without more bytes.
    assert_eq!(
        got(d.next_frame().unwrap()),
        frame("message", "a", Some("1"))
    );
    // This `\n` completes the `\r\n` above: it is not another blank line.
    d.push(b"\n");
    d.push(b"data: b\r\r");
    assert_eq!(
        got(d.next_frame().unwrap()),
        frame("message", "b", Some("1"))
    );
    assert_eq!(d.next_frame(), None);
    // A `\n` after a `\r` that ended a line with content ends nothing more.
    d.push(b"\ndata: c\n\n");
    assert_eq!(
        got(d.next_frame().unwrap()),
        frame("message", "c", Some("1"))
    );
}

#[test]
fn a_bom_split_across_pushes() {
    for split in 0..=3 {
        let input = b"\xEF\xBB\xBFdata: a\n\n";
        let mut d = Decoder::new();
        d.push(&input[..split]);
        d.push(b"");
        d.push(&input[split..]);
        assert_eq!(
            got(d.next_frame().unwrap()),
            message("a"),
            "split at {split}"
        );
        // Past the start, a BOM is part of the line.
        d.push(&input[..split]);
        d.push(&input[split..]);
        assert_eq!(d.next_frame(), None, "split at {split}");
    }
}

/// Every character of a line cut at every byte, in two pushes.
#[test]
fn multi_byte_characters_split_at_every_byte() {
    let input = "event: ü\nid: ид\ndata: €😀é\u{2028}x\n\n".as_bytes();
    for cut in 0..=input.len() {
        let mut d = Decoder::new();
        d.push(&input[..cut]);
        d.push(&input[cut..]);
        assert_eq!(
            got(d.next_frame().unwrap()),
            frame("ü", "€😀é\u{2028}x", Some("ид")),
            "cut at {cut}"
        );
    }
}

/// A server trickling one endless line: one error, the rest of the line is
/// skipped however long it gets, and the stream goes on after its frame.
#[test]
fn an_endless_line_gives_one_error_and_the_stream_goes_on() {
    let limit = 1024;
    let mut d = Decoder::with_limit(limit);
    d.push(b"data: ");
    let mut errors = 0;
    for _ in 0..20_000 {
        d.push(&[b'x'; 61]);
        d.push(b"\xF0\x9F");
        d.push(b"\x98\x80");
        while let Some(r) = d.next_frame() {
            assert_eq!(r, Err(SseError::FrameTooLarge { limit }));
            errors += 1;
        }
    }
    assert_eq!(errors, 1);
    d.push(b"\r");
    d.push(b"data: still skipped\r\n");
    assert_eq!(d.next_frame(), None);
    d.push(b"\r\n");
    assert_eq!(d.next_frame(), None);
    d.push(b"data: ok\n\n");
    assert_eq!(got(d.next_frame().unwrap()), message("ok"));
}

/// `parse_frame` still reads one frame, its blank line optional.
#[test]
fn parse_frame_still_reads_one_frame() {
    let event = StreamEvent::new_error(&hasp_errors::HaspError::InternalError, "m", "r");
    let wire = event.to_wire();
    assert_eq!(sse::parse_frame(&wire), Ok(Some(event.clone())));
    assert_eq!(sse::parse_frame(wire.trim_end()), Ok(Some(event.clone())));
    let cr = wire.replace('\n', "\r");
    assert_eq!(sse::parse_frame(&cr), Ok(Some(event.clone())));
    assert_eq!(
        sse::parse_frame(&format!("\u{feff}id: 4\r\n{}", wire.replace('\n', "\r\n"))),
        Ok(Some(event))
    );
}

/// The specification's algorithm, written as plainly as possible: decode
/// the whole input as UTF-8 (replacing errors, stripping one leading BOM),
/// split it into lines (an unterminated last line is dropped), then process
/// the lines with the data buffer, event type buffer and last event ID
/// buffer exactly as § 9.2.6 words it (a `\n` appended per data line and
/// the last one removed at dispatch). Slow; no size limit.
struct Reference {
    frames: Vec<Expect>,
    last_event_id: Option<String>,
    retry: Option<u64>,
}

impl Reference {
    fn read(input: &[u8]) -> Reference {
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let text = String::from_utf8_lossy(input);
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    lines.push(std::mem::take(&mut line));
                }
                '\n' => lines.push(std::mem::take(&mut line)),
                c => line.push(c),
            }
        }
        // `line` holds the unterminated last line: pending data, discarded.
        let mut reference = Reference {
            frames: Vec::new(),
            last_event_id: None,
            retry: None,
        };
        let (mut data, mut event_type, mut id_buffer) =
            (String::new(), String::new(), String::new());
        for line in lines {
            if line.is_empty() {
                // Dispatch the event.
                let last_event_id = id_buffer.clone();
                reference.last_event_id = Some(last_event_id.clone()).filter(|s| !s.is_empty());
                if data.is_empty() {
                    event_type.clear();
                    continue;
                }
                if data.ends_with('\n') {
                    data.pop();
                }
                let event = if event_type.is_empty() {
                    "message".to_owned()
                } else {
                    event_type.clone()
                };
                reference.frames.push(Expect::Frame {
                    event,
                    data: std::mem::take(&mut data),
                    id: Some(last_event_id).filter(|s| !s.is_empty()),
                });
                event_type.clear();
                continue;
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = match line.find(':') {
                Some(i) => {
                    let value = &line[i + 1..];
                    (&line[..i], value.strip_prefix(' ').unwrap_or(value))
                }
                None => (line.as_str(), ""),
            };
            match field {
                "event" => event_type = value.to_owned(),
                "data" => {
                    data.push_str(value);
                    data.push('\n');
                }
                "id" if !value.contains('\0') => id_buffer = value.to_owned(),
                "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                    if let Ok(ms) = value.parse() {
                        reference.retry = Some(ms);
                    }
                }
                _ => {}
            }
        }
        reference
    }
}

/// Random streams built from the format's pieces and bad bytes, cut into
/// random pushes: the decoder agrees with the reference on every one.
#[test]
fn random_streams_match_the_reference() {
    const TOKENS: &[&[u8]] = &[
        b"data",
        b"event",
        b"id",
        b"retry",
        b":",
        b" ",
        b"\r",
        b"\n",
        b"\r\n",
        b"\n\n",
        b"\xEF\xBB\xBF",
        b"\xEF\xBB",
        b"\xFF",
        b"\0",
        b"\xC3\xA9",
        b"\xF0\x9F\x98",
        b"\x80",
        b"x",
        b"12",
        b"message",
        b"error",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..3000 {
        let mut input = Vec::new();
        for _ in 0..rng.next() % 60 {
            input.extend_from_slice(TOKENS[(rng.next() as usize) % TOKENS.len()]);
        }
        let mut d = Decoder::new();
        let mut out = Vec::new();
        let mut rest = &input[..];
        while !rest.is_empty() {
            let n = ((rng.next() % 9) as usize).min(rest.len());
            d.push(&rest[..n]);
            rest = &rest[n..];
            out.extend(std::iter::from_fn(|| d.next_frame()).map(got));
        }
        let reference = Reference::read(&input);
        let what = format!("round {round}, input {:?}", String::from_utf8_lossy(&input));
        assert_eq!(out, reference.frames, "{what}");
        assert_eq!(
            d.last_event_id(),
            reference.last_event_id.as_deref(),
            "{what}"
        );
        assert_eq!(
            d.retry(),
            reference.retry.map(Duration::from_millis),
            "{what}"
        );
        d.finish();
        assert_eq!(d.next_frame(), None, "{what}");
    }
}
