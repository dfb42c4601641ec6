"""Text made safe for plain pdflatex: prose, and command output set as a listing that fits.

:func:`prose` escapes LaTeX specials and writes the few Unicode symbols fedlocal prints
(``≥``, ``δ``, ``×``, ...) as math, since pdflatex's default fonts have none of them.
:func:`listing` sets the text output of a command (a model's ``solve`` table, say) in
typewriter type, line by line, with its columns kept: the size is chosen from the longest line
so that it fits the line width, and a line longer still is wrapped with an indent. Each line is
its own paragraph, so a long listing breaks across pages and across ``allowframebreaks``
frames.
"""

from __future__ import annotations

import re
import textwrap

from gametheory.report.latex import tex_escape

__all__ = ["listing", "prose"]

#: Characters that plain pdflatex (utf8, OT1/T1) cannot set, and their LaTeX.
UNICODE = {
    "≥": r"$\ge$",
    "≤": r"$\le$",
    "×": r"$\times$",
    "−": "-",
    "→": r"$\to$",
    "≈": r"$\approx$",
    "δ": r"$\delta$",
    "λ": r"$\lambda$",
    "τ": r"$\tau$",
    "φ": r"$\phi$",
    "σ": r"$\sigma$",
    "π": r"$\pi$",
    "∞": r"$\infty$",
    "…": "...",
    "§": r"\S{}",
}

#: Font sizes in points by the class's base size (article 10pt, beamer 11pt), largest first.
_SIZES = {
    10: (("small", 9.0), ("footnotesize", 8.0), ("scriptsize", 7.0), ("tiny", 5.0)),
    11: (("small", 10.0), ("footnotesize", 9.0), ("scriptsize", 8.0), ("tiny", 6.0)),
}
#: The width of a typewriter character in em: cmtt's 0.525 at its design size, a little more
#: when scaled down to 5 or 6 points.
_EM = 0.55


def prose(text: str) -> str:
    """Prose made safe for pdflatex: LaTeX specials escaped, a few Unicode symbols as math.

    Examples
    --------
    >>> prose("delta >= 1/2 & c_L ≥ 2")
    'delta $>$= 1/2 \\\\& c\\\\_L $\\\\ge$ 2'
    """
    out = tex_escape(text).replace("~", r"\textasciitilde{}").replace("^", r"\^{}")
    out = out.replace("{", r"\{").replace("}", r"\}") if "\\" not in text else out
    for a, b in UNICODE.items():
        out = out.replace(a, b)
    # The default (OT1) text fonts have no < > |: set them in math.
    return re.sub(r"[<>|]", lambda m: f"${m.group(0)}$", out)


def _tt(line: str) -> str:
    """One line in typewriter type, every character kept (spaces as fixed-width ties; the
    typewriter font has ``<``, ``>`` and ``|``)."""
    out = []
    for ch in line:
        if ch == " ":
            out.append("~")
        elif ch in "\\{}":
            out.append({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}"}[ch])
        elif ch in "&%_#$":
            out.append("\\" + ch)
        elif ch in "~^":
            out.append({"~": r"\textasciitilde{}", "^": r"\^{}"}[ch])
        else:
            out.append(UNICODE.get(ch, ch))
    return "".join(out)


def listing(text: str, width_pt: float = 345.0, base: int = 10) -> str:
    """``text`` (a command's table output) as LaTeX lines that fit ``width_pt`` points in a
    document class of ``base`` points (article 10, beamer 11).

    Examples
    --------
    >>> print(listing("a  b\\nc_1 >= 2"))
    {\\small\\ttfamily\\parindent=0pt\\parskip=0pt
    a~~b\\par
    c\\_1~>=~2\\par
    }
    """
    lines = text.rstrip("\n").splitlines()
    longest = max((len(ln) for ln in lines), default=0)
    sizes = _SIZES[base]
    size, per = sizes[-1]
    for name, pts in sizes:
        if longest * pts * _EM <= width_pt:
            size, per = name, pts
            break
    capacity = max(20, int(width_pt / (per * _EM)))
    out = [f"{{\\{size}\\ttfamily\\parindent=0pt\\parskip=0pt"]
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        pieces = textwrap.wrap(
            line,
            capacity,
            initial_indent=" " * indent,
            subsequent_indent=" " * (indent + 4),
            break_on_hyphens=False,
            drop_whitespace=True,
        ) or [""]
        # textwrap collapses nothing within a piece but strips the indent it re-adds.
        if len(line) <= capacity:
            pieces = [line]
        out += [(_tt(p) or r"\strut") + r"\par" for p in pieces]
    out.append("}")
    return "\n".join(out)
