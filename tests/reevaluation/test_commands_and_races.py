"""`travelprep trips reevaluate` and `data import advisories` as an operator runs them, and two
instances re-evaluating at once: each trip evaluated once, each notice queued and sent once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.feeds.test_reminders import PASSWORD
from tests.reevaluation.conftest import TODAY, feed_with, save_trip
from travelprep.db.engine import make_session_factory
from travelprep.db.models import ChecklistChange, ChecklistVersion, DataChange, OutboxMessage, Reevaluation
from travelprep.settings import Settings
from travelprep.web.app import create_app

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]
TRAVELPREP = str(Path(sys.executable).parent / "travelprep")


def _environment(settings: Settings) -> dict[str, str]:
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "TRAVELPREP_ENV": "development",
        "TRAVELPREP_DATA_DIR": str(settings.data_dir),
        "TRAVELPREP_DATABASE_URL": settings.effective_database_url,
        "TRAVELPREP_PUBLIC_BASE_URL": settings.public_base_url,
        "TRAVELPREP_SMTP_HOST": "127.0.0.1",
        "TRAVELPREP_SMTP_PORT": str(settings.smtp_port),
        "TRAVELPREP_SMTP_USERNAME": "travelprep",
        "TRAVELPREP_SMTP_PASSWORD": PASSWORD,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def _command(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TRAVELPREP, *args],
        env=_environment(settings),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_an_import_from_the_command_line_re_evaluates_and_the_command_reports_it(
    engine, settings, smtp, tmp_path
):
    inbox, _ = smtp
    save_trip(engine, settings, email="ada@example.edu")
    feed = tmp_path / "advisories-2026-11-30.xml"
    feed.write_bytes(feed_with(mexico_level=4, published="Mon, 30 Nov 2026 09:00:00 -0500"))
    imported = _command(settings, "data", "import", "advisories", str(feed), "--allow-fewer")
    assert imported.returncode == 0, imported.stderr
    assert "Mexico (MX): Level 2 -> 4" in imported.stdout
    assert re.search(r"Re-evaluated 1 trips: 1 notice\(s\) queued .*, 1 trips changed", imported.stdout)
    with make_session_factory(engine)() as session:
        cause = session.scalar(select(DataChange.cause).order_by(DataChange.id.desc()))
        assert cause.startswith("the advisory import of 2026-11-30")
    again = _command(settings, "trips", "reevaluate", "--today", TODAY.isoformat())
    assert again.returncode == 0, again.stderr
    assert again.stdout.rstrip().splitlines()[-1].endswith(" 0 trips changed")
    # The notice queued by the import goes out with the next delivery, once.
    sent = _command(settings, "reminders", "send", "--today", TODAY.isoformat())
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert [m["Subject"] for m in inbox.messages if "checklist changed" in m["Subject"]] == [
        "TravelPrep: your checklist changed (Trip to Mexico City)"
    ]


def test_a_refused_import_from_the_command_line_triggers_nothing(engine, settings, tmp_path):
    save_trip(engine, settings, email="ada@example.edu")
    feed = tmp_path / "cut.xml"
    feed.write_bytes(feed_with(mexico_level=4)[:500])
    refused = _command(settings, "data", "import", "advisories", str(feed), "--allow-fewer")
    assert refused.returncode == 1 and "Nothing was changed" in refused.stderr
    assert "Re-evaluated" not in refused.stdout
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Reevaluation)) == 0
        assert session.scalar(select(func.count()).select_from(DataChange)) == 0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_instances_re_evaluating_at_once_evaluate_each_trip_once(engine, settings, smtp, tmp_path):
    inbox, _ = smtp
    trips = [save_trip(engine, settings, email=f"t{n}@example.edu") for n in range(40)]
    trips += [
        save_trip(engine, settings, email=f"d{n}@example.edu", country="DE", city="Berlin") for n in range(20)
    ]
    feed = tmp_path / "advisories-2026-11-30.xml"
    feed.write_bytes(feed_with(mexico_level=4, published="Mon, 30 Nov 2026 09:00:00 -0500"))
    from travelprep.refdata.datastore import DataStore
    from travelprep.refdata.importers.advisories import import_advisories

    import_advisories(
        feed.read_bytes(), origin=feed.name, store=DataStore(settings.data_dir), allow_fewer=True
    )
    # Small batches, so that the two take turns over the trips instead of one taking them all.
    command = [TRAVELPREP, "trips", "reevaluate", "--today", TODAY.isoformat(), "--batch", "4"]
    racers = [
        subprocess.Popen(
            command, env=_environment(settings), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    outputs = [racer.communicate(timeout=300)[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], outputs
    changed = [int(out.rstrip().rsplit(" trips changed", 1)[0].rsplit(" ", 1)[1]) for out in outputs]
    assert sum(changed) == 40, outputs
    with make_session_factory(engine)() as session:
        evaluated = Counter(session.scalars(select(Reevaluation.trip_id)).all())
        assert sorted(evaluated) == sorted(trips) and set(evaluated.values()) == {1}
        assert session.scalar(select(func.count()).select_from(ChecklistChange)) == 40
        assert session.scalar(select(func.count()).select_from(ChecklistVersion)) == 60 + 40
        assert session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None))) == 0
    assert Counter(m["To"] for m in inbox.messages) == Counter(f"t{n}@example.edu" for n in range(40))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_app_starting_on_data_not_yet_evaluated_re_evaluates_in_a_child_process(engine, settings):
    trip_id = save_trip(engine, settings, email="ada@example.edu")
    app = create_app(settings.model_copy(update={"reevaluate_in_background": True}))
    try:
        version = app.state.loaded_rulebook.version
        sessions = make_session_factory(engine)
        deadline = time.monotonic() + 120  # a wait for the child, not a measure of it
        while time.monotonic() < deadline:
            with sessions() as session:
                finished = session.scalar(
                    select(DataChange.finished_at).where(DataChange.data_version == version)
                )
            if finished is not None:
                break
            time.sleep(0.2)
        with sessions() as session:
            change = session.scalar(select(DataChange).where(DataChange.data_version == version))
            assert change is not None and change.finished_at is not None
            assert change.cause == "a new release of the institute's rules and country facts"
            assert session.scalar(select(Reevaluation.trip_id)) == trip_id
        restarted = create_app(settings.model_copy(update={"reevaluate_in_background": True}))
        assert restarted.state.reevaluation.started == set()  # done already: no second child
        restarted.state.engine.dispose()
    finally:
        app.state.engine.dispose()
