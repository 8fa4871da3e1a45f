"""`make lint` fails when a layer imports what it must not: the contracts are live, not decoration."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package and its contracts, to break on purpose."""
    shutil.copytree(
        ROOT / "travelprep", tmp_path / "travelprep", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_shipped_tree_keeps_every_contract(tree: Path) -> None:
    done = _lint(tree)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout or " broken" not in done.stdout


@pytest.mark.parametrize(
    ("module", "forbidden", "contract"),
    [
        ("engine/geography.py", "import sqlalchemy  # noqa", "The engine and screening are pure"),
        ("screening/scoring.py", "import travelprep.db.models  # noqa", "The engine and screening are pure"),
        ("loaner/service.py", "import travelprep.web.deps  # noqa", "Services and repositories never import"),
        (
            "trips/repository.py",
            "import travelprep.trips.service  # noqa",
            "Repositories never call services",
        ),
        ("cli/devices_cmd.py", "import travelprep.loaner.pages  # noqa", "The command line imports services"),
    ],
)
def test_a_forbidden_import_breaks_the_lint(tree: Path, module: str, forbidden: str, contract: str) -> None:
    _append(tree / "travelprep" / module, forbidden)
    done = _lint(tree)
    assert done.returncode != 0
    assert contract in done.stdout
    assert "BROKEN" in done.stdout
