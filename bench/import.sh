#!/usr/bin/env bash
# Import benchmark (issue: store and import speed): a Kura bundle of about
# 1,000,000 activities (plus its leads and next actions), imported into a
# fresh SQLite file and, when KURA_BENCH_DATABASE_URL is set, into
# PostgreSQL. Prints rows/s and peak memory.
# Goals: ≥ 500,000 activity rows/s into SQLite with rollups maintained,
# ≥ 200,000 rows/s into PostgreSQL, peak memory under 200 MB.
#
#   bench/import.sh
#   KURA_BENCH_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?schema=kura_bench' bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kura-target}"
SCALE="${SCALE:-4}"
OUT="${OUT:-$HOME/.cache/kura-bench-import}"
cargo build --release -q -p kura
KURA="$CARGO_TARGET_DIR/release/kura"
mkdir -p "$OUT"
if [ ! -f "$OUT/bundle/activities.csv" ]; then
  "$KURA" sim --out "$OUT/bundle" --seed 5 --from 2024-11-01 --to 2026-10-31 \
    --teams 3 --reps-per-team 8 --scale "$SCALE" >/dev/null
fi
rows=$(($(wc -l < "$OUT/bundle/activities.csv") - 1))
echo "bundle: $rows activities, $(du -sh "$OUT/bundle" | cut -f1)"

run() {
  local label="$1" db="$2"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$OUT/rss" "$KURA" --database "$db" import kura "$OUT/bundle" >/dev/null
  end=$(date +%s.%N)
  python3 - "$label" "$start" "$end" "$rows" "$(tail -n1 "$OUT/rss")" <<'PY'
import sys
label, start, end, rows, rss = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
secs = end - start
print(f"{label}: {secs:.2f} s for the whole bundle, {rows / secs:,.0f} activity rows/s, peak RSS {rss / 1024:.0f} MiB")
PY
}

rm -f "$OUT/bench.db"*
run "SQLite, fresh file" "$OUT/bench.db"
run "SQLite, same bundle again (idempotent: all unchanged)" "$OUT/bench.db"
if [ -n "${KURA_BENCH_DATABASE_URL:-}" ]; then
  run "PostgreSQL" "$KURA_BENCH_DATABASE_URL"
fi
