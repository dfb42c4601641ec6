"""Time the agent QRE of imperfect-information trees, and ``fit`` on them.

Two tables. First, the agent QRE of the shipped Gambit trees (stripped-down poker, the
16-information-set signalling game) at several lambdas: ``agent_qre`` (the branch traced with the
exact Jacobian), ``agent_qre_batch`` (the stepped continuation estimation uses), and pygambit's
``logit_solve_lambda(..., use_strategic=False)`` when pygambit 16.x is installed. Second, ``fit``
of ``docs/examples/sanction_signalling.toml`` (free ``s`` and ``lambda``) on simulated data with 1,
2 or ``n`` distinct covariate profiles. Best of ``--repeat`` runs; wall-clock seconds.

    python benchmarks/bench_fit_trees.py --repeat 1
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from gametheory import fit, simulate_data  # noqa: E402
from gametheory.scenario import load_scenario  # noqa: E402
from gametheory.solvers.qre_tree import agent_qre  # noqa: E402
from gametheory.solvers.qre_tree_batch import TreeLayout, agent_qre_batch  # noqa: E402

TREES = ["stripped_down_poker.efg", "signalling16.efg"]
LAMBDAS = [1.0, 3.0, 10.0]
SIGNAL = str(ROOT / "docs" / "examples" / "sanction_signalling.toml")


def _best(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _gambit(path: Path) -> Any:
    try:
        import pygambit as gbt
    except ImportError:
        return None
    if not str(gbt.__version__).startswith("16."):
        return None
    game = gbt.read_efg(str(path))
    return lambda lam: gbt.qre.logit_solve_lambda(game, [lam], use_strategic=False)


def _tree_rows(name: str, repeat: int) -> None:
    path = ROOT / "docs" / "examples" / "gambit" / name
    tree = load_scenario(str(path)).tree
    layout = TreeLayout(tree)
    pay = layout.payoffs()[None]
    gambit = _gambit(path)
    for lam in LAMBDAS:
        ours = _best(lambda: agent_qre(tree, lam), repeat)  # noqa: B023
        batch = _best(lambda: agent_qre_batch(layout, pay, lam), repeat)  # noqa: B023
        theirs = "-" if gambit is None else f"{_best(lambda: gambit(lam), repeat):.3f}"  # noqa: B023
        print(f"| {name} | {lam:g} | {ours:.3f} | {batch:.3f} | {theirs} |")


def _fit_row(profiles: str, n: int, coefs: dict[str, float], x: Any, repeat: int) -> None:
    covs = None if x is None else {"x": x}
    data = simulate_data(SIGNAL, n, seed=2, lam=2.0, coefficients=coefs, covariates=covs)
    options: dict[str, Any] = {"free": ["s"], "lam": "free"}
    if x is not None:
        options["covariates"] = {"s": ["x"]}
    result: list[Any] = []
    seconds = _best(lambda: result.append(fit(SIGNAL, data, **options)), repeat)
    r = result[-1]
    s_hat = r.estimate("s" if x is None else "s[const]")
    print(f"| {profiles} | {n} | {seconds:.2f} | {s_hat:.3f} | {r.estimate('lambda'):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell (best is kept)")
    parser.add_argument("--n", type=int, default=1000, help="observations in the fit table")
    args = parser.parse_args()
    print("| tree | lambda | agent_qre (s) | agent_qre_batch (s) | pygambit logit (s) |")
    print("| --- | --- | --- | --- | --- |")
    for name in TREES:
        _tree_rows(name, args.repeat)
    print()
    print("| covariate profiles | observations | fit (s) | s | lambda |")
    print("| --- | --- | --- | --- | --- |")
    rng = np.random.default_rng(1)
    _fit_row("1", args.n, {"s": 2.0}, None, args.repeat)
    binary = (rng.random(args.n) < 0.5).astype(float)
    _fit_row("2", args.n, {"s[const]": 2.0, "s[x]": -1.5}, binary, args.repeat)
    normal = rng.normal(size=args.n)
    _fit_row(str(args.n), args.n, {"s[const]": 2.0, "s[x]": 0.5}, normal, args.repeat)


if __name__ == "__main__":
    main()
