"""End to end: the example gateway's catalog errors, as the official Anthropic
Python SDK sees them.

For every code in catalog/errors.yaml: the exception class the SDK raises, its
`request_id`, `api_message` and `type`, and how many requests the gateway saw
with `max_retries=2` (3 exactly when the catalog says the code is retryable).

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
import urllib.request
from pathlib import Path

import anthropic
import anthropic._base_client as sdk_base
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOG = yaml.safe_load((ROOT / "catalog" / "errors.yaml").read_text(encoding="utf-8"))
CODES = sorted(CATALOG["codes"])
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
    assert len(CODES) == 19
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
    assert err.body["error"]["details"] == {"retry_after_seconds": 3600}
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
    # The error came after the 200 and the first content: no retry, whatever the code.
    assert requests == 1
    assert events == ["message_start", "content_block_start", "content_block_delta"]
    assert err.status_code == 200
    assert err.body["error"]["code"] == code
    assert err.api_message == err.body["error"]["message"]
    assert CATALOG["codes"][code]["summary"] in err.api_message
    assert err.type == CATALOG["codes"][code]["type"]
    assert err.request_id == err.body["error"]["request_id"]


def test_requests_without_an_error_succeed(client):
    message = client.messages.create(model=MODEL, max_tokens=16, messages=MESSAGES)
    assert message.content[0].text == "Hello from the HASP example gateway."
    assert message._request_id.startswith("req_")

    with client.messages.stream(model=MODEL, max_tokens=16, messages=MESSAGES) as stream:
        assert stream.get_final_text() == "Hello"
