#!/usr/bin/env bash
# Keeps a released version of the standard in the binary: copies standard-forms/ (its .gbv files
# and CHANGELOG.md) to standard-releases/vVERSION/, after checking that VERSION is the version
# standard-forms/standard.gbv declares. The binary embeds every standard-releases/* directory
# beside the working standard-forms/ (README: "Every released version stays usable").
#
# Usage: scripts/snapshot-standard.sh VERSION     (e.g. 1.1.0, run from anywhere)
set -euo pipefail

version="${1:-}"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: $0 VERSION (X.Y.Z)" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/standard-forms"
dest="$root/standard-releases/v$version"

declared="$(sed -n 's/^standard [a-z_]* version "\([^"]*\)".*/\1/p' "$src/standard.gbv" | head -n 1)"
if [[ "$declared" != "$version" ]]; then
  echo "standard-forms/standard.gbv declares version \"$declared\", not \"$version\"" >&2
  exit 1
fi
if [[ -e "$dest" ]]; then
  echo "$dest exists: a released version is never changed" >&2
  exit 1
fi
mkdir -p "$dest"
(cd "$src" && find . -type f \( -name '*.gbv' -o -name 'CHANGELOG.md' \) -print0 |
  while IFS= read -r -d '' f; do
    mkdir -p "$dest/$(dirname "$f")"
    cp "$f" "$dest/$f"
  done)
echo "standard-releases/v$version: $(find "$dest" -name '*.gbv' | wc -l) files"
