#!/usr/bin/env bash
# Diagnosis benchmark (issue: diagnosis speed): a simulated organisation of
# about 1,000 reps and 10 million activities over two years, imported into a
# fresh SQLite file, then `kura diagnose --format json` end to end.
# Goal on this 2-core machine: under 300 ms and under 300 MB.
#
#   bench/diagnose.sh            # full size (scale 42 ≈ 1,000 reps)
#   SCALE=4 bench/diagnose.sh    # a quick, smaller run
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kura-target}"
SCALE="${SCALE:-42}"
RUNS="${RUNS:-7}"
OUT="${OUT:-$HOME/.cache/kura-bench}"
cargo build --release -q -p kura
KURA="$CARGO_TARGET_DIR/release/kura"
mkdir -p "$OUT"
rm -rf "$OUT/bundle" "$OUT/bench.db"*

echo "== simulate: 3 teams x 8 reps x scale $SCALE, 2024-11-01..2026-10-31"
python3 bench/measure.py "sim (write bundle)" 1 -- "$KURA" sim --out "$OUT/bundle" --seed 11 \
  --from 2024-11-01 --to 2026-10-31 --teams 3 --reps-per-team 8 --scale "$SCALE"
wc -l "$OUT/bundle/activities.csv"

echo "== import into SQLite"
python3 bench/measure.py "import kura bundle" 1 -- "$KURA" --database "$OUT/bench.db" import kura "$OUT/bundle"
rows=$(($(wc -l < "$OUT/bundle/activities.csv") - 1))
echo "activities: $rows"

echo "== diagnose --window 2026-09-24 --format json (end to end: process start, open, queries, JSON)"
python3 bench/measure.py "diagnose" "$RUNS" -- "$KURA" --database "$OUT/bench.db" diagnose --window 2026-09-24 --format json
python3 bench/measure.py "diagnose --window latest" "$RUNS" -- "$KURA" --database "$OUT/bench.db" diagnose --format json
