"""No tracked file cites a document that is not in the repository.

The project's domain notes and source articles were working material outside the repository; users
do not have them. Docs, docstrings, comments, tests and scenario files cite the published
literature, the source articles by their full citation (the ``[[sources]]`` of each scenario) or
docs/explanation/models-and-sources.md instead. This test fails on any trace of the outside
material: a citation of the domain-notes file or its sections, a path into the shared working
folder, or the file names of the style guide, the library notes or the article text files.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The patterns are assembled from pieces so that this file does not match itself (and so that a
# plain grep for the notes' name over the repository finds nothing at all).
_NOTES = "DOM" + "AIN"
FORBIDDEN = {
    "the domain notes (cite docs/explanation/models-and-sources.md or the literature)": re.compile(
        r"\b" + _NOTES + r"\b"
    ),
    "a path into the shared working folder": re.compile(r"/wo" + r"rk/|(?<![\w.-])sha" + r"red/"),
    "the style guide or library notes outside the repository": re.compile(
        r"\bSTY" + r"LE\.md\b|\bLIBRA" + r"RIES\.md\b"
    ),
    "a source article's text file (cite the article itself)": re.compile(
        r"\bS[0-4]-[a-z0-9-]+\.t" + r"xt\b"
    ),
}

#: Directories never searched when the tree is walked without git.
_SKIP_DIRS = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache"}


def _tracked_files() -> list[Path]:
    """The files git tracks, or every file of the tree when this is not a git checkout."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
        files = [ROOT / name for name in out.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = [
            p
            for p in ROOT.rglob("*")
            if p.is_file() and not _SKIP_DIRS.intersection(p.relative_to(ROOT).parts)
        ]
    return [p for p in files if p.is_file()]


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None  # binary files cite nothing


FILES = _tracked_files()


def test_the_search_covers_the_repository() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in FILES}
    # docs, code, tests and scenario files are all searched
    assert {"README.md", "docs/index.md", "games/hennepin_drawdown.toml"} <= names
    assert any(n.startswith("gametheory/") and n.endswith(".py") for n in names)
    assert any(n.startswith("tests/") and n.endswith(".py") for n in names)


@pytest.mark.parametrize("what,pattern", FORBIDDEN.items(), ids=list(FORBIDDEN))
def test_patterns_catch_what_they_are_for(what: str, pattern: re.Pattern[str]) -> None:
    """Each pattern catches a typical citation, so the repository test below can fail."""
    samples = {
        "the domain notes": [
            _NOTES + ".md §5.1",
            "(" + _NOTES + " §3)",
            _NOTES + "'s worked case",
        ],
        "a path into the shared": ["see /wo" + "rk/sha" + "red/x", "../sha" + "red/sources/a"],
        "the style guide": ["STY" + "LE.md, practice 3", "LIBRA" + "RIES.md"],
        "a source article": ["S2-commonweal-secure-communities.t" + "xt"],
    }
    key = next(k for k in samples if what.startswith(k))
    for sample in samples[key]:
        assert pattern.search(sample), sample
    # ordinary words and identifiers are not caught
    for innocent in ["domain = 'positive'", "SOME_" + _NOTES + "S = 1", "shared_liability"]:
        assert not pattern.search(innocent), innocent


def test_no_tracked_file_cites_an_outside_document() -> None:
    found = []
    for path in FILES:
        text = _text(path)
        if text is None:
            continue
        for what, pattern in FORBIDDEN.items():
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}: {m.group(0)!r}")
    assert not found, "citations of documents outside the repository:\n" + "\n".join(found)
