"""Time fedlocal's exact solver against nashpy (and pygambit, when installed) in one run.

Usage: ``python benchmarks/bench_solvers.py [--repeat N] [--seed S]``. Prints a Markdown table for
benchmarks/README.md. Games are random integer bimatrix games (payoffs in -9..9, seeded), so the
same command gives the same games.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable

import nashpy
import numpy as np

from gametheory import NormalFormGame, solve


def _time(func: Callable[[], object], repeat: int) -> float:
    best = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best.append(time.perf_counter() - start)
    return min(best)


def _gambit(a: np.ndarray, b: np.ndarray) -> Callable[[], object] | None:
    try:
        import pygambit as gbt
    except ImportError:
        return None
    import io

    from gametheory.io import write_nfg

    game = gbt.read_nfg(
        io.StringIO(write_nfg(NormalFormGame.from_matrices(a.tolist(), b.tolist())))
    )
    return lambda: gbt.nash.enummixed_solve(game, rational=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--games", type=int, default=5, help="random games per size")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(
        "| size | fedlocal exact (ms) | nashpy support enum. (ms) | nashpy vertex enum. (ms) "
        "| pygambit enummixed (ms) | exact / vertex enum. |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for size in (2, 3, 4, 5, 6, 7, 8):
        rows: dict[str, list[float]] = {"exact": [], "support": [], "vertex": [], "gambit": []}
        for _ in range(args.games):
            a = rng.integers(-9, 10, (size, size))
            b = rng.integers(-9, 10, (size, size))
            game = NormalFormGame.from_matrices(a.tolist(), b.tolist())
            nash = nashpy.Game(a.astype(float), b.astype(float))
            runs = {
                "exact": lambda g=game: solve(g, "exact"),
                "vertex": lambda n=nash: list(n.vertex_enumeration()),
            }
            if size <= 6:  # support enumeration grows like 4^n
                runs["support"] = lambda n=nash: list(n.support_enumeration())
            gambit = _gambit(a, b)
            if gambit is not None:
                runs["gambit"] = gambit
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for key, func in runs.items():
                    rows[key].append(_time(func, args.repeat))
        cells = {k: f"{1000 * statistics.median(v):.1f}" if v else "-" for k, v in rows.items()}
        ratio = statistics.median(rows["exact"]) / statistics.median(rows["vertex"])
        print(
            f"| {size}x{size} | {cells['exact']} | {cells['support']} | {cells['vertex']} "
            f"| {cells['gambit']} | {ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
