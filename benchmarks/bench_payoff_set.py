"""Time fedlocal's exact SPE payoff set against QuantEcon's Abreu–Sannikov implementation.

Usage: ``python benchmarks/bench_payoff_set.py [--repeat N] [--delta D] [--game pd|as|both]``.
Prints a Markdown table per game. The games are the prisoner's dilemma (T, R, P, S) =
(5, 3, 1, 0) at delta = 0.9 and the 3x3 example of Abreu & Sannikov (2014, section 6) at
delta = 0.3 (``--delta`` overrides both). QuantEcon's first call includes numba's JIT
compilation, so first-call and warm (best of ``--repeat``) times are reported separately;
fedlocal has no compilation step, its first call differs from warm calls only by Python's
caches. fedlocal's row says whether the result is exact (verified) and how many float
iterations it took.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from fractions import Fraction

from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.payoff_set import PayoffSet, spe_payoff_set

GAMES = {
    "pd": ("PD (5, 3, 1, 0)", [[3, 0], [5, 1]], [[3, 5], [0, 1]], "0.9"),
    "as": (
        "Abreu-Sannikov 2014 3x3",
        [[16, 3, 0], [21, 10, -1], [9, 5, -5]],
        [[9, 13, 3], [1, 4, 0], [0, -4, -15]],
        "0.3",
    ),
}


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


def _bench(key: str, delta_text: str | None, repeat: int) -> None:
    title, A, B, default = GAMES[key]
    delta = Fraction(delta_text or default)
    game = NormalFormGame.from_matrices(A, B)
    rows = []
    first, warm, ours = _timed(lambda: spe_payoff_set(game, delta), repeat)
    res = ours if isinstance(ours, PayoffSet) else None
    assert res is not None
    pts = ", ".join(f"({x:.6f}, {y:.6f})" for x, y in res.to_floats())
    kind = "exact, verified" if res.exact else "float, NOT verified"
    rows.append(
        (f"fedlocal spe_payoff_set ({kind}, {res.iterations} float steps)", first, warm, pts)
    )
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

        qfirst, qwarm, hull = _timed(qe, repeat)
        qpts = hull.points[hull.vertices]  # type: ignore[attr-defined]
        text = ", ".join(f"({x:.6f}, {y:.6f})" for x, y in qpts.tolist())
        rows.append(("QuantEcon RepeatedGame AS (float, tol 1e-12)", qfirst, qwarm, text))
    print(f"\n{title}, delta = {delta}, warm = best of {repeat}\n")
    print("| implementation | first call (ms) | warm (ms) | result |")
    print("| --- | --- | --- | --- |")
    for name, f, w, out in rows:
        print(f"| {name} | {1e3 * f:.1f} | {1e3 * w:.1f} | {out} |")
    if len(rows) == 2:
        print(
            f"\nratio fedlocal / QuantEcon: first call {rows[0][1] / rows[1][1]:.3f}, "
            f"warm {rows[0][2] / rows[1][2]:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--delta", default=None)
    parser.add_argument("--game", choices=["pd", "as", "both"], default="both")
    args = parser.parse_args()
    for key in ("pd", "as") if args.game == "both" else (args.game,):
        _bench(key, args.delta, args.repeat)


if __name__ == "__main__":
    main()
