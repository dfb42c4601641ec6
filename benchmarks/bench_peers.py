"""fedlocal and its peers (nashpy, pygambit, QuantEcon) on the same games, in one run.

Usage::

    python benchmarks/bench_peers.py [--quick] [--only ROW ...] [--games N] [--seed S]

ROW is one of ``enumeration``, ``single``, ``batch``, ``payoff``, ``startup``, ``trees``. Prints
Markdown tables (the table of issue 16) with the ratio fedlocal / peer; a peer that is not
installed is skipped with a note. ``--quick`` runs fewer and smaller cases (a smoke test, about a
minute). Games are seeded: the same command gives the same games.

Rows
----
enumeration
    All extreme equilibria of random integer n x n games (payoffs 0..99): ``solve(game)`` against
    pygambit's ``enummixed_solve(rational=True)`` (exact, C++), nashpy's vertex enumeration and
    QuantEcon's ``support_enumeration`` (floating point, non-degenerate games only); median over
    ``--games`` games; the set found is compared with Gambit's.
single
    One 2 x 2 game (the battle of the sexes): ``solve`` on a built game, and including
    ``NormalFormGame.from_matrices``; the peers on the same game.
batch
    10,000 random 2 x 2 games: ``solve_batch`` against QuantEcon's numba ``support_enumeration``
    called once per game (games built beforehand), per game.
payoff
    Subgame-perfect payoff sets (Abreu-Sannikov): ``gametheory.repeated.payoff_set.spe_payoff_set``
    against QuantEcon's ``RepeatedGame.equilibrium_payoffs(method="AS")``, warm.
startup
    ``fedlocal --help``, ``fedlocal games`` and ``fedlocal solve prisoners_dilemma`` as whole
    processes (median of runs), beside ``python -c pass``.
trees
    ``fedlocal repeated`` on a 9-leaf two-player tree (reduced strategic form 27 x 3) and
    ``fedlocal show`` on a 16-information-set ``.efg`` (both generated), as processes with a
    time limit; pygambit's ``lcp_solve`` on the same ``.efg``.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

ROWS = ("enumeration", "single", "batch", "payoff", "startup", "trees")


def _peer(name: str) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if name == "pygambit":
                import pygambit as module
            elif name == "quantecon":
                import quantecon.game_theory as module
            else:
                import nashpy as module
    except ImportError:
        print(f"note: {name} is not installed; its column is skipped (pip install {name})")
        return None
    return module


def _best(
    func: Callable[[], object],
    budget: float = 0.3,
    most: int = 200,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """The best time of repeated calls, within a time budget (at least one call); ``clock``
    is wall time by default, ``time.process_time`` for this process's CPU time."""
    times: list[float] = []
    spent = 0.0
    while len(times) < most and (not times or spent < budget):
        start = clock()
        func()
        times.append(clock() - start)
        spent += times[-1]
    return min(times)


def _best_alternating(
    first: Callable[[], object],
    second: Callable[[], object],
    rounds: int,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[float, float]:
    """The best time of each of two functions over ``rounds`` rounds of one call each,
    alternating, so that a slow period of a shared machine falls on both sides alike."""
    best = [math.inf, math.inf]
    for _ in range(rounds):
        for k, func in enumerate((first, second)):
            start = clock()
            func()
            best[k] = min(best[k], clock() - start)
    return best[0], best[1]


def _listed(generate: Callable[[], Any]) -> list[Any]:
    return list(generate())


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def _ratio(ours: float | None, theirs: float | None) -> str:
    return "-" if not ours or not theirs else f"{ours / theirs:.3g}"


def _machine() -> str:
    import nashpy

    import gametheory

    versions = [f"fedlocal {gametheory.__version__}", f"nashpy {nashpy.__version__}"]
    for name in ("pygambit", "quantecon", "numba"):
        try:
            module = __import__(name)
            versions.append(f"{name} {module.__version__}")
        except ImportError:
            versions.append(f"{name} not installed")
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores (load average {load:.1f}), {platform.system()}, "
        f"Python {platform.python_version()}, numpy {np.__version__}; " + ", ".join(versions)
    )


# -- enumeration ---------------------------------------------------------------------------
def _gambit_game(gbt: Any, a: np.ndarray, b: np.ndarray) -> Any:  # pygambit >= 17
    return gbt.StrategicGame.from_arrays(a.astype(object), b.astype(object))


def _gambit_set(gbt: Any, game: Any) -> set[Any]:
    res = gbt.nash.enummixed_solve(game, rational=True)
    players = list(game.players)
    return {
        (
            tuple(Fraction(v) for _, v in p[players[0]]),
            tuple(Fraction(v) for _, v in p[players[1]]),
        )
        for p in res.equilibria
    }


def bench_enumeration(args: argparse.Namespace, peers: dict[str, Any]) -> None:
    from gametheory import NormalFormGame, solve

    sizes = (4, 6, 8) if args.quick else (4, 6, 8, 10, 12)
    games = 1 if args.quick else args.games
    rng = np.random.default_rng(args.seed)
    print(f"\n### All extreme equilibria, random n x n games, payoffs 0..99 (median of {games})\n")
    print(
        "| size | fedlocal `solve` | pygambit enummixed | nashpy vertex enum. "
        "| QuantEcon support enum. | fedlocal / Gambit | same set as Gambit |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for size in sizes:
        cols: dict[str, list[float]] = {"ours": [], "gambit": [], "nashpy": [], "qe": []}
        same: list[bool] = []
        for _ in range(games):
            a = rng.integers(0, 100, (size, size))
            b = rng.integers(0, 100, (size, size))
            game = NormalFormGame.from_matrices(a.tolist(), b.tolist())
            budget = 0.0 if size >= 8 else 0.3
            cols["ours"].append(_best(partial(solve, game), budget))
            ours = {e.strategies for e in solve(game).equilibria}
            gbt = peers.get("pygambit")
            if gbt is not None and size <= args.gambit_max:
                gg = _gambit_game(gbt, a, b)
                start = time.perf_counter()
                theirs = _gambit_set(gbt, gg)
                cols["gambit"].append(time.perf_counter() - start)
                same.append(theirs == ours)
            nashpy = peers.get("nashpy")
            if nashpy is not None and size <= (6 if args.quick else 8):
                ng = nashpy.Game(a.astype(float), b.astype(float))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cols["nashpy"].append(_best(partial(_listed, ng.vertex_enumeration), 0.0))
            qe = peers.get("quantecon")
            if qe is not None and size <= 10:
                qg = qe.NormalFormGame((qe.Player(a.astype(float)), qe.Player(b.T.astype(float))))
                qe.support_enumeration(qg)  # numba compilation outside the timing
                cols["qe"].append(_best(partial(qe.support_enumeration, qg), 0.0))
        med = {k: statistics.median(v) if v else None for k, v in cols.items()}
        verdict = "-" if not same else ("yes" if all(same) else "NO")
        print(
            f"| {size}x{size} | {_fmt(med['ours'])} | {_fmt(med['gambit'])} "
            f"| {_fmt(med['nashpy'])} | {_fmt(med['qe'])} | {_ratio(med['ours'], med['gambit'])} "
            f"| {verdict} |",
            flush=True,
        )


# -- one 2x2 game, and a batch -------------------------------------------------------------
BOS_A = [[2, 0], [0, 1]]
BOS_B = [[1, 0], [0, 2]]


def bench_single(args: argparse.Namespace, peers: dict[str, Any]) -> None:
    from gametheory import NormalFormGame, solve

    game = NormalFormGame.from_matrices(BOS_A, BOS_B)
    a, b = np.array(BOS_A), np.array(BOS_B)
    rows: list[tuple[str, float | None]] = [
        ("fedlocal `solve(game)`", _best(lambda: solve(game))),
        (
            "fedlocal, building the game too",
            _best(lambda: solve(NormalFormGame.from_matrices(BOS_A, BOS_B))),
        ),
    ]
    nashpy = peers.get("nashpy")
    if nashpy is not None:
        ng = nashpy.Game(a, b)
        rows.append(("nashpy support enumeration", _best(lambda: list(ng.support_enumeration()))))
    gbt = peers.get("pygambit")
    if gbt is not None:
        gg = _gambit_game(gbt, a, b)
        rows.append(
            ("pygambit enummixed", _best(lambda: gbt.nash.enummixed_solve(gg, rational=True)))
        )
    qe = peers.get("quantecon")
    qe_time = None
    if qe is not None:
        qg = qe.NormalFormGame((qe.Player(a.astype(float)), qe.Player(b.T.astype(float))))
        qe.support_enumeration(qg)
        qe_time = _best(lambda: qe.support_enumeration(qg))
        rows.append(("QuantEcon support enumeration (numba, warm)", qe_time))
    print("\n### One 2x2 game (battle of the sexes, 3 equilibria)\n")
    print("| implementation | time per game | fedlocal `solve` / this |")
    print("| --- | --- | --- |")
    for name, t in rows:
        print(f"| {name} | {_fmt(t)} | {_ratio(rows[0][1], t)} |")


def bench_batch(args: argparse.Namespace, peers: dict[str, Any]) -> None:
    from gametheory import solve_batch

    k = 2_000 if args.quick else 10_000
    rng = np.random.default_rng(args.seed)
    a = rng.integers(0, 100, (k, 2, 2))
    b = rng.integers(0, 100, (k, 2, 2))
    solve_batch(a[:10], b[:10])
    ours = _best(lambda: solve_batch(a, b), 1.0, 5)
    res = solve_batch(a, b)
    rows: list[tuple[str, float | None]] = [("fedlocal `solve_batch` (exact)", ours / k)]
    qe = peers.get("quantecon")
    agree = "-"
    if qe is not None:
        games = [
            qe.NormalFormGame((qe.Player(a[g].astype(float)), qe.Player(b[g].T.astype(float))))
            for g in range(k)
        ]
        qe.support_enumeration(games[0])

        def run() -> list[Any]:
            return [qe.support_enumeration(g) for g in games]

        theirs = _best(run, 1.0, 3)
        rows.append(("QuantEcon support enumeration, one call per game", theirs / k))
        counts = [len(x) for x in run()]
        nondeg = ~res.degenerate
        same = np.array(counts)[nondeg] == res.counts[nondeg]
        agree = f"{int(same.sum())} of {int(nondeg.sum())} non-degenerate games"
    print(f"\n### A batch of {k:,} random 2x2 games (payoffs 0..99)\n")
    print("| implementation | time per game | fedlocal / this |")
    print("| --- | --- | --- |")
    for name, t in rows:
        print(f"| {name} | {_fmt(t)} | {_ratio(rows[0][1], t)} |")
    print(
        f"\n{int(res.degenerate.sum())} degenerate games (solved exactly in the same pass); "
        f"equilibrium counts equal to QuantEcon's: {agree}."
    )


# -- payoff sets ---------------------------------------------------------------------------
AS_3X3 = [[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)], [(9, 0), (5, -4), (-5, -15)]]
PD = [[(3, 3), (0, 5)], [(5, 0), (1, 1)]]


def bench_payoff(args: argparse.Namespace, peers: dict[str, Any]) -> None:
    from gametheory import NormalFormGame
    from gametheory.repeated.payoff_set import spe_payoff_set

    cases = [
        ("PD (5, 3, 1, 0), delta = 9/10", PD, Fraction(9, 10)),
        ("Abreu-Sannikov (2014) 3x3, delta = 3/10", AS_3X3, Fraction(3, 10)),
    ]
    qe = peers.get("quantecon")
    print("\n### Subgame-perfect payoff sets (Abreu-Sannikov), warm, best of 20\n")
    print(
        "| game | fedlocal | exact? | QuantEcon AS | fedlocal / QuantEcon "
        "| CPU time: fedlocal, QuantEcon, ratio | fedlocal vertices |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, bimatrix, delta in cases:
        a = [[p[0] for p in row] for row in bimatrix]
        b = [[p[1] for p in row] for row in bimatrix]
        game = NormalFormGame.from_matrices(a, b)
        spe_payoff_set(game, delta)
        mine = partial(spe_payoff_set, game, delta)
        result = spe_payoff_set(game, delta)
        theirs = theirs_cpu = None
        if qe is None:
            ours = _best(mine, 1.0, 20)
            ours_cpu = _best(mine, 1.0, 20, time.process_time)
        else:
            rpg = qe.RepeatedGame(qe.NormalFormGame(bimatrix), float(delta))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rpg.equilibrium_payoffs(method="AS")
                run = partial(rpg.equilibrium_payoffs, method="AS")
                ours, theirs = _best_alternating(mine, run, 20)
                ours_cpu, theirs_cpu = _best_alternating(mine, run, 20, time.process_time)
        points = ", ".join(f"({_coord(x)}, {_coord(y)})" for x, y in result.vertices)
        cpu = f"{_fmt(ours_cpu)}, {_fmt(theirs_cpu)}, {_ratio(ours_cpu, theirs_cpu)}"
        print(
            f"| {name} | {_fmt(ours)} | {'yes' if result.exact else 'no'} | {_fmt(theirs)} "
            f"| {_ratio(ours, theirs)} | {cpu} | {points} |"
        )


def _coord(x: Any) -> str:
    """An exact rational as itself; an irrational algebraic number (or an unverified float
    value) as a float with an ellipsis."""
    if isinstance(x, Fraction) or getattr(x, "is_rational", False):
        return str(Fraction(x) if isinstance(x, Fraction) else x.c[0])
    return f"{float(x):.6g}…"


# -- whole processes -----------------------------------------------------------------------
def _fedlocal() -> list[str]:
    script = Path(sys.executable).with_name("fedlocal")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gametheory.cli.main"]


def _installed_env() -> dict[str, str]:
    """The environment of an installed fedlocal: ``pip install`` writes bytecode, so the
    timed processes may use and write it (a sandbox may set ``PYTHONDONTWRITEBYTECODE``)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _process(
    cmd: list[str], runs: int, limit: float, warm: bool = True
) -> tuple[float | None, float | None, int | None]:
    """Median wall time, median CPU time (user + system) and exit code of ``runs`` runs
    (after one untimed run that writes the bytecode, when ``warm``)."""
    import resource

    env = _installed_env()
    if warm:
        subprocess.run(cmd, capture_output=True, timeout=limit, check=False, env=env)
    times, cpus = [], []
    code = None
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=limit, check=False, env=env)
        except subprocess.TimeoutExpired:
            return None, None, None
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        code = done.returncode
    return statistics.median(times), statistics.median(cpus), code


def bench_startup(args: argparse.Namespace, peers: dict[str, Any]) -> None:
    runs = 3 if args.quick else 7
    fed = _fedlocal()
    cases = [
        ("`python -c pass`", [sys.executable, "-c", "pass"], None),
        ("`fedlocal --help`", [*fed, "--help"], 0.3),
        ("`fedlocal games`", [*fed, "games"], 0.3),
        ("`fedlocal solve prisoners_dilemma` (2x2)", [*fed, "solve", "prisoners_dilemma"], 0.6),
    ]
    print(f"\n### Whole processes, bytecode written as by pip install (median of {runs} runs)\n")
    print("| command | wall time | CPU time | exit code | target |")
    print("| --- | --- | --- | --- | --- |")
    for name, cmd, target in cases:
        t, cpu, code = _process(cmd, runs, 60.0)
        goal = "-" if target is None else f"<= {target} s"
        print(f"| {name} | {_fmt(t)} | {_fmt(cpu)} | {code} | {goal} |")


# -- trees ---------------------------------------------------------------------------------
def _efg(title: str, players: int, body: list[str]) -> str:
    names = " ".join(f'"P{i + 1}"' for i in range(players))
    return "\n".join([f'EFG 2 R "{title}" {{ {names} }}', '""', "", *body, ""])


def tree9_efg(seed: int) -> str:
    """Player 2 moves (3 actions), then player 1 at each of 3 nodes (3 actions): 9 leaves."""
    rng = np.random.default_rng(seed)
    body = ['p "" 2 1 "" { "a" "b" "c" } 0']
    outcome = 0
    for i in range(3):
        body.append(f'p "" 1 {i + 1} "" {{ "x" "y" "z" }} 0')
        for _ in range(3):
            outcome += 1
            u, v = rng.integers(0, 10, 2)
            body.append(f't "" {outcome} "" {{ {u}, {v} }}')
    return _efg("nine leaves", 2, body)


def infosets16_efg(seed: int) -> str:
    """A binary tree of depth 5, players alternating, each not seeing the other's last move.

    Information sets per level 1, 1, 2, 4, 8: sixteen in all, 32 leaves.
    """
    rng = np.random.default_rng(seed)
    body: list[str] = []
    outcome = [0]
    numbers: dict[int, dict[tuple[int, tuple[int, ...]], int]] = {1: {}, 2: {}}

    def node(depth: int, own_path: tuple[int, ...]) -> None:
        if depth == 5:
            outcome[0] += 1
            u, v = rng.integers(-9, 10, 2)
            body.append(f't "" {outcome[0]} "" {{ {u}, {v} }}')
            return
        player = 1 + depth % 2
        # the mover knows every move but the opponent's last one
        known = (depth, own_path[:-1] if depth else ())
        sets = numbers[player]
        infoset = sets.setdefault(known, len(sets) + 1)
        body.append(f'p "" {player} {infoset} "" {{ "L" "R" }} 0')
        for action in (0, 1):
            node(depth + 1, (*own_path, action))

    node(0, ())
    return _efg("sixteen information sets", 2, body)


def bench_trees(args: argparse.Namespace, peers: dict[str, Any]) -> None:
    limit = 20.0 if args.quick else 120.0
    fed = _fedlocal()
    print(f"\n### Trees (whole processes, time limit {limit:.0f} s)\n")
    print("| command | time | exit code | peer |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        nine = Path(tmp) / "nine_leaves.efg"
        nine.write_text(tree9_efg(args.seed), encoding="utf-8")
        sixteen = Path(tmp) / "sixteen_infosets.efg"
        sixteen.write_text(infosets16_efg(args.seed), encoding="utf-8")
        gbt = peers.get("pygambit")
        for name, cmd, efg in [
            (
                "`fedlocal repeated` 9-leaf tree, --delta 9/10",
                [*fed, "repeated", str(nine), "--delta", "9/10"],
                None,
            ),
            ("`fedlocal show` 16-information-set .efg", [*fed, "show", str(sixteen)], sixteen),
            ("`fedlocal solve` 16-information-set .efg", [*fed, "solve", str(sixteen)], sixteen),
        ]:
            t, _cpu, code = _process(cmd, 1, limit, warm=False)
            peer = "-"
            if efg is not None and gbt is not None:
                game = gbt.read_efg(str(efg))
                start = time.perf_counter()
                found = gbt.nash.lcp_solve(game, rational=True)
                elapsed = time.perf_counter() - start
                count = len(getattr(found, "equilibria", None) or [found.equilibrium])
                peer = f"pygambit lcp_solve {_fmt(elapsed)}, {count} equilibrium(s)"
            shown = _fmt(t) if t is not None else f"> {limit:.0f} s (stopped)"
            print(f"| {name} | {shown} | {code if t is not None else '-'} | {peer} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, smaller cases")
    parser.add_argument("--only", action="append", choices=ROWS, help="run only this row")
    parser.add_argument("--games", type=int, default=3, help="random games per size")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--gambit-max", type=int, default=12, help="largest size given to pygambit enummixed"
    )
    args = parser.parse_args()
    rows = args.only or list(ROWS)
    print(f"Machine: {_machine()}")
    print(f"Command: python benchmarks/bench_peers.py {' '.join(sys.argv[1:])}".rstrip())
    peers = {name: _peer(name) for name in ("nashpy", "pygambit", "quantecon")}
    benches = {
        "enumeration": bench_enumeration,
        "single": bench_single,
        "batch": bench_batch,
        "payoff": bench_payoff,
        "startup": bench_startup,
        "trees": bench_trees,
    }
    for row in ROWS:
        if row in rows:
            benches[row](args, peers)


if __name__ == "__main__":
    main()
