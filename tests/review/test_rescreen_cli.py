"""`travelprep screening rescreen` and the list imports that trigger it, on SQLite and PostgreSQL.

A list import that succeeds re-screens the saved trips and says how many changed; a
malformed one changes nothing and triggers nothing.
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.review.helpers import trip_with
from tests.review.lists import ZORVEX, import_csl
from tests.screening.samples import CHECKLISTS, CSL_ROWS, write_csl_csv
from travelprep.cli.main import app as cli
from travelprep.db.engine import make_session_factory
from travelprep.db.models import ScreeningHit, ScreeningPass
from travelprep.settings import get_settings

runner = CliRunner()


@pytest.fixture
def lists_dir(app, tmp_path, monkeypatch):
    """A data directory for the lists, and the environment that points the CLI at the app's database."""
    folder = tmp_path / "cli-data"
    folder.mkdir()
    url = app.state.engine.url.render_as_string(hide_password=False)
    for key, value in {
        "DATA_DIR": str(folder),
        "DATABASE_URL": url,
        "CHECKLISTS_DIR": str(CHECKLISTS),
    }.items():
        monkeypatch.setenv(f"TRAVELPREP_{key}", value)
    monkeypatch.setenv("TRAVELPREP_ENV", "development")
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def _count(app, table) -> int:
    with make_session_factory(app.state.engine)() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_rescreen_by_hand_prints_how_many_trips_it_changed(app, traveler, lists_dir):
    trip_with(traveler, ZORVEX)
    import_csl(lists_dir, as_of="2026-11-20")
    first = runner.invoke(cli, ["screening", "rescreen", "--today", "2026-11-21"])
    assert first.exit_code == 0, first.output
    assert first.output.strip().endswith("1 new hit(s), 0 withdrawn; 1 trips changed")
    again = runner.invoke(cli, ["screening", "rescreen", "--today", "2026-11-21"])
    assert again.output.strip().endswith("0 trips changed")
    checked = runner.invoke(cli, ["screening", "rescreen", "--if-lists-changed"])
    assert checked.exit_code == 0 and "already screened" in checked.output
    assert checked.output.strip().endswith("0 trips changed") and _count(app, ScreeningPass) == 2
    bad = runner.invoke(cli, ["screening", "rescreen", "--today", "soon"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def _rescreened(output: str) -> str:
    """The re-screening's line: a list change then re-evaluates the trips, whose line follows."""
    lines = output.strip().splitlines()
    (line,) = [n for n, text in enumerate(lines) if text.startswith("Re-screened")]
    assert lines[line + 1].startswith("Re-evaluated"), output
    return lines[line]


def test_a_list_import_re_screens_the_saved_trips(app, traveler, lists_dir, tmp_path):
    trip_with(traveler, ZORVEX)
    export = write_csl_csv(tmp_path / "csl.csv")
    done = runner.invoke(cli, ["data", "import", "csl", str(export), "--as-of", "2026-11-20"])
    assert done.exit_code == 0, done.output
    assert "Imported 2 entries into csl" in done.output and done.output.strip().endswith("1 trips changed")
    with make_session_factory(app.state.engine)() as session:
        (run,) = session.scalars(select(ScreeningPass))
        (hit,) = session.scalars(select(ScreeningHit))
    assert (run.trigger, run.trips_changed, hit.new_since) == ("import csl", 1, "2026-11-20")
    without = write_csl_csv(tmp_path / "csl-2.csv", [r for r in CSL_ROWS if r["name"] != ZORVEX])
    update = runner.invoke(cli, ["data", "import", "csl", str(without), "--as-of", "2026-11-27"])
    assert _rescreened(update.output).endswith("0 new hit(s), 1 withdrawn; 1 trips changed"), update.output
    rolled = runner.invoke(cli, ["data", "rollback", "csl"])  # the first export is in force again
    assert rolled.exit_code == 0 and _rescreened(rolled.output).endswith(
        "1 new hit(s), 0 withdrawn; 1 trips changed"
    )
    with make_session_factory(app.state.engine)() as session:
        triggers = session.scalars(select(ScreeningPass.trigger).order_by(ScreeningPass.id))
        assert list(triggers) == ["import csl", "import csl", "rollback csl"]


def test_a_malformed_import_changes_nothing_and_triggers_nothing(app, traveler, lists_dir, tmp_path):
    trip_with(traveler, ZORVEX)
    broken = tmp_path / "broken.csv"
    broken.write_text("name,type\nZorvex Aerospace Research Institute,Entity\n", encoding="utf-8")
    failed = runner.invoke(cli, ["data", "import", "csl", str(broken), "--as-of", "2026-11-20"])
    assert failed.exit_code == 2 and "Nothing was imported" in failed.output
    assert "trips changed" not in failed.output
    assert (_count(app, ScreeningPass), _count(app, ScreeningHit)) == (0, 0)


def test_a_release_that_ships_new_lists_is_screened_once_by_the_scheduler(
    app, traveler, lists_dir, tmp_path, monkeypatch
):
    trip_with(traveler, ZORVEX)
    release = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, release)
    monkeypatch.setenv("TRAVELPREP_CHECKLISTS_DIR", str(release))
    get_settings.cache_clear()
    command = ["screening", "rescreen", "--if-lists-changed", "--today", "2026-11-21"]
    first = runner.invoke(cli, command)
    assert first.exit_code == 0 and first.output.strip().endswith("0 trips changed"), first.output
    assert "already screened" in runner.invoke(cli, command).output
    shipped = release / "entities" / "dod-1286.yaml"
    added = (
        "  - {id: s1286.zorvex, name: Zorvex Aerospace Research Institute, country: CN, as_of: 2025-06-24,"
        " source: https://basicresearch.defense.gov/Programs/Academic-Research-Security/}\n"
    )
    shipped.write_text(shipped.read_text(encoding="utf-8") + added, encoding="utf-8")
    after = runner.invoke(cli, command)
    assert after.output.strip().endswith("1 new hit(s), 0 withdrawn; 1 trips changed"), after.output
    with make_session_factory(app.state.engine)() as session:
        (hit,) = session.scalars(select(ScreeningHit))
    assert (hit.entity_id, hit.new_since) == ("shipped:s1286.zorvex", "2025-06-24")


def test_lists_that_do_not_load_stop_the_pass_with_file_and_line(
    app, traveler, lists_dir, tmp_path, monkeypatch
):
    trip_with(traveler, ZORVEX)
    release = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, release)
    (release / "entities" / "dod-1286.yaml").write_text("list: x\nentities: [\n", encoding="utf-8")
    monkeypatch.setenv("TRAVELPREP_CHECKLISTS_DIR", str(release))
    get_settings.cache_clear()
    failed = runner.invoke(cli, ["screening", "rescreen", "--today", "2026-11-21"])
    assert failed.exit_code != 0 and "dod-1286.yaml" in failed.output, failed.output
    assert _count(app, ScreeningPass) == 0


def test_an_import_stands_when_the_database_is_not_migrated(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "travelprep.sqlite3").write_bytes(b"")  # a database file with no tables
    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(data))
    monkeypatch.setenv("TRAVELPREP_ENV", "development")
    monkeypatch.delenv("TRAVELPREP_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        done = runner.invoke(cli, ["data", "import", "csl", str(write_csl_csv(tmp_path / "c.csv"))])
    finally:
        get_settings.cache_clear()
    assert done.exit_code == 0 and "Imported 2 entries into csl" in done.output, done.output
    assert "were not re-screened; run `travelprep screening rescreen`" in done.output
