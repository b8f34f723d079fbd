#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZ_SECONDS each, default 30): installs the pinned
# cargo-fuzz if it is missing, seeds the corpora from the fixtures, and fails on any crash.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"
version=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$version"; then
  cargo install cargo-fuzz --locked --version "$version"
fi
export RUSTC_BOOTSTRAP=1
./seed.sh
cargo fuzz build --sanitizer none
# A fixed seed per run (FUZZ_SEED, default 1): a failure can be replayed with the same mutations.
seed="${FUZZ_SEED:-1}"
for target in parse_check country_overlay translation_sheet ir_records validate_records; do
  echo "fuzz: $target for ${seconds}s (seed $seed)"
  log="$(mktemp)"
  if ! cargo fuzz run "$target" --sanitizer none "corpus/$target" -- \
    -max_total_time="$seconds" -seed="$seed" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target failed (a crash, a time-out or an out-of-memory is saved in fuzz/artifacts/$target)" >&2
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
  rm -f "$log"
done
