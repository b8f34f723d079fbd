#!/usr/bin/env bash
# Seeds the fuzz corpora from the test fixtures (the corpora are not committed).
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/parse_check corpus/country_overlay corpus/translation_sheet corpus/ir_records \
  corpus/validate_records
n=0
while IFS= read -r f; do
  n=$((n + 1))
  cp "$f" "corpus/parse_check/seed-$n.gbv"
done < <(find "$root/tests/fixtures/check" "$root/standard-forms" -name '*.gbv' | sort)
for d in "$root"/tests/fixtures/country/*/ "$root"/country-configs/*/; do
  name=$(basename "$d")
  [ -f "$d/country.gbv" ] || continue
  csv="$d/locations.csv"
  [ -f "$csv" ] || csv="$root/tests/fixtures/country/_base/locations.csv"
  { cat "$d/country.gbv"; printf '\0'; cat "$csv"; } > "corpus/country_overlay/$name"
done
# A translators' spreadsheet, written by gbvims itself.
(cd "$root" && cargo run -q -- translations export country-configs/mali --lang en \
  -o fuzz/corpus/translation_sheet/mali-en.xlsx 2>/dev/null) || true
# Incident records written for the `ir export` tests.
cp "$root"/tests/fixtures/ir-export/*.jsonl corpus/ir_records/
# Records for `validate-records`: its fixtures and the incidents of the `ir export` tests.
cp "$root"/tests/fixtures/validate-records/*.jsonl "$root"/tests/fixtures/ir-export/*.jsonl \
  corpus/validate_records/
