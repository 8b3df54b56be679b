#!/usr/bin/env bash
# End-to-end test: the example gateway (hasp-errors/examples/gateway.rs) driven by the
# official Anthropic Python SDK, and the contract files (docs/errors.schema.json,
# docs/errors.openapi.json) checked by real validators; all pinned in e2e/requirements.txt, and
# every package they pull in pinned in e2e/constraints.txt.
# Runnable alone from anywhere: bash e2e/run.sh [PYTEST ARGS...]
# (only the contract checks: bash e2e/run.sh -k contract)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/e2e-venv
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
# Reinstall only when the pins changed (the direct ones, and every package's in constraints.txt).
stamp="$venv/.requirements"
if ! cat e2e/requirements.txt e2e/constraints.txt | cmp -s - "$stamp"; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r e2e/requirements.txt -c e2e/constraints.txt
  cat e2e/requirements.txt e2e/constraints.txt > "$stamp"
fi

cargo build --quiet --locked -p hasp-errors --features axum --example gateway
cargo build --quiet --locked -p hasp-errors-codegen
target_dir=${CARGO_TARGET_DIR:-target}
export HASP_GATEWAY_BIN="$(cd "$target_dir" && pwd)/debug/examples/gateway"
export HASP_CODEGEN_BIN="$(cd "$target_dir" && pwd)/debug/hasp-errors-codegen"

export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in e2e/
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider e2e "$@"
