// End to end: the example gateway's catalog errors, as the official Anthropic
// TypeScript SDK (@anthropic-ai/sdk, pinned in package.json and package-lock.json)
// sees them. The second real client, beside the Python one (e2e/test_sdk.py).
//
// For every code: the error class the SDK throws for its status, `requestID`,
// `apiMessage`, `type`, `errorCode` (the HASP code, read from
// `error.details.error_code`), and how many requests the gateway saw with
// `maxRetries: 2` (3 exactly when the catalog says the code is retryable); and
// errors on streams.
//
// What the catalog says is read from catalog/errors.yaml itself (with the `yaml`
// package, pinned like the SDK), not from anything generated from it, so a
// generator bug cannot hide on both sides; the generated contract,
// docs/errors.openapi.json, is checked against it too.
//
// Speed: only the SDK's own backoff (0.5 s, then 1 s, with jitter) is shortened,
// to 10 ms, by overriding its calculateDefaultRetryTimeoutMillis. A delay the
// server sends (RATE_LIMITED's `retry-after: 1`) is obeyed for real, and checked.
//
// Run with e2e/ts/run.sh (builds the gateway, installs the SDK with npm ci). The
// gateway binary is $HASP_GATEWAY_BIN, or target/debug/examples/gateway.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import Anthropic, {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
} from '@anthropic-ai/sdk';
import { parse as parseYaml } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OPENAPI = JSON.parse(readFileSync(`${ROOT}docs/errors.openapi.json`, 'utf8'));
const MAX_RETRIES = 2;
const MESSAGES = [{ role: 'user', content: 'Hello' }];
// Any name: the gateway echoes it.
const MODEL = 'hasp-example-model';

const YAML = parseYaml(readFileSync(`${ROOT}catalog/errors.yaml`, 'utf8'));

/**
 * Every code: its status (its type's), type, wire retryable flag (`backoff` and
 * `after_delay` are retryable), summary (the default message), and the details
 * field its delay is in, for `after_delay`.
 */
const CATALOG = new Map();
for (const [code, spec] of Object.entries(YAML.codes)) {
  const kind = typeof spec.retry === 'string' ? spec.retry : Object.keys(spec.retry)[0];
  CATALOG.set(code, {
    status: YAML.types[spec.type].status,
    type: spec.type,
    retryable: kind === 'backoff' || kind === 'after_delay',
    summary: spec.summary,
    delayField: kind === 'after_delay' ? spec.retry.after_delay : null,
  });
}
const CODES = [...CATALOG.keys()].sort();

/** The class the SDK throws for a status (@anthropic-ai/sdk 1.14). */
function expectedClass(status) {
  const byStatus = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
  };
  return byStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
}

/** The SDK with only its own backoff shortened (a server's retry-after is obeyed). */
class FastBackoff extends Anthropic {
  calculateDefaultRetryTimeoutMillis() {
    return 10;
  }
}

let gateway;
let base;
let client;

before(async () => {
  const binary = process.env.HASP_GATEWAY_BIN ?? `${ROOT}target/debug/examples/gateway`;
  assert.ok(existsSync(binary), `${binary} is missing: cargo build -p hasp-errors --features axum --example gateway`);
  gateway = spawn(binary, [], {
    env: { ...process.env, HASP_GATEWAY_ADDR: '127.0.0.1:0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: gateway.stdout });
  const [line] = await new Promise((resolve, reject) => {
    lines.once('line', (l) => resolve([l]));
    gateway.once('exit', (c) => reject(new Error(`the gateway exited with ${c}`)));
  });
  const match = /^listening on (127\.0\.0\.1:\d+)$/.exec(line);
  assert.ok(match, `unexpected first line from the gateway: ${line}`);
  base = `http://${match[1]}`;
  client = new FastBackoff({ baseURL: base, apiKey: 'sk-test', maxRetries: MAX_RETRIES, timeout: 10_000 });
});

after(() => {
  gateway?.kill();
});

async function requestCounts() {
  const response = await fetch(`${base}/__requests`);
  return response.json();
}

/** Runs `call`, which must throw; returns the error, how many requests asked for `code`, and the time taken. */
async function countRequests(code, call) {
  const before = (await requestCounts())[code] ?? 0;
  const start = performance.now();
  let error;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  const elapsed = performance.now() - start;
  assert.ok(error instanceof APIError, `${code}: expected an APIError, got ${error}`);
  const requests = ((await requestCounts())[code] ?? 0) - before;
  return { error, requests, elapsed };
}

function create(headers, extra = {}) {
  return client.messages.create({ model: MODEL, max_tokens: 16, messages: MESSAGES, ...extra }, { headers });
}

test('the generated contract says what the catalog says, for every code', () => {
  const seen = new Map();
  for (const [name, response] of Object.entries(OPENAPI.components.responses)) {
    const status = Number(name.replace(/^Error/, ''));
    for (const [code, example] of Object.entries(response.content['application/json'].examples)) {
      const { type, retryable, message } = example.value.error;
      seen.set(code, { status, type, retryable, message });
    }
  }
  assert.deepEqual([...seen.keys()].sort(), CODES);
  for (const [code, { status, type, retryable, summary }] of CATALOG) {
    assert.deepEqual(seen.get(code), { status, type, retryable, message: summary }, code);
  }
  // The reference's codes these tests lean on (codes may be added).
  for (const code of ['RATE_LIMITED', 'AI_CREDITS_EXHAUSTED', 'VALIDATION_FAILED']) {
    assert.ok(CODES.includes(code), code);
  }
  assert.equal(CATALOG.get('RATE_LIMITED').retryable, true);
  assert.equal(CATALOG.get('RATE_LIMITED').delayField, 'retry_after_seconds');
  assert.equal(CATALOG.get('AI_CREDITS_EXHAUSTED').retryable, false);
});

for (const code of CODES) {
  test(`${code}: the SDK throws the right error and retries as the catalog says`, async () => {
    const { status, type, retryable, summary, delayField } = CATALOG.get(code);
    const { error: err, requests, elapsed } = await countRequests(code, () => create({ 'x-hasp-error': code }));
    assert.equal(err.constructor, expectedClass(status), `${code}: ${err.constructor.name}`);
    assert.equal(err.status, status);
    const body = err.error;
    assert.equal(body.error.code, code);
    // The SDK's stable code attribute is the HASP code.
    assert.equal(err.errorCode, code);
    assert.equal(body.error.details.error_code, code);
    // The request id the SDK reports (from the request-id header) is the body's, of the last try.
    assert.match(err.requestID, /^req_\d+$/);
    assert.equal(err.requestID, body.error.request_id);
    assert.equal(err.requestID, body.meta.request_id);
    assert.equal(err.apiMessage, body.error.message);
    assert.ok(err.apiMessage.includes(summary), err.apiMessage);
    assert.ok(err.message.includes(err.apiMessage), err.message);
    assert.equal(err.type, type);
    assert.equal(body.error.retryable, retryable);
    assert.equal(err.headers.get('x-should-retry'), String(retryable));
    assert.equal(requests, retryable ? MAX_RETRIES + 1 : 1, `${code}: ${requests} requests`);
    if (delayField !== null) {
      // An `after_delay` code's delay (RATE_LIMITED's sample waits 1 s) is sent
      // as retry-after too, and the SDK obeys it.
      const delay = body.error.details[delayField];
      assert.ok(Number.isInteger(delay) && delay >= 1, `${code}: ${delayField} = ${delay}`);
      assert.equal(err.headers.get('retry-after'), String(delay));
      assert.ok(elapsed >= MAX_RETRIES * delay * 1000, `${elapsed} ms`);
    } else {
      // No other code names a delay, so none sends one.
      assert.equal(err.headers.get('retry-after'), null, code);
      assert.ok(elapsed < 5000, `${elapsed} ms`);
    }
  });
}

test('a long rate-limit delay is not waited for', async () => {
  const { error: err, requests, elapsed } = await countRequests('RATE_LIMITED', () =>
    create({ 'x-hasp-error': 'RATE_LIMITED', 'x-hasp-retry-after': '3600' }),
  );
  assert.equal(err.constructor, RateLimitError);
  assert.equal(err.headers.get('retry-after'), '3600');
  assert.equal(err.headers.get('x-should-retry'), 'false');
  assert.equal(err.error.error.retryable, true);
  assert.deepEqual(err.error.error.details, { error_code: 'RATE_LIMITED', retry_after_seconds: 3600 });
  assert.equal(err.errorCode, 'RATE_LIMITED');
  assert.equal(requests, 1);
  assert.ok(elapsed < 5000, `${elapsed} ms`);
});

for (const [errorType, retryable, cls, count] of [
  ['invalid_request', 'false', BadRequestError, 1],
  ['service_unavailable', 'true', ServiceUnavailableError, MAX_RETRIES + 1],
]) {
  test(`a code newer than the crate (${errorType})`, async () => {
    const code = `FUTURE_${errorType.toUpperCase()}`;
    const { error: err, requests } = await countRequests(code, () =>
      create({ 'x-hasp-error': code, 'x-hasp-error-type': errorType, 'x-hasp-error-retryable': retryable }),
    );
    assert.equal(err.constructor, cls);
    assert.equal(err.error.error.code, code);
    assert.equal(err.errorCode, code);
    assert.equal(err.type, errorType);
    assert.equal(err.requestID, err.error.error.request_id);
    assert.equal(requests, count);
  });
}

for (const code of CODES) {
  test(`${code}: a stream error arrives as an error event`, async () => {
    const { type, summary } = CATALOG.get(code);
    const events = [];
    const { error: err, requests } = await countRequests(code, async () => {
      const stream = await create({ 'x-hasp-error': code }, { stream: true });
      for await (const event of stream) {
        events.push(event.type);
      }
    });
    // Before the run could be created, the error is the stream's only event
    // (as the reference says), after its 200: no retry, whatever the code.
    assert.equal(requests, 1);
    assert.deepEqual(events, []);
    // A stream's error event has no status of its own: the SDK throws the base class.
    assert.equal(err.constructor, APIError);
    assert.equal(err.status, undefined);
    assert.equal(err.error.error.code, code);
    assert.equal(err.errorCode, code);
    assert.equal(err.apiMessage, err.error.error.message);
    assert.ok(err.apiMessage.includes(summary), err.apiMessage);
    assert.equal(err.type, type);
    assert.match(err.requestID, /^req_\d+$/);
    assert.equal(err.requestID, err.error.error.request_id);
  });
}

for (const code of CODES) {
  test(`${code}: an error during the run arrives as run.failed`, async () => {
    // As the reference says: `run.failed`, with the run's object and the
    // error. The SDK raises nothing for an event it does not know: it
    // yields its data (which has no `type`), and the stream ends there.
    const stream = await create({ 'x-hasp-error': code, 'x-hasp-error-stage': 'run' }, { stream: true });
    const events = [];
    for await (const event of stream) {
      events.push(event);
    }
    assert.deepEqual(
      events.map((e) => e.type),
      ['message_start', 'content_block_start', 'content_block_delta', undefined],
    );
    assert.equal(events[3].error.code, code);
    assert.equal(events[3].object.type, 'message');
    assert.equal(events[3].object.id, events[0].message.id);
  });
}

test('requests without an error succeed', async () => {
  const message = await client.messages.create({ model: MODEL, max_tokens: 16, messages: MESSAGES });
  assert.equal(message.content[0].text, 'Hello from the HASP example gateway.');
  assert.match(message._request_id, /^req_\d+$/);
  const stream = client.messages.stream({ model: MODEL, max_tokens: 16, messages: MESSAGES });
  assert.equal(await stream.finalText(), 'Hello');
});
