#!/usr/bin/env bash
# Self-test of the ODK Web Forms load test on the hand-written samples:
# samples/representative.xml must load, samples/broken.xml must be reported
# as failing. Run setup.sh first (selftest.sh runs it if dist/ is missing).
set -euo pipefail
cd "$(dirname "$0")"
[ -f dist/main.js ] && [ -x /usr/bin/chromium ] || bash setup.sh

status=0
echo "selftest: representative sample must load"
if ! node load.mjs samples/representative.xml --media samples/media; then
  echo "selftest: FAILED: representative.xml did not load"; status=1
fi
echo "selftest: broken sample must be reported"
if out=$(node load.mjs samples/broken.xml --media samples/media); then
  echo "$out"; echo "selftest: FAILED: broken.xml was not reported as failing"; status=1
elif ! grep -q '^FAIL  broken.xml: ' <<<"$out"; then
  echo "$out"; echo "selftest: FAILED: no FAIL line for broken.xml"; status=1
else
  echo "$out"; echo "selftest: broken.xml reported as expected"
fi
exit $status
