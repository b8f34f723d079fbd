#!/usr/bin/env bash
# Runs ODK Validate (the jar shipped in the pinned pyxform wheel) on XForms; fails on any error.
# Usage: interop/validate.sh [--strict] FORM.xml...
# ODK Validate takes several files in one JVM. It exits 1 when any form is invalid (stderr then
# holds the JavaRosa exception and "The following files failed validation: …" / "Result:
# Invalid"), and 0 when all are valid; anything it prints on stderr with exit 0 is a warning
# (pyxform's reading of it too). --strict fails on warnings as well.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ -f "$here/.build/env.sh" ] || bash "$here/setup.sh"
# shellcheck disable=SC1091
. "$here/.build/env.sh"
strict=0
if [ "${1:-}" = "--strict" ]; then strict=1; shift; fi
[ $# -gt 0 ] || { echo "usage: validate.sh [--strict] FORM.xml..." >&2; exit 2; }
err="$(mktemp)"; out="$(mktemp)"
trap 'rm -f "$err" "$out"' EXIT
rc=0
"$JAVA" -Djava.awt.headless=true -jar "$ODK_VALIDATE_JAR" "$@" >"$out" 2>"$err" || rc=$?
if [ "$rc" -ne 0 ]; then
  # Keep the messages, drop the Java stack frames.
  grep -v -E '^[[:space:]]+(at |\.\.\. [0-9]+ more)' "$err" | sed '/^$/d' >&2
  echo "validate: ODK Validate failed (exit $rc)" >&2
  exit 1
fi
if [ -s "$err" ]; then
  echo "validate: ODK Validate warnings:" >&2
  cat "$err" >&2
  if [ "$strict" -eq 1 ]; then exit 1; fi
fi
echo "validate: $# form(s) valid"
