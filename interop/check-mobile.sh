#!/usr/bin/env bash
# The real ODK tools on the mobile target's output: builds the example countries, the standard
# alone and the every-operator fixture with GBVIMS (default: target/debug/gbvims), then
#   - ODK Validate accepts every XForm (one JVM),
#   - pyxform converts every XLSForm without error or warning, to an XForm equivalent to ours,
#   - ODK Web Forms in headless Chromium loads and renders every XForm with its attachments.
# The JavaRosa differential test runs in `cargo test` (tests/it/mobile_engine.rs).
# Usage: interop/check-mobile.sh [OUT_DIR]   (setup.sh and web-forms/setup.sh first)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
gbvims="${GBVIMS:-$root/target/debug/gbvims}"
out="${1:-$root/target/interop-mobile}"
# shellcheck disable=SC1091
. "$root/interop/.build/env.sh"
rm -rf "$out" && mkdir -p "$out"
configs=(
  "iraq=$root/country-configs/iraq"
  "mali=$root/country-configs/mali"
  "standard=$root/standard-forms"
  "operators=$root/tests/fixtures/mobile/operators.gbv"
  "shallow=$root/tests/fixtures/mobile/shallow"
)
forms=()
for entry in "${configs[@]}"; do
  name="${entry%%=*}"
  "$gbvims" build "${entry#*=}" --target mobile -o "$out/$name" --color never >/dev/null
  for xml in "$out/$name"/mobile/*.xml; do forms+=("$xml"); done
done
# Every clean check fixture too (more shapes of forms: subforms, tick boxes, calculations
# alone, uploads…). A fixture the mobile target refuses must be refused with E0106 only.
for fixture in "$root"/tests/fixtures/check/ok-*; do
  name="fixture-$(basename "$fixture" .gbv)"
  if ! log=$("$gbvims" build "$fixture" --target mobile -o "$out/$name" --color never 2>&1); then
    if grep -q "^error\[" <<<"$log" && ! grep "^error\[" <<<"$log" | grep -qv "E0106"; then
      continue
    fi
    echo "$log" >&2
    echo "check-mobile: $fixture did not build" >&2
    exit 1
  fi
  for xml in "$out/$name"/mobile/*.xml; do [ -e "$xml" ] && forms+=("$xml"); done
done
echo "== ODK Validate (${#forms[@]} forms)"
bash "$root/interop/validate.sh" --strict "${forms[@]}"
echo "== pyxform: each XLSForm gives our XForm"
for xml in "${forms[@]}"; do
  "$PYTHON" "$root/interop/pyxform_check.py" "$xml" "${xml%.xml}.xlsx"
done
echo "== ODK Web Forms in headless Chromium"
for entry in "${configs[@]}"; do
  name="${entry%%=*}"
  node "$root/interop/web-forms/load.mjs" "$out/$name"/mobile/*.xml --media "$out/$name/mobile"
done
