"""Time fedlocal's exact SPE payoff set against QuantEcon's Abreu–Sannikov implementation.

Usage: ``python benchmarks/bench_payoff_set.py [--repeat N] [--delta D]``. Prints a Markdown
table. The game is the prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0) at delta = 0.9 (default).
QuantEcon's first call includes numba's JIT compilation, so first-call and warm (best of
``--repeat``) times are reported separately; fedlocal has no compilation step, its first call
differs from warm calls only by Python's caches.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from fractions import Fraction

from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.payoff_set import spe_payoff_set

A = [[3, 0], [5, 1]]
B = [[3, 5], [0, 1]]


def _timed(func: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    start = time.perf_counter()
    out = func()
    first = time.perf_counter() - start
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        warm.append(time.perf_counter() - start)
    return first, min(warm), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--delta", default="0.9")
    args = parser.parse_args()
    delta = Fraction(args.delta)
    game = NormalFormGame.from_matrices(A, B, actions=("CD", "CD"))
    rows = []
    first, warm, ours = _timed(lambda: spe_payoff_set(game, delta), args.repeat)
    rows.append(("fedlocal spe_payoff_set (exact)", first, warm, str(ours)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import numpy as np
            from quantecon.game_theory import NormalFormGame as QNFG
            from quantecon.game_theory import Player, RepeatedGame
    except ImportError:
        print("quantecon is not installed: pip install quantecon")
    else:
        a, b = np.array(A, dtype=float), np.array(B, dtype=float)
        rpg = RepeatedGame(QNFG((Player(a), Player(b.T))), float(delta))

        def qe() -> object:
            return rpg.equilibrium_payoffs(method="AS", options={"tol": 1e-12})

        qfirst, qwarm, hull = _timed(qe, args.repeat)
        pts = hull.points[hull.vertices]  # type: ignore[attr-defined]
        text = ", ".join(f"({x:.6f}, {y:.6f})" for x, y in pts.tolist())
        rows.append(("QuantEcon RepeatedGame AS (float, tol 1e-12)", qfirst, qwarm, text))
    print(f"PD (5, 3, 1, 0), delta = {delta}, warm = best of {args.repeat}\n")
    print("| implementation | first call (ms) | warm (ms) | result |")
    print("| --- | --- | --- | --- |")
    for name, f, w, res in rows:
        print(f"| {name} | {1e3 * f:.1f} | {1e3 * w:.1f} | {res} |")
    if len(rows) == 2:
        print(
            f"\nratio fedlocal / QuantEcon: first call {rows[0][1] / rows[1][1]:.3f}, "
            f"warm {rows[0][2] / rows[1][2]:.2f}"
        )


if __name__ == "__main__":
    main()
