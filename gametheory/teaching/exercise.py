"""Problem sets with exact answer keys (``fedlocal exercise``), a different one for each seed.

Each problem draws the scenario's parameters inside their declared ranges, as simple exact
rationals (denominators 1, 2, 4, 5 or 10), and keeps the draw only if the scenario's assumptions
hold (rejection sampling, seeded: the same seed gives the same problems). It then asks

1. **equilibria**: every Nash equilibrium of the game at these values (a tree: every
   subgame-perfect outcome, with the probability of each play);
2. **a threshold**: keeping the other values, for which values of one parameter a given
   equilibrium (or subgame-perfect outcome) obtains: an interval, exact;
3. **the regime comparison** (when the scenario has one): what each regime reaches, the payoffs,
   and whether the deal is reached.

The answers come from the same exact solvers as ``fedlocal solve``, ``derive`` and ``compare``,
and the tests check every key against those commands.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from math import ceil, floor
from typing import Any

import numpy as np
import sympy as sp

from gametheory import solve
from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.kinds.api import compare_regimes
from gametheory.model.scenario import Scenario
from gametheory.report.compare import compare_record
from gametheory.report.latex_fit import math_label
from gametheory.report.outcomes import outcome_records, plays_text
from gametheory.report.records import SCHEMA_VERSION, solve_record, strategy_text
from gametheory.report.trees import tree_solve_record
from gametheory.solvers.outcomes import spe_outcomes
from gametheory.solvers.trees import solve_tree
from gametheory.symbolic import derive_normal_form, scenario_assumptions
from gametheory.symbolic.simplify import simplify_condition
from gametheory.teaching.texts import prose as _text

__all__ = [
    "DENOMINATORS",
    "Problem",
    "ProblemSet",
    "Question",
    "draw_values",
    "exercise_record",
    "make_exercises",
    "render_exercises",
]

#: Denominators of the drawn values: simple numbers a student can compute with.
DENOMINATORS = (1, 2, 4, 5, 10)

#: Draws tried before giving up on a scenario whose assumptions are hard to meet.
MAX_TRIES = 2000


@dataclass(frozen=True)
class Question:
    """One question and its exact answer (text for Markdown, LaTeX, and data for programs)."""

    kind: str
    text: str
    tex: str
    answer: str
    answer_tex: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """The drawn values (name -> exact value) and the questions on them."""

    number: int
    values: tuple[tuple[str, sp.Rational], ...]
    questions: tuple[Question, ...]

    @property
    def overrides(self) -> dict[str, str]:
        """The values as ``--set`` would take them (``{"h": "7/2"}``)."""
        return {k: sp.sstr(v) for k, v in self.values}


@dataclass(frozen=True)
class ProblemSet:
    """The problems drawn for ``seed``."""

    scenario: str
    title: str
    seed: int
    problems: tuple[Problem, ...]


def draw_values(
    scenario: Scenario, rng: np.random.Generator, *, tries: int = MAX_TRIES
) -> dict[str, sp.Rational]:
    """Exact values for the parameters with a range, inside it, meeting the assumptions.

    Parameters without a range keep their defaults.

    Raises
    ------
    ScenarioError
        When no draw in ``tries`` meets the domains and the assumptions.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> sc = load_scenario("surge_pd")
    >>> v = draw_values(sc, np.random.default_rng(1))
    >>> v == draw_values(sc, np.random.default_rng(1))
    True
    >>> sc.failed_assumptions(sc.values(v))
    []
    """
    ranged = [p for p in scenario.parameters if p.range is not None]
    for _ in range(tries):
        out: dict[str, sp.Rational] = {}
        for p in ranged:
            lo, hi = p.range  # type: ignore[misc]
            d = int(rng.choice(DENOMINATORS))
            k_lo, k_hi = ceil(lo * d), floor(hi * d)
            if k_lo > k_hi:
                d, k_lo, k_hi = 1, ceil(lo), floor(hi)
            value = sp.Rational(int(rng.integers(k_lo, k_hi + 1)), d)
            if not p.domain.contains(value):
                break
            out[p.name] = value
        else:
            if not scenario.failed_assumptions(scenario.values(out)):
                return out
    raise ScenarioError(
        f"no draw of {scenario.name!r}'s parameters in {tries} tries meets the domains and the "
        "assumptions: widen the ranges"
    )


# -- questions ---------------------------------------------------------------------------------
def _tex_text(text: str) -> str:
    # Imported on use, for start-up speed.

    return _text(text)


def _equilibria(scenario: Scenario, values: dict[sp.Symbol, sp.Expr]) -> Question:
    # Imported on use, for start-up speed.

    if scenario.tree is not None:
        # Imported on use, for start-up speed.

        tree = scenario.tree.subs(values)
        record = tree_solve_record(solve_tree(tree), scenario, values)
        lines = [
            f"{plays_text(o)}; payoffs ({', '.join(o['payoffs'])})" for o in record["outcomes"]
        ]
        data = {
            "outcomes": [{"plays": o["plays"], "payoffs": o["payoffs"]} for o in record["outcomes"]]
        }
        text = (
            "Find every subgame-perfect outcome of the game tree at these values: the plays "
            "(with their probabilities, if chance moves) and the payoffs."
        )
    else:
        record = solve_record(solve(scenario.normal_form.subs(values)), scenario, values)
        players, actions = record["players"], record["actions"]
        lines = []
        for eq in record["equilibria"]:
            sides = [
                f"{players[p]}: {strategy_text(actions[p], eq['strategies'][p])}" for p in (0, 1)
            ]
            lines.append(f"{'; '.join(sides)}; payoffs ({', '.join(eq['payoffs'])})")
        data = {
            "equilibria": [
                {"strategies": eq["strategies"], "payoffs": eq["payoffs"]}
                for eq in record["equilibria"]
            ]
        }
        text = "Find every Nash equilibrium (pure and mixed) of the game at these values, with the payoffs."
    answer = "\n".join(f"- {line}" for line in lines) or "- none"
    answer_tex = (
        "\\begin{itemize}\n"
        + "\n".join(rf"\item {_tex_text(x)}" for x in lines)
        + "\n\\end{itemize}"
    )
    return Question("equilibria", text, _tex_text(text), answer, answer_tex, data)


def _threshold(scenario: Scenario, drawn: Mapping[str, sp.Rational]) -> Question | None:
    """For which values of one parameter does an equilibrium that holds at the draw hold?"""
    # Imported on use, for start-up speed.

    values = scenario.values(dict(drawn))
    for p in scenario.parameters:
        if p.name not in drawn or p.symbol not in _free(scenario):
            continue
        rest = {s: v for s, v in values.items() if s != p.symbol}
        known = scenario_assumptions(scenario, rest)
        if scenario.tree is not None and scenario.tree.perfect_information:
            # Imported on use, for start-up speed.

            outs = spe_outcomes(scenario.tree.subs(rest), known)
            for o, rec in zip(outs, outcome_records(outs), strict=True):
                simple = simplify_condition(o.condition, known)
                if simple.intervals and o.condition.holds_at({p.symbol: values[p.symbol]}):
                    what = f"the play {plays_text(rec)}"
                    return _threshold_question(p.name, what, "a subgame-perfect outcome", simple)
        elif scenario.game is not None:
            # Imported on use, for start-up speed.

            over = {k: sp.sstr(v) for k, v in drawn.items() if k != p.name}
            derivation = derive_normal_form(scenario, over)
            for prof in derivation.pure:
                simple = simplify_condition(prof.condition, derivation.assumptions)
                if simple.intervals and prof.condition.holds_at({p.symbol: values[p.symbol]}):
                    what = f"the profile ({', '.join(prof.labels)})"
                    return _threshold_question(p.name, what, "a Nash equilibrium", simple)
    return None


def _threshold_question(name: str, what: str, concept: str, simple: Any) -> Question:
    text = f"Keep the other values. For which values of {name} is {what} {concept}?"
    data = {
        "parameter": name,
        "what": what,
        "concept": concept,
        "condition": simple.record(),
    }
    answer = f"- {simple.text()}"
    return Question(
        "threshold",
        text,
        _tex_text(text),
        answer,
        f"${simple.latex()}$",
        data,
    )


def _free(scenario: Scenario) -> set[sp.Symbol]:
    if scenario.tree is not None:
        return set(scenario.tree.free_symbols)
    return set(scenario.normal_form.free_symbols) if scenario.game is not None else set()


def _comparison(scenario: Scenario, drawn: Mapping[str, sp.Rational]) -> dict[str, Any] | None:
    """The regime comparison at the draw (as ``fedlocal compare --format json`` gives it)."""
    # Imported on use, for start-up speed.

    if scenario.compare is None and (scenario.game is None or len(scenario.players) != 2):
        return None
    try:
        return compare_record(
            compare_regimes(scenario, {k: sp.sstr(v) for k, v in drawn.items()}), scenario
        )
    except UnsupportedGameError:
        return None


#: Figures of a comparison that are thresholds: a least discount factor, a least penalty, ...
_THRESHOLD_FIGURES = ("delta_", "penalty_", "threshold_")


def _figure_thresholds(record: Mapping[str, Any]) -> Question | None:
    """Thresholds from the regime comparison: the least delta, the least penalty, ..."""
    figures = {
        k: f
        for k, f in record["figures"].items()
        if k.startswith(_THRESHOLD_FIGURES) and f["value"] is not None
    }
    if not figures:
        return None
    lines, asks = [], []
    for key, f in figures.items():
        asks.append(f"{f['description']} ({key})")
        closed = f["formula"]["text"] if f["formula"] else None
        general = f"; in general {closed}" if closed and closed != f["value"] else ""
        where = f"; {f['note']}" if f.get("note") else ""
        lines.append(f"{key} = {f['value']}{general}{where}")
    text = "Compute the thresholds: " + "; ".join(asks) + "."
    answer = "\n".join(f"- {x}" for x in lines)
    answer_tex = (
        "\\begin{itemize}\n"
        + "\n".join(rf"\item {_tex_text(x)}" for x in lines)
        + "\n\\end{itemize}"
    )
    data = {"figures": {k: f["value"] for k, f in figures.items()}}
    return Question("thresholds", text, _tex_text(text), answer, answer_tex, data)


def _regimes(record: Mapping[str, Any]) -> Question:
    deal = record.get("deal_outcome")
    reached = f"the deal ({deal})" if deal else "the deal"
    text = (
        f"Compare the regimes ({', '.join(r['label'] for r in record['regimes'])}): what is "
        f"the outcome under each, with what payoffs, and is {reached} reached?"
    )
    lines, rows = [], []
    for r in record["regimes"]:
        pay = f"payoffs ({', '.join(r['payoffs'])})" if r["payoffs"] else "no payoffs"
        got = {True: "reached", False: "not reached", None: "not applicable"}[r["cooperates"]]
        lines.append(f"{r['label']}: {r['outcome']}; {pay}; deal {got}")
        rows.append(
            {
                "regime": r["regime"],
                "label": r["label"],
                "outcome": r["outcome"],
                "payoffs": r["payoffs"],
                "cooperates": r["cooperates"],
            }
        )
    answer = "\n".join(f"- {x}" for x in lines)
    answer_tex = (
        "\\begin{itemize}\n"
        + "\n".join(rf"\item {_tex_text(x)}" for x in lines)
        + "\n\\end{itemize}"
    )
    return Question("regimes", text, _tex_text(text), answer, answer_tex, {"regimes": rows})


def make_exercises(scenario: Scenario, *, seed: int, count: int = 1) -> ProblemSet:
    """``count`` problems on ``scenario``, drawn with ``seed``, each with its answer key.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> ps = make_exercises(load_scenario("prisoners_dilemma"), seed=1)
    >>> [q.kind for q in ps.problems[0].questions]
    ['equilibria', 'thresholds', 'regimes']
    """
    if scenario.game is None and scenario.tree is None:
        raise UnsupportedGameError(
            f"{scenario.name!r} is a model scenario: exercises are drawn on finite games and trees"
        )
    if count < 1:
        raise ScenarioError("--count must be at least 1", key="--count")
    rng = np.random.default_rng(seed)
    problems = []
    for k in range(count):
        drawn = draw_values(scenario, rng)
        values = scenario.values(dict(drawn))
        questions = [_equilibria(scenario, values)]
        threshold = _threshold(scenario, drawn)
        if threshold is not None:
            questions.append(threshold)
        record = _comparison(scenario, drawn)
        if record is not None:
            figures = _figure_thresholds(record)
            if figures is not None:
                questions.append(figures)
            questions.append(_regimes(record))
        problems.append(Problem(k + 1, tuple(drawn.items()), tuple(questions)))
    return ProblemSet(scenario.name or "", scenario.title or "", seed, tuple(problems))


# -- output ------------------------------------------------------------------------------------
def exercise_record(ps: ProblemSet) -> dict[str, Any]:
    """The problem set as JSON data: values (exact strings) and each question's answer data."""
    # Imported on use, for start-up speed.

    return {
        "schema_version": SCHEMA_VERSION,
        "command": "exercise",
        "scenario": ps.scenario,
        "seed": ps.seed,
        "problems": [
            {
                "number": p.number,
                "values": p.overrides,
                "questions": [
                    {"kind": q.kind, "text": q.text, "answer": q.answer, "data": dict(q.data)}
                    for q in p.questions
                ],
            }
            for p in ps.problems
        ],
    }


def _markdown(ps: ProblemSet, key: bool) -> str:
    out = [
        f"# Exercises: {ps.title or ps.scenario}",
        "",
        f"Scenario `{ps.scenario}`, seed {ps.seed}.",
        "",
    ]
    for p in ps.problems:
        out += [
            f"## Problem {p.number}",
            "",
            "Values: " + ", ".join(f"{k} = {v}" for k, v in p.overrides.items()),
            "",
        ]
        out += [f"{k}. {q.text}" for k, q in enumerate(p.questions, 1)]
        out.append("")
    if key:
        out += ["# Answer key", ""]
        for p in ps.problems:
            out += [f"## Problem {p.number}", ""]
            for k, q in enumerate(p.questions, 1):
                out += [f"{k}. {q.kind}:", "", q.answer, ""]
    return "\n".join(out).rstrip() + "\n"


def _latex(ps: ProblemSet, key: bool) -> str:
    # Imported on use, for start-up speed.

    title = _tex_text(ps.title or ps.scenario)
    out = [
        r"\documentclass[a4paper]{article}",
        r"\usepackage{amsmath}",
        r"\emergencystretch=3em",
        rf"\title{{Exercises: {title}}}",
        rf"\author{{fedlocal exercise {_tex_text(ps.scenario)}, seed {ps.seed}}}",
        r"\date{}",
        r"\begin{document}",
        r"\maketitle",
    ]
    for p in ps.problems:
        vals = ", ".join(math_label(f"{k} = {v}") for k, v in p.overrides.items())
        out += [rf"\section*{{Problem {p.number}}}", rf"Values: {vals}.", r"\begin{enumerate}"]
        out += [rf"\item {q.tex}" for q in p.questions]
        out.append(r"\end{enumerate}")
    if key:
        out.append(r"\section*{Answer key}")
        for p in ps.problems:
            out += [rf"\subsection*{{Problem {p.number}}}", r"\begin{enumerate}"]
            out += [rf"\item {q.answer_tex}" for q in p.questions]
            out.append(r"\end{enumerate}")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def render_exercises(ps: ProblemSet, fmt: str = "markdown", *, key: bool = True) -> str:
    """The problem set as ``markdown``, ``latex`` (a complete document) or ``json``."""
    # Imported on use, for start-up speed.

    if fmt == "markdown":
        return _markdown(ps, key)
    if fmt == "latex":
        return _latex(ps, key)
    if fmt == "json":
        return json.dumps(exercise_record(ps), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"no {fmt!r} format for exercises; expected one of: json, latex, markdown")
