"""The bound of :mod:`gametheory.limits` that the command line reads at start-up.

It lives in a module that imports nothing, so that ``fedlocal`` can raise Python's limit on
integer-to-text conversions before every command without loading sympy (which
:mod:`gametheory.limits` needs for its helpers). :mod:`gametheory.limits` re-exports it.
"""

from __future__ import annotations

__all__ = ["MAX_VALUE_DIGITS"]

#: The most decimal digits a payoff may reach once parameter values are put in, estimated from
#: the formula and the values before anything is computed (``a**1000`` at ``a = 10**200``).
MAX_VALUE_DIGITS = 100_000
