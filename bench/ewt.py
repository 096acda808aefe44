"""How right is the wait printed on the ticket? Simulated office days (bench/office_day.py), every shape.

    .venv/bin/python bench/ewt.py [--days 3] [--quick] [--shape NAME ...]

For each day shape: the mean and the 90th-percentile absolute error (minutes) of the wait each ticket said when
it was issued against the wait that then happened (first call - issue), for
  old       people ahead in the same service x queue.minutes_per_ticket / open counters serving it (the old ticket);
  observed  the same queue x today's observed mean call length of the service / open counters serving it;
  new       shared.services.wait_estimate (the point printed on the ticket);
and the share of tickets whose actual wait fell inside the printed range. Goal: new MAE <= 0.6 x the better of
old and observed on every shape, and >= 75 % of waits inside the range. `--quick` (one shorter day per shape)
runs in well under a minute, for CI. Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import pct  # noqa: E402
from bench.office_day import SHAPES, Record, run_day  # noqa: E402

MAE_RATIO = 0.6
COVERAGE = 0.75


def errors(records: list[Record], method: str) -> list[float]:
    return [abs(getattr(r, method) - r.waited) for r in records if r.waited is not None]


def coverage(records: list[Record]) -> float:
    called = [r for r in records if r.waited is not None]
    inside = sum(1 for r in called if r.low - 0.5 <= r.waited <= r.high + 0.5)
    return inside / max(1, len(called))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3, help="simulated days per shape (seeds 1..N)")
    parser.add_argument("--quick", action="store_true", help="one shorter day per shape")
    parser.add_argument("--shape", action="append", choices=SHAPES)
    args = parser.parse_args()
    days = 1 if args.quick else args.days
    start = time.perf_counter()
    print(f"estimated wait vs actual wait, minutes ({days} simulated day(s) per shape{', quick' if args.quick else ''})")
    print(f"{'shape':<9} {'tickets':>7} {'wait':>5} | {'old MAE':>7} {'P90':>5} | {'obs MAE':>7} {'P90':>5} | "
          f"{'new MAE':>7} {'P90':>5} {'ratio':>5} {'in range':>8}")
    ok = True
    for name in args.shape or SHAPES:
        records: list[Record] = []
        for seed in range(1, days + 1):
            records += run_day(name, seed, quick=args.quick)
        called = [r for r in records if r.waited is not None]
        mean_wait = sum(r.waited for r in called) / max(1, len(called))
        row = {m: errors(records, m) for m in ("old", "observed", "new")}
        mae = {m: sum(e) / max(1, len(e)) for m, e in row.items()}
        ratio = mae["new"] / max(1e-9, min(mae["old"], mae["observed"]))
        cov = coverage(records)
        good = ratio <= MAE_RATIO and cov >= COVERAGE
        ok &= good
        print(f"{name:<9} {len(called):>7} {mean_wait:>5.1f} | {mae['old']:>7.1f} {pct(row['old'], 90):>5.1f} | "
              f"{mae['observed']:>7.1f} {pct(row['observed'], 90):>5.1f} | {mae['new']:>7.1f} {pct(row['new'], 90):>5.1f} "
              f"{ratio:>5.2f} {cov:>7.0%}{'' if good else '  <- goal missed'}")
    print(f"goal: new MAE <= {MAE_RATIO} x the better simple method, >= {COVERAGE:.0%} inside the printed range; "
          f"{'met' if ok else 'MISSED'} ({time.perf_counter() - start:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
