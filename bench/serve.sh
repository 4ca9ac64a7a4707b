#!/usr/bin/env bash
# Web/API benchmark (issue 7): the ~10M-activity organisation of
# bench/diagnose.sh in SQLite, `kura serve` on loopback, and wrk driving the
# diagnosis API and the diagnosis page. Prints p50/p99 latency and
# requests/s. Goal on 2 cores: API p99 under 50 ms and over 1,000 req/s.
#
#   bench/serve.sh                 # full size (reuses bench/diagnose.sh's database if present)
#   SCALE=4 bench/serve.sh         # a quick, smaller organisation
#   DURATION=30s CONNECTIONS=32 bench/serve.sh
#
# Needs wrk (apt-get install wrk). The server and wrk share the 2 cores, so
# the figures are a floor of what a separate load generator would see.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kura-target}"
SCALE="${SCALE:-42}"
OUT="${OUT:-$HOME/.cache/kura-bench}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
WINDOW="${WINDOW:-2026-09-24..2026-09-25}"
command -v wrk >/dev/null || { echo "bench/serve.sh needs wrk: apt-get install wrk" >&2; exit 2; }
cargo build --release -q -p kura
KURA="$CARGO_TARGET_DIR/release/kura"
DB="$OUT/serve-scale$SCALE.db"
mkdir -p "$OUT"

if [ ! -f "$DB" ]; then
  echo "== simulate and import: 3 teams x 8 reps x scale $SCALE, 2024-11-01..2026-10-31"
  rm -rf "$OUT/serve-bundle"
  "$KURA" sim --out "$OUT/serve-bundle" --seed 11 --from 2024-11-01 --to 2026-10-31 \
    --teams 3 --reps-per-team 8 --scale "$SCALE"
  "$KURA" --database "$DB" import kura "$OUT/serve-bundle"
  rm -rf "$OUT/serve-bundle"
fi
echo "diagnosis rows: $("$KURA" --database "$DB" --lang en diagnose --window "$WINDOW" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["reps"]), "reps")')"

TOKEN=$("$KURA" --database "$DB" token create bench --scope read 2>/dev/null)
# The page benchmark signs in as this admin (kept from an earlier run).
echo "bench-password-123" | "$KURA" --database "$DB" user add bench-admin --role admin --password-stdin >/dev/null 2>&1 || true

LOG="$OUT/serve.log"
"$KURA" --database "$DB" serve --bind 127.0.0.1:0 > "$OUT/serve.out" 2> "$LOG" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$OUT/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^kura: listening on //p' "$OUT/serve.out")
echo "server: $URL (pid $SERVER)"

# Sign in once for the page benchmark.
JAR=$(mktemp)
CSRF=$(curl -s -c "$JAR" "$URL/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "name=bench-admin&password=bench-password-123&csrf=$CSRF&next=/" "$URL/login"
SESSION=$(awk '$6 == "kura_session" {print $7}' "$JAR")
rm -f "$JAR"

API="$URL/api/v1/diagnosis?window=$WINDOW"
PAGE="$URL/diagnosis?window=$WINDOW"
# Warm the diagnosis cache (the first request computes it).
python3 bench/measure.py "first API request (computes the diagnosis)" 1 -- curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$API"

run_wrk() {
  local name="$1"; shift
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | tee "$OUT/wrk-$name.txt" \
    | grep -E "Requests/sec|Non-2xx| 50%| 99%|Socket errors"
}
run_wrk api -H "Authorization: Bearer $TOKEN" "$API"
run_wrk page -H "Cookie: kura_session=$SESSION" "$PAGE"
