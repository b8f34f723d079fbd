#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs the external tools the interop tests need
# (a JDK from Debian if missing, pyxform pinned in a virtualenv — its wheel carries ODK Validate
# and JavaRosa —, Debian's chromium, the npm packages of interop/web-forms, interop/ajv and the
# web preview app from their lockfiles),
# then runs every test. `.ci/run` calls it; README "The two commands" names it.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
bash interop/setup.sh
bash interop/web-forms/setup.sh
bash interop/ajv/setup.sh
# The web preview's npm packages (npm ci from its lockfile; the browser test in cargo test drives
# them), and the committed preview asset must be what its sources build.
bash targets/web/preview-app/rebuild.sh --check
t_setup=$(date +%s)
# The tools are there: a test that cannot find one fails instead of skipping.
export CI=true
cargo test --workspace --locked
t_tests=$(date +%s)
# The tools check themselves on hand-written samples, then judge the mobile target's output.
BIG_N=0 bash interop/selftest.sh >/dev/null
bash interop/web-forms/selftest.sh >/dev/null
cargo build --locked -q
bash interop/check-mobile.sh
t_interop=$(date +%s)
echo "test-all: setup $((t_setup - t0)) s, cargo test $((t_tests - t_setup)) s, interop $((t_interop - t_tests)) s"
