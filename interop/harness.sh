#!/usr/bin/env bash
# Runs the JavaRosa harness with the JVM flags measured fastest here (see README):
#   interop/harness.sh --form F.xml --media DIR --instances IN.jsonl --out OUT.jsonl [--fresh]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ -f "$here/.build/env.sh" ] || bash "$here/setup.sh"
# shellcheck disable=SC1091
. "$here/.build/env.sh"
exec "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$HARNESS_CP" Harness "$@"
