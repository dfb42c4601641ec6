"""Reputation with a commitment type: the finite chain store and its trust mirror, exactly.

A long-run player (the federal side) meets ``N`` short-run players (jurisdictions) in turn; ``n``
counts the stages left, the current one included (``n = N, ..., 1``). With prior ``epsilon`` the
long-run player is a *commitment type* that always takes the reputation action; otherwise it is
*strategic*. Each short-run player **stays** (out / no trust) or **engages** (enters / trusts);
after engagement the long-run player **acts** (fights / honors) or **yields** (accommodates /
betrays). Payoffs ``(strategic long-run type, short-run)``, in Kreps-Wilson's normalisation:
chain store out ``(a, 0)``, fight ``(-1, b - 1)``, accommodate ``(0, b)`` with ``a > 1``,
``0 < b < 1``; trust no trust ``(0, 0)``, honor ``(r, h')``, betray ``(r + g, -l')``.

The sequential equilibrium (Kreps & Wilson 1982; Fudenberg & Tirole 1991, section 9.2; the trust
game is the mirror image, Kreps 1990). Let ``c`` be the probability of the action that
leaves a short-run player indifferent (``b``; ``theta = l'/(h' + l')``) and ``p`` the reputation
(the posterior probability of the commitment type):

* the strategic type yields at ``n = 1``; for ``n >= 2`` it acts for sure if ``p >= c**(n-1)``,
  otherwise with probability ``beta_n = (1 - c**(n-1)) p / ((1 - p) c**(n-1))``, which makes the
  posterior after the action ``c**(n-1)`` and the total probability of the action
  ``p / c**(n-1)``; after a yield the posterior is 0, after a stay it is unchanged;
* chain store: the entrant stays out if ``p > b**n``, enters if ``p < b**n``, and stays out with
  probability ``s = 1/a`` at ``p = b**n``; trust: the jurisdiction trusts if ``p > theta**n``,
  not if ``p < theta**n``, and with probability ``s = g/(r + g)`` at ``p = theta**n``. ``s``
  makes the strategic type indifferent one stage earlier. (With other payoffs, ``c`` and ``s``
  are the ratios of :func:`threshold_and_mixing`; the F&T variant where a fought entrant gets -1
  has ``c = b/(1 + b)``.)

The strategies depend only on ``(n, p)``, so :func:`solve_sequential` runs forward exactly over
the reachable reputations, with each type's probability of reaching them. At ``p = c**N`` in the
first stage any mixture is an equilibrium; ``s`` is used there too.

References
----------
R. Selten, "The chain store paradox", *Theory and Decision* 9 (1978) 127-159.
D. M. Kreps and R. Wilson, "Reputation and imperfect information", *JET* 27 (1982) 253-279.
P. Milgrom and J. Roberts, "Predation, reputation, and entry deterrence", *JET* 27 (1982) 280-312.
D. M. Kreps, "Corporate culture and economic theory", in Alt and Shepsle (eds.), 1990.
D. Fudenberg and J. Tirole, *Game Theory*, MIT Press 1991, section 9.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, NamedTuple

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.kinds._sections import (
    comparison,
    parameter_texts,
    parameters_line,
    rational_at,
    record_head,
    section_formula,
    title_line,
)
from gametheory.kinds.models import SectionContext
from gametheory.limits import to_float
from gametheory.model.scenario import Scenario
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.tables import Table

__all__ = [
    "GAMES",
    "MAX_STAGES",
    "Reputation",
    "ReputationGame",
    "ReputationResult",
    "StageRow",
    "compare",
    "describe",
    "parse",
    "render",
    "solve",
    "solve_sequential",
    "stage_strategy",
    "threshold_and_mixing",
]

KIND = "reputation"
ZERO, ONE = Fraction(0), Fraction(1)


class Words(NamedTuple):
    """The variant's outcome keys (stay, act, give = yield) and the words of its reports."""

    stay: str
    act: str
    give: str
    engage: str
    short: str
    strategic: str
    commit: str
    counted: str


#: The variants and their words.
GAMES: dict[str, Words] = {
    "chain_store": Words(
        "out", "fight", "accommodate", "in", "entrant", "weak", "tough", "deterred markets"
    ),
    "trust": Words(
        "no_trust", "honor", "betray", "trust", "jurisdiction", "opportunist", "honest",
        "trusting jurisdictions",
    ),
}  # fmt: skip
#: The longest horizon solved.
MAX_STAGES = 200


def threshold_and_mixing(game: str, payoffs: Any) -> tuple[Any, Any]:
    """``(c, s)`` from the payoffs ``((u, v) for stay, act, yield)``, numbers or formulas.

    Examples
    --------
    >>> a, b = sp.symbols("a b", positive=True)
    >>> threshold_and_mixing("chain_store", ((a, 0), (-1, b - 1), (0, b)))
    (b, 1/a)
    """
    (us, vs), (ua, va), (uy, vy) = payoffs
    s = (uy - ua) / (us - uy if game == "chain_store" else uy - us)
    return (vy - vs) / (vy - va), s


@dataclass(frozen=True)
class Reputation:
    """The ``[reputation]`` section: variant, index of the long-run player, formulas of ``N`` and
    ``epsilon``, and the payoffs ``(long-run, short-run)`` of the outcomes stay, act, yield."""

    game: str
    long_run: int
    stages: sp.Expr
    prior: sp.Expr
    payoffs: tuple[tuple[sp.Expr, sp.Expr], ...]


@dataclass(frozen=True)
class ReputationGame:
    """A reputation game at numbers, exact: ``payoffs[k] = (strategic long-run, short-run)`` for
    the outcomes stay, act, yield. Validated on construction (:class:`ScenarioError`)."""

    game: str
    stages: int
    prior: Fraction
    payoffs: tuple[tuple[Fraction, Fraction], ...]

    def __post_init__(self) -> None:
        (us, vs), (ua, va), (uy, vy) = self.payoffs
        if self.game not in GAMES:
            raise ScenarioError(f"unknown game {self.game!r}; expected one of: {', '.join(GAMES)}")
        if not 1 <= self.stages <= MAX_STAGES or not 0 <= self.prior <= 1:
            raise ScenarioError(f"need 1 <= N <= {MAX_STAGES} and a prior in [0, 1]")
        if self.game == "chain_store" and not (us - uy > uy - ua > 0 and vy > vs > va):
            need = "out - accommodate > accommodate - fight > 0 (a > 1) for the incumbent and "
            raise ScenarioError(need + "accommodated > out > fought for the entrant")
        if self.game == "trust" and not (uy > ua > us and va > vs > vy):
            need = "betray > honor > no_trust for the long-run player and honored > no_trust > "
            raise ScenarioError(need + "betrayed for the short-run player")

    @classmethod
    def chain_store(cls, a: Any, b: Any, epsilon: Any, n: int) -> ReputationGame:
        """Kreps-Wilson: incumbent out ``a``, fight -1, accommodate 0; entrant 0, ``b - 1``, ``b``."""
        a, b = Fraction(a), Fraction(b)
        return cls("chain_store", n, Fraction(epsilon), ((a, ZERO), (-ONE, b - 1), (ZERO, b)))

    @classmethod
    def trust(cls, h: Any, l: Any, r: Any, g: Any, epsilon: Any, n: int) -> ReputationGame:  # noqa: E741
        """The mirror: federal no trust 0, honor ``r``, betray ``r + g``; truster 0, ``h'``, ``-l'``."""
        h, l, r, g = map(Fraction, (h, l, r, g))  # noqa: E741
        return cls("trust", n, Fraction(epsilon), ((ZERO, ZERO), (r, h), (r + g, -l)))

    @cached_property
    def threshold_base(self) -> Fraction:
        """``c``: the probability of the action that leaves the short-run player indifferent."""
        return Fraction(threshold_and_mixing(self.game, self.payoffs)[0])

    @cached_property
    def mixing(self) -> Fraction:
        """``s``: Pr(out) at ``p = b**n`` (``1/a``) or Pr(trust) at ``p = theta**n`` (``g/(r+g)``)."""
        return Fraction(threshold_and_mixing(self.game, self.payoffs)[1])

    def with_prior(self, prior: Any) -> ReputationGame:
        """The same game with another prior."""
        return ReputationGame(self.game, self.stages, Fraction(prior), self.payoffs)


def stage_strategy(game: ReputationGame, n: int, p: Fraction) -> tuple[Fraction, Fraction]:
    """The equilibrium at stage ``n`` and reputation ``p``: (Pr(engage), Pr(strategic acts)).

    Examples
    --------
    >>> g = ReputationGame.chain_store(2, Fraction(1, 2), Fraction(1, 10), 10)
    >>> stage_strategy(g, 3, Fraction(1, 10)), stage_strategy(g, 2, Fraction(1, 4))
    ((Fraction(1, 1), Fraction(1, 3)), (Fraction(1, 2), Fraction(1, 3)))
    """
    c, s, t = game.threshold_base, game.mixing, game.threshold_base**n
    if n == 1 or p == 0:
        act = ZERO
    elif p >= (u := c ** (n - 1)):
        act = ONE
    else:
        act = (1 - u) * p / ((1 - p) * u)
    if game.game == "chain_store":
        return (ZERO if p > t else 1 - s if p == t else ONE), act
    return (ONE if p > t else s if p == t else ZERO), act


class StageRow(NamedTuple):
    """A reachable reputation ``belief`` at stage ``n``: the probability of reaching it ex ante
    and given each type, Pr(engage), Pr(strategic type acts), Pr(act) in total, and the
    posterior after the action (after a yield it is 0, after a stay unchanged)."""

    n: int
    belief: Fraction
    reach: Fraction
    reach_strategic: Fraction
    reach_commitment: Fraction
    engage: Fraction
    act: Fraction
    act_total: Fraction
    after_act: Fraction


@dataclass(frozen=True)
class ReputationResult:
    """The sequential equilibrium on every reachable reputation, and expected totals: the
    strategic type's payoff, the short-run players' total (ex ante), the expected numbers of
    stays, engagements and actions (ex ante; ``*_strategic`` given the strategic type)."""

    game: ReputationGame
    rows: tuple[StageRow, ...]
    method: str = "sequential equilibrium, forward over the reachable reputations (exact)"

    def _sum(self, strategic: Any, commitment: Any) -> tuple[Fraction, Fraction]:
        """(given the strategic type, ex ante) expectation of per-row amounts."""
        w = sum((r.reach_strategic * strategic(r) for r in self.rows), ZERO)
        t = sum((r.reach_commitment * commitment(r) for r in self.rows), ZERO) if commitment else w
        return w, (1 - self.game.prior) * w + self.game.prior * t

    @cached_property
    def thresholds(self) -> tuple[Fraction, ...]:
        """``c**n`` for ``n = N, ..., 1``."""
        return tuple(self.game.threshold_base**n for n in range(self.game.stages, 0, -1))

    @cached_property
    def payoff_strategic(self) -> Fraction:
        (us, _), (ua, _), (uy, _) = self.game.payoffs
        return self._sum(lambda r: us + r.engage * (r.act * ua + (1 - r.act) * uy - us), None)[0]

    @cached_property
    def payoff_short(self) -> Fraction:
        (_, vs), (_, va), (_, vy) = self.game.payoffs
        return self._sum(
            lambda r: vs + r.engage * (r.act * va + (1 - r.act) * vy - vs),
            lambda r: vs + r.engage * (va - vs),
        )[1]

    @cached_property
    def stays(self) -> tuple[Fraction, Fraction]:
        """Expected stays (out / no trust): (given the strategic type, ex ante)."""
        return self._sum(lambda r: 1 - r.engage, lambda r: 1 - r.engage)

    @cached_property
    def engages(self) -> tuple[Fraction, Fraction]:
        """Expected engagements (entries / trusts): (given the strategic type, ex ante)."""
        return self._sum(lambda r: r.engage, lambda r: r.engage)

    @cached_property
    def acts(self) -> tuple[Fraction, Fraction]:
        """Expected actions (fights / honored deals): (given the strategic type, ex ante)."""
        return self._sum(lambda r: r.engage * r.act, lambda r: r.engage)

    @cached_property
    def sure(self) -> int:
        """The first stages in which the short-run player surely does what the long-run player
        wants (stays out / trusts), on the reputation of the prior alone."""
        good, k = (ZERO if self.game.game == "chain_store" else ONE), 0
        while k < len(self.rows) and self.rows[k].n == self.game.stages - k:
            if self.rows[k].engage != good or self.rows[k].reach != 1:
                break
            k += 1
        return k


def solve_sequential(game: ReputationGame) -> ReputationResult:
    """The sequential equilibrium of ``game``, exactly, on every reachable reputation.

    Examples
    --------
    >>> r = solve_sequential(ReputationGame.chain_store(2, Fraction(1, 2), Fraction(1, 10), 10))
    >>> r.sure, r.payoff_strategic, [(x.belief, x.act, x.act_total) for x in r.rows if x.n == 3]
    (7, Fraction(14, 1), [(Fraction(1, 10), Fraction(1, 3), Fraction(2, 5))])
    """
    eps = game.prior
    states: dict[Fraction, tuple[Fraction, Fraction]] = {eps: (ONE, ONE)}
    rows: list[StageRow] = []
    for n in range(game.stages, 0, -1):
        nxt: dict[Fraction, tuple[Fraction, Fraction]] = {}
        for p in sorted(states, reverse=True):
            w, t = states[p]
            e, b = stage_strategy(game, n, p)
            total = p + (1 - p) * b
            post = p / total if total else ZERO
            rows.append(StageRow(n, p, eps * t + (1 - eps) * w, w, t, e, b, total, post))
            for q, dw, dt in ((p, w * (1 - e), t * (1 - e)), (post, w * e * b, t * e),
                              (ZERO, w * e * (1 - b), ZERO)):  # fmt: skip
                if dw or dt:
                    w0, t0 = nxt.get(q, (ZERO, ZERO))
                    nxt[q] = (w0 + dw, t0 + dt)
        states = nxt
    return ReputationResult(game, tuple(rows))


def parse(table: Table, context: SectionContext) -> Reputation:
    """Read ``[reputation]``: ``game`` (``"chain_store"`` or ``"trust"``), ``stages`` and
    ``prior`` (formulas), optional ``long_run`` (a player; the first by default) and
    ``[reputation.payoffs]``: one ``[first player's, second player's]`` pair per outcome
    (chain store: ``out``, ``fight``, ``accommodate``; trust: ``no_trust``, ``honor``,
    ``betray``)."""
    table.allow_only(["game", "long_run", "stages", "prior", "payoffs"])
    game = table.get("game", str, required=True)
    if game not in GAMES:
        raise table.error(
            f"unknown game {game!r}; expected one of: chain_store, trust", table.key("game")
        )
    long_name = table.get("long_run", str, default=context.players[0])
    if long_name not in context.players:
        known = ", ".join(context.players)
        raise table.error(
            f"unknown player {long_name!r}; expected one of: {known}", table.key("long_run")
        )

    def formula(raw: Any, key: str) -> sp.Expr:
        return section_formula(raw, context.names, file=context.file, key=key)

    stages = formula(table.get("stages", (str, int), required=True), table.key("stages"))
    prior = formula(table.get("prior", (str, int, float), required=True), table.key("prior"))
    pt = table.table("payoffs", required=True)
    assert pt is not None  # required=True
    words, k, pairs = GAMES[game], context.players.index(long_name), []
    pt.allow_only([words.stay, words.act, words.give])
    for name in (words.stay, words.act, words.give):
        raw = pt.get(name, list, required=True)
        if len(raw) != 2:
            raise pt.error(f"expected two payoffs (one per player), got {len(raw)}", pt.key(name))
        pair = [formula(x, f"{pt.key(name)}[{i}]") for i, x in enumerate(raw)]
        pairs.append((pair[k], pair[1 - k]))
    pt.finish()
    table.finish()
    return Reputation(game, k, stages, prior, tuple(pairs))


def _number(expr: sp.Expr, values: Mapping[sp.Symbol, Any], key: str) -> Fraction:
    what = "needs a rational number for the exact equilibrium"
    return rational_at(expr, values, key=key, what=what, decimals=True)


def game_at(model: Reputation, values: Mapping[sp.Symbol, Any]) -> ReputationGame:
    """The model at parameter values, as a :class:`ReputationGame` (errors name the key)."""
    n = _number(model.stages, values, "reputation.stages")
    if n.denominator != 1 or not 1 <= n <= MAX_STAGES:
        msg = f"expected a whole number of stages in 1..{MAX_STAGES}, got {n}"
        raise ScenarioError(msg, key="reputation.stages")
    prior = _number(model.prior, values, "reputation.prior")
    if not 0 <= prior <= 1:
        raise ScenarioError(f"expected a probability, got {prior}", key="reputation.prior")
    key = "reputation.payoffs"
    pays = tuple((_number(u, values, key), _number(v, values, key)) for u, v in model.payoffs)
    try:
        return ReputationGame(model.game, int(n), prior, pays)
    except ScenarioError as err:
        raise err.located(key=key) from None


def describe(scenario: Scenario, model: Reputation, values: Mapping[sp.Symbol, Any]) -> list[str]:
    """Lines for ``fedlocal show``."""
    g, w = game_at(model, values), GAMES[model.game]
    names = [p.name for p in scenario.players]
    (us, vs), (ua, va), (uy, vy) = g.payoffs
    return [
        f"{model.game.replace('_', ' ')}: {names[model.long_run]} (long-run) meets N = {g.stages} "
        f"short-run {names[1 - model.long_run]} players; prior of the {w.commit} type {g.prior}",
        f"payoffs ({w.strategic} type, {w.short}): {w.stay} ({us}, {vs}), {w.act} ({ua}, {va}), "
        f"{w.give} ({uy}, {vy})",
        f"threshold base c = {g.threshold_base} (thresholds c**n); mixing at p = c**n: {g.mixing}",
    ]


def _q(**numbers: Fraction) -> dict[str, Any]:
    """``{name: "1/3", name_float: 0.333...}`` for each exact number."""
    return {
        k: v
        for name, x in numbers.items()
        for k, v in ((name, str(x)), (f"{name}_float", to_float(x)))
    }


def solve(scenario: Scenario, model: Reputation, values: Mapping[sp.Symbol, Any]) -> dict[str, Any]:
    """The record of ``fedlocal solve``: the thresholds ``c**n`` and, per stage and reachable
    reputation, the strategies and posteriors (exact strings, each with a ``*_float`` twin)."""
    res, w = solve_sequential(game_at(model, values)), GAMES[model.game]
    g = res.game
    return {
        **record_head("solve", KIND, scenario, game=model.game),
        "parameters": parameter_texts(values),
        "labels": {("yield" if k == "give" else k): x for k, x in w._asdict().items()},
        "stages": g.stages,
        **_q(prior=g.prior, threshold_base=g.threshold_base, mixing=g.mixing),
        "thresholds": [{"n": g.stages - k, **_q(value=t)} for k, t in enumerate(res.thresholds)],
        "rows": [
            {"n": r.n, **_q(**{k: x for k, x in r._asdict().items() if k != "n"}),
             **_q(after_yield=ZERO, after_stay=r.belief)}
            for r in res.rows
        ],
        "summary": {
            "sure": res.sure,
            **_q(payoff_strategic=res.payoff_strategic, payoff_short_run=res.payoff_short),
            **_q(**{f"{k}{tail}": getattr(res, k)[i] for k in ("stays", "engages", "acts")
                    for i, tail in ((0, "_strategic"), (1, ""))}),
        },
        "method": res.method,
    }  # fmt: skip


def render(record: Mapping[str, Any]) -> str:
    """Table text of a reputation record."""
    s = record["summary"]
    w = Words(*(v.replace("_", " ") for v in record["labels"].values()))
    chain = record["game"] == "chain_store"
    good = w.stay if chain else w.engage
    lines = [
        title_line(record),
        parameters_line(record),
        f"{record['game'].replace('_', ' ')}, N = {record['stages']}, prior {record['prior']} "
        f"of the {w.commit} type; thresholds c**n, c = {record['threshold_base']}; at "
        f"p = c**n the {w.short} plays {good} with probability {record['mixing']}",
        f"after {w.give} the reputation is 0; after {w.stay} it is unchanged",
        "",
    ]
    head = ["n", "c**n", "reputation p", "reach", w.short, f"{w.strategic} {w.act}s",
            f"Pr({w.act})", f"after {w.act}"]  # fmt: skip
    thr = {t["n"]: t["value"] for t in record["thresholds"]}

    def choice(e: Fraction) -> str:
        return w.engage if e == 1 else w.stay if e == 0 else f"{w.engage} w.p. {e}"

    body = [
        [str(r["n"]), thr[r["n"]], r["belief"], r["reach"], choice(Fraction(r["engage"])),
         r["act"], r["act_total"], r["after_act"]]
        for r in record["rows"]
    ]  # fmt: skip
    widths = [max(len(row[c]) for row in [head, *body]) for c in range(len(head))]
    for row in [head, *body]:
        lines.append("  ".join(v.ljust(k) for v, k in zip(row, widths, strict=True)).rstrip())
    counted = s["stays" if chain else "engages"]
    lines += [
        "",
        f"the first {s['sure']} {w.short}s play {good} for sure; expected {w.counted}: {counted}, "
        f"expected {w.act}s: {s['acts']} (ex ante)",
        f"expected payoff of the {w.strategic} type {s['payoff_strategic']}; of the "
        f"{w.short}s in total {s['payoff_short_run']}",
    ]
    return "\n".join(lines) + "\n"


#: The sentences of the regimes: commitment, reputation, complete information.
_TEXTS = {
    "chain_store": (
        "Known to be tough (epsilon = 1), or bound to fight, the federal side deters all {n} markets",
        "With a prior {eps} of the tough type, the first {sure} of {n} markets are deterred for "
        "sure ({k} expected)",
        "Known to be weak (epsilon = 0), the federal side would accommodate, so every "
        "jurisdiction enters (Selten's paradox)",
    ),
    "trust": (
        "With honoring binding, all {n} jurisdictions trust and every deal is honored",
        "With a prior {eps} of the honest type, the first {sure} of {n} jurisdictions trust for "
        "sure ({k} expected)",
        "Known to be opportunistic (epsilon = 0), the federal side would betray, so no "
        "jurisdiction trusts",
    ),
}


def compare(
    scenario: Scenario,
    model: Reputation,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """Commitment, reputation and complete information side by side.

    Payoffs are the strategic federal type's and the short-run players' total, in the order of
    the players; the level is the expected number (ex ante) of deterred markets or trusting
    jurisdictions. Commitment binds the long-run player to its reputation action at every stage
    (for the chain store the same as ``epsilon = 1``; for trust, binding honoring); complete
    information is ``epsilon = 0``.
    """
    if delta is not None or penalty is not None:
        raise ScenarioError("the reputation model has no discount factor or penalty to set")
    values = scenario.values(overrides, label="--set")
    game, w = game_at(model, values), GAMES[model.game]
    chain, n, eps = model.game == "chain_store", game.stages, game.prior
    rep, info = solve_sequential(game), solve_sequential(game.with_prior(0))
    (us, vs), (ua, va), _ = game.payoffs
    count = "stays" if chain else "engages"
    k_rep, k_info = getattr(rep, count)[1], getattr(info, count)[1]
    what = w.counted
    regimes = (
        (Regime.LEADER if chain else Regime.ENFORCEABLE, "commitment" if chain else "enforceable",
         (n * us, n * vs) if chain else (n * ua, n * va), Fraction(n), f"{n} {what}",
         "commitment to the reputation action at every stage"),
        (Regime.SELF_ENFORCING, f"reputation, epsilon = {eps}",
         (rep.payoff_strategic, rep.payoff_short), k_rep,
         f"{k_rep} expected {what} (first {rep.sure} sure)", rep.method),
        (Regime.UNENFORCEABLE, "complete information", (info.payoff_strategic, info.payoff_short),
         k_info, f"{k_info} {what}", "backward induction (epsilon = 0)"),
    )  # fmt: skip
    outcomes = []
    for (regime, label, pays, k, done, method), text in zip(
        regimes, _TEXTS[model.game], strict=True
    ):
        pair = tuple(sp.Rational(x) for x in (pays if model.long_run == 0 else pays[::-1]))
        sentence = text.format(n=n, eps=eps, sure=rep.sure, k=k)
        sentence += f"; the {w.strategic} federal type gets {pays[0]}."
        args = (regime, label, done, pair, bool(k > 0), sp.Rational(k), None, sentence)
        outcomes.append(RegimeOutcome(*args, method=method))
    c_f, s_f = (sp.simplify(x) for x in threshold_and_mixing(model.game, model.payoffs))
    c, first = sp.Rational(game.threshold_base), regimes[0][2][0]
    figures = (
        ("threshold_base", "the short-run indifference probability c (thresholds c**n)", c, c_f, ""),
        ("mixing_at_threshold", f"Pr({'out' if chain else 'trust'}) at p = c**n",
         sp.Rational(game.mixing), s_f, ""),
        ("sure_stages", f"first stages with {'no entry' if chain else 'trust'} for sure",
         sp.Integer(rep.sure), None, ""),
        ("reputation_horizon", "the stages n > ln(epsilon)/ln(c) are sure",
         sp.log(sp.Rational(eps)) / sp.log(c) if eps else None, sp.log(model.prior) / sp.log(c_f),
         f"about {float(sp.log(sp.Rational(eps)) / sp.log(c)):.4g}" if 0 < eps < 1 else ""),
        ("value_of_reputation", "strategic type's payoff: reputation minus complete information",
         sp.Rational(rep.payoff_strategic - info.payoff_strategic), None, ""),
        ("commitment_gap", "strategic type's payoff: commitment minus reputation",
         sp.Rational(first - rep.payoff_strategic), None, ""),
    )  # fmt: skip
    return comparison(
        scenario,
        KIND,
        values,
        outcomes,
        (Figure(*f) for f in figures),
        method="sequential equilibrium (Kreps-Wilson 1982), exact",
    )
