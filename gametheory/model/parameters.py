"""Parameters of a scenario: name, LaTeX symbol, domain, default, plausible range, provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import parse_number

__all__ = ["PROVENANCES", "Domain", "Parameter"]

#: Where a parameter's default comes from: a source article, found by search,
#: chosen for illustration, or calibrated to reproduce a number in the sources.
PROVENANCES = ("source", "found", "illustrative", "calibrated")

_ALIASES = {
    "real": "(-inf, inf)",
    "positive": "(0, inf)",
    "nonnegative": "[0, inf)",
    "negative": "(-inf, 0)",
    "probability": "[0, 1]",
    "unit_interval": "(0, 1)",
}
_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,\s]+)\s*,\s*([^\])\s]+)\s*([\])])\s*$")


@dataclass(frozen=True)
class Domain:
    """An interval of admissible values, such as ``(0, 1)`` or ``[0, inf)``.

    Examples
    --------
    >>> d = Domain.parse("(0, 1]")
    >>> d.contains(sp.Rational(1)), d.contains(sp.Integer(0))
    (True, False)
    >>> str(Domain.parse("positive"))
    '(0, inf)'
    """

    lower: sp.Expr
    upper: sp.Expr
    lower_closed: bool
    upper_closed: bool

    @classmethod
    def parse(cls, text: str) -> Domain:
        """Parse an interval (``"[0, 1)"``, ``"(-inf, inf)"``) or an alias (``"positive"``)."""
        spec = _ALIASES.get(text.strip(), text)
        m = _INTERVAL.match(spec)
        if m is None:
            aliases = ", ".join(_ALIASES)
            raise ScenarioError(
                f"expected an interval like '(0, 1]' or '[0, inf)' or one of {aliases}; got {text!r}"
            )
        lo, hi = (_bound(s, text) for s in (m.group(2), m.group(3)))
        if not lo < hi:
            raise ScenarioError(f"empty interval {text!r}: the lower bound must be below the upper")
        lower_closed = m.group(1) == "[" and lo.is_finite
        upper_closed = m.group(4) == "]" and hi.is_finite
        if (m.group(1) == "[" and not lo.is_finite) or (m.group(4) == "]" and not hi.is_finite):
            raise ScenarioError(f"an infinite bound must be open in {text!r}")
        return cls(lo, hi, lower_closed, upper_closed)

    def contains(self, value: sp.Expr) -> bool:
        """True when the (numeric) value lies in the interval."""
        above = value >= self.lower if self.lower_closed else value > self.lower
        below = value <= self.upper if self.upper_closed else value < self.upper
        return bool(above) and bool(below)

    def __str__(self) -> str:
        left = "[" if self.lower_closed else "("
        right = "]" if self.upper_closed else ")"
        return f"{left}{_show(self.lower)}, {_show(self.upper)}{right}"

    @property
    def assumptions(self) -> dict[str, bool]:
        """The sympy assumptions implied by the interval (``positive=True`` for ``(0, inf)``)."""
        if self.lower > 0 or (self.lower == 0 and not self.lower_closed):
            return {"positive": True}
        if self.lower == 0:
            return {"nonnegative": True}
        if self.upper < 0 or (self.upper == 0 and not self.upper_closed):
            return {"negative": True}
        if self.upper == 0:
            return {"nonpositive": True}
        return {"real": True}

    def conditions(self, symbol: sp.Symbol) -> list[sp.Basic]:
        """The interval as sympy relations on ``symbol`` (finite bounds only)."""
        out: list[sp.Basic] = []
        if self.lower.is_finite:
            out.append(symbol >= self.lower if self.lower_closed else symbol > self.lower)
        if self.upper.is_finite:
            out.append(symbol <= self.upper if self.upper_closed else symbol < self.upper)
        return out


def _bound(text: str, whole: str) -> sp.Expr:

    t = text.strip().lower()
    if t in ("inf", "+inf", "oo"):
        return sp.oo
    if t in ("-inf", "-oo"):
        return -sp.oo
    try:
        return parse_number(text)
    except ScenarioError:
        raise ScenarioError(f"bad bound {text!r} in interval {whole!r}") from None


def _show(x: sp.Expr) -> str:
    if x == sp.oo:
        return "inf"
    if x == -sp.oo:
        return "-inf"
    return str(x)


@dataclass(frozen=True)
class Parameter:
    """A named parameter of a scenario.

    Attributes
    ----------
    name
        The identifier used in formulas (``c_L``).
    latex
        Its LaTeX symbol (``c_L``, ``\\delta``).
    description
        What it measures, in a sentence.
    default
        The default value (an exact sympy number).
    domain
        The admissible values; values given with ``--set`` are checked against it.
    range
        The plausible range ``(low, high)`` for sweeps and property tests, inside the domain.
    provenance
        One of :data:`PROVENANCES`.
    source
        Where the value comes from (a source article, a citation, or why it is illustrative).
    """

    name: str
    default: sp.Expr
    domain: Domain
    provenance: str
    latex: str = ""
    description: str = ""
    range: tuple[sp.Expr, sp.Expr] | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if self.provenance not in PROVENANCES:
            raise ScenarioError(
                f"provenance must be one of {', '.join(PROVENANCES)}; got {self.provenance!r}"
            )
        if not self.default.is_number or not self.default.is_real:
            raise ScenarioError(
                f"default of {self.name!r} must be a real number; got {self.default}"
            )
        self.check(self.default, what="default")
        if self.range is not None:
            lo, hi = self.range
            if not lo < hi:
                raise ScenarioError(f"range of {self.name!r} must be [low, high] with low < high")
            for end in (lo, hi):
                if not (self.domain.contains(end) or end in (self.domain.lower, self.domain.upper)):
                    raise ScenarioError(
                        f"range {[lo, hi]} of {self.name!r} leaves its domain {self.domain}"
                    )
            if not lo <= self.default <= hi:
                raise ScenarioError(
                    f"default {self.default} of {self.name!r} is outside its range [{lo}, {hi}]"
                )

    @cached_property
    def symbol(self) -> sp.Symbol:
        """The sympy symbol, created with the assumptions the domain implies."""
        return sp.Symbol(self.name, **self.domain.assumptions)

    def check(self, value: Any, *, what: str = "value") -> sp.Expr:
        """Return ``value`` if it lies in the domain, else raise :class:`ScenarioError`."""
        if not getattr(value, "is_number", False) or not value.is_real:
            raise ScenarioError(f"{what} of {self.name!r} must be a real number; got {value}")
        if not self.domain.contains(value):
            raise ScenarioError(
                f"{what} {value} of {self.name!r} is outside its domain {self.domain}"
            )
        return value
