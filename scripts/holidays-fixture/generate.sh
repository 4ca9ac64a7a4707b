#!/usr/bin/env bash
# Regenerates crates/kura-calendar/tests/data/holidays-1955-2050.csv from two
# pinned npm packages, installed into a temporary directory (never into the
# repository). Run from anywhere: bash scripts/holidays-fixture/generate.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/crates/kura-calendar/tests/data/holidays-1955-2050.csv"

# Pinned versions: change them here and in README.md together.
cabinet_office_pkg="japanese-public-holidays@3.2.38"
projection_pkg="@holiday-jp/holiday_jp@2.5.1"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

npm install --prefix "$tmp" --no-save --no-audit --no-fund --ignore-scripts \
    "$cabinet_office_pkg" "$projection_pkg" >&2

node "$here/generate.mjs" "$tmp/node_modules" "$cabinet_office_pkg" "$projection_pkg" > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out" >&2
