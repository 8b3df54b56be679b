#!/usr/bin/env bash
# Checks the diff's Rust API verdicts against a real tool, cargo-semver-checks.
#
# For every case of tests/evolution/ (both sides of one kind of catalog change), generates the
# Rust of each side, builds two tiny crates that depend on the real hasp-errors by path and
# include! that code, runs `cargo semver-checks check-release` on them and compares its verdict
# (major, minor or none) with the `rust` impact `hasp-errors-codegen diff --format json` gives
# (patch counts as none: the tool does not look at documentation or string values).
# Where the tool cannot see a change, the case is listed below with why, and the tool must then
# report less than the diff (so the list is kept honest when the tool learns more).
#
# Installs the pinned cargo-semver-checks if it is missing (compiled from the registry).
# Usage: scripts/semver-checks.sh [CASE...]   (default: every case)
# Environment: SEMVER_CHECKS_WORK (default: $CARGO_TARGET_DIR or target/, then semver-checks/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
VERSION=0.51.0

# Cases whose change cargo-semver-checks cannot see, and why. Its verdict must be lower.
declare -A CANNOT_SEE=(
  [code_added]="new variants of #[non_exhaustive] enums: no lint asks for a minor bump for additions"
  [type_added]="new variants of #[non_exhaustive] enums: no lint asks for a minor bump for additions"
  [field_added_optional]="a new pub field of a #[non_exhaustive] struct and a new method: additions"
  [code_type_changed]="the type is data in ErrorCode::TABLE (a const value), not API"
  [code_type_changed_same_status]="the type is data in ErrorCode::TABLE (a const value), not API"
  [type_status_changed]="the status is data in ErrorType::TABLE (a const value), not API"
  [retry_now_permanent]="the retry policy is data in ErrorCode::TABLE, not API"
  [retry_now_retryable]="the retry policy is data in ErrorCode::TABLE, not API"
  [retry_field_changed]="the retry policy is data in ErrorCode::TABLE, not API"
  [retry_field_added]="the retry policy is data in ErrorCode::TABLE, not API"
  [retry_kind_changed]="the retry policy is data in ErrorCode::TABLE, not API"
  [retry_now_retryable_field_gone]="the retry policy is data in ErrorCode::TABLE, not API"
  [retry_now_permanent_field_gone]="the retry policy is data in ErrorCode::TABLE, not API"
  [retry_kind_changed_field_gone]="the retry policy is data in ErrorCode::TABLE, not API"
  [retry_kind_changed_field_added]="the retry policy is data in ErrorCode::TABLE, not API"
  [unbumped_breaking]="the retry policy is data in ErrorCode::TABLE, not API"
  [under_bumped]="the retry policy is data in ErrorCode::TABLE, not API"
  [field_type_changed]="field and parameter types are not compared (the struct is #[non_exhaustive])"
  [field_type_narrowed]="field and parameter types are not compared (the struct is #[non_exhaustive])"
  [field_type_integer_to_duration]="field and parameter types are not compared (the struct is #[non_exhaustive])"
  [details_error_code_removed]="the switch is data (ErrorCode::DETAILS_ERROR_CODE, a const value), not API"
  [param_made_required]="the type of a struct variant's field (Option<String> to String) is not compared"
  [param_no_longer_required]="the type of a struct variant's field (String to Option<String>) is not compared"
  [field_order_changed]="parameter order and names are not compared, only their number"
)

step() { printf '\n==> %s\n' "$*"; }

if [ "$(cargo semver-checks --version 2>/dev/null)" != "cargo-semver-checks $VERSION" ]; then
  step "installing cargo-semver-checks $VERSION (from source; LTO off to halve the build)"
  start=$SECONDS
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked --version "$VERSION" cargo-semver-checks
  echo "installed in $((SECONDS - start)) s"
fi
cargo semver-checks --version

target=${CARGO_TARGET_DIR:-$root/target}
work=${SEMVER_CHECKS_WORK:-$target/semver-checks}
mkdir -p "$work"
cargo build -q -p hasp-errors-codegen
codegen="$target/debug/hasp-errors-codegen"

# One crate per side: the generated code of that side's catalog, compiled against the real
# runtime. Both sides have the same name and version; the check is told it is a patch release,
# so it fails with the bump it would need.
make_crate() { # dir, catalog
  mkdir -p "$1/src"
  cat > "$1/Cargo.toml" <<TOML
[package]
name = "evolution-case"
version = "1.0.0"
edition = "2024"
publish = false

[dependencies]
hasp-errors = { path = "$root/hasp-errors" }

[workspace]

# The numeric values of ErrorCode and ErrorType (\`as\` casts) follow catalog order, which the
# generated docs say is not part of the API (as std::io::ErrorKind's are not): inserting or
# reordering codes is not a major change. The tool's lint for it still reports, as a warning.
[package.metadata.cargo-semver-checks.lints]
enum_no_repr_variant_discriminant_changed = "warn"
TOML
  cp "$root/Cargo.lock" "$1/Cargo.lock"
  printf '//! A catalog'"'"'s generated API.\ninclude!("generated.rs");\n' > "$1/src/lib.rs"
  "$codegen" rust "$2" > "$1/src/generated.rs"
}

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in tests/evolution/*/; do cases+=("$(basename "$d")"); done
fi

agree=0 unseen=0 failures=()
start_all=$SECONDS
for case in "${cases[@]}"; do
  dir="tests/evolution/$case"
  old="$dir/old.yaml"; [ -f "$old" ] || old=tests/evolution/base.yaml
  new="$dir/new.yaml"
  ours=$("$codegen" diff "$old" "$new" --format json --today 2027-01-01 2>/dev/null \
    | sed -E 's/^\{"wire":"[a-z]+","rust":"([a-z]+)".*/\1/' || true)
  case "$ours" in
    major|minor) expected=$ours ;;
    patch|none) expected=none ;;
    *) failures+=("$case: no verdict from the diff"); continue ;;
  esac
  c="$work/cases/$case"
  rm -rf "$c"
  make_crate "$c/old" "$old"
  make_crate "$c/new" "$new"
  log="$c/semver-checks.log"
  set +e
  CARGO_TARGET_DIR="$work/target" cargo semver-checks check-release \
    --manifest-path "$c/new/Cargo.toml" --baseline-root "$c/old" \
    --release-type patch --color never >"$log" 2>&1
  status=$?
  set -e
  if [ $status -eq 0 ]; then
    tool=none
  elif grep -q 'requires new major version' "$log"; then
    tool=major
  elif grep -q 'requires new minor version' "$log"; then
    tool=minor
  else
    failures+=("$case: cargo-semver-checks failed (exit $status), see $log")
    continue
  fi
  lints=$(grep -oE '^--- failure [a-z_]+' "$log" | sed 's/--- failure //' | sort -u | tr '\n' ' ' || true)
  rank() { case $1 in none) echo 0;; minor) echo 1;; major) echo 2;; esac; }
  if [ -n "${CANNOT_SEE[$case]:-}" ]; then
    if [ "$(rank "$tool")" -lt "$(rank "$expected")" ]; then
      unseen=$((unseen + 1))
      printf '%-36s diff %-5s  tool %-5s  cannot see: %s\n' "$case" "$ours" "$tool" "${CANNOT_SEE[$case]}"
    else
      failures+=("$case: listed as unseen, but the tool says $tool (diff: $ours): update the list")
    fi
  elif [ "$tool" = "$expected" ]; then
    agree=$((agree + 1))
    printf '%-36s diff %-5s  tool %-5s  agree %s\n' "$case" "$ours" "$tool" "${lints:+($lints)}"
  else
    failures+=("$case: the diff says $ours, cargo-semver-checks says $tool ($lints) — see $log")
  fi
done

echo
echo "cargo-semver-checks: $agree agree, $unseen cannot see, ${#failures[@]} disagree or failed ($((SECONDS - start_all)) s)"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'error: %s\n' "${failures[@]}"
  exit 1
fi
