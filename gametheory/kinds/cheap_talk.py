"""Cheap talk: what a verbal assurance ("we'll draw down") can tell the local side.

The uniform-quadratic model of Crawford and Sobel [CS1982]_. The sender (the federal side) knows
its type ``theta``, uniform on ``[0, 1]``: how far it really means to draw down. It sends a costless
message; the receiver (the local side) then chooses its cooperation ``y``. The receiver wants
``y = theta`` (cooperate as far as the drawdown warrants), payoff ``-(y - theta)**2``; the sender
wants ``y = theta + b``, payoff ``-(y - theta - b)**2``, with bias ``b > 0``.

* **Partition equilibria.** Every equilibrium is a partition ``0 = a_0 < a_1 < ... < a_N = 1``:
  the sender reports its interval and the receiver plays its midpoint
  ``y_i = (a_{i-1} + a_i) / 2``. Boundary type ``a_i`` is indifferent between ``y_i`` and
  ``y_{i+1}``, so ``a_{i+1} = 2 a_i - a_{i-1} + 4 b`` and ``a_i = i / N + 2 b i (i - N)``.
* **The most informative one** has ``N(b)`` steps: the largest ``N`` whose first step is strictly
  positive, ``2 b N (N - 1) < 1``; equivalently ``ceil(-1/2 + sqrt(1 + 2/b) / 2)``. At
  ``b = 1/(2 N (N - 1))`` the ``N``-th step has zero width, so only ``N - 1`` steps exist (at
  ``b = 1/12``, ``N = 2``). Talk is informative (``N >= 2``) iff ``b < 1/4``.
* **Payoffs.** The receiver's expected payoff is ``-sum (a_i - a_{i-1})**3 / 12``, which is
  ``-1/(12 N**2) - b**2 (N**2 - 1) / 3``; the sender's is the receiver's minus ``b**2``.
* **Babbling theorem.** If every sender type has the *same* preferences over ``y`` (every federal
  type wants the most cooperation, ideal ``c`` whatever ``theta``), every type sends whichever
  message induces the action it likes best, so all actions induced in equilibrium must be equally
  good for the sender. With quadratic preferences at most two actions are (symmetric about
  ``c``), and two midpoints ``a/2`` and ``(1 + a)/2`` are symmetric about ``c`` only for
  ``a = 2c - 1/2``, inside ``(0, 1)`` iff ``1/4 < c < 3/4``. So for ``c = 1`` (full cooperation)
  every equilibrium is babbling: the receiver plays ``E[theta] = 1/2`` and verbal assurances
  carry no information. (Inside ``(1/4, 3/4)`` a knife-edge two-message equilibrium, with the
  sender indifferent, also exists; :func:`compare` notes it.)

Regimes: **enforceable** = the message becomes a contract (the drawdown promised is the drawdown
delivered; the renege branch of ``hennepin_drawdown`` is removed), so the receiver learns
``theta`` (full revelation: receiver 0, biased sender ``-b**2``). **Unenforceable** = cheap talk:
the most informative partition equilibrium, or babbling with type-independent preferences.
``level`` is the *informativeness* ``1 - L / L_0``: the share of the receiver's babbling loss
``L_0 = 1/12`` that the talk removes (0 babbling, 1 full revelation).

References
----------
.. [CS1982] V. P. Crawford and J. Sobel, "Strategic information transmission", *Econometrica*
   50(6), 1982, 1431-1451.
.. [Farrell1996] J. Farrell and M. Rabin, "Cheap talk", *J. Econ. Perspectives* 10(3), 1996, 103-118.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.formula import as_expression
from gametheory.kinds._sections import (
    comparison,
    parameter_texts,
    parameters_line,
    rational,
    rational_at,
    read_formula,
    record_head,
    title_line,
)
from gametheory.kinds.models import SectionContext
from gametheory.limits import to_float
from gametheory.model.scenario import Scenario
from gametheory.numbers import to_latex
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.report.records import exact_str
from gametheory.symbolic.text import formula_text as plain
from gametheory.tables import Table

__all__ = [
    "BABBLING_THEOREM",
    "MAX_LISTED_STEPS",
    "CheapTalk",
    "Partition",
    "compare",
    "derive",
    "describe",
    "max_partition_size",
    "parse",
    "partition",
    "partition_payoffs",
    "render",
    "solve",
]

KIND = "cheap_talk"
PREFERENCES = ("type_dependent", "type_independent")
BABBLING_THEOREM = (
    "If every sender type has the same preferences over the receiver's actions (every federal "
    "type wants the local side to cooperate), every type sends the message whose action it likes "
    "best, so the actions induced in equilibrium must all be equally good for the sender; with a "
    "common ideal at full cooperation (or any ideal outside (1/4, 3/4)) only one action survives: "
    "talk is babbling and the message carries no information."
)


def max_partition_size(b: Any) -> int | None:
    """``N(b)``: the most steps of a partition equilibrium, exactly (``None`` when ``b = 0``).

    The largest ``N`` with ``2 b N (N - 1) < 1`` (a strictly positive first step).

    Examples
    --------
    >>> [max_partition_size(Fraction(b)) for b in ("0.3", "0.25", "0.2", "0.1", "1/12", "0.05", "0.01")]
    [1, 1, 2, 2, 2, 3, 7]
    """
    b = abs(Fraction(b))
    if b == 0:
        return None
    # Closed form, no loop (b = 1e-20 allows billions of steps): with b = p/q, N(N - 1) < 1/(2b)
    # iff p(2N - 1)**2 < 2q + p, so 2N - 1 is the largest odd k with k**2 <= (2q + p - 1) // p.
    p, q = b.numerator, b.denominator
    k = math.isqrt((2 * q + p - 1) // p)
    if k % 2 == 0:
        k -= 1
    return (k + 1) // 2


#: Partition equilibria with more steps than this are reported by their payoffs (closed form)
#: without listing their boundaries and actions.
MAX_LISTED_STEPS = 100


def partition_payoffs(b: Any, n: int) -> tuple[Fraction, Fraction]:
    """The receiver's and the sender's expected payoffs in the ``n``-step partition equilibrium.

    Closed form (Crawford and Sobel 1982, uniform-quadratic case): the receiver loses
    ``1/(12 n**2) + b**2 (n**2 - 1)/3``, and the sender ``b**2`` more; no boundary is computed, so
    this works for any ``n``.

    Examples
    --------
    >>> partition_payoffs(Fraction(1, 20), 3) == (partition(Fraction(1, 20), 3).receiver,
    ...                                           partition(Fraction(1, 20), 3).sender)
    True
    """
    b = Fraction(b)
    if n < 1 or (n > 1 and 2 * abs(b) * n * (n - 1) >= 1):
        raise ScenarioError(f"no {n}-step partition equilibrium at bias {b}")
    receiver = -Fraction(1, 12 * n * n) - b * b * (n * n - 1) / 3
    return receiver, receiver - b * b


@dataclass(frozen=True)
class Partition:
    """A partition equilibrium: ``boundaries`` ``a_0..a_N``, the receiver's ``actions`` and both
    players' expected payoffs (exact)."""

    bias: Fraction
    boundaries: tuple[Fraction, ...]
    actions: tuple[Fraction, ...]
    receiver: Fraction
    sender: Fraction

    @property
    def size(self) -> int:
        """The number of steps ``N``."""
        return len(self.actions)

    @property
    def informativeness(self) -> Fraction:
        """``1 - L / (1/12)``: the share of the babbling loss removed."""
        return 1 + 12 * self.receiver


def partition(b: Any, n: int) -> Partition:
    """The ``n``-step partition equilibrium at bias ``b`` (``ValueError`` if it does not exist).

    Examples
    --------
    >>> p = partition(Fraction(1, 20), 3)
    >>> [str(a) for a in p.boundaries], [str(y) for y in p.actions]
    (['0', '2/15', '7/15', '1'], ['1/15', '3/10', '11/15'])
    >>> p.receiver, p.sender
    (Fraction(-43, 2700), Fraction(-199, 10800))
    """
    b = Fraction(b)
    if n < 1 or (n > 1 and 2 * abs(b) * n * (n - 1) >= 1):
        raise ScenarioError(f"no {n}-step partition equilibrium at bias {b}")
    a = tuple(Fraction(i, n) + 2 * b * i * (i - n) for i in range(n + 1))
    y = tuple((a[i] + a[i + 1]) / 2 for i in range(n))
    receiver = -sum(((a[i + 1] - a[i]) ** 3 for i in range(n)), Fraction(0)) / 12
    return Partition(b, a, y, receiver, receiver - b * b)


@dataclass(frozen=True)
class CheapTalk:
    """The ``[cheap_talk]`` section: the sender's ``bias`` (a formula), its ``preferences``
    (``type_dependent`` or ``type_independent``) and, for type-independent ones, the common
    ideal action ``ideal`` (default 1: full cooperation)."""

    bias: sp.Expr
    preferences: str
    ideal: sp.Expr


def parse(table: Table, context: SectionContext) -> CheapTalk:
    """Read ``[cheap_talk]``: ``bias``, optional ``preferences`` and ``ideal``."""
    table.allow_only(["bias", "preferences", "ideal"])

    def formula(key: str, default: str | None = None) -> sp.Expr:
        return read_formula(table, key, context.names, file=context.file, default=default)

    prefs = table.get("preferences", str, default="type_dependent")
    if prefs not in PREFERENCES:
        raise table.error(
            f"unknown preferences {prefs!r}; expected one of: {', '.join(PREFERENCES)}",
            table.key("preferences"),
        )
    model = CheapTalk(formula("bias"), prefs, formula("ideal", "1"))
    table.finish()
    return model


def _at(model: CheapTalk, values: Mapping[sp.Symbol, Any]) -> tuple[Fraction, Fraction]:
    out = [
        rational_at(getattr(model, name), values, key=f"cheap_talk.{name}")
        for name in ("bias", "ideal")
    ]
    if out[0] < 0:
        raise ScenarioError(f"the bias must be >= 0, got {out[0]}", key="cheap_talk.bias")
    return out[0], out[1]


def _independent(c: Fraction) -> dict[str, Fraction]:
    """Payoffs with type-independent preferences (ideal ``c``): babbling vs full revelation."""
    return {
        "babbling_receiver": Fraction(-1, 12),
        "babbling_sender": -((Fraction(1, 2) - c) ** 2),
        "revealed_sender": -(c * c - c + Fraction(1, 3)),
    }


def _ex(name: str, x: Fraction) -> dict[str, Any]:
    """``{name: exact, name_float: float}`` (the project's JSON convention)."""
    return {name: exact_str(x), f"{name}_float": to_float(x)}


def _partition_record(b: Fraction, n: int) -> dict[str, Any]:
    if n > MAX_LISTED_STEPS:  # too many steps to list: payoffs from the closed form
        receiver, sender = partition_payoffs(b, n)
        return {
            "steps": n,
            "boundaries": None,
            "actions": None,
            **_ex("receiver", receiver),
            **_ex("sender", sender),
            **_ex("informativeness", 1 + 12 * receiver),
        }
    p = partition(b, n)
    return {
        "steps": p.size,
        "boundaries": [exact_str(a) for a in p.boundaries],
        "actions": [exact_str(y) for y in p.actions],
        **_ex("receiver", p.receiver),
        **_ex("sender", p.sender),
        **_ex("informativeness", p.informativeness),
    }


def describe(scenario: Scenario, model: CheapTalk, values: Mapping[sp.Symbol, Any]) -> list[str]:
    """Lines for ``fedlocal show``."""
    b, c = _at(model, values)
    lines = ["state theta ~ U[0, 1] (the drawdown the sender means); receiver wants y = theta"]
    if model.preferences == "type_dependent":
        lines.append(
            f"sender wants y = theta + b, bias b = {b}: at most N(b) = {max_partition_size(b)} steps"
        )
    else:
        lines.append(f"type-independent sender: every type wants y = {c}, so talk is babbling")
    lines.append(
        "enforceable: the message is a contract (full revelation); unenforceable: cheap talk"
    )
    return lines


def solve(scenario: Scenario, model: CheapTalk, values: Mapping[sp.Symbol, Any]) -> dict[str, Any]:
    """The record of ``fedlocal solve``: every partition equilibrium (up to 12 listed), the most
    informative one, babbling and full revelation."""
    b, c = _at(model, values)
    nmax = max_partition_size(b)
    record: dict[str, Any] = {
        **record_head("solve", KIND, scenario),
        "parameters": parameter_texts(values),
        "preferences": model.preferences,
        "bias": exact_str(b),
        "max_steps": nmax,
        "informative": model.preferences == "type_dependent" and (nmax is None or nmax >= 2),
        "babbling_theorem": BABBLING_THEOREM,
    }
    if model.preferences == "type_dependent":
        shown = range(max(1, nmax - 11), nmax + 1) if nmax is not None else range(0)
        record["equilibria"] = [_partition_record(b, n) for n in shown]
        record["full_revelation"] = {**_ex("receiver", Fraction(0)), **_ex("sender", -b * b)}
    else:
        ind = _independent(c)
        record["equilibria"] = [
            {
                "steps": 1,
                "boundaries": ["0", "1"],
                "actions": ["1/2"],
                **_ex("receiver", ind["babbling_receiver"]),
                **_ex("sender", ind["babbling_sender"]),
                **_ex("informativeness", Fraction(0)),
            }
        ]
        record["full_revelation"] = {
            **_ex("receiver", Fraction(0)),
            **_ex("sender", ind["revealed_sender"]),
        }
    return record


def render(record: Mapping[str, Any]) -> str:
    """Table text of a cheap-talk record (``solve`` or ``derive``)."""
    lines = [title_line(record)]
    if record["command"] == "derive-model":
        lines += [f"{k}: {v['text']}" for k, v in record["formulas"].items()]
        return "\n".join(lines) + "\n"
    lines.append(parameters_line(record))
    lines.append(f"preferences: {record['preferences']}; most steps N = {record['max_steps']}")
    lines.append("")
    for e in record["equilibria"]:
        if e["boundaries"] is None:
            lines.append(f"N = {e['steps']}: (more than {MAX_LISTED_STEPS} steps: not listed)")
        else:
            lines.append(
                f"N = {e['steps']}: boundaries {', '.join(e['boundaries'])}; actions {', '.join(e['actions'])}"
            )
        r, s = e["receiver"], e["sender"]
        lines.append(f"  receiver {r}, sender {s}, informativeness {e['informativeness']}")
    fr = record["full_revelation"]
    lines.append(
        f"full revelation (a binding message): receiver {fr['receiver']}, sender {fr['sender']}"
    )
    return "\n".join(lines) + "\n"


def _payoffs(sender: Fraction, receiver: Fraction) -> tuple[sp.Expr, ...]:
    """Payoffs in the scenario's player order (the first player is the sender)."""
    return (rational(sender), rational(receiver))


#: How every cheap-talk comparison is computed.
METHOD = "closed form (uniform-quadratic Crawford-Sobel)"


def _contract_outcome(sender: Fraction) -> RegimeOutcome:
    """Enforceable: the message is a contract, so the receiver learns the type (full revelation)."""
    return RegimeOutcome(
        Regime.ENFORCEABLE,
        "enforceable",
        "full revelation",
        _payoffs(sender, Fraction(0)),
        None,
        sp.Integer(1),
        None,
        "If the assurance were a contract, the drawdown promised would be the drawdown delivered: the "
        "local side learns it and matches its cooperation to it exactly.",
        method=METHOD,
    )


def _cheap_talk_outcome(b: Fraction, n: int | None) -> RegimeOutcome:
    """Unenforceable with type-dependent preferences: the most informative partition equilibrium,
    ``n = N(b)`` steps (``None``: no bias, so talk reveals everything)."""
    if n is None:
        return RegimeOutcome(
            Regime.UNENFORCEABLE,
            "cheap talk",
            "full revelation (no conflict of interest)",
            _payoffs(Fraction(0), Fraction(0)),
            None,
            sp.Integer(1),
            None,
            "With no bias, talk reveals everything even without a contract.",
            method=METHOD,
        )
    if n > MAX_LISTED_STEPS:  # too many steps to list: payoffs from the closed form
        receiver, sender = partition_payoffs(b, n)
        text, informativeness, boundaries = f"{n}-step partition", 1 + 12 * receiver, None
    else:
        eq = partition(b, n)
        receiver, sender, informativeness = eq.receiver, eq.sender, eq.informativeness
        text = "babbling" if n == 1 else f"{n}-step partition"
        boundaries = [exact_str(a) for a in eq.boundaries]
    return RegimeOutcome(
        Regime.UNENFORCEABLE,
        "cheap talk",
        text,
        _payoffs(sender, receiver),
        None,
        rational(informativeness),
        None,
        f"As cheap talk with bias {b}, the best the assurance can do is sort the drawdown into "
        f"{n} range(s): the local side's expected loss is {-receiver}.",
        method=METHOD,
        details=(("boundaries", boundaries),),
    )


def _babbling_outcome(c: Fraction) -> RegimeOutcome:
    """Unenforceable with type-independent preferences (common ideal ``c``): babbling."""
    ind = _independent(c)
    return RegimeOutcome(
        Regime.UNENFORCEABLE,
        "type-independent",
        "babbling",
        _payoffs(ind["babbling_sender"], ind["babbling_receiver"]),
        None,
        sp.Integer(0),
        None,
        f"If every federal type wants the same cooperation ({c}), the assurance carries no information "
        "(babbling theorem): the local side cooperates at the prior mean 1/2 whatever is said.",
        method="babbling theorem",
    )


def _figures(b: Fraction, n: int | None, dependent: bool) -> list[Figure]:
    """N(b), the bias below which talk is informative and, for type-dependent preferences, the
    bias for one more step and the value of a contract."""
    bs = sp.Symbol("b", positive=True)
    figures = [
        Figure(
            "informative_below",
            "talk is informative (N >= 2) iff the bias is below",
            sp.Rational(1, 4),
        ),
    ]
    if not dependent:
        return figures
    figures.insert(
        0,
        Figure(
            "max_steps",
            "the most steps of a partition equilibrium, N(b)",
            sp.oo if n is None else sp.Integer(n),
            sp.ceiling(-sp.Rational(1, 2) + sp.sqrt(1 + 2 / bs) / 2),
        ),
    )
    if n is not None:
        figures.append(
            Figure(
                "bias_for_more_steps",
                f"the bias below which {n + 1} steps exist",
                sp.Rational(1, 2 * n * (n + 1)),
                1 / (2 * sp.Symbol("N") * (sp.Symbol("N") + 1)),
            )
        )
        figures.append(
            Figure(
                "value_of_contract",
                "what a binding message adds to each side's expected payoff",
                rational(-partition_payoffs(b, n)[0]),
                note="the same for both sides: the sender's payoff is the receiver's minus b**2",
            )
        )
    return figures


def _diagnostics(c: Fraction) -> tuple[str, ...]:
    """The babbling theorem, and the knife-edge equilibrium when the common ideal allows one."""
    if not Fraction(1, 4) < c < Fraction(3, 4):
        return (BABBLING_THEOREM,)
    return (
        BABBLING_THEOREM,
        f"with ideal c = {c} a knife-edge 2-message equilibrium (boundary {2 * c - Fraction(1, 2)},"
        " every type indifferent) also exists",
    )


def compare(
    scenario: Scenario,
    model: CheapTalk,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """A binding message (full revelation) against cheap talk (level = informativeness)."""
    if delta is not None or penalty is not None:
        raise UnsupportedGameError("--delta and --penalty have no meaning in a cheap-talk model")
    values = scenario.values(overrides, label="--set")
    b, c = _at(model, values)
    dependent = model.preferences == "type_dependent"
    n = max_partition_size(b) if dependent else 1
    outcomes = [_contract_outcome(-b * b if dependent else _independent(c)["revealed_sender"])]
    if dependent:
        outcomes.append(_cheap_talk_outcome(b, n))
    outcomes.append(_babbling_outcome(c))
    return comparison(
        scenario,
        KIND,
        values,
        outcomes,
        _figures(b, n, dependent),
        method=METHOD,
        diagnostics=_diagnostics(c),
    )


def derive(scenario: Scenario, model: CheapTalk, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Closed forms (``fedlocal derive``): boundaries, actions, payoffs, N(b), derived by sympy.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("assurance_cheap_talk")
    >>> derive(sc, sc.model[1], {})["formulas"]["receiver_payoff"]["text"]
    '-b**2*(N**2 - 1)/3 - 1/(12*N**2)'
    """
    b, N, i = (
        sp.Symbol("b", positive=True),
        sp.Symbol("N", positive=True, integer=True),
        sp.Symbol("i", integer=True),
    )
    a = i / N + 2 * b * i * (i - N)
    step = sp.expand(a - a.subs(i, i - 1))
    receiver = sp.factor_terms(sp.simplify(-sp.summation(step**3, (i, 1, N)) / 12))
    closed = -1 / (12 * N**2) - b**2 * (N**2 - 1) / 3
    # boundary type a_i is indifferent between y_i and y_(i+1): a_(i+1) - 2 a_i + a_(i-1) = 4 b
    ap, ai, am = sp.symbols("a_(i+1) a_i a_(i-1)")
    recursion = sp.simplify(a.subs(i, i + 1) - 2 * a + a.subs(i, i - 1) - 4 * b)
    if sp.simplify(receiver - closed) != 0 or recursion != 0:  # pragma: no cover - sympy bug
        raise AssertionError("the closed forms fail their own derivation")
    forms = {
        "boundary": a,
        "action": sp.factor_terms(sp.expand((a + a.subs(i, i - 1)) / 2)),
        "step_width": step,
        "indifference": sp.Eq(ap - 2 * ai + am, 4 * b),
        "receiver_payoff": closed,
        "sender_payoff": closed - b**2,
        "exists_iff": 2 * b * N * (N - 1) < 1,
        "max_steps": sp.ceiling(-sp.Rational(1, 2) + sp.sqrt(1 + 2 / b) / 2),
    }
    bias = as_expression(model.bias).xreplace(
        dict(scenario.values(overrides, partial=True, label="--set"))
    )
    return {
        **record_head("derive-model", KIND, scenario),
        "bias": str(bias),
        "formulas": {k: {"text": plain(v), "latex": to_latex(v)} for k, v in forms.items()},
        "babbling_theorem": BABBLING_THEOREM,
    }
