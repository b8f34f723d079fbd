#!/usr/bin/env bash
# Runs the interop tools on the hand-written samples: setup, ODK Validate, pyxform_check,
# the JavaRosa harness (with assertions, reuse == --fresh, a round trip) and a timing run.
# Usage: interop/selftest.sh   (BIG_N=0 skips the 1000-record timing run)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
t0=$(date +%s%N)
secs() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))" | sed -E 's/^([0-9]*)([0-9]{3})$/\1.\2/; s/^\./0./'; }
bash setup.sh
# shellcheck disable=SC1091
. .build/env.sh
export TZ=UTC  # decimal-date-time() and date() rendering depend on the zone (README)
out=samples/out
rm -rf "$out" && mkdir -p "$out"
fail() { echo "selftest: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "the committed samples are what make_sample.py and pyxform make"
"$PYTHON" samples/make_sample.py "$out"
"$PYTHON" - "$out" <<'PY'
import sys
from pyxform.xls2xform import convert
out = sys.argv[1]
for n in ("sample", "probe"):
    r = convert(xlsform=f"{out}/{n}.xlsx", pretty_print=True)
    assert not r.warnings, r.warnings
    with open(f"{out}/{n}.xml", "w", encoding="utf-8") as f:
        f.write(r.xform)
PY
for n in sample probe; do cmp "$out/$n.xml" "samples/$n.xml" || fail "samples/$n.xml is stale: rerun make_sample.py and pyxform"; done
cmp "$out/locations.csv" samples/locations.csv || fail "samples/locations.csv is stale"

step "ODK Validate"
bash validate.sh samples/sample.xml samples/sample_equivalent.xml samples/probe.xml
sed "s|relevant=\" /data/sex  = 'f'\"|relevant=\" /data/sex  = = 'f'\"|" samples/sample.xml > "$out/broken.xml"
if bash validate.sh "$out/broken.xml" 2>/dev/null; then fail "validate.sh accepted a broken form"; fi
echo "validate: a broken form is rejected, as it should be"

step "pyxform_check"
"$PYTHON" pyxform_check.py samples/sample.xml samples/sample.xlsx
"$PYTHON" pyxform_check.py samples/sample_equivalent.xml samples/sample.xlsx
"$PYTHON" pyxform_check.py samples/probe.xml samples/probe.xlsx
sed -e 's/Femme/Femmes/' -e 's/ appearance="minimal"//' samples/sample.xml > "$out/mutated.xml"
if "$PYTHON" pyxform_check.py "$out/mutated.xml" samples/sample.xlsx; then fail "pyxform_check accepted a different form"; fi

step "JavaRosa harness"
# two forms in one JVM
bash harness.sh --media samples \
  --form samples/sample.xml --instances samples/sample.instances.jsonl --out "$out/sample.out.jsonl" \
  --form samples/probe.xml --instances samples/probe.instances.jsonl --out "$out/probe.out.jsonl"
bash harness.sh --fresh --form samples/sample.xml --media samples --instances samples/sample.instances.jsonl --out "$out/sample.fresh.jsonl"
cmp "$out/sample.out.jsonl" "$out/sample.fresh.jsonl" || fail "reusing the parsed form differs from parsing it per record"
"$PYTHON" -c '
import json, sys
with open(sys.argv[2], "w") as w:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        if "instance" in r:
            w.write(json.dumps({"id": r["id"], "instance": r["instance"]}) + "\n")
' "$out/sample.out.jsonl" "$out/sample.roundtrip.in.jsonl"
bash harness.sh --form samples/sample.xml --media samples --instances "$out/sample.roundtrip.in.jsonl" --out "$out/sample.roundtrip.jsonl"
"$PYTHON" selftest_asserts.py "$out"

if [ "${BIG_N:-1000}" -gt 0 ]; then
  step "timing: ${BIG_N:-1000} records of a 300-field form"
  "$PYTHON" samples/make_big.py "$out" "${BIG_N:-1000}"
  s=$(date +%s%N)
  bash harness.sh --form "$out/big.xml" --media samples --instances "$out/big.instances.jsonl" --out "$out/big.out.jsonl"
  if grep -q '"error"' "$out/big.out.jsonl"; then fail "errors on the timing sample"; fi
  echo "timing: harness $(secs "$s") s"
fi
echo "selftest: done in $(secs "$t0") s"
