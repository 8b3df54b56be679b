"""End to end: the example gateway's catalog errors, as the official Anthropic
Python SDK sees them.

For every code in catalog/errors.yaml: the exception class the SDK raises, its
`request_id`, `api_message`, `type` and `error_code` (the HASP code, read from
`error.details.error_code`), and how many requests the gateway saw with
`max_retries=2` (3 exactly when the catalog says the code is retryable). Every
body the SDK reports, streamed ones included, and every raw response of the
gateway for every code validates against docs/errors.schema.json, with the
headers docs/errors.openapi.json gives its status.

Run with e2e/run.sh (builds the gateway, installs the pinned SDK). The gateway
binary is $HASP_GATEWAY_BIN, or target/debug/examples/gateway.

Speed: the SDK's own backoff (0.5 s, then 1 s, with jitter) is shrunk to 10 ms
by patching its INITIAL_RETRY_DELAY / MAX_RETRY_DELAY constants. A delay the
server sends (RATE_LIMITED's `retry-after: 1`) is not patched: the SDK really
sleeps it, and the test checks that it did.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import anthropic
import anthropic._base_client as sdk_base
import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
CATALOG = yaml.safe_load((ROOT / "catalog" / "errors.yaml").read_text(encoding="utf-8"))
CODES = sorted(CATALOG["codes"])
SCHEMA = Draft202012Validator(json.loads((ROOT / "docs" / "errors.schema.json").read_text(encoding="utf-8")))
OPENAPI = json.loads((ROOT / "docs" / "errors.openapi.json").read_text(encoding="utf-8"))
MAX_RETRIES = 2
MESSAGES = [{"role": "user", "content": "Hello"}]
# Any name: the gateway echoes it (a real, deprecated model name makes the SDK warn).
MODEL = "hasp-example-model"


def status_of(code: str) -> int:
    return CATALOG["types"][CATALOG["codes"][code]["type"]]["status"]


def retryable(code: str) -> bool:
    """The catalog's retry policy: `backoff` and `after_delay` are retryable."""
    retry = CATALOG["codes"][code]["retry"]
    if isinstance(retry, dict):
        (kind,) = retry.keys()
    else:
        kind = retry
    return kind in ("backoff", "after_delay")


def expected_exception(status: int) -> type[anthropic.APIStatusError]:
    """The class the SDK raises for a status (anthropic 2.13)."""
    by_status = {
        400: anthropic.BadRequestError,
        401: anthropic.AuthenticationError,
        402: anthropic.PaymentRequiredError,
        403: anthropic.PermissionDeniedError,
        404: anthropic.NotFoundError,
        422: anthropic.UnprocessableEntityError,
        429: anthropic.RateLimitError,
        503: anthropic.ServiceUnavailableError,
    }
    if status in by_status:
        return by_status[status]
    if status >= 500:
        return anthropic.InternalServerError
    return anthropic.APIStatusError


@pytest.fixture(scope="session")
def gateway():
    """Starts the example gateway on a free loopback port."""
    binary = Path(os.environ.get("HASP_GATEWAY_BIN", ROOT / "target" / "debug" / "examples" / "gateway"))
    if not binary.exists():
        pytest.fail(f"{binary} is missing: cargo build -p hasp-errors --features axum --example gateway")
    env = dict(os.environ, HASP_GATEWAY_ADDR="127.0.0.1:0")
    proc = subprocess.Popen([str(binary)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.fullmatch(r"listening on (127\.0\.0\.1:\d+)\n", line)
        assert match, f"unexpected first line from the gateway: {line!r}"
        yield f"http://{match.group(1)}"
    finally:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(sdk_base, "INITIAL_RETRY_DELAY", 0.01)
    monkeypatch.setattr(sdk_base, "MAX_RETRY_DELAY", 0.01)


@pytest.fixture
def client(gateway):
    with anthropic.Anthropic(base_url=gateway, api_key="sk-test", max_retries=MAX_RETRIES, timeout=10.0) as c:
        yield c


def assert_valid_envelope(body) -> None:
    """The body validates against the committed JSON Schema."""
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in SCHEMA.iter_errors(body)]
    assert not problems, f"{json.dumps(body)}\n" + "\n".join(problems)


def request_counts(gateway: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{gateway}/__requests", timeout=5) as response:
        return json.load(response)


def count_requests(gateway: str, code: str, call) -> tuple[BaseException, int, float]:
    """Runs `call`, which must raise; returns the error, how many requests
    asked for `code` meanwhile, and the seconds it took."""
    before = request_counts(gateway).get(code, 0)
    start = time.monotonic()
    with pytest.raises(anthropic.APIStatusError) as info:
        call()
    elapsed = time.monotonic() - start
    return info.value, request_counts(gateway).get(code, 0) - before, elapsed


def test_the_catalog_has_every_code_the_issue_names():
    # The reference's codes (codes may be added to the catalog; these are
    # what the tests below lean on).
    assert {"RATE_LIMITED", "INTERNAL_ERROR", "AI_CREDITS_EXHAUSTED", "VALIDATION_FAILED"} <= set(CODES)
    assert CATALOG.get("details_error_code", True), "the SDKs' error_code needs details_error_code"
    assert retryable("RATE_LIMITED") and retryable("INTERNAL_ERROR")
    assert not retryable("AI_CREDITS_EXHAUSTED") and not retryable("VALIDATION_FAILED")


@pytest.mark.parametrize("code", CODES)
def test_sdk_raises_the_right_error_and_retries_as_the_catalog_says(gateway, client, code):
    status = status_of(code)
    err, requests, elapsed = count_requests(
        gateway,
        code,
        lambda: client.messages.create(
            model=MODEL, max_tokens=16, messages=MESSAGES, extra_headers={"x-hasp-error": code}
        ),
    )
    assert type(err) is expected_exception(status), f"{code}: {type(err).__name__}"
    assert err.status_code == status
    body = err.body
    assert body["error"]["code"] == code
    # The request id the SDK reports is the one the server put in the body (of the last try).
    assert re.fullmatch(r"req_\d+", err.request_id), err.request_id
    assert err.request_id == body["error"]["request_id"] == body["meta"]["request_id"]
    assert err.api_message == body["error"]["message"]
    assert CATALOG["codes"][code]["summary"] in err.api_message
    assert err.api_message in str(err)
    assert err.type == CATALOG["codes"][code]["type"]
    # The SDK's stable code attribute is the HASP code (from error.details.error_code).
    assert err.error_code == code == body["error"]["details"]["error_code"]
    assert_valid_envelope(body)
    assert body["error"]["retryable"] is retryable(code)
    assert err.response.headers["x-should-retry"] == ("true" if retryable(code) else "false")
    assert requests == (MAX_RETRIES + 1 if retryable(code) else 1), f"{code}: {requests} requests"
    if "after_delay" in (CATALOG["codes"][code]["retry"] or {}):
        # The gateway's sample waits 1 s, sent as retry-after; the SDK obeys it.
        assert err.response.headers["retry-after"] == "1"
        assert elapsed >= MAX_RETRIES * 1.0, elapsed
    else:
        assert "retry-after" not in err.response.headers
        assert elapsed < 5, elapsed


def test_a_long_rate_limit_delay_is_not_slept_by_the_sdk(gateway, client):
    err, requests, elapsed = count_requests(
        gateway,
        "RATE_LIMITED",
        lambda: client.messages.create(
            model=MODEL,
            max_tokens=16,
            messages=MESSAGES,
            extra_headers={"x-hasp-error": "RATE_LIMITED", "x-hasp-retry-after": "3600"},
        ),
    )
    assert isinstance(err, anthropic.RateLimitError)
    assert err.response.headers["retry-after"] == "3600"
    assert err.response.headers["x-should-retry"] == "false"
    assert err.body["error"]["retryable"] is True
    assert err.body["error"]["details"] == {"error_code": "RATE_LIMITED", "retry_after_seconds": 3600}
    assert err.error_code == "RATE_LIMITED"
    assert requests == 1
    assert elapsed < 5


@pytest.mark.parametrize(
    ("error_type", "is_retryable", "exception", "requests"),
    [
        ("invalid_request", "false", anthropic.BadRequestError, 1),
        ("service_unavailable", "true", anthropic.ServiceUnavailableError, MAX_RETRIES + 1),
    ],
)
def test_codes_newer_than_the_crate(gateway, client, error_type, is_retryable, exception, requests):
    code = "FUTURE_" + error_type.upper()
    err, seen, _ = count_requests(
        gateway,
        code,
        lambda: client.messages.create(
            model=MODEL,
            max_tokens=16,
            messages=MESSAGES,
            extra_headers={
                "x-hasp-error": code,
                "x-hasp-error-type": error_type,
                "x-hasp-error-retryable": is_retryable,
            },
        ),
    )
    assert type(err) is exception
    assert err.body["error"]["code"] == code
    assert err.error_code == code
    assert_valid_envelope(err.body)
    assert err.type == error_type
    assert err.request_id == err.body["error"]["request_id"]
    assert seen == requests


@pytest.mark.parametrize("code", CODES)
def test_stream_errors_arrive_as_error_events(gateway, client, code):
    events = []

    def consume():
        stream = client.messages.create(
            model=MODEL,
            max_tokens=16,
            messages=MESSAGES,
            stream=True,
            extra_headers={"x-hasp-error": code},
        )
        for event in stream:
            events.append(event.type)

    err, requests, _ = count_requests(gateway, code, consume)
    # Before the run could be created, the error is the stream's only event
    # (as the reference says), after its 200: no retry, whatever the code.
    assert requests == 1
    assert events == []
    assert err.status_code == 200
    assert err.body["error"]["code"] == code
    assert err.api_message == err.body["error"]["message"]
    assert CATALOG["codes"][code]["summary"] in err.api_message
    assert err.type == CATALOG["codes"][code]["type"]
    assert err.request_id == err.body["error"]["request_id"]
    assert err.error_code == code
    assert_valid_envelope(err.body)


def request(
    gateway: str, method: str, path: str, data: bytes | None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One raw request to the gateway: the status, the headers and the body."""
    req = urllib.request.Request(
        f"{gateway}{path}",
        data=data,
        headers={"content-type": "application/json", **(headers or {})},
        method=method,
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def post(gateway: str, headers: dict[str, str], body: dict) -> tuple[int, dict[str, str], bytes]:
    """One raw `POST /v1/messages`."""
    return request(gateway, "POST", "/v1/messages", json.dumps(body).encode(), headers)


@pytest.mark.parametrize(
    "headers",
    [{"x-hasp-error": code} for code in CODES]
    + [
        {"x-hasp-error": "RATE_LIMITED", "x-hasp-retry-after": "3600"},
        {"x-hasp-error": "FUTURE_CODE", "x-hasp-error-type": "brand_new", "x-hasp-error-retryable": "true"},
        {"x-hasp-error": "not a code"},
    ],
    ids=lambda h: "-".join(h.values()),
)
def test_every_gateway_response_validates_against_the_contract(gateway, headers):
    body = {"model": MODEL, "max_tokens": 16, "messages": MESSAGES}
    status, got, raw = post(gateway, headers, body)
    envelope = json.loads(raw)
    assert_valid_envelope(envelope)
    code = envelope["error"]["code"]
    assert envelope["error"]["details"]["error_code"] == code
    # The OpenAPI response of that status, and its headers.
    response = OPENAPI["components"]["responses"].get(f"Error{status}")
    known = code in CATALOG["codes"]
    if known:
        assert status == status_of(code)
        assert code in response["content"]["application/json"]["examples"]
    assert got["content-type"] == "application/json"
    assert got["request-id"] == envelope["error"]["request_id"] == envelope["meta"]["request_id"]
    assert got["x-should-retry"] in ("true", "false")
    if response is not None:
        assert set(response["headers"]) >= {"request-id", "x-should-retry"}
        if "retry-after" in got:
            assert "retry-after" in response["headers"]
            assert int(got["retry-after"]) >= 0
    # And on a stream: the error event's data is an envelope too.
    status, got, raw = post(gateway, headers, dict(body, stream=True))
    assert status == 200 and got["content-type"].startswith("text/event-stream")
    frames = [f for f in raw.decode().split("\n\n") if f.startswith("event: error\n")]
    assert len(frames) == 1, raw
    data = "\n".join(line[len("data: "):] for line in frames[0].split("\n") if line.startswith("data: "))
    streamed = json.loads(data)
    assert_valid_envelope(streamed)
    assert streamed["error"]["details"]["error_code"] == streamed["error"]["code"]


@pytest.mark.parametrize("code", CODES)
def test_an_error_during_the_run_arrives_as_run_failed(gateway, client, code):
    """During the run, the error is a `run.failed` event (as the reference
    says), with the run's object and the error. The official SDK raises
    nothing for an event it does not know: it yields it as an event of no
    type, the data's `object` and `error` kept as extra fields, and the
    stream ends there."""
    headers = {"x-hasp-error": code, "x-hasp-error-stage": "run"}
    stream = client.messages.create(
        model=MODEL, max_tokens=16, messages=MESSAGES, stream=True, extra_headers=headers
    )
    events = list(stream)
    assert [e.type for e in events] == ["message_start", "content_block_start", "content_block_delta", None]
    extra = events[-1].model_extra
    assert extra["error"]["code"] == code and extra["object"]["type"] == "message"
    body = {"model": MODEL, "max_tokens": 16, "messages": MESSAGES, "stream": True}
    status, got, raw = post(gateway, headers, body)
    assert status == 200 and got["content-type"].startswith("text/event-stream")
    frames = [f for f in raw.decode().split("\n\n") if f]
    assert [f.split("\n")[0] for f in frames][-1] == "event: run.failed", raw
    data = json.loads(
        "\n".join(line[len("data: "):] for line in frames[-1].split("\n") if line.startswith("data: "))
    )
    run_failed = {"$ref": "#/$defs/RunFailedEventData", "$defs": SCHEMA.schema["$defs"]}
    problems = [e.message for e in type(SCHEMA)(run_failed).iter_errors(data)]
    assert not problems, f"{json.dumps(data)}: {problems}"
    assert data["object"]["id"] == f"msg_{got['request-id']}"
    assert data["error"]["code"] == code
    assert data["error"]["request_id"] == got["request-id"]


@pytest.mark.parametrize(
    ("method", "path", "data", "code"),
    [
        ("POST", "/v1/nope", b"{}", "RESOURCE_NOT_FOUND"),
        ("GET", "/", None, "RESOURCE_NOT_FOUND"),
        ("GET", "/v1/messages", None, "RESOURCE_NOT_FOUND"),
        ("DELETE", "/v1/messages", None, "RESOURCE_NOT_FOUND"),
        ("POST", "/__requests", b"{}", "RESOURCE_NOT_FOUND"),
        ("POST", "/v1/messages", b"not json", "VALIDATION_FAILED"),
        ("POST", "/v1/messages", b"[1, 2]", "VALIDATION_FAILED"),
        ("POST", "/v1/messages", b"{" + b" " * (3 * 1024 * 1024) + b"}", "VALIDATION_FAILED"),
    ],
    ids=["unknown-path", "root", "get-messages", "delete-messages", "post-requests", "not-json", "array", "3-MB-body"],
)
def test_requests_the_gateway_cannot_serve_get_envelopes_too(gateway, method, path, data, code):
    status, got, raw = request(gateway, method, path, data)
    assert status == status_of(code)
    assert got["content-type"] == "application/json"
    envelope = json.loads(raw)
    assert_valid_envelope(envelope)
    assert envelope["error"]["code"] == code
    assert got["request-id"] == envelope["error"]["request_id"] == envelope["meta"]["request_id"]


def test_requests_without_an_error_succeed(client):
    message = client.messages.create(model=MODEL, max_tokens=16, messages=MESSAGES)
    assert message.content[0].text == "Hello from the HASP example gateway."
    assert message._request_id.startswith("req_")

    with client.messages.stream(model=MODEL, max_tokens=16, messages=MESSAGES) as stream:
        assert stream.get_final_text() == "Hello"
