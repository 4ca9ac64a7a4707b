#!/usr/bin/env bash
# Crash safety of imports, the long form (RELIABILITY.md §1): the harness of
# crates/kura/tests/crash.rs, run against the release binary on a bundle of
# about 1,000,000 activities. 50 imports into SQLite are killed with SIGKILL
# at random moments (and PG_KILLS into PostgreSQL when
# KURA_TEST_DATABASE_URL is set); after each kill the database must pass
# `kura verify` and hold all of the import or none of it (row counts and a
# BLAKE3 digest of `kura export`, against a clean import).
#
#   bench/crash.sh
#   KURA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bench/crash.sh
#   KILLS=100 PG_KILLS=20 KURA_CRASH_SEED=42 bench/crash.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kura-target}"
SCALE="${SCALE:-4}"
OUT="${OUT:-$HOME/.cache/kura-bench-crash}"
cargo build --release -q -p kura
mkdir -p "$OUT/tmp"
# A copy of its own: other benchmarks may rebuild target/release meanwhile.
cp "$CARGO_TARGET_DIR/release/kura" "$OUT/kura"
KURA="$OUT/kura"
if [ ! -f "$OUT/bundle/activities.csv" ]; then
  "$KURA" sim --out "$OUT/bundle" --seed 5 --from 2024-11-01 --to 2026-10-31 \
    --teams 3 --reps-per-team 8 --scale "$SCALE" >/dev/null
  rm -f "$OUT/bundle/ground_truth.csv"
fi
rows=$(($(wc -l < "$OUT/bundle/activities.csv") - 1))
echo "bundle: $rows activities, $(du -sh "$OUT/bundle" | cut -f1)"

started=$(date +%s)
KURA_TEST_BIN="$KURA" \
KURA_CRASH_BUNDLE="$OUT/bundle" \
KURA_CRASH_KILLS="${KILLS:-50}" \
KURA_CRASH_PG_KILLS="${PG_KILLS:-10}" \
TMPDIR="$OUT/tmp" \
  cargo test -q -p kura --test tests -- --exact --nocapture --test-threads 1 \
    crash::sqlite_imports_survive_sigkill crash::postgres_imports_survive_sigkill \
  >"$OUT/crash.log" 2>&1 || status=$?
grep -E '^crash (seed|clean|sqlite|postgres)|skipped|test result|panicked' "$OUT/crash.log" || true
echo "total: $(( $(date +%s) - started )) s (log: $OUT/crash.log)"
exit "${status:-0}"
