"""Sweeps: the closed-form fast path against the exact per-point loop.

Usage: ``python benchmarks/bench_sweep.py [--points N] [--sample S] [--axis A] [--only NAME]``.
Measures a million-point (A x A) region sweep of a derivation (funding_threat over b_F and c_L)
against the exact per-point decision, the same million points as a ``derive`` sweep (every pure
profile's status and payoffs, by the closed forms) against ``evaluate`` per point, a ``compare``
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
    parser.add_argument("--axis", type=int, default=1000, help="points per axis of the map")
    parser.add_argument("--only", choices=["regions", "derive", "repeated", "compare"])
    args = parser.parse_args()
    if args.only in (None, "regions"):
        regions(args.axis)
        print()
    if args.only in (None, "derive"):
        derive(args.axis, args.sample)
        print()
    if args.only in (None, "repeated"):
        repeated(50)
        print()
    if args.only not in (None, "compare"):
        return
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


def derive(points_per_axis: int = 1000, sample: int = 5) -> None:
    """A million-point derive sweep by the closed forms against ``evaluate`` per point."""
    sc = load_scenario("funding_threat")
    fixed = {"G": 1, "beta": "1/4", "a_F": 1, "k_F": "1/2"}
    grid = [f"b_F=0:2:{points_per_axis}", f"c_L=1/2:4:{points_per_axis}"]
    start = time.perf_counter()
    sweep(sc, grid, "derive", fixed, progress=False)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    df = sweep(sc, grid, "derive", fixed, progress=False)
    warm = time.perf_counter() - start
    bs = df.b_F.unique()[:: max(1, points_per_axis // sample)][:sample]
    small = [f"b_F={','.join(map(str, bs))}", "c_L=1/2,3/4,2"]
    start = time.perf_counter()
    slow = sweep(sc, small, "derive", fixed, fast=False, progress=False)
    loop = (time.perf_counter() - start) / (len(bs) * 3) * points_per_axis**2
    fast = sweep(sc, small, "derive", fixed, progress=False)
    assert fast.astype(slow.dtypes.to_dict()).equals(slow), "fast and per-point rows differ"
    points = points_per_axis**2
    print(f"funding_threat: derive at {points:,} points ({len(df):,} rows: 4 profiles a point)")
    print(f"* closed forms, vectorised: {warm:.2f} s ({cold:.2f} s with the derivation)")
    print(f"* per-point loop (evaluate), scaled from {len(bs) * 3} points: {loop:.0f} s")
    print(f"* rows equal on the sample: yes; speed-up {loop / warm:.0f}x")


def repeated(points: int = 50) -> None:
    """A ``repeated`` sweep over delta by the trigger thresholds against the per-point loop."""
    sc = load_scenario("surge_pd")
    grid = [f"delta=1/100:99/100:{points}"]
    start = time.perf_counter()
    fast = sweep(sc, grid, "repeated", progress=False)
    t_fast = time.perf_counter() - start
    start = time.perf_counter()
    slow = sweep(sc, grid, "repeated", fast=False, progress=False)
    t_slow = time.perf_counter() - start
    assert fast.equals(slow), "fast and per-point rows differ"
    print(f"surge_pd: repeated over {points} deltas ({len(fast):,} rows)")
    print(f"* trigger thresholds, one analysis a region: {t_fast:.1f} s")
    print(f"* per-point loop (evaluate at every delta): {t_slow:.1f} s; rows equal: yes")


def regions(points_per_axis: int = 1000) -> None:
    """A million-point region sweep of a derivation against the exact per-point decision."""
    import sympy as sp

    from gametheory.sweeps.regions import region_sweep

    sc = load_scenario("funding_threat")
    grid = [f"b_F=0:2:{points_per_axis}", f"c_L=1/2:4:{points_per_axis}"]
    start = time.perf_counter()
    region_sweep(sc, grid)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    df = region_sweep(sc, grid)
    warm = time.perf_counter() - start
    # The per-point loop: decide each point's region exactly (Condition.holds_at on rationals).
    from gametheory import evaluate

    values = {p.name: p.default for p in sc.parameters if p.name not in ("b_F", "c_L")}
    d = evaluate(sc, "derive", values).result
    syms = {s.name: s for r in d.regions for s in r.condition.as_relational().free_symbols}
    sample = 200
    rows = df.sample(sample, random_state=1)
    start = time.perf_counter()
    for b, c, k in zip(rows.b_F, rows.c_L, rows.region, strict=True):
        point = {syms["b_F"]: sp.Rational(b), syms["c_L"]: sp.Rational(c)}
        found = next(j for j, r in enumerate(d.regions) if r.condition.holds_at(point))
        assert found == k, (b, c, found, k)
    loop = (time.perf_counter() - start) / sample * len(df)
    print(f"funding_threat: derived region at {len(df):,} points (b_F x c_L)")
    print(f"* vectorised, exact near boundaries: {warm:.2f} s ({cold:.2f} s with the derivation)")
    print(f"* per-point exact decision, scaled from {sample} points: {loop:.0f} s")
    print(f"* regions equal on the sample: yes; speed-up {loop / warm:.0f}x")


if __name__ == "__main__":
    main()
