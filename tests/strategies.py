"""Hypothesis strategies for bimatrix games, biased towards degenerate ones.

Random integer games are almost never degenerate when the payoff range is wide, yet degenerate
games (ties, duplicated actions, indifferent players) are where equilibrium solvers go wrong.
:func:`bimatrix_games` therefore mixes several ingredients, each drawn by hypothesis so that
failures shrink to the plain case first:

* the entries come either from ``values`` directly or from a small palette of 2-3 of its values
  (many ties);
* the payoff structure is general, zero-sum (``B = -A``), common-interest (``B = A``),
  symmetric (``B = A^T``, square games only) or has one player with a constant payoff matrix;
* up to three edits copy a row (in both matrices: a duplicated strategy), copy a column, make one
  row of ``B`` constant (the column player is indifferent against that pure row strategy: a pure
  strategy with several best responses) or make one column of ``A`` constant.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from gametheory.model.normal_form import NormalFormGame

__all__ = ["bimatrix_games", "games", "generic_bimatrix_games"]

IntMatrix = list[list[Any]]

_STRUCTURES = (
    "general",
    "zero_sum",
    "common_interest",
    "symmetric",
    "constant_row_payoffs",
    "constant_column_payoffs",
)
_EDITS = (
    "duplicate_row",
    "duplicate_column",
    "indifferent_column_player",
    "indifferent_row_player",
)


def _matrix(draw: Any, entry: st.SearchStrategy[Any], m: int, n: int) -> IntMatrix:
    return [[draw(entry) for _ in range(n)] for _ in range(m)]


@st.composite
def bimatrix_games(
    draw: Any,
    min_size: int = 2,
    max_size: int = 5,
    values: st.SearchStrategy[Any] | None = None,
) -> tuple[IntMatrix, IntMatrix]:
    """``(A, B)``: two ``m x n`` lists of lists with ``min_size <= m, n <= max_size``.

    ``values`` draws one payoff (default ``integers(-3, 3)``); it must produce numbers that can
    be negated (for zero-sum games).
    """
    values = st.integers(-3, 3) if values is None else values
    m = draw(st.integers(min_size, max_size), label="rows")
    n = draw(st.integers(min_size, max_size), label="columns")

    palette = draw(st.sampled_from(("free", "two_values", "three_values")), label="palette")
    if palette == "free":
        entry = values
    else:
        size = 2 if palette == "two_values" else 3
        entry = st.sampled_from(draw(st.lists(values, min_size=size, max_size=size)))

    a = _matrix(draw, entry, m, n)
    b = _matrix(draw, entry, m, n)
    structure = draw(st.sampled_from(_STRUCTURES), label="structure")
    if structure == "zero_sum":
        b = [[-v for v in row] for row in a]
    elif structure == "common_interest":
        b = [list(row) for row in a]
    elif structure == "symmetric" and m == n:
        b = [[a[j][i] for j in range(m)] for i in range(n)]
    elif structure == "constant_row_payoffs":
        c = draw(entry)
        a = [[c] * n for _ in range(m)]
    elif structure == "constant_column_payoffs":
        c = draw(entry)
        b = [[c] * n for _ in range(m)]

    edits = draw(st.lists(st.sampled_from(_EDITS), max_size=3), label="edits")
    for edit in edits:
        if edit == "duplicate_row":
            src, dst = draw(st.integers(0, m - 1)), draw(st.integers(0, m - 1))
            a[dst], b[dst] = list(a[src]), list(b[src])
        elif edit == "duplicate_column":
            src, dst = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            for row_a, row_b in zip(a, b, strict=True):
                row_a[dst], row_b[dst] = row_a[src], row_b[src]
        elif edit == "indifferent_column_player":
            i, c = draw(st.integers(0, m - 1)), draw(entry)
            b[i] = [c] * n
        else:  # indifferent_row_player
            j, c = draw(st.integers(0, n - 1)), draw(entry)
            for row in a:
                row[j] = c
    return a, b


def generic_bimatrix_games(
    min_size: int = 2, max_size: int = 5
) -> st.SearchStrategy[tuple[IntMatrix, IntMatrix]]:
    """Games with independent payoffs from a wide range: almost always non-degenerate."""

    @st.composite
    def build(draw: Any) -> tuple[IntMatrix, IntMatrix]:
        m = draw(st.integers(min_size, max_size))
        n = draw(st.integers(min_size, max_size))
        entry = st.integers(-1000, 1000)
        return _matrix(draw, entry, m, n), _matrix(draw, entry, m, n)

    return build()


def games(
    min_size: int = 2,
    max_size: int = 5,
    values: st.SearchStrategy[Any] | None = None,
) -> st.SearchStrategy[NormalFormGame]:
    """:class:`NormalFormGame` instances built from :func:`bimatrix_games`."""
    return bimatrix_games(min_size, max_size, values).map(
        lambda ab: NormalFormGame.from_matrices(ab[0], ab[1])
    )
