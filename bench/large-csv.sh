#!/usr/bin/env bash
# Large-input check (issue 8, guarantee 3): an activities.csv of about 2 GB
# is imported into a fresh SQLite file and the peak memory is reported, to
# show that a file is streamed, not loaded whole. Not run in CI (minutes of
# I/O and gigabytes of disk); run it by hand before a release:
#
#   bench/large-csv.sh                 # 0.25 GB and 2 GB
#   SIZES_MB="512 1024 2048" bench/large-csv.sh
#
# Each size is generated once under $OUT (default ~/.cache/kura-bench-large)
# by a deterministic generator (90-byte rows, 40 reps, two years of days)
# and imported with /usr/bin/time -v. Peak RSS grows with the row count by
# what the reader keeps per row: the set of ids seen in the file (to refuse
# the same id twice) -- 16-byte hashes and line numbers in a hash table,
# about 35 to 70 bytes a row depending on where the table is in its
# doubling. Everything else is bounded: the CSV reader holds one record
# (at most 10 MB), the store one transaction's pages. The script prints
# the slope between the sizes so the per-row cost can be read off.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kura-target}"
OUT="${OUT:-$HOME/.cache/kura-bench-large}"
SIZES_MB="${SIZES_MB:-256 2048}"
cargo build --release -q -p kura
KURA="$CARGO_TARGET_DIR/release/kura"
mkdir -p "$OUT"

generate() {
  local mb="$1" dir="$2"
  mkdir -p "$dir"
  [ -f "$dir/activities.csv" ] && return
  echo "generating $dir/activities.csv (~$mb MB)"
  python3 - "$mb" "$dir/activities.csv.tmp" <<'PY'
import sys
target = int(sys.argv[1]) * 1024 * 1024
kinds = ("call", "call", "call", "email", "meeting")
results = ("connected", "no_answer", "voicemail", "busy", "")
with open(sys.argv[2], "w", buffering=1 << 20) as out:
    out.write("id,occurred_at,rep,kind,direction,personal,call_result,target,planned_at,outcome\n")
    written, i = 0, 0
    while written < target:
        lines = []
        for _ in range(10000):
            day = i // 20000  # 20,000 activities a day over ~40 reps
            y, d = 2024 + day // 365 % 3, day % 365
            m, dd = 1 + d // 31 % 12, 1 + d % 28
            hh, mm, ss = 9 + i % 9, i % 60, (i * 7) % 60
            kind = kinds[i % 5]
            res = results[i % 5] if kind == "call" else ""
            lines.append(
                f"A{i:010d},{y}-{m:02d}-{dd:02d}T{hh:02d}:{mm:02d}:{ss:02d}+09:00,"
                f"rep-{i % 40:03d},{kind},outbound,true,{res},L{i % 500000:06d},,none\n"
            )
            i += 1
        chunk = "".join(lines)
        out.write(chunk)
        written += len(chunk)
PY
  mv "$dir/activities.csv.tmp" "$dir/activities.csv"
}

prev_rows="" prev_kib=""
for mb in $SIZES_MB; do
  dir="$OUT/bundle-$mb"
  generate "$mb" "$dir"
  rows=$(($(wc -l < "$dir/activities.csv") - 1))
  bytes=$(stat -c %s "$dir/activities.csv")
  rm -f "$OUT/large.db"*
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$OUT/time-$mb.txt" "$KURA" --database "$OUT/large.db" --lang en \
    import kura "$dir" >/dev/null
  end=$(date +%s.%N)
  kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time-$mb.txt")
  python3 - "$mb" "$bytes" "$rows" "$start" "$end" "$kib" "$prev_rows" "$prev_kib" <<'PY'
import sys
mb, size, rows, start, end, kib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
prev_rows, prev_kib = sys.argv[7], sys.argv[8]
secs = end - start
line = (f"{size / 2**30:.2f} GiB, {rows:,} rows: {secs:.0f} s ({rows / secs:,.0f} rows/s), "
        f"peak RSS {kib / 1024:.0f} MiB ({kib * 1024 / rows:.0f} B/row overall)")
if prev_rows:
    slope = (kib - int(prev_kib)) * 1024 / (rows - int(prev_rows))
    line += f"; {slope:.0f} B per extra row since the smaller size"
print(line)
PY
  prev_rows=$rows prev_kib=$kib
done
rm -f "$OUT/large.db"*
