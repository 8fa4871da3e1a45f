"""Instances run the reminder job at once (three on PostgreSQL, six on one SQLite file): nothing
sent twice, nothing lost, no run fails with "database is locked".

Each is a real `travelprep reminders send` process, as the scheduler of each instance would run
it. The job plans travelers' reminders and loaner return notices (kept once by their unique
keys) and delivers the outbox, where each sender claims messages with FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from tests.feeds.test_reminders import PASSWORD, TODAY, add_traveler, reminder_keys, smtp  # noqa: F401
from tests.support.fixtures import postgres_server  # noqa: F401
from travelprep.accounts import repository as users
from travelprep.db import migrate, outbox
from travelprep.db.engine import make_engine, make_session_factory
from travelprep.db.models import LoanerRequest, OutboxMessage

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]
QUEUED = 150  # messages already in the outbox when the three senders start


@pytest.fixture
def database(postgres_server):  # noqa: F811
    url = postgres_server.create_database(f"race_{uuid.uuid4().hex[:12]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    yield url, engine
    engine.dispose()


def test_three_processes_of_the_job_send_each_message_exactly_once(database, smtp, rulebook, tmp_path):  # noqa: F811
    url, engine = database
    _race(url, engine, smtp, rulebook, tmp_path, processes=3)


def test_six_processes_of_the_job_on_one_sqlite_file_never_crash(smtp, rulebook, tmp_path):  # noqa: F811
    url = f"sqlite:///{tmp_path / 'travelprep.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    try:
        _race(url, engine, smtp, rulebook, tmp_path, processes=6)
    finally:
        engine.dispose()


def _race(url, engine, smtp, rulebook, tmp_path, *, processes: int) -> None:  # noqa: F811
    inbox, port = smtp
    for n in range(5):
        add_traveler(engine, rulebook, f"traveler{n}@example.edu")
    with make_session_factory(engine)() as session:
        borrower = users.get_or_create(session, email="borrower@example.edu")
        loans = [
            {"requester_id": borrower.id, "kinds": "laptop", "pickup_date": TODAY - timedelta(days=10),
             "return_date": TODAY + timedelta(days=n % 3 - 1), "state": "picked_up"}
            for n in range(6)
        ]  # fmt: skip
        session.execute(insert(LoanerRequest), loans)
        for n in range(QUEUED):
            outbox.enqueue(
                session, dedupe_key=f"queued:{n}", to=f"queued{n}@example.edu", subject="Hi", text="x"
            )
        session.commit()
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "TRAVELPREP_ENV": "development",
        "TRAVELPREP_DATA_DIR": str(tmp_path),
        "TRAVELPREP_DATABASE_URL": url,
        "TRAVELPREP_SMTP_HOST": "127.0.0.1",
        "TRAVELPREP_SMTP_PORT": str(port),
        "TRAVELPREP_SMTP_USERNAME": "travelprep",
        "TRAVELPREP_SMTP_PASSWORD": PASSWORD,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [
        str(Path(sys.executable).parent / "travelprep"),
        "reminders",
        "send",
        "--today",
        TODAY.isoformat(),
    ]
    racers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for _ in range(processes)]  # fmt: skip
    outputs = [racer.communicate(timeout=180)[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * processes, outputs
    assert not any("database is locked" in out for out in outputs), outputs
    sent_by = [int(out.rsplit(" message(s) sent", 1)[0].rsplit(" ", 1)[1]) for out in outputs]
    with make_session_factory(engine)() as session:
        total = session.scalar(select(func.count()).select_from(OutboxMessage))
        unsent = session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None)))
    received = Counter(m["To"] for m in inbox.messages)
    assert unsent == 0 and sum(sent_by) == total == len(inbox.messages)  # none lost, none twice
    assert all(received[f"queued{n}@example.edu"] == 1 for n in range(QUEUED))
    assert all(received[f"traveler{n}@example.edu"] == 1 for n in range(5))
    assert received["borrower@example.edu"] == 6  # each loan's return notice, once
    keys = reminder_keys(inbox)
    assert len(keys) == len(set(keys)) > 0
