#!/usr/bin/env python3
"""Runs a command N times and prints the median wall time and peak memory.

Usage: measure.py LABEL N -- COMMAND [ARGS...]

Peak memory is the maximum resident set size reported by GNU time (KiB),
so the figure includes everything the process touched. This machine is
shared and noisy: quote the median, not the best run.
"""
import statistics
import subprocess
import sys
import tempfile
import time


def main() -> int:
    label, runs = sys.argv[1], int(sys.argv[2])
    cmd = sys.argv[sys.argv.index("--") + 1 :]
    walls, peaks = [], []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r") as t:
            start = time.perf_counter()
            done = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", t.name, *cmd],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            walls.append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.stderr.write(done.stderr.decode(errors="replace"))
                return done.returncode
            peaks.append(int(t.read().strip().splitlines()[-1]))
    print(
        f"{label}: median {statistics.median(walls) * 1000:.0f} ms "
        f"(min {min(walls) * 1000:.0f}, max {max(walls) * 1000:.0f}, n={runs}); "
        f"peak RSS median {statistics.median(peaks) / 1024:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
