"""Time the exact N-player solver (and pygambit's enumpoly_solve, when installed).

Random games with payoffs uniform in -9..9 (seeded), one row per size: the median time of
``solve_nplayer(game, "exact")`` and of ``pygambit.nash.enumpoly_solve`` over ``--games`` games,
best of ``--repeat`` runs, how many equilibria each found (summed over the games) and the ratio
of the medians. Gambit runs in a child process, stopped after ``--gambit-timeout`` seconds;
the games it did not finish are counted in its column and left out of its median and count.
``--large`` adds the sizes of ``LARGE`` (3x3x3x3 and 4x4x4), ``--sizes`` picks
sizes (``--sizes 3x3x3,4x4x4``). ``--reference`` also times the unscreened enumeration
(every support through the Gröbner bases), the solver before the screens.

    python benchmarks/bench_nplayer.py --games 3 --repeat 1
    python benchmarks/bench_nplayer.py --games 1 --large
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gametheory.io.nfg import write_nfg
from gametheory.model.nplayer import NPlayerGame
from gametheory.solvers.nplayer import _solve_nplayer_reference
from gametheory.solvers.nplayer_dispatch import solve_nplayer

SIZES = [(2, 2, 2), (3, 2, 2), (2, 2, 2, 2), (3, 3, 2), (3, 3, 3)]
LARGE = [(3, 3, 3, 3), (4, 4, 4)]


def _game(shape: tuple[int, ...], rng: random.Random) -> NPlayerGame:
    players = [f"P{k}" for k in range(len(shape))]
    actions = [[f"a{i}" for i in range(n)] for n in shape]
    table = {}
    return NPlayerGame.from_function(
        players,
        actions,
        lambda p: table.setdefault(p, tuple(rng.randint(-9, 9) for _ in shape)),
    )


def _best(run, repeat: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = run()
        times.append(time.perf_counter() - start)
    return min(times), found


def _gambit_child(path: str, conn) -> None:
    import pygambit as gbt

    g = gbt.read_nfg(path)
    start = time.perf_counter()
    found = len(gbt.nash.enumpoly_solve(g, use_strategic=True).equilibria)
    conn.send((time.perf_counter() - start, found))


def _gambit(game: NPlayerGame, timeout: float) -> tuple[float, int] | str | None:
    """Gambit's time and count in a child process: ``None`` without pygambit, ``"timeout"``
    when it has not finished after ``timeout`` seconds (enumpoly can run for many minutes)."""
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return None
    handle, path = tempfile.mkstemp(suffix=".nfg")
    with os.fdopen(handle, "w") as out:
        out.write(write_nfg(game))
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=_gambit_child, args=(path, send))
    child.start()
    result = receive.recv() if receive.poll(timeout) else "timeout"
    if child.is_alive():
        child.terminate()
    child.join()
    os.unlink(path)
    return result


def _ms(times: list[float]) -> str:
    return f"{1000 * statistics.median(times):.0f}" if times else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=3, help="random games per size")
    parser.add_argument("--repeat", type=int, default=1, help="runs per game (best is kept)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--large", action="store_true", help="add the sizes of LARGE")
    parser.add_argument("--reference", action="store_true", help="time the unscreened path")
    parser.add_argument("--sizes", default="", help="comma-separated sizes, e.g. 3x3x3,4x4x4")
    parser.add_argument("--gambit-timeout", type=float, default=60, help="seconds per game")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    head = "| size | fedlocal exact (ms) | equilibria | pygambit enumpoly (ms) | equilibria |"
    head += " fedlocal / Gambit |" + (" unscreened reference (ms) |" if args.reference else "")
    print(head)
    print("|" + " --- |" * head.count(" |"))
    sizes = SIZES + (LARGE if args.large else [])
    if args.sizes:
        sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    for shape in sizes:
        ours, theirs, slow, n_ours, n_theirs, timeouts = [], [], [], 0, 0, 0
        for _ in range(args.games):
            game = _game(shape, rng)
            t, n = _best(lambda g=game: len(solve_nplayer(g, "exact").equilibria), args.repeat)
            ours.append(t)
            n_ours += n
            runs = [_gambit(game, args.gambit_timeout) for _ in range(args.repeat)]
            if "timeout" in runs:
                timeouts += 1
            elif runs[0] is not None:
                theirs.append(min(r[0] for r in runs if isinstance(r, tuple)))
                n_theirs += runs[0][1] if isinstance(runs[0], tuple) else 0
            if args.reference:
                slow.append(_best(lambda g=game: len(_solve_nplayer_reference(g).equilibria), 1)[0])
        ratio = f"{statistics.median(ours) / statistics.median(theirs):.1f}" if theirs else "-"
        size = "x".join(map(str, shape))
        gambit = _ms(theirs) + (f" ({timeouts} > {args.gambit_timeout:.0f} s)" if timeouts else "")
        line = f"| {size} | {_ms(ours)} | {n_ours} | {gambit} | {n_theirs or '-'} | {ratio} |"
        print(line + (f" {_ms(slow)} |" if args.reference else ""), flush=True)


if __name__ == "__main__":
    main()
