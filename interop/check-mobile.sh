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
)
forms=()
for entry in "${configs[@]}"; do
  name="${entry%%=*}"
  "$gbvims" build "${entry#*=}" --target mobile -o "$out/$name" --color never >/dev/null
  for xml in "$out/$name"/mobile/*.xml; do forms+=("$xml"); done
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
