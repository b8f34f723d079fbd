#!/usr/bin/env bash
# Self-test of the ODK Web Forms load test on the hand-written samples:
# every samples/*.xml must load, except samples/broken*.xml, each of which
# must be reported as failing (FAIL line, exit 1). Runs setup.sh first when
# dist/ or Chromium is missing.
set -euo pipefail
cd "$(dirname "$0")"
[ -f dist/main.js ] && [ -x /usr/bin/chromium ] || bash setup.sh

good=() bad=()
for f in samples/*.xml; do
  case "$(basename "$f")" in broken*) bad+=("$f") ;; *) good+=("$f") ;; esac
done

pass=0 fail=0
echo "selftest: these samples must load"
if node load.mjs "${good[@]}" --media samples/media; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "selftest: FAILED: a sample that must load did not"; fi

echo "selftest: each broken sample must be reported as failing"
for f in "${bad[@]}"; do
  name=$(basename "$f")
  if out=$(node load.mjs "$f" --media samples/media); then
    echo "$out"; echo "selftest: FAILED: $name was not reported as failing"; fail=$((fail + 1))
  elif grep -q "^FAIL  $name: " <<<"$out"; then
    grep "^FAIL" <<<"$out"; pass=$((pass + 1))
  else
    echo "$out"; echo "selftest: FAILED: no FAIL line for $name"; fail=$((fail + 1))
  fi
done
echo "selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
