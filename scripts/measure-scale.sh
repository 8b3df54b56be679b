#!/usr/bin/env bash
# Measures what a one-shot run costs at 1,000 and at 10,000 codes: the release CLI, a new
# process each time, loading and validating a synthetic catalog (the scale bench's) and writing
# one output to /dev/null, and `check` (load and validate only). Runs of the two sizes
# alternate, RUNS times (default 11), and the medians are compared. This is the caller the
# scale bench's loops stand in for: a one-shot run faults in every page it writes at every
# size, where a loop reuses memory (see benches/scale.rs). Peak memory (the largest resident
# set) comes from GNU time, when /usr/bin/time is it.
# Usage: RUNS=11 scripts/measure-scale.sh [WORKDIR]   (default: a fresh temp dir)
set -euo pipefail
export LC_ALL=C # a decimal point in $EPOCHREALTIME and in bc's input
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
runs=${RUNS:-11}
cd "$root"
cargo build -q --release -p hasp-errors-codegen --bin hasp-errors-codegen --example synthetic_catalog
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
cli="$target/release/hasp-errors-codegen"
for n in 1000 10000; do
  "$target/release/examples/synthetic_catalog" "$n" > "$work/codes-$n.yaml"
done

wall_cpu() { # command...: prints "wall cpu" in seconds (wall to the microsecond; cpu, user +
  # sys, to the millisecond, which is coarse for the 1,000-code runs: read wall there)
  local TIMEFORMAT='%U %S' start end user sys
  start=$EPOCHREALTIME
  { time "$@" >/dev/null 2>&1 ; } 2> "$work/time"
  end=$EPOCHREALTIME
  read -r user sys < "$work/time"
  echo "$(echo "$end - $start" | bc) $(echo "$user + $sys" | bc)"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
peak_mb() { # command...: the largest resident set, in MB, or "-"
  if /usr/bin/time --version 2>&1 | grep -q GNU; then
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.0f", $1 * 1024 / 1e6}'
  else
    echo "-"
  fi
}

printf '%-12s %21s %21s %13s %9s\n' step "1,000 codes (wall)" "10,000 codes (wall)" "10k/1k wall" "cpu"
for step in check rust markdown json-schema openapi; do
  small_wall=() small_cpu=() large_wall=() large_cpu=()
  for _ in $(seq "$runs"); do
    read -r w c <<<"$(wall_cpu "$cli" "$step" "$work/codes-1000.yaml")"
    small_wall+=("$w"); small_cpu+=("$c")
    read -r w c <<<"$(wall_cpu "$cli" "$step" "$work/codes-10000.yaml")"
    large_wall+=("$w"); large_cpu+=("$c")
  done
  sw=$(printf '%s\n' "${small_wall[@]}" | median); sc=$(printf '%s\n' "${small_cpu[@]}" | median)
  lw=$(printf '%s\n' "${large_wall[@]}" | median); lc=$(printf '%s\n' "${large_cpu[@]}" | median)
  printf '%-12s %11.1f ms %4s MB %11.1f ms %4s MB %12.2fx %8.2fx\n' "$step" \
    "$(echo "$sw * 1000" | bc -l)" "$(peak_mb "$cli" "$step" "$work/codes-1000.yaml")" \
    "$(echo "$lw * 1000" | bc -l)" "$(peak_mb "$cli" "$step" "$work/codes-10000.yaml")" \
    "$(echo "$lw / $sw" | bc -l)" "$(echo "$lc / $sc" | bc -l)"
done
echo "medians of $runs alternating runs; the catalogs are in $work"
