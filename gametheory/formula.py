"""The safe formula parser: scenario text → exact sympy expressions, without ``eval``.

Payoffs, parameter values, definitions and assumptions in scenario files (and ``--set`` values on
the command line) are formulas. They are parsed here by a tokenizer and a recursive-descent parser
that builds sympy objects directly from *declared* symbols and a short whitelist of functions. No
text is ever handed to ``eval``, ``exec``, ``sympify`` or ``parse_expr`` (which calls ``eval``).

Grammar (highest binding last)::

    condition := expr (("<" | "<=" | ">" | ">=" | "==" | "!=") expr)+      # chains allowed
    expr      := term (("+" | "-") term)*
    term      := unary (("*" | "/") unary)*
    unary     := ("-" | "+") unary | power
    power     := atom ("**" unary)?                  # right-associative; -2**2 == -4
    atom      := NUMBER | NAME | NAME "(" expr ("," expr)* ")" | "(" expr ")"

Numbers (``3``, ``0.25``, ``1e-3``, ``2.5E2``) become exact rationals. The functions are ``min``,
``max``, ``abs``, ``sqrt``, ``exp``, ``log`` (natural logarithm, or ``log(x, base)``),
``LambertW`` (the principal branch of Lambert's W, which the statistical ultimatum game's
results use), and
``root(p, k)``, the ``k``-th smallest real root (from 1) of a polynomial ``p`` in ``x`` with
rational coefficients: the exact form of an algebraic number without radicals, which is how
results write one (``root(x**3 - 3*x + 1, 2)``).

Sizes are bounded (:mod:`gametheory.limits`, docs/reference/limits.md): a number may have at most
``MAX_NUMBER_DIGITS`` digits, as written or as computed from numbers; an exponent must be a number;
and a formula's degree in its parameters is at most ``MAX_DEGREE``. Each bound is checked
*before* the work it prevents, so ``(9**9999)**9999`` or ``a**1000000000`` fail at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from gametheory.exceptions import FormulaError
from gametheory.limits import MAX_DEGREE, MAX_NUMBER_DIGITS, degree_bound, digits
from gametheory.numbers import exact_number

__all__ = ["FUNCTIONS", "as_expression", "parse_condition", "parse_formula", "parse_number"]

#: Whitelisted functions: name -> (sympy constructor, minimum arity, maximum arity).
FUNCTIONS: dict[str, tuple[Callable[..., sp.Expr], int, int]] = {
    "min": (sp.Min, 1, 64),
    "max": (sp.Max, 1, 64),
    "abs": (sp.Abs, 1, 1),
    "sqrt": (sp.sqrt, 1, 1),
    "exp": (sp.exp, 1, 1),
    "log": (sp.log, 1, 2),
    "LambertW": (sp.LambertW, 1, 1),
}

_MAX_LENGTH = 10_000
_MAX_DEPTH = 100
_MAX_EXPONENT = 10_000

_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|<=|>=|==|!=|[-+*/(),<>])"
)

_RELATIONS: dict[str, Callable[[sp.Expr, sp.Expr], sp.Basic]] = {
    "<": sp.StrictLessThan,
    "<=": sp.LessThan,
    ">": sp.StrictGreaterThan,
    ">=": sp.GreaterThan,
    "==": sp.Eq,
    "!=": sp.Ne,
}


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op", "end"
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    if len(text) > _MAX_LENGTH:
        raise FormulaError(f"formula is longer than {_MAX_LENGTH} characters", position=0)
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            hint = " (use ** for powers)" if ch == "^" else ""
            raise FormulaError(f"unexpected character {ch!r}{hint}", position=pos, text=text)
        kind = m.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, m.group(), pos))
        pos = m.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str, names: Mapping[str, sp.Expr]) -> None:
        self.text = text
        self.names = names
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    # -- helpers -----------------------------------------------------------------------------
    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def error(self, message: str, tok: _Token | None = None) -> FormulaError:
        tok = tok or self.tok
        return FormulaError(message, position=tok.pos, text=self.text)

    def accept(self, *ops: str) -> _Token | None:
        if self.tok.kind == "op" and self.tok.text in ops:
            tok = self.tok
            self.i += 1
            return tok
        return None

    def expect(self, op: str, what: str) -> None:
        if not self.accept(op):
            found = repr(self.tok.text) if self.tok.kind != "end" else "the end of the formula"
            raise self.error(f"expected {what}, found {found}")

    def nest(self) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.error(f"formula is nested more than {_MAX_DEPTH} levels deep")

    # -- grammar -----------------------------------------------------------------------------
    def finish(self) -> None:
        if self.tok.kind != "end":
            raise self.error(f"unexpected {self.tok.text!r} after a complete formula")

    def condition(self) -> sp.Basic:
        left = self.expr()
        parts: list[sp.Basic] = []
        while (tok := self.accept(*_RELATIONS)) is not None:
            right = self.expr()
            parts.append(_RELATIONS[tok.text](left, right))
            left = right
        if not parts:
            raise self.error("expected a comparison (<, <=, >, >=, ==, !=)")
        return parts[0] if len(parts) == 1 else sp.And(*parts, evaluate=False)

    def bounded(self, value: sp.Expr, tok: _Token, *, degree: bool = False) -> sp.Expr:
        """Refuse a result whose numbers or degree are past the limits (``gametheory.limits``)."""
        if value.is_Rational:
            if max(digits(int(value.p)), digits(int(value.q))) > MAX_NUMBER_DIGITS:
                raise self.error(f"a number with more than {MAX_NUMBER_DIGITS} digits", tok)
        elif degree and value.free_symbols and degree_bound(value) > MAX_DEGREE:
            raise self.error(f"a formula of degree more than {MAX_DEGREE} in its parameters", tok)
        return value

    def expr(self) -> sp.Expr:
        value = self.term()
        while (tok := self.accept("+", "-")) is not None:
            rhs = self.term()
            value = self.bounded(value + rhs if tok.text == "+" else value - rhs, tok)
        return value

    def term(self) -> sp.Expr:
        value = self.unary()
        while (tok := self.accept("*", "/")) is not None:
            rhs_tok = self.tok
            rhs = self.unary()
            if tok.text == "*":
                value = self.bounded(value * rhs, tok, degree=True)
            else:
                if rhs.is_zero:
                    raise self.error("division by zero", rhs_tok)
                value = self.bounded(value / rhs, tok, degree=True)
        return value

    def unary(self) -> sp.Expr:
        if (tok := self.accept("-", "+")) is not None:
            self.nest()
            operand = self.unary()
            self.depth -= 1
            return -operand if tok.text == "-" else operand
        return self.power()

    def power(self) -> sp.Expr:
        base = self.atom()
        if (tok := self.accept("**")) is not None:
            self.nest()
            exponent = self.unary()
            self.depth -= 1
            if exponent.free_symbols:
                raise self.error(
                    "an exponent must be a number, not a formula of parameters "
                    "(a parameter's value could make the power arbitrarily large)",
                    tok,
                )
            if exponent.is_number and base.is_number and abs(exponent) > _MAX_EXPONENT:
                raise self.error(f"exponent larger than {_MAX_EXPONENT} in a power of numbers", tok)
            if base.free_symbols and abs(exponent) > MAX_DEGREE:
                raise self.error(
                    f"exponent larger than {MAX_DEGREE} in a power of a formula of parameters", tok
                )
            if base.is_Rational and exponent.is_Rational and not base.is_zero:
                size = _log10(max(abs(int(base.p)), int(base.q))) * abs(exponent)
                if size > MAX_NUMBER_DIGITS:
                    raise self.error(f"a number with more than {MAX_NUMBER_DIGITS} digits", tok)
            if base.is_zero and exponent.is_number and exponent.is_negative:
                raise self.error("division by zero (0 to a negative power)", tok)
            return self.bounded(base**exponent, tok, degree=True)
        return base

    def atom(self) -> sp.Expr:
        tok = self.tok
        if tok.kind == "number":
            self.i += 1
            if _literal_digits(tok.text) > MAX_NUMBER_DIGITS:
                raise self.error(f"a number with more than {MAX_NUMBER_DIGITS} digits", tok)
            return _rational(tok.text)
        if tok.kind == "name":
            self.i += 1
            if self.tok.kind == "op" and self.tok.text == "(":
                return self.call(tok)
            if tok.text in FUNCTIONS:
                raise self.error(f"function {tok.text!r} needs arguments in parentheses", tok)
            if tok.text not in self.names:
                raise self.error(f"unknown name {tok.text!r}{_known(self.names)}", tok)
            return self.names[tok.text]
        if self.accept("("):
            self.nest()
            value = self.expr()
            self.depth -= 1
            self.expect(")", "')'")
            return value
        if tok.kind == "end":
            raise self.error("expected a number, a name or '(', found the end of the formula")
        raise self.error(f"expected a number, a name or '(', found {tok.text!r}")

    def call(self, name: _Token) -> sp.Expr:
        if name.text == "root":
            return self.root(name)
        if name.text not in FUNCTIONS:
            allowed = ", ".join(sorted([*FUNCTIONS, "root"]))
            raise self.error(f"unknown function {name.text!r}; allowed: {allowed}", name)
        func, lo, hi = FUNCTIONS[name.text]
        self.expect("(", "'('")
        self.nest()
        args = [self.expr()]
        while self.accept(","):
            args.append(self.expr())
        self.depth -= 1
        self.expect(")", "')' or ','")
        if not lo <= len(args) <= hi:
            arity = str(lo) if lo == hi else f"{lo} to {hi}"
            raise self.error(f"{name.text}() takes {arity} argument(s), got {len(args)}", name)
        if name.text == "log" and any(a.is_number and not a.is_positive for a in args):
            raise self.error("log() of a number that is not positive", name)
        if name.text == "sqrt" and args[0].is_number and args[0].is_negative:
            raise self.error("sqrt() of a negative number", name)
        return func(*args)

    def root(self, name: _Token) -> sp.Expr:
        """``root(p, k)``: the ``k``-th smallest real root of the polynomial ``p`` in ``x``."""
        self.expect("(", "'('")
        self.nest()
        outer, self.names = self.names, {**self.names, "x": _ROOT_VARIABLE}
        try:
            poly_tok = self.tok
            body = self.expr()
        finally:
            self.names = outer
        self.expect(",", "',' and the root's index k (1 = the smallest real root)")
        index_tok = self.tok
        index = self.expr()
        self.depth -= 1
        self.expect(")", "')'")
        if body.free_symbols != {_ROOT_VARIABLE}:
            raise self.error(
                "root(p, k) needs a polynomial p in x with number coefficients", poly_tok
            )
        try:
            poly = sp.Poly(body, _ROOT_VARIABLE, domain="QQ")
        except (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed):
            raise self.error(
                "root(p, k) needs a polynomial p in x with rational coefficients", poly_tok
            ) from None
        if poly.degree() > MAX_DEGREE:
            raise self.error(f"root(p, k) of a polynomial of degree more than {MAX_DEGREE}", name)
        if not (index.is_Integer and index >= 1):
            raise self.error("the root's index k must be a whole number from 1", index_tok)
        count = sp.polys.polytools.count_roots(poly)
        if index > count:
            raise self.error(f"the polynomial has {count} real root(s), not {index}", index_tok)
        return sp.rootof(poly, int(index) - 1, radicals=True)


#: The variable of the polynomial in ``root(p, k)``.
_ROOT_VARIABLE = sp.Symbol("x")


def _log10(n: int) -> float:
    return math.log10(n) if n.bit_length() < 1000 else n.bit_length() * math.log10(2)


def _literal_digits(text: str) -> int:
    """The digits a number literal stands for, counted without building it (``1e9`` has 10)."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    if len(exponent) > 12:
        return MAX_NUMBER_DIGITS + 1
    shift = int(exponent or 0)
    return len(whole.lstrip("0")) + len(fraction) + abs(shift) + 1


def _rational(text: str) -> sp.Rational:
    fr = Fraction(text)  # exact for decimal text, including exponents
    return sp.Rational(fr.numerator, fr.denominator)


def _known(names: Mapping[str, sp.Expr]) -> str:
    if not names:
        return "; no parameter names are allowed here"
    listed = ", ".join(sorted(names)[:20])
    more = ", ..." if len(names) > 20 else ""
    return f"; expected a declared parameter or definition ({listed}{more})"


def parse_formula(text: str | int | float, names: Mapping[str, sp.Expr] | None = None) -> sp.Expr:
    """Parse a formula into an exact sympy expression.

    Parameters
    ----------
    text
        The formula. An ``int`` is taken as it is; a ``float`` (as TOML gives for ``0.25``) is
        read through its shortest decimal representation, so ``0.1`` is exactly ``1/10``.
    names
        The names the formula may use, mapped to their sympy symbols or expressions.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    FormulaError
        With the 0-based position of the offending token.

    Examples
    --------
    >>> import sympy as sp
    >>> T, R = sp.symbols("T R")
    >>> parse_formula("(T - R) / 2 + 0.25", {"T": T, "R": R})
    -R/2 + T/2 + 1/4
    >>> parse_formula("max(1, 2**-1)")
    1
    >>> parse_formula("T + x", {"T": T})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.exceptions.FormulaError: unknown name 'x'; ... at position 4 in 'T + x'
    """
    if type(text).__module__ == "numpy":  # numpy scalars of any dtype, exactly
        try:
            return exact_number(text)
        except (TypeError, ValueError) as err:
            raise FormulaError(str(err)) from None
    if isinstance(text, bool):
        raise FormulaError(f"expected a number or a formula in a string, got {str(text).lower()}")
    if isinstance(text, int):
        if digits(text) > MAX_NUMBER_DIGITS:
            raise FormulaError(f"a number with more than {MAX_NUMBER_DIGITS} digits")
        return sp.Integer(text)
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise FormulaError(f"expected a finite number, got {text!r}")
        return _rational(repr(float(text)))
    if not isinstance(text, str):
        raise FormulaError(f"expected a number or a formula in a string, got {type(text).__name__}")
    if not text.strip():
        raise FormulaError("expected a formula, got an empty string")
    parser = _Parser(text, names or {})
    value = parser.expr()
    parser.finish()
    return value


def parse_condition(text: str, names: Mapping[str, sp.Expr]) -> sp.Basic:
    """Parse a comparison such as ``"T > R"`` or a chain ``"T > R > P > S"``.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> parse_condition("a >= 2*b", {"a": a, "b": b})
    a >= 2*b
    """
    if not isinstance(text, str) or not text.strip():
        raise FormulaError(f"expected a condition such as 'T > R' in a string, got {text!r}")
    parser = _Parser(text, names)
    value = parser.condition()
    parser.finish()
    return value


def parse_number(text: str | int | float) -> sp.Expr:
    """Parse a constant (a formula without names) such as ``"3/10"`` or ``"sqrt(2)/2"``.

    Examples
    --------
    >>> parse_number("3/10")
    3/10
    >>> parse_number("1e-2")
    1/100
    >>> parse_number("root(x**2 - 2, 2)"), parse_number("-inf")
    (sqrt(2), -oo)
    """
    if isinstance(text, str) and text.strip() in _INFINITIES:
        return _INFINITIES[text.strip()]
    return parse_formula(text, {})


#: How results write an unbounded value (a threshold no penalty reaches, say).
_INFINITIES: dict[str, sp.Expr] = {"inf": sp.oo, "-inf": -sp.oo}


def as_expression(value: object, names: Mapping[str, sp.Expr] | None = None) -> sp.Expr:
    """A sympy expression from a sympy object, an exact number or text, never through ``eval``.

    This is the replacement for ``sympy.sympify`` in public functions: sympy objects are returned
    as they are, numbers become exact (``0.1`` is ``1/10``, numpy scalars included), and text goes
    through :func:`parse_formula` with ``names``, so a string can never run code.

    Examples
    --------
    >>> as_expression("1/3 + 1"), as_expression(0.25)
    (4/3, 1/4)
    >>> as_expression("1 + 0*__import__(0)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.exceptions.FormulaError: unknown function '__import__'; ...
    """
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, str):
        return parse_formula(value, names or {})
    try:
        return exact_number(value)
    except (TypeError, ValueError) as err:
        raise FormulaError(f"expected a formula or a number: {err}") from None
