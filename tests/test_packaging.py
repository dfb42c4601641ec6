"""The installed distribution: cli/ is gametheory.cli, games/ ships inside, every __all__ resolves."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import gametheory

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> list[str]:
    names = ["gametheory"]
    for info in pkgutil.walk_packages(gametheory.__path__, "gametheory."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("module", _modules())
def test_every_all_name_resolves(module: str) -> None:
    mod = importlib.import_module(module)
    for name in getattr(mod, "__all__", []):
        assert hasattr(mod, name), f"{module}.__all__ lists {name!r}, which does not exist"


def test_import_is_warning_free(tmp_path: Path) -> None:
    # -P and a neutral cwd: a checkout's source tree (without cli/ mapped in) must not shadow the
    # installed package.
    subprocess.run(
        [sys.executable, "-P", "-W", "error", "-c", "import gametheory, gametheory.cli.main"],
        check=True,
        cwd=tmp_path,
    )


SITE = Path(gametheory.__file__).resolve().parents[1]


def _installed_non_editable() -> bool:
    """A regular install puts the package itself in site-packages (an editable one does not)."""
    return SITE.name == "site-packages"


def _installed_distribution() -> metadata.Distribution:
    # Read the metadata from the site-packages the package was imported from: a source tree on
    # sys.path has its own fedlocal.egg-info, which must not be mistaken for the installed one.
    [dist] = [
        d for d in metadata.distributions(path=[str(SITE)]) if d.metadata["Name"] == "fedlocal"
    ]
    return dist


@pytest.mark.packaging
@pytest.mark.skipif(
    not _installed_non_editable(), reason="checks a non-editable install (as CI makes)"
)
def test_wheel_layout() -> None:
    dist = _installed_distribution()
    files = [str(f) for f in dist.files or []]
    assert "gametheory/cli/main.py" in files
    assert "gametheory/games/surge_pd.toml" in files
    assert "gametheory/py.typed" in files
    top = {f.split("/")[0] for f in files}
    assert "cli" not in top and "games" not in top, sorted(top)
    scripts = {e.name: e.value for e in dist.entry_points if e.group == "console_scripts"}
    assert scripts == {"fedlocal": "gametheory.cli.main:cli"}


@pytest.mark.packaging
@pytest.mark.skipif(
    not _installed_non_editable(), reason="checks a non-editable install (as CI makes)"
)
def test_bundled_scenarios_load_from_the_installed_copy() -> None:
    from gametheory import bundled_scenarios, load_scenario

    assert "surge_pd" in bundled_scenarios()
    assert load_scenario("surge_pd").path == str(SITE / "gametheory" / "games" / "surge_pd.toml")
    out = subprocess.run(
        ["fedlocal", "solve", "surge_pd", "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    assert out.stdout.splitlines()[1].startswith("0,0,true,0,1,0,1,-4,1")


@pytest.mark.packaging
@pytest.mark.skipif(
    not _installed_non_editable(), reason="checks a non-editable install (as CI makes)"
)
def test_every_source_package_is_installed() -> None:
    """pyproject.toml lists the packages explicitly: a new subpackage must be added there."""
    source = ROOT / "gametheory"
    if not source.is_dir():
        pytest.skip("no source tree beside the tests")
    for init in source.rglob("__init__.py"):
        relative = init.relative_to(ROOT)
        assert (SITE / relative).is_file(), f"{relative.parent} is not in the installed package"
