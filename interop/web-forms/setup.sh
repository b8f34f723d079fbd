#!/usr/bin/env bash
# Idempotent setup for the ODK Web Forms load test:
#   Debian chromium (apt) if /usr/bin/chromium is missing, `npm ci` from the
#   committed lockfile, and the esbuild bundle in dist/.
# Nothing is downloaded at run time: apt and the npm registry only.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian chromium"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
fi

# npm ci only when node_modules was not installed from this exact lockfile.
if ! cmp -s package-lock.json node_modules/.gbvims-lock 2>/dev/null; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.gbvims-lock
fi

node build.mjs
