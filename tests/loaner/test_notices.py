"""Loaner emails: "ready for pickup" once per request, and return reminders, over real SMTP."""

from __future__ import annotations

from datetime import date

import pytest

from tests.feeds.test_reminders import run, settings_for
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory
from travelprep.engine.date_window import DateWindow
from travelprep.loaner import repository as loaner
from travelprep.loaner import service as loaner_service

pytestmark = pytest.mark.db
TODAY = date(2027, 2, 27)  # the reminder run's day in tests/feeds


def _loan(fresh_engine, *, email: str, pickup: date, back: date, reminders_on: bool = True) -> int:
    """A laptop request for `email`, assigned and approved; its id."""
    with make_session_factory(fresh_engine)() as session:
        staff = users.get_or_create(session, email=f"desk-{email}", role="loaner_staff")
        traveler = users.get_or_create(session, email=email, name="Ada <b>")
        traveler.email_reminders = reminders_on
        device = loaner.add_device(
            session, asset_tag=f"LT-{email}", kind="laptop", model="X1", os="", serial="", notes=""
        )
        request = loaner_service.create_request(
            session,
            user=traveler,
            kinds=["laptop"],
            pickup=pickup,
            return_date=back,
            today=TODAY,
            window=DateWindow(),
        )
        loaner_service.assign(
            session, request_id=request.id, device_id=device.id, user=staff, wipe_buffer_days=2, today=TODAY
        )
        session.commit()
        return request.id


def _move(fresh_engine, request_id: int, *states: str, settings=None) -> None:
    with make_session_factory(fresh_engine)() as session:
        staff = users.get_or_create(session, email="desk@example.edu", role="loaner_staff")
        for state in states:
            request = loaner.get_request(session, request_id=request_id)
            loaner_service.transition(
                session, request=request, user=staff, to_state=state, note="", today=TODAY, settings=settings
            )
        session.commit()


def _text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def test_ready_emails_the_traveler_once(fresh_engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    settings = settings_for(tmp_path, port)
    loan = _loan(fresh_engine, email="ada@example.edu", pickup=date(2027, 3, 5), back=date(2027, 3, 24))
    _move(fresh_engine, loan, "approved", "ready", settings=settings)
    run(fresh_engine, settings, rulebook)
    run(fresh_engine, settings, rulebook)
    [message] = [m for m in inbox.messages if "ready for pickup" in m["Subject"]]
    assert message["To"] == "ada@example.edu"
    body = _text(message)
    assert "from 2027-03-05" in body and "back by 2027-03-24" in body
    assert f"https://travelprep.example.edu/loaner/requests/{loan}" in body


def test_return_reminder_before_the_day_and_once_overdue(fresh_engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    settings = settings_for(tmp_path, port)
    due_soon = _loan(fresh_engine, email="soon@example.edu", pickup=date(2027, 2, 1), back=date(2027, 3, 1))
    overdue = _loan(fresh_engine, email="late@example.edu", pickup=date(2027, 2, 1), back=date(2027, 2, 20))
    later = _loan(fresh_engine, email="later@example.edu", pickup=date(2027, 2, 1), back=date(2027, 3, 20))
    for loan in (due_soon, overdue, later):
        _move(fresh_engine, loan, "approved", "ready", "picked_up")
    run(fresh_engine, settings, rulebook)
    run(fresh_engine, settings, rulebook)
    returns = {m["To"]: m for m in inbox.messages if "return" in m["Subject"]}
    assert set(returns) == {"soon@example.edu", "late@example.edu"}  # once each, never "later"
    assert "by 2027-03-01" in returns["soon@example.edu"]["Subject"]
    assert "overdue" in returns["late@example.edu"]["Subject"]
    assert "do not connect it to the campus network" in _text(returns["late@example.edu"]).lower()


def test_returned_loans_and_opted_out_travelers_get_no_return_reminder(
    fresh_engine, smtp, rulebook, tmp_path
):
    inbox, port = smtp
    back = _loan(fresh_engine, email="back@example.edu", pickup=date(2027, 2, 1), back=date(2027, 2, 20))
    _move(fresh_engine, back, "approved", "ready", "picked_up", "returned")
    quiet = _loan(
        fresh_engine,
        email="quiet@example.edu",
        pickup=date(2027, 2, 1),
        back=date(2027, 2, 20),
        reminders_on=False,
    )
    _move(fresh_engine, quiet, "approved", "ready", "picked_up")
    out: list[str] = []
    run(fresh_engine, settings_for(tmp_path, port), rulebook, dry_run=True, out=out)
    assert not any("return loaner" in line for line in out)
    run(fresh_engine, settings_for(tmp_path, port), rulebook)
    assert not [m for m in inbox.messages if "return" in m["Subject"]]
