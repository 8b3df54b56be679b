#!/usr/bin/env bash
# End-to-end test: the example gateway (hasp-errors/examples/gateway.rs) driven by the
# official Anthropic TypeScript SDK, pinned in e2e/ts/package.json and package-lock.json
# and installed with `npm ci` into e2e/ts/node_modules. Node's own test runner runs it.
# Runnable alone from anywhere: bash e2e/ts/run.sh [NODE --test ARGS...]
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v node >/dev/null && command -v npm >/dev/null || {
  echo "e2e/ts/run.sh needs Node.js 20 or newer and npm (.ci/run installs them if missing)" >&2
  exit 1
}
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || {
  echo "e2e/ts/run.sh needs Node.js 20 or newer, found $(node --version)" >&2
  exit 1
}

# Reinstall only when the lock file changed.
stamp=e2e/ts/node_modules/.package-lock.stamp
if ! cmp -s e2e/ts/package-lock.json "$stamp"; then
  (cd e2e/ts && npm ci --no-audit --no-fund --loglevel=error)
  cp e2e/ts/package-lock.json "$stamp"
fi

cargo build --quiet --locked -p hasp-errors --features axum --example gateway
target_dir=${CARGO_TARGET_DIR:-target}
export HASP_GATEWAY_BIN="$(cd "$target_dir" && pwd)/debug/examples/gateway"

cd e2e/ts
exec node --test --test-reporter=spec "$@" sdk.test.mjs
