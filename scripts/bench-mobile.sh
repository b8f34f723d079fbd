#!/usr/bin/env bash
# The mobile target on a 100,000-location country, against Iraq (414 units).
# Usage: scripts/bench-mobile.sh [RUNS]      (default 5 runs per country; BENCH_SHAPE=20x100x50)
#
# Builds the release binary, writes the synthetic country (scripts/bench-locations.py) under
# target/bench-mobile/ (never committed), then for Iraq and the big country: the wall time and
# peak RSS of `gbvims build DIR --target mobile -o OUT` over RUNS runs (`/usr/bin/time -v`; with
# hyperfine too when it is installed), and the sizes of the files the phone gets. The machine's
# load average is printed before and after: the figures are only comparable with it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shape="${BENCH_SHAPE:-20x100x50}"
work=target/bench-mobile
bin=target/release/gbvims

cargo build --release --locked --quiet
mkdir -p "$work"
python3 scripts/bench-locations.py "$work/big" --shape "$shape"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "$(free -g | awk '/Mem:/ {print $2}') GiB; $(uptime | sed 's/.*load average/load average/')"
echo "== $("$bin" --version 2>/dev/null || echo 'gbvims ?'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!BENCHMARKS.md' || echo '+changes')"

# One run: prints "wall_seconds peak_rss_kb".
one() {
  local log
  log="$(mktemp)"
  /usr/bin/time -v "$bin" build "$1" --target mobile -o "$2" >/dev/null 2>"$log" || {
    cat "$log" >&2
    rm -f "$log"
    echo "bench: the build of $1 failed" >&2
    exit 1
  }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %d\n", w, rss }' "$log"
  rm -f "$log"
}

# RUNS runs: prints the median, min and max wall time and the largest peak RSS.
measure() {
  local name="$1" dir="$2" out="$3" all=""
  "$bin" build "$dir" --target mobile -o "$out" >/dev/null 2>&1 # warm-up (page cache)
  for _ in $(seq "$runs"); do all+="$(one "$dir" "$out")"$'\n'; done
  printf '%s' "$all" | sort -n | awk -v name="$name" -v runs="$runs" '
    { w[NR] = $1; if ($2 > rss) rss = $2 }
    END { printf "%-8s wall median %.2f s (min %.2f, max %.2f) over %d runs; peak RSS %.1f MB\n",
          name, w[int((NR + 1) / 2)], w[1], w[NR], runs, rss / 1000 }'
}

echo "== gbvims build <country> --target mobile -o <out>  (/usr/bin/time -v)"
measure iraq country-configs/iraq "$work/out-iraq"
measure big "$work/big" "$work/out-big"
echo "== gbvims check <country> alone (the part of the build before the target)"
for c in country-configs/iraq "$work/big"; do
  /usr/bin/time -f "$c: %e s wall, %M KB peak RSS" "$bin" check "$c" >/dev/null 2>"$work/check.log" ||
    { cat "$work/check.log" >&2; exit 1; }
  tail -n 1 "$work/check.log"
done

if command -v hyperfine >/dev/null; then
  echo "== hyperfine"
  hyperfine --style basic --warmup 1 --runs "$runs" \
    -n iraq "$bin build country-configs/iraq --target mobile -o $work/out-iraq" \
    -n big "$bin build $work/big --target mobile -o $work/out-big"
fi

echo "== $(uptime | sed 's/.*load average/load average/')"
echo "== sizes (bytes): Iraq (414 units) | $shape ($(($(wc -l <"$work/big/locations.csv") - 2)) sub-district rows)"
printf '%-22s %12s %12s\n' file iraq big
for f in $(cd "$work/out-big/mobile" && ls); do
  printf '%-22s %12s %12s\n' "$f" \
    "$(stat -c %s "$work/out-iraq/mobile/$f" 2>/dev/null || echo -)" \
    "$(stat -c %s "$work/out-big/mobile/$f")"
done
for f in locations.csv; do
  printf '%-22s %12s %12s\n' "source $f" \
    "$(stat -c %s country-configs/iraq/$f)" "$(stat -c %s "$work/big/$f")"
done
echo "== locations.csv rows (without the header): iraq $(($(wc -l <"$work/out-iraq/mobile/locations.csv") - 1)), big $(($(wc -l <"$work/out-big/mobile/locations.csv") - 1))"
