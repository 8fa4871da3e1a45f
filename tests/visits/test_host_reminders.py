"""Hosts are emailed their open visit items, once each, through the real SMTP server on loopback."""

from __future__ import annotations

from datetime import date

import pytest

from tests.feeds.test_reminders import settings_for, smtp  # noqa: F401 - the loopback SMTP server
from tests.support.databases import migrated_engine
from tests.visit_builders import visit_data, visitor_from
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory
from travelprep.engine.visit import parse_visit
from travelprep.reminders import job
from travelprep.visits import service as visit_service

pytestmark = pytest.mark.db
TODAY = date(2026, 11, 21)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A fresh migrated database per test: the job reads every host in it."""
    yield from migrated_engine(request, tmp_path, prefix="host")


def host_visit(engine, rulebook, email_address: str, data: dict, *, reminders_on: bool = True) -> int:
    with make_session_factory(engine)() as session:
        host = users.get_or_create(session, email=email_address, name="Ada <b>Lovelace</b>")
        host.email_reminders = reminders_on
        row = visit_service.create_visit(
            session, host=host, visit=parse_visit(data), rulebook=rulebook, today=TODAY
        )
        session.commit()
        return row.id


def run(engine, settings, rulebook):
    return job.run(
        make_session_factory(engine),
        settings=settings,
        rulebook=rulebook,
        today=TODAY,
        dry_run=False,
        echo=print,
    )


def test_each_open_item_is_emailed_once_to_its_host(engine, smtp, rulebook, tmp_path):  # noqa: F811
    inbox, port = smtp
    soon = visit_data(
        visitor={"name": "Ivan Petrov", **visitor_from("RU", "Novosibirsk State University")},
        arrive="2026-12-15",
        depart="2026-12-18",
        visa="B",
        payments={"host_pays_visitor": True},
    )
    visit_id = host_visit(engine, rulebook, "ada@example.edu", soon)
    host_visit(engine, rulebook, "quiet@example.edu", soon, reminders_on=False)
    host_visit(
        engine, rulebook, "late@example.edu", visit_data(arrive="2026-11-20", depart="2026-11-30", visa="B")
    )
    settings = settings_for(tmp_path, port)
    first = run(engine, settings, rulebook)
    assert first.failed == 0
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert {m["To"] for m in inbox.messages} == {"ada@example.edu"}  # not the quiet host, not a visit begun
    assert any("Send the invitation letter" in s for s in subjects)
    assert all(s.startswith("TravelPrep: Ivan Petrov's visit: ") for s in subjects)
    assert len(subjects) == 3  # IIC advice, the visa letter, the payments: all overdue
    message = inbox.messages[0]
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in message.walk()
        if not p.is_multipart()
    }
    assert f"https://travelprep.example.edu/visits/{visit_id}" in parts["text/plain"]
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in parts["text/html"]

    second = run(engine, settings, rulebook)
    assert second.queued == 0 and len(inbox.messages) == 3  # each reminder once
