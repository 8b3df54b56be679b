#!/usr/bin/env bash
# Measures what a one-shot run costs at 1,000 and at 10,000 codes: the release CLI, a new
# process each time, loading and validating a synthetic catalog (the scale bench's) and writing
# one output to /dev/null, and `check` (load and validate only). Runs of the two sizes
# alternate, RUNS times (default 11), and the medians are compared, as they are and with the
# process's start-up (the median of as many `--help` runs) taken off both. This is the caller
# the scale bench's loops stand in for: a one-shot run faults in every page it writes at every
# size, where a loop reuses memory (see benches/scale.rs). Peak memory (the largest resident
# set) comes from GNU time, when /usr/bin/time is it. Needs bash 5 or newer.
# Usage: RUNS=11 scripts/measure-scale.sh [WORKDIR]   (default: a fresh temp dir)
set -euo pipefail
if ((BASH_VERSINFO[0] < 5)); then
  echo "measure-scale.sh needs bash 5 or newer (for \$EPOCHREALTIME)" >&2
  exit 1
fi
shopt -s inherit_errexit
export LC_ALL=C # a decimal point in $EPOCHREALTIME
runs=${RUNS:-11}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "RUNS must be a positive number, not '$runs'" >&2
  exit 1
fi
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
cd "$root"
cargo build -q --release -p hasp-errors-codegen --bin hasp-errors-codegen --example synthetic_catalog
# Where cargo put them (CARGO_TARGET_DIR, a config's target-dir, or ./target).
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
cli="$target/release/hasp-errors-codegen"
if [[ ! -x $cli || ! -x $target/release/examples/synthetic_catalog ]]; then
  echo "cannot find the release builds under '$target'" >&2
  exit 1
fi
for n in 1000 10000; do
  "$target/release/examples/synthetic_catalog" "$n" > "$work/codes-$n.yaml"
  "$cli" check "$work/codes-$n.yaml" # fails the script if the catalog is refused
done

wall_cpu() { # command...: prints "wall cpu" in seconds (wall to the microsecond; cpu, user +
  # sys, to the millisecond, which is coarse for the 1,000-code runs: read wall there)
  local TIMEFORMAT='%U %S' start end user sys
  start=$EPOCHREALTIME
  { time "$@" >/dev/null 2>"$work/stderr" ; } 2> "$work/time" || {
    echo "failed: $*" >&2
    cat "$work/stderr" >&2
    return 1
  }
  end=$EPOCHREALTIME
  read -r user sys < "$work/time"
  awk -v s="$start" -v e="$end" -v u="$user" -v y="$sys" 'BEGIN { printf "%.6f %.3f\n", e - s, u + y }'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
peak_mb() { # command...: the largest resident set, in MB, or "-"
  local out
  if /usr/bin/time --version 2>&1 | grep -q GNU; then
    out=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null)
    awk -v k="${out##*$'\n'}" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }'
  else
    echo "-"
  fi
}

base=()
for _ in $(seq "$runs"); do
  r=$(wall_cpu "$cli" --help)
  base+=("${r%% *}")
done
startup=$(printf '%s\n' "${base[@]}" | median)
awk -v s="$startup" 'BEGIN { printf "start-up (--help): %.1f ms\n\n", s * 1000 }'

printf '%-12s %17s %17s %9s %9s %9s\n' step "1,000 codes" "10,000 codes" "10k/1k" "net" "cpu"
for step in check rust markdown json-schema openapi; do
  small_wall=() small_cpu=() large_wall=() large_cpu=()
  for _ in $(seq "$runs"); do
    r=$(wall_cpu "$cli" "$step" "$work/codes-1000.yaml")
    small_wall+=("${r%% *}"); small_cpu+=("${r##* }")
    r=$(wall_cpu "$cli" "$step" "$work/codes-10000.yaml")
    large_wall+=("${r%% *}"); large_cpu+=("${r##* }")
  done
  sw=$(printf '%s\n' "${small_wall[@]}" | median); sc=$(printf '%s\n' "${small_cpu[@]}" | median)
  lw=$(printf '%s\n' "${large_wall[@]}" | median); lc=$(printf '%s\n' "${large_cpu[@]}" | median)
  sp=$(peak_mb "$cli" "$step" "$work/codes-1000.yaml")
  lp=$(peak_mb "$cli" "$step" "$work/codes-10000.yaml")
  awk -v step="$step" -v sw="$sw" -v lw="$lw" -v sc="$sc" -v lc="$lc" -v b="$startup" \
    -v sp="$sp" -v lp="$lp" 'BEGIN {
      printf "%-12s %7.1f ms %3s MB %7.1f ms %3s MB %8.2fx %8.2fx %8.2fx\n",
        step, sw * 1000, sp, lw * 1000, lp, lw / sw, (lw - b) / (sw - b), lc / sc
    }'
done
echo
echo "wall times, medians of $runs alternating runs (MB: peak resident memory); 10k/1k: the"
echo "ratio of the wall medians; net: the same with start-up taken off both; cpu: the ratio of"
echo "the cpu (user + sys) medians. The catalogs are in $work."
