"""The installed wheel migrates a database and serves pages from its bundled templates."""

import os
import subprocess
import sys

import pytest

from tests.support.wheel import install_wheel

pytestmark = pytest.mark.web

SCRIPT = """
import travelprep.paths as paths
from fastapi.testclient import TestClient
from travelprep.cli.main import app as cli
from typer.testing import CliRunner
from travelprep.web.app import create_app

assert "_bundled" in str(paths.templates_dir()), paths.templates_dir()
result = CliRunner().invoke(cli, ["db", "upgrade"])
assert result.exit_code == 0, result.output
page = TestClient(create_app()).get("/check")
assert page.status_code == 200 and "Quick check" in page.text, page.status_code
print("ok")
"""


def test_installed_wheel_migrates_and_serves(tmp_path):
    target = install_wheel(tmp_path)
    env = os.environ | {"PYTHONPATH": str(target), "TRAVELPREP_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok")
