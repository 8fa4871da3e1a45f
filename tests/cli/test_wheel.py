"""`pip install .` gives a working install: the wheel carries checklists/ and templates/."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

from tests.builders import trip_data
from tests.support.wheel import install_wheel


def test_wheel_runs_outside_the_source_tree(tmp_path):
    target = install_wheel(tmp_path)
    trip = tmp_path / "trip.yaml"
    trip.write_text(yaml.safe_dump(trip_data()))
    env = {**os.environ, "PYTHONPATH": str(target), "TRAVELPREP_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import travelprep.paths as p; print(p.checklists_dir()); "
            "from travelprep.cli.main import run; run()",
            "checklist",
            str(trip),
            "-f",
            "json",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    where, _, output = done.stdout.partition("\n")
    assert where.startswith(str(target)) and where.endswith("_bundled/checklists")
    assert json.loads(output)["destinations"][0]["country"] == "FR"
    assert (target / "travelprep" / "_bundled" / "templates").is_dir()
    # The advisory importer reads its State Department tag table from inside the package.
    assert (target / "travelprep" / "refdata" / "importers" / "state_department_tags.csv").is_file()
