"""Two-player games with continuous actions: best responses, equilibria, stability, the pact.

Each player ``i`` chooses a number ``x_i`` in a closed interval and has a utility
``u_i(x_i, x_j; theta)``, a formula of both actions and the parameters. Strictly concave utilities
(second-order condition ``d2u_i/dx_i2 < 0``) give the best response ``x_i = BR_i(x_j)`` as the
unique solution of the first-order condition ``du_i/dx_i = 0``, projected onto the action
interval. A Nash equilibrium is a fixed point of the best-response map; it is *stable* (best-
response dynamics converge to it) iff the spectral radius of the map's Jacobian is below one,
which for two players is ``|BR_L'(x_F) BR_F'(x_L)| < 1`` at the equilibrium (Gibbons 1992, §1.2).

A binding pact caps both actions; :func:`nash_pact` finds the caps that maximize the Nash product
``(u_L - d_L)(u_F - d_F)`` against the equilibrium (Nash 1950) over the outcomes caps can reach,
exactly, among the vertices, the critical points on each edge (roots of a univariate polynomial)
and the interior critical points (a lex Groebner basis).

The scenario section ``[continuous]``, its records and its regimes are in
:mod:`gametheory.kinds.continuous`, which re-exports the public names of this module.

References
----------
R. Gibbons, *Game Theory for Applied Economists* (1992), §1.2 (continuous best responses).
J. Nash, "The bargaining problem", *Econometrica* 18 (1950) 155-162.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.parameters import Domain

__all__ = [
    "TOL",
    "ContinuousGame",
    "Values",
    "as_exact",
    "best_responses",
    "best_responses_at",
    "nash_equilibria",
    "nash_pact",
    "stability",
]

#: Tolerance used only to decide feasibility of *irrational* (algebraic) pact candidates, which
#: sympy evaluates to 50 digits; rational candidates are decided exactly.
TOL = sp.Rational(1, 10**40)
Values = Mapping[sp.Symbol, Any]


@dataclass(frozen=True)
class ContinuousGame:
    """Players' names, action symbols, action intervals, utilities and named variants."""

    players: tuple[str, str]
    actions: tuple[sp.Symbol, sp.Symbol]
    domains: tuple[Domain, Domain]
    descriptions: tuple[str, str]
    utilities: tuple[sp.Expr, sp.Expr]
    variants: tuple[tuple[str, str, tuple[tuple[str, sp.Expr], ...]], ...] = ()


def best_responses(model: ContinuousGame) -> tuple[tuple[sp.Expr, sp.Expr], ...]:
    """Each player's ``(BR_i, d2u_i/dx_i2)``: the solution of its first-order condition (before
    projection onto its interval) and its second-order condition, symbolically.

    Examples
    --------
    >>> x, y, a, b = sp.symbols("x y a b", real=True)
    >>> dom = Domain.parse("real")
    >>> g = ContinuousGame(("L", "F"), (x, y), (dom, dom), ("", ""),
    ...                    (-(x - a - b * y) ** 2 / 2, -(y - 1) ** 2))
    >>> best_responses(g)
    ((a + b*y, -1), (1, -2))
    """
    out = []
    for i in (0, 1):
        own, u = model.actions[i], model.utilities[i]
        roots = sp.solve(sp.diff(u, own), own)
        if len(roots) != 1:
            raise UnsupportedGameError(
                f"the first-order condition of {model.players[i]} has {len(roots)} solutions in "
                f"{own}; a continuous game needs exactly one (a strictly concave utility)"
            )
        out.append((sp.simplify(roots[0]), sp.simplify(sp.diff(u, own, 2))))
    return tuple(out)


def as_exact(e: Any) -> sp.Expr:
    """``e`` with any float replaced by the rational it stands for, and a number simplified
    exactly. Never a guess: ``sympy.nsimplify`` would turn 13717421/109739369 into a "simpler"
    nearby number."""
    e = sp.sympify(e)
    floats = e.atoms(sp.Float)
    if floats:
        e = e.xreplace({f: sp.Rational(str(f)) for f in floats})
    if e.is_number and not e.is_Rational:
        e = sp.simplify(e)
    return e


def _clip(v: sp.Expr, dom: Domain) -> sp.Expr:
    return sp.Max(dom.lower, sp.Min(dom.upper, v)) if v.is_number else v


def best_responses_at(model: ContinuousGame, values: Values) -> tuple[list[sp.Expr], list[sp.Expr]]:
    """Each player's best response (before projection) and second-order condition at the
    values, exactly."""
    subs = dict(values)
    brs, socs = [], []
    for br, soc in best_responses(model):
        brs.append(as_exact(br.xreplace(subs)))
        socs.append(soc.xreplace(subs))
    return brs, socs


def nash_equilibria(model: ContinuousGame, values: Values) -> list[tuple[sp.Expr, sp.Expr]]:
    """The pure Nash equilibria at the values, exactly: the fixed points of the projected best
    responses (interior ones from the first-order conditions, then those on the bounds).

    Examples
    --------
    >>> x, y = sp.symbols("x y", real=True)
    >>> dom = Domain.parse("[0, inf)")
    >>> u = (-(x - 1 - y / 2) ** 2 / 2, -(y - 1 - 4 * x / 5) ** 2 / 2)
    >>> nash_equilibria(ContinuousGame(("L", "F"), (x, y), (dom, dom), ("", ""), u), {})
    [(5/2, 3)]
    """
    (bl, bf), socs = best_responses_at(model, values)
    xl, xf = model.actions
    for i, soc in enumerate(socs):
        if not soc.free_symbols - set(model.actions) and not bool(soc < 0):
            raise UnsupportedGameError(
                f"the utility of {model.players[i]} is not strictly concave in its action "
                f"(d2u/dx2 = {soc}): the first-order condition gives no best response"
            )

    def br(i: int, other: sp.Expr) -> sp.Expr:
        e = (bl, bf)[i].xreplace({model.actions[1 - i]: other})
        return _clip(as_exact(e), model.domains[i])

    found: list[tuple[sp.Expr, sp.Expr]] = []
    for sol in sp.solve([xl - bl, xf - bf], [xl, xf], dict=True):
        p = (sol.get(xl), sol.get(xf))
        if all(
            v is not None and v.is_real and d.contains(v)
            for v, d in zip(p, model.domains, strict=True)
        ):
            found.append(p)
    for i in (0, 1):
        for b in (model.domains[i].lower, model.domains[i].upper):
            if b.is_finite:
                other = br(1 - i, b)
                p = (b, other) if i == 0 else (other, b)
                if br(i, other) == b and p not in found:
                    found.append(p)
    return found


def stability(model: ContinuousGame, values: Values, point: tuple[sp.Expr, sp.Expr]) -> sp.Expr:
    """The product of best-response slopes at ``point``; the equilibrium is stable iff its
    absolute value is below 1 (the Jacobian of the best-response map has eigenvalues
    ``+-sqrt(product)``). A best response clipped to a bound has slope 0."""
    (bl, bf), _ = best_responses_at(model, values)
    subs = dict(zip(model.actions, point, strict=True))
    slopes = []
    for i, b in enumerate((bl, bf)):
        raw = b.xreplace(subs)
        inside = model.domains[i].lower <= raw <= model.domains[i].upper
        slopes.append(sp.diff(b, model.actions[1 - i]).xreplace(subs) if inside else sp.Integer(0))
    return as_exact(slopes[0] * slopes[1])


def _num(e: sp.Expr) -> sp.Expr:
    return e if e.is_Rational else sp.N(e, 50)


def nash_pact(
    model: ContinuousGame, values: Values, spiral: tuple[sp.Expr, sp.Expr]
) -> tuple[tuple[sp.Expr, sp.Expr], tuple[sp.Expr, sp.Expr], sp.Expr]:
    """The binding pact: caps ``(c_L, c_F)`` maximizing the Nash product against ``spiral``
    over the capped outcomes ``x_L <= BR_L(x_F)``, ``x_F <= BR_F(x_L)`` in the intervals.

    Returns the caps, the payoff gains over the spiral and the Nash product, exactly.

    Examples
    --------
    >>> x, y = sp.symbols("x y", real=True)
    >>> dom = Domain.parse("[0, inf)")
    >>> u = (-(x - 1 - y / 2) ** 2 / 2 - y, -(y - 1 - 4 * x / 5) ** 2 / 2 - x)
    >>> nash_pact(ContinuousGame(("L", "F"), (x, y), (dom, dom), ("", ""), u), {}, (5/2, 3))
    ((0, 0), (5/2, 2), 5)
    """
    subs = dict(values)
    xl, xf = model.actions
    (bl, bf), _ = best_responses_at(model, values)
    us = [sp.expand(u.xreplace(subs)) for u in model.utilities]
    try:
        polys = [sp.Poly(e, xl, xf) for e in (*us, bl - xl, bf - xf)]
    except sp.PolynomialError:
        polys = []
    if (
        not polys
        or any(p.total_degree() > 1 for p in polys[2:])
        or any(not p.free_symbols <= {xl, xf} for p in polys)
    ):
        raise UnsupportedGameError(
            "the pact needs polynomial utilities with linear best responses (quadratic utilities)"
        )
    sp_at = {xl: as_exact(spiral[0]), xf: as_exact(spiral[1])}
    gains = [u - u.xreplace(sp_at) for u in us]
    nash = sp.expand(gains[0] * gains[1])
    cons = [bl - xl, bf - xf]  # >= 0
    for a, d in zip(model.actions, model.domains, strict=True):
        cons += [a - d.lower] if d.lower.is_finite else []
        cons += [d.upper - a] if d.upper.is_finite else []
    cands: list[tuple[sp.Expr, sp.Expr]] = [(sp_at[xl], sp_at[xf])]
    for c1, c2 in itertools.combinations(cons, 2):
        sol = sp.solve([c1, c2], [xl, xf], dict=True)
        if sol and len(sol[0]) == 2:
            cands.append((sol[0][xl], sol[0][xf]))
    t = sp.Dummy("t", real=True)
    for c in cons:
        if sp.diff(c, xf) != 0:
            line = {xl: t, xf: sp.solve(c, xf)[0].xreplace({xl: t})}
        else:
            line = {xl: sp.solve(c, xl)[0].xreplace({xf: t}), xf: t}
        for r in _real_roots(sp.diff(nash.xreplace(line), t), t):
            cands.append((line[xl].xreplace({t: r}), line[xf].xreplace({t: r})))
    grad = [sp.diff(nash, xl), sp.diff(nash, xf)]
    elim = [sp.groebner(grad, *order, order="lex").exprs[-1] for order in ((xl, xf), (xf, xl))]
    if elim[0].free_symbols == {xf} and elim[1].free_symbols == {xl}:
        for rf in _real_roots(elim[0], xf):
            for rl in _real_roots(elim[1], xl):
                at = {xl: rl, xf: rf}
                if all(abs(_num(g.xreplace(at))) < TOL for g in grad):
                    cands.append((rl, rf))
    best, value = cands[0], sp.Integer(0)
    for p in cands:
        at = dict(zip(model.actions, p, strict=True))
        if all(_num(c.xreplace(at)) >= -TOL for c in cons) and all(
            _num(g.xreplace(at)) >= -TOL for g in gains
        ):
            n = _num(nash.xreplace(at))
            if n > _num(value) + TOL:
                best, value = p, n
    at = dict(zip(model.actions, best, strict=True))
    caps = tuple(as_exact(v) if v.is_Rational else v for v in best)
    # Irrational caps stay CRootOf numbers; the payoffs are exact expressions in them.
    return caps, tuple(g.xreplace(at) for g in gains), nash.xreplace(at)


def _real_roots(expr: sp.Expr, var: sp.Symbol) -> list[sp.Expr]:
    """The exact real roots of a polynomial with rational coefficients, or a clear refusal."""
    try:
        return list(sp.Poly(expr, var).real_roots())
    except NotImplementedError:  # sympy isolates roots over the rationals only
        raise UnsupportedGameError(
            "the Nash pact's caps are roots of a polynomial whose coefficients are irrational "
            "at these parameter values; give the parameters rational values"
        ) from None
