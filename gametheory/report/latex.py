"""LaTeX helpers shared by every renderer: escaping text, writing exact numbers."""

from __future__ import annotations

__all__ = ["tex_escape", "tex_number"]

_SPECIAL = (
    ("\\", r"\textbackslash{}"),
    ("&", r"\&"),
    ("%", r"\%"),
    ("_", r"\_"),
    ("#", r"\#"),
    ("$", r"\$"),
)


def tex_escape(text: str) -> str:
    """Text made safe for LaTeX (backslash, &, %, _, # and $ escaped).

    Examples
    --------
    >>> tex_escape("c_L & 50%")
    'c\\\\_L \\\\& 50\\\\%'
    """
    for a, b in _SPECIAL:
        text = text.replace(a, b)
    return text


def tex_number(text: str) -> str:
    """An exact number as LaTeX math: ``"-2/3"`` → ``-\\frac{2}{3}``.

    Examples
    --------
    >>> tex_number("-2/3"), tex_number("5")
    ('-\\\\frac{2}{3}', '5')
    """
    if "/" in text:
        num, den = text.split("/")
        sign = "-" if num.startswith("-") else ""
        return f"{sign}\\frac{{{num.lstrip('-')}}}{{{den}}}"
    return text
