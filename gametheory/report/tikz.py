"""Game trees as TikZ pictures laid out to fit a given width (plain TikZ, no libraries).

The layout is computed from the tree rather than fixed: every leaf gets a slot as wide as its
payoff label (estimated from the LaTeX: characters, fractions and symbols at the chosen font
size), each decision or chance node sits above the middle of its children, and siblings are
kept far enough apart for their action labels. The renderer tries, in order,

1. top-down, payoffs as a row ``(2, 1-\\lambda, 1)``, in ``\\small``, ``\\footnotesize``,
   ``\\scriptsize``;
2. top-down, payoffs stacked in a column;
3. left to right (one line per leaf: many leaves fit down a page);

and takes the first whose estimated width fits (default: the A4/letter ``article`` text width,
345pt; ``width="11cm"`` for a beamer slide). The picture is also wrapped in a ``\\resizebox``
that shrinks it to ``\\linewidth`` only if the estimate was short, so it never overflows.

Labels are math in the scenario's declared symbols (``\\lambda``, no ``*``); the SPE choices are
drawn thick; a legend under the tree gives the payoff order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gametheory.exceptions import GameTheoryError
from gametheory.report.latex import tex_escape

__all__ = ["DEFAULT_WIDTH_PT", "estimate_width", "parse_length", "tikz_tree"]

#: The text width of LaTeX's ``article`` class at 10pt on A4 and on letter paper (345pt).
DEFAULT_WIDTH_PT = 345.0

_UNITS = {"pt": 1.0, "mm": 2.845276, "cm": 28.45276, "in": 72.27, "bp": 1.00375, "em": 10.0}

#: (size command, font size in pt).
_SIZES = (("\\small", 9.0), ("\\footnotesize", 8.0), ("\\scriptsize", 7.0))


def parse_length(text: str | None) -> float:
    """A TeX length (``12cm``, ``4.5in``, ``300pt``) in points; ``None`` gives the default.

    Examples
    --------
    >>> round(parse_length("10cm"), 1)
    284.5
    >>> parse_length(None)
    345.0
    """
    if text is None:
        return DEFAULT_WIDTH_PT
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in|bp|em)\s*", text)
    if not m:
        raise GameTheoryError(
            f"--width: expected a length such as 12cm, 110mm, 4.5in or 300pt, got {text!r}"
        )
    return float(m.group(1)) * _UNITS[m.group(2)]


def _visible(tex: str) -> str:
    """What a LaTeX math string shows, roughly one character per glyph."""
    s = tex
    # \frac{a}{b}: as wide as the wider part (set smaller in text style).
    frac = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
    while frac.search(s):
        s = frac.sub(lambda m: max(m.group(1), m.group(2), key=len), s)
    s = re.sub(r"\\text\{([^{}]*)\}", r"\1", s).replace("$", "")
    s = re.sub(
        r"\\(left|right|cdot|,|;|quad)", lambda m: "" if m.group(1) in "leftright" else " ", s
    )
    s = re.sub(r"\\[A-Za-z]+", "x", s)  # \lambda, \phi: one glyph
    s = re.sub(r"[{}^_]", "", s)
    return s


def estimate_width(tex: str, size: float) -> float:
    """Estimated width in pt of a math label at font size ``size`` (pt).

    Examples
    --------
    >>> estimate_width("1 - \\\\lambda", 10.0) < estimate_width("1 - lam", 10.0)
    True
    """
    text = _visible(tex)
    width = 0.0
    for ch in text:
        if ch == " ":
            width += 0.25
        elif ch in "+-=<>":
            width += 0.95  # an operator with its spaces
        elif ch in ",.()":
            width += 0.4
        else:
            width += 0.58
    return width * size


@dataclass
class _Layout:
    x: dict[str, float]
    y: dict[str, float]
    width: float
    height: float


def _children(record: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for node in record["nodes"]:
        h = node["history"]
        out[h] = [(a, f"{h}/{a}" if h else a) for a in node.get("actions", [])]
    return out


def _edge_label(node: Mapping[str, Any], k: int, action: str) -> str:
    # Text mode, maths only where needed: the picture needs plain TikZ, not amsmath.
    label = tex_escape(action)
    if node["kind"] == "chance":
        label += rf" (${node.get('probabilities_latex', node['probabilities'])[k]}$)"
    return label


def _leaf_label(node: Mapping[str, Any], column: bool) -> str:
    parts = node.get("payoffs_latex") or node["payoffs"]
    if column:
        return r"\begin{array}{c}" + r"\\ ".join(parts) + r"\end{array}"
    return r"\left(" + ", ".join(parts) + r"\right)"


def _leaf_width(node: Mapping[str, Any], column: bool, size: float) -> float:
    parts = node.get("payoffs_latex") or node["payoffs"]
    if column:
        return max(estimate_width(p, size) for p in parts)
    return estimate_width("(" + ", ".join(parts) + ")", size)


def _layout(record: Mapping[str, Any], *, column: bool, size: float, across: bool) -> _Layout:
    """Positions in pt. ``across``: top-down (x across the page); otherwise left to right.

    Leaves take consecutive slots along one axis, each as wide as its label and as its parent's
    action labels need; every other node sits at the middle of its first and last child.
    """
    nodes = {n["history"]: n for n in record["nodes"]}
    children = _children(record)
    gap = 0.6 * size
    line = 1.3 * size
    depth_of = {h: (len(h.split("/")) if h else 0) for h in nodes}
    parent_of = {c: h for h, kids in children.items() for _, c in kids}
    along: dict[str, float] = {}
    cursor = 0.0
    halves: dict[str, float] = {}
    for h in nodes:  # preorder: leaves come left to right
        if children[h]:
            continue
        if across:
            half = _leaf_width(nodes[h], column, size) / 2
            parent = nodes[parent_of[h]] if h in parent_of else None
            need = 0.0
            if parent is not None:
                need = max(
                    estimate_width(_edge_label(parent, k, a), size)
                    for k, (a, _) in enumerate(children[parent["history"]])
                )
            # A leaf's edge label leans away from its siblings: the slot needs about half of it.
            slot = max(2 * half, 0.6 * need) + gap
        else:
            rows = len(nodes[h]["payoffs"]) if column else 1
            half = line * rows / 2
            slot = max(line * rows, 2.0 * size) + gap / 2
        along[h] = cursor + slot / 2
        halves[h] = half
        cursor += slot
    for h in reversed(list(nodes)):  # postorder enough: children come after their parent
        if children[h]:
            along[h] = (along[children[h][0][1]] + along[children[h][-1][1]]) / 2
    if across:
        level = 5.0 * size
        x = along
        bottom = max(depth_of.values())
        # Leaves all on the last level: a payoff label never meets a deeper edge's label.
        y = {h: -(depth_of[h] if children[h] else bottom) * level for h in nodes}
        leaves = list(halves)
        width = max(x[h] + halves[h] for h in leaves) - min(x[h] - halves[h] for h in leaves)
        return _Layout(x, y, width, max(depth_of.values()) * level)
    widest: dict[int, float] = {}
    for h, node in nodes.items():
        for k, (a, child) in enumerate(children[h]):
            d = depth_of[child]
            widest[d] = max(widest.get(d, 0.0), estimate_width(_edge_label(node, k, a), size))
    boxes: dict[int, float] = {}
    for h, node in nodes.items():
        if children[h]:
            w = estimate_width(rf"\text{{{node.get('player', 'chance')}}}", size) + 8
            boxes[depth_of[h]] = max(boxes.get(depth_of[h], 0.0), w)
    step = {
        d: max(w + 2 * gap, 4 * size) + (boxes.get(d - 1, 0.0) + boxes.get(d, 0.0)) / 2
        for d, w in widest.items()
    }
    x = {h: sum(step[d] for d in range(1, depth_of[h] + 1)) for h in nodes}
    y = {h: -v for h, v in along.items()}
    extent = max(_leaf_width(nodes[h], column, size) for h in halves)
    width = max(x.values()) + extent + 2 * gap + 2 * size
    return _Layout(x, y, width, cursor)


def _extent(
    record: Mapping[str, Any], layout: _Layout, *, column: bool, size: float, across: bool
) -> tuple[float, float]:
    """The picture's horizontal extent in pt: node boxes, leaf labels, edge labels, legend."""
    nodes = {n["history"]: n for n in record["nodes"]}
    children = _children(record)
    lo, hi = float("inf"), float("-inf")
    for h, node in nodes.items():
        x = layout.x[h]
        if node["kind"] == "terminal":
            w = _leaf_width(node, column, size) + 3
            left, right = (x - w / 2, x + w / 2) if across else (x, x + w)
        else:
            w = estimate_width(rf"\text{{{node.get('player', 'chance')}}}", size) + 8
            left, right = x - w / 2, x + w / 2
        lo, hi = min(lo, left), max(hi, right)
        kids = children[h]
        for k, (a, child) in enumerate(kids):
            mid = (x + layout.x[child]) / 2
            w = estimate_width(_edge_label(node, k, a), size) + 2
            if across:
                left, right = (mid - w, mid) if 2 * k + 1 < len(kids) else (mid, mid + w)
            else:
                left, right = mid - w / 2, mid + w / 2
            lo, hi = min(lo, left), max(hi, right)
    legend = estimate_width(rf"\text{{{_legend(record, bool(_chosen(record)))}}}", size)
    return lo, max(hi, lo + legend)


def _legend(record: Mapping[str, Any], thick: bool = False) -> str:
    players = ", ".join(tex_escape(p) for p in record["players"])
    return f"payoffs: ({players})" + ("; thick: the subgame-perfect choices" if thick else "")


def tikz_tree(
    record: Mapping[str, Any], *, width: str | None = None, height: str | None = None
) -> str:
    """The tree of a ``fedlocal tree`` record as a TikZ picture that fits ``width``.

    Parameters
    ----------
    record
        From :func:`gametheory.report.trees.tree_record`.
    width
        A TeX length to fit (default: the A4/letter text width, 345pt).
    height
        The height to fit (default: 500pt for a page; 0.72 times ``width`` when ``width`` is
        narrower than a page, as on a slide).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.report.trees import tree_record
    >>> sc = load_scenario("trust_game")
    >>> tex = tikz_tree(tree_record(sc.tree.subs(sc.values()), sc, ()))
    >>> "payoffs: (Trustor, Trustee)" in tex and "\\\\resizebox" in tex
    True
    """
    # A margin for the estimates (glyph widths are averages).
    target = 0.95 * parse_length(width)
    if height is not None:
        tall = parse_length(height)
    else:
        tall = (
            500.0
            if width is None or parse_length(width) >= DEFAULT_WIDTH_PT
            else 0.72 * parse_length(width)
        )
    nodes = {n["history"]: n for n in record["nodes"]}
    children = _children(record)
    chosen = _chosen(record)
    options = [
        (size_cmd, size, column, True) for column in (False, True) for size_cmd, size in _SIZES
    ]
    options += [(size_cmd, size, False, False) for size_cmd, size in _SIZES]
    # The first option that fits both ways; failing that, the one that needs the least shrinking
    # (the guard below then scales it).
    best: tuple[float, int] | None = None
    tried = []
    for k, (_cmd, size, column, across) in enumerate(options):
        layout = _layout(record, column=column, size=size, across=across)
        left, right = _extent(record, layout, column=column, size=size, across=across)
        high = layout.height + 4 * size
        tried.append((layout, left))
        scale = max((right - left) / target, high / tall)
        # Among layouts that do not fit, prefer those that fit across (only the height guard
        # then scales them), then the least shrinking.
        rank = scale + (0 if right - left <= target else 100)
        if best is None or rank < best[0]:
            best = (rank, k)
        if scale <= 1:
            break
    assert best is not None
    size_cmd, size, column, across = options[best[1]]
    layout, left = tried[best[1]]
    layout.x = {h: v - left for h, v in layout.x.items()}
    lines = [
        f"% fedlocal tree: {tex_escape(record['scenario']['title'] or '')} (plain TikZ;"
        f" laid out for {parse_length(width):.0f}pt, {'top-down' if across else 'left to right'})",
        r"\noindent\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%",
        r"\resizebox{!}{\ifdim\height>0.8\textheight 0.8\textheight\else\height\fi}{%",
        rf"\begin{{tikzpicture}}[x=1pt, y=1pt, font={size_cmd}]",
    ]

    def pos(h: str) -> str:
        return f"({layout.x[h]:.1f},{layout.y[h]:.1f})"

    ids = {h: f"n{k}" for k, h in enumerate(nodes)}
    for h, node in nodes.items():
        if node["kind"] == "terminal":
            anchor = "north" if across else "west"
            lines.append(
                rf"\node[anchor={anchor}, inner sep=1.5pt] ({ids[h]}) at {pos(h)} "
                f"{{${_leaf_label(node, column)}$}};"
            )
        elif node["kind"] == "chance":
            lines.append(rf"\node[draw, circle, inner sep=1pt] ({ids[h]}) at {pos(h)} {{chance}};")
        else:
            who = tex_escape(node["player"])
            lines.append(
                rf"\node[draw, rounded corners, inner sep=2pt] ({ids[h]}) at {pos(h)} {{{who}}};"
            )
    edges, labels = [], []
    for h, node in nodes.items():
        kids = children[h]
        for k, (action, child) in enumerate(kids):
            thick = "very thick" if chosen.get(h) == action else "thin"
            if across:
                side = "left" if 2 * k + 1 < len(kids) else "right"
            else:
                side = "above" if 2 * k + 1 <= len(kids) else "below"
            label = _edge_label(node, k, action)
            edges.append(rf"\draw[{thick}] ({ids[h]}) -- ({ids[child]});")
            # Labels after every edge, on white: a long edge passes behind, not through, them.
            labels.append(
                rf"\path ({ids[h]}) -- ({ids[child]}) node[{'midway' if across else 'pos=0.7'}, "
                rf"{side}, fill=white, inner sep=1pt] {{{label}}};"
            )
    lines += edges + labels
    for members in _infosets(record).values():
        for a, b in itertools.pairwise(members):
            lines.append(rf"\draw[dashed] ({ids[a]}) -- ({ids[b]});")
    bottom = min(layout.y.values()) - (6 * size if across else 2 * size)
    lines.append(
        rf"\node[anchor=north west, inner sep=0pt] at (0,{bottom:.1f}) "
        f"{{{_legend(record, bool(chosen))}}};"
    )
    lines += [r"\end{tikzpicture}}}", ""]
    return "\n".join(lines)


def _chosen(record: Mapping[str, Any]) -> dict[str, str]:
    if record.get("spe"):
        return dict(record["spe"][0]["choices"])
    outcomes = record.get("outcomes") or []
    return dict(outcomes[0]["choices"]) if outcomes else {}


def _infosets(record: Mapping[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for node in record["nodes"]:
        if node["kind"] == "decision" and not node["infoset"].startswith("@"):
            out.setdefault(node["infoset"], []).append(node["history"])
    return out
