"""Symbolic results, evaluated fast: derive once (cached), then compiled numpy evaluation.

Usage: ``python benchmarks/bench_symbolic.py [--points N] [--seed S]``. Measures, in one run:

1. deriving each bundled scenario (cold) and again (cached);
2. evaluating a derived condition and a closed form over N random parameter points with the
   compiled (lambdified, vectorised) functions, against the naive way (sympy ``xreplace`` point by
   point, timed on a sample and scaled).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import sympy as sp

from gametheory import bundled_scenarios, load_scenario
from gametheory.symbolic import compile_condition, compile_expression, derive_normal_form
from gametheory.symbolic.derive import derive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    print("| scenario | derive, cold (ms) | derive, cached (ms) |")
    print("| --- | --- | --- |")
    for name in bundled_scenarios():
        sc = load_scenario(name)
        derive.cache_clear()
        start = time.perf_counter()
        derive_normal_form(sc)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        derive_normal_form(sc)
        warm = time.perf_counter() - start
        print(f"| {name} | {1000 * cold:.0f} | {1000 * warm:.3f} |")

    sc = load_scenario("chicken")
    d = derive_normal_form(sc)
    [mixed] = d.mixed
    symbols = d.symbols
    arrays = [rng.uniform(float(p.range[0]), float(p.range[1]), args.points) for p in sc.parameters]
    # Condition: the mixed equilibrium's validity condition (w - t + c > 0, all quantities > 0)
    # checked without the assumptions, to have a non-trivial condition to evaluate.
    from gametheory.symbolic import Assumptions
    from gametheory.symbolic.derive import ratio_condition

    condition = ratio_condition(mixed.strategies[0][0], ">", Assumptions()) & ratio_condition(
        1 - mixed.strategies[0][0], ">", Assumptions()
    )
    by_name = dict(zip([p.symbol for p in sc.parameters], arrays, strict=True))
    ordered = [by_name[s] for s in symbols]

    start = time.perf_counter()
    holds = compile_condition(condition, symbols)
    prob = compile_expression(mixed.strategies[0][0], symbols)
    compile_time = time.perf_counter() - start
    start = time.perf_counter()
    mask = holds(*ordered)
    values = prob(*ordered)
    share, valid_mean = mask.mean(), values[mask].mean()
    fast = time.perf_counter() - start

    sample = 2_000
    start = time.perf_counter()
    for k in range(sample):
        point = {s: sp.Float(by_name[s][k]) for s in symbols}
        condition.holds_at(point)
        mixed.strategies[0][0].xreplace(point)
    naive = (time.perf_counter() - start) / sample * args.points

    print()
    print(f"chicken: validity condition and P(swerve) over {args.points:,} points")
    print(f"* compile once: {1000 * compile_time:.1f} ms")
    print(
        f"* compiled evaluation: {1000 * fast:.1f} ms (the condition holds at {share:.3f} of the "
        f"points, which ignore the scenario's w > t; mean P(swerve) there {valid_mean:.4f})"
    )
    print(f"* naive sympy, point by point (timed on {sample:,} points, scaled): {naive:.1f} s")
    print(f"* speed-up: {naive / fast:,.0f}x")


if __name__ == "__main__":
    main()
