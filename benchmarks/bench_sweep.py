"""Sweeps: the closed-form fast path against the exact per-point loop.

Usage: ``python benchmarks/bench_sweep.py [--points N] [--sample S]``. Measures a ``compare``
sweep of hennepin_drawdown over ``delta=0:0.99:N`` with the fast path (exact, region by region)
and the per-point loop (``gametheory.evaluate`` at each point, timed on S points and scaled),
and checks that both give the same rows on the sample.
"""

from __future__ import annotations

import argparse
import time

from gametheory import load_scenario, sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=5)
    args = parser.parse_args()
    sc = load_scenario("hennepin_drawdown")
    grid = [f"delta=0:0.99:{args.points}"]
    start = time.perf_counter()
    fast = sweep(sc, grid, "compare", progress=False)
    t_fast = time.perf_counter() - start
    sample = [
        "delta="
        + ",".join(
            str(v)
            for v in fast.delta.unique()[:: max(1, args.points // args.sample)][: args.sample]
        )
    ]
    start = time.perf_counter()
    slow = sweep(sc, sample, "compare", fast=False, progress=False)
    t_slow = (time.perf_counter() - start) / args.sample * args.points
    check = sweep(sc, sample, "compare", progress=False)
    assert check.equals(slow), "fast and per-point rows differ"
    print(f"hennepin_drawdown compare over {args.points:,} deltas ({len(fast):,} rows)")
    print(f"* fast path (exact, region by region): {t_fast:.2f} s")
    print(f"* per-point loop (evaluate), scaled from {args.sample} points: {t_slow:.0f} s")
    print(f"* speed-up: {t_slow / t_fast:.0f}x; rows equal on the sample: yes")


if __name__ == "__main__":
    main()
