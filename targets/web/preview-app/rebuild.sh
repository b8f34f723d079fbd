#!/usr/bin/env bash
# Rebuilds the committed preview asset (targets/web/preview/app.js and LICENSES.txt) from
# src/ with the pinned npm packages; `--check` instead fails if the committed files differ
# from a fresh build (scripts/test-all.sh runs it). Needs node and npm (the registry, once).
set -euo pipefail
cd "$(dirname "$0")"
# npm ci only when node_modules was not installed from this exact lockfile.
if ! cmp -s package-lock.json node_modules/.gbvims-lock 2>/dev/null; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.gbvims-lock
fi
node build.mjs "$@"
