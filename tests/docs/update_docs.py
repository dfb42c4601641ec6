"""Rewrite the output of every ``$ fedlocal ...`` console block in the docs and the README.

A maintainer's tool, for after a deliberate change of output: ``python tests/docs/update_docs.py``
reruns each command and replaces the lines below it, keeping the block's abbreviation (the same
number of lines before and after a ``...`` line). Review the diff before committing it; the test
in test_docs.py then checks the new text.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from gametheory.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]


def _run(command: str) -> list[str]:
    result = CliRunner().invoke(cli, shlex.split(command)[1:], prog_name="fedlocal")
    return [line.rstrip() for line in result.output.rstrip("\n").splitlines()]


def _abbreviate(old: list[str], new: list[str]) -> list[str] | None:
    """The new output cut like the old excerpt, or None when the excerpt cannot be aligned.

    Each run of lines between ``...`` markers is found again in the new output by its first
    line (the first run must start the output, unless the excerpt starts with ``...``) and
    replaced by as many new lines.
    """
    if "..." not in old:
        return new
    segments: list[list[str]] = [[]]
    for line in old:
        if line == "...":
            segments.append([])
        else:
            segments[-1].append(line)
    out: list[str] = []
    pos = 0
    for k, seg in enumerate(segments):
        if k:
            out.append("...")
        if not seg:
            continue
        if k == 0:
            start = 0
        else:  # align on the run's first line that occurs once in the rest of the output
            rest = new[pos:]
            offset = next(
                (t for t, line in enumerate(seg) if line.strip() and rest.count(line) == 1),
                next((t for t, line in enumerate(seg) if line.strip()), 0),
            )
            hit = next((i for i in range(pos + offset, len(new)) if new[i] == seg[offset]), -1)
            if hit < 0:
                return None
            start = hit - offset
        # ... and end on its last non-blank line, so lines added inside a run are kept.
        last = max((t for t, line in enumerate(seg) if line.strip()), default=len(seg) - 1)
        end_hit = next((i for i in range(start + last, len(new)) if new[i] == seg[last]), -1)
        end = end_hit + (len(seg) - last) if end_hit >= 0 else start + len(seg)
        out.extend(new[start:end])
        pos = end
    return out


def update(page: Path) -> bool:
    lines = page.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    i = 0
    in_console = False
    while i < len(lines):
        line = lines[i]
        if line.startswith("```console"):
            in_console = True
        elif in_console and line.startswith("```"):
            in_console = False
        if in_console and line.startswith("$ fedlocal"):
            out.append(line)
            i += 1
            old: list[str] = []
            while i < len(lines) and not lines[i].startswith(("$ ", "```")):
                old.append(lines[i])
                i += 1
            trailing_blank = bool(old) and old[-1] == ""
            body = old[: len(old) - trailing_blank]
            fresh = _abbreviate(body, _run(line[2:]))
            if fresh is None:
                print(
                    f"{page.name}: cannot align the excerpt of {line!r}; fix it by hand",
                    file=sys.stderr,
                )
                fresh = body
            out.extend(fresh)
            if trailing_blank:
                out.append("")
            continue
        out.append(line)
        i += 1
    text = "\n".join(out)
    changed = text != page.read_text(encoding="utf-8")
    if changed:
        page.write_text(text, encoding="utf-8")
    return changed


def main() -> None:
    """Every page, or the pages named on the command line (``docs/how-to/repeated.md``)."""
    named = [Path(a).resolve() for a in sys.argv[1:]]
    pages = named or [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        if update(page):
            print(f"updated {page.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
