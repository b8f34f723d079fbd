#!/usr/bin/env bash
# Idempotent setup for the ajv interop test (tests/it/web_records.rs,
# `web_records::ajv_agrees_with_the_jsonschema_crate`):
# `npm ci` from the committed lockfile (ajv 8 and ajv-formats, pinned). The npm registry only.
set -euo pipefail
cd "$(dirname "$0")"
# npm ci only when node_modules was not installed from this exact lockfile.
if ! cmp -s package-lock.json node_modules/.gbvims-lock 2>/dev/null; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.gbvims-lock
fi
