"""Fast numeric evaluation of derived conditions and closed forms (numpy, vectorised).

Symbolic results are exact; sweeping them over a million parameter points should not go through
sympy point by point. :func:`compile_condition` and :func:`compile_expression` lambdify once
(cached) and evaluate whole numpy arrays. Floating point applies here: at a point *on* a region
boundary the float test can fall either way; exact answers come from
:meth:`~gametheory.symbolic.conditions.Condition.holds_at`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from gametheory.symbolic.conditions import Condition

__all__ = ["compile_condition", "compile_expression"]


@lru_cache(maxsize=1024)
def _lambdified(expr: sp.Expr, symbols: tuple[sp.Symbol, ...]) -> Callable[..., Any]:
    func: Callable[..., Any] = sp.lambdify(symbols, expr, modules="numpy")
    return func


def compile_expression(expr: sp.Expr, symbols: Sequence[sp.Symbol]) -> Callable[..., np.ndarray]:
    """A numpy function of ``symbols`` (positional arrays, broadcast) computing ``expr``.

    Examples
    --------
    >>> a, b = sp.symbols("a b", positive=True)
    >>> f = compile_expression(a / (a + b), (a, b))
    >>> f(np.array([1.0, 2.0]), np.array([1.0, 2.0])).tolist()
    [0.5, 0.5]
    """
    syms = tuple(symbols)
    func = _lambdified(expr, syms)

    def evaluate(*arrays: Any) -> np.ndarray:
        shape = np.broadcast(*arrays).shape if arrays else ()
        return np.broadcast_to(np.asarray(func(*arrays), dtype=float), shape)

    return evaluate


def compile_condition(
    condition: Condition, symbols: Sequence[sp.Symbol]
) -> Callable[..., np.ndarray]:
    """A numpy function returning, elementwise, whether ``condition`` holds.

    Examples
    --------
    >>> from gametheory.symbolic.conditions import Atom
    >>> x, y = sp.symbols("x y")
    >>> holds = compile_condition(Condition.all_of([Atom(x - y, ">")]), (x, y))
    >>> holds(np.array([1.0, 3.0]), np.array([2.0, 2.0])).tolist()
    [False, True]
    """
    syms = tuple(symbols)
    clauses = [[(_lambdified(a.expr, syms), a.op) for a in clause] for clause in condition.clauses]

    def evaluate(*arrays: Any) -> np.ndarray:
        shape = np.broadcast(*arrays).shape if arrays else ()
        result = np.zeros(shape, dtype=bool)
        for clause in clauses:
            part = np.ones(shape, dtype=bool)
            for func, op in clause:
                v = np.asarray(func(*arrays), dtype=float)
                part &= v > 0 if op == ">" else (v >= 0 if op == ">=" else v == 0)
            result |= part
        return result

    return evaluate
