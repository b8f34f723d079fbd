#!/usr/bin/env bash
# Feature probes: what ODK Web Forms (the pinned version) does with XForm
# features the gbvims mobile emitter may use. Each probes/*.xml isolates one
# feature; the outcome (ok/FAIL, and the computed RESULT line where there is
# one) is compared with probes/expected.txt, so a Web Forms upgrade that
# changes any answer shows up as a diff. --update rewrites expected.txt.
# Not part of selftest.sh: some probes are expected to FAIL (known gaps).
set -euo pipefail
cd "$(dirname "$0")"
[ -f dist/main.js ] && [ -x /usr/bin/chromium ] || bash setup.sh

summarize() {
  # ok/FAIL lines without timings or stack detail; RESULT lines as printed.
  sed -n -e 's/^\(ok  *[^ ]*\).*/\1/p' -e 's/^\(FAIL  [^:]*: [^⏎|]*\).*/\1/p' -e 's/^\(RESULT .*\)/  \1/p' | sed 's/ *$//'
}

actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
{ node load.mjs probes/*.xml --media probes/media --text || true; } | summarize >"$actual"
# What Web Forms hands the host on "Send" for a form with base64RsaPublicKey.
{ node load.mjs probes/encrypted.xml probes/encrypted-form-data-post.xml --submit || true; } | sed -n 's/^\(SUBMIT .*\)/  \1/p' >>"$actual"
# The same forms once more in French where they have French labels.
{ node load.mjs probes/itext-itemset.xml probes/csv-lang-suffix.xml --media probes/media --lang 'Français (fr)' || true; } | sed -n -e 's/^\(ok  *[^ ]*\).*/\1 (fr)/p' -e 's/^\(FAIL  [^:]*\):.*/\1 (fr)/p' >>"$actual"

if [ "${1:-}" = --update ]; then
  cp "$actual" probes/expected.txt
  cat probes/expected.txt
elif diff -u probes/expected.txt "$actual"; then
  echo "probes: as expected ($(grep -c '^ok\|^FAIL' probes/expected.txt) outcomes)"
else
  echo "probes: outcomes differ from probes/expected.txt"
  exit 1
fi
