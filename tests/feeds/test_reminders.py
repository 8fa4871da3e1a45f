"""`travelprep reminders send` against a real SMTP server on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import email
import logging
import threading
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import func, select

from tests.support.databases import migrated_engine
from tests.support.fixtures import itinerary_data
from tests.support.postgres import free_port
from travelprep.accounts import repository as users
from travelprep.calendar import repository as feeds
from travelprep.db import migrate, outbox
from travelprep.db.engine import make_engine, make_session_factory
from travelprep.db.models import OutboxMessage, SentReminder
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.reminders import job
from travelprep.settings import Settings
from travelprep.trips import repository as trips

pytestmark = pytest.mark.db
TODAY = date(2027, 2, 27)  # ten days before the example trip leaves: some items overdue, some due soon
PASSWORD = "s3cr3t-SMTP-pa55word"


class Inbox:
    """Collects what the SMTP server receives; checks the login."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"travelprep" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # the server answers 535 itself


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), authenticator=_authenticator, auth_require_tls=False
    )
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A fresh migrated database per test: the job reads every traveler in it."""
    yield from migrated_engine(request, tmp_path, prefix="rem")


def settings_for(tmp_path, port: int, **changes) -> Settings:
    values = {
        "env": "development",
        "data_dir": tmp_path,
        "public_base_url": "https://travelprep.example.edu",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_username": "travelprep",
        "smtp_password": PASSWORD,
        "mail_from": "TravelPrep <travelprep@example.edu>",
    }
    return Settings(**(values | changes))


def add_traveler(engine, rulebook, email_address: str, *, reminders_on: bool = True) -> int:
    sessions = make_session_factory(engine)
    with sessions() as session:
        user = users.get_or_create(session, email=email_address, name="Ada <b>Lovelace</b>")
        user.email_reminders = reminders_on
        itinerary = parse_itinerary(itinerary_data())
        trip = trips.create(
            session, user=user, itinerary=itinerary, checklist=generate_checklist(itinerary, rulebook, TODAY)
        )
        session.commit()
        return trip.id


def run(engine, settings, rulebook, *, dry_run: bool = False, out: list[str] | None = None):
    lines = out if out is not None else []
    return job.run(
        make_session_factory(engine),
        settings=settings,
        rulebook=rulebook,
        today=TODAY,
        dry_run=dry_run,
        echo=lines.append,
    )


def reminder_keys(inbox: Inbox) -> list[str]:
    """One line per reminded item in every received message, from the plain-text part."""
    keys = []
    for message in inbox.messages:
        text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(
            decode=True
        )
        keys += [f"{message['To']}|{line}" for line in text.decode().splitlines() if line.startswith("- ")]
    return keys


def test_reminders_arrive_with_text_html_and_the_trip_link(engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    trip_id = add_traveler(engine, rulebook, "ada@example.edu")
    summary = run(engine, settings_for(tmp_path, port), rulebook)
    assert summary.sent == 1 and summary.failed == 0 and summary.queued >= 2
    [message] = inbox.messages
    assert message["To"] == "ada@example.edu" and "TravelPrep" in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in message.walk()
        if not p.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    link = f"https://travelprep.example.edu/trips/{trip_id}"
    assert link in parts["text/plain"] and f'href="{link}"' in parts["text/html"]
    assert "OVERDUE" in parts["text/plain"] and "(overdue)" in parts["text/html"]
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in parts["text/html"]  # autoescaped
    assert "https://travelprep.example.edu/profile" in parts["text/plain"]


def test_a_second_run_sends_nothing_again(engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    add_traveler(engine, rulebook, "ada@example.edu")
    settings = settings_for(tmp_path, port)
    first = run(engine, settings, rulebook)
    second = run(engine, settings, rulebook)
    assert first.sent == 1 and (second.queued, second.sent) == (0, 0)
    assert len(inbox.messages) == 1
    keys = reminder_keys(inbox)
    assert len(keys) == len(set(keys)) == first.queued


def test_concurrent_runs_never_send_a_reminder_twice(engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    for n in range(6):
        add_traveler(engine, rulebook, f"traveler{n}@example.edu")
    settings = settings_for(tmp_path, port)
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def one_run():
        try:
            start.wait()
            run(engine, settings, rulebook)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=one_run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    keys = reminder_keys(inbox)
    assert len(keys) == len(set(keys)) > 0
    assert sorted(m["To"] for m in inbox.messages) == sorted(f"traveler{n}@example.edu" for n in range(6))
    with make_session_factory(engine)() as session:
        recorded = session.scalar(select(func.count()).select_from(SentReminder))
        assert recorded == len(keys)
        assert session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None))) == 0


def test_a_traveler_who_opted_out_gets_nothing(engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    add_traveler(engine, rulebook, "quiet@example.edu", reminders_on=False)
    add_traveler(engine, rulebook, "ada@example.edu")
    run(engine, settings_for(tmp_path, port), rulebook)
    assert [m["To"] for m in inbox.messages] == ["ada@example.edu"]


def test_done_items_are_not_reminded(engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    trip_id = add_traveler(engine, rulebook, "ada@example.edu")
    out: list[str] = []
    run(engine, settings_for(tmp_path, port), rulebook, dry_run=True, out=out)
    planned = [line for line in out if line.startswith("  ")]
    with make_session_factory(engine)() as session:
        trip, user = trips.get(session, trip_id=trip_id), users.get_by_email(session, email="ada@example.edu")
        for row in trips.item_statuses(session, trip_id=trip_id).values():
            trips.set_item_status(session, trip=trip, item_id=row.item_id, status="done", note="", actor=user)
        session.commit()
    assert planned and run(engine, settings_for(tmp_path, port), rulebook).queued == 0
    assert inbox.messages == []


def test_dry_run_prints_the_plan_and_changes_nothing(engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    add_traveler(engine, rulebook, "ada@example.edu")
    out: list[str] = []
    summary = run(engine, settings_for(tmp_path, port), rulebook, dry_run=True, out=out)
    assert summary.reminders > 0 and out[0].startswith("would email ada@example.edu")
    assert any("OVERDUE" in line for line in out)
    assert inbox.messages == []
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(SentReminder)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert run(engine, settings_for(tmp_path, port), rulebook).sent == 1  # the real run still sends


def test_the_smtp_password_never_appears_in_output_logs_or_errors(engine, smtp, rulebook, tmp_path, caplog):
    inbox, port = smtp
    add_traveler(engine, rulebook, "ada@example.edu")
    caplog.set_level(logging.DEBUG)
    out: list[str] = []
    wrong = settings_for(tmp_path, port, smtp_password=PASSWORD + "-wrong")
    failed = run(engine, wrong, rulebook, out=out)
    assert failed.failed == 1 and inbox.messages == []
    with make_session_factory(engine)() as session:
        [message] = session.scalars(select(OutboxMessage)).all()
        assert message.sent_at is None and message.last_error and message.attempts == 1
        stored_error = message.last_error
    retried = run(engine, settings_for(tmp_path, port), rulebook, out=out)
    assert retried.sent == 1 and len(inbox.messages) == 1  # the failed message goes on the next run
    everything = "\n".join(out) + caplog.text + stored_error + repr(wrong) + str(wrong.model_dump())
    assert PASSWORD not in everything


def test_outbox_enqueue_is_idempotent_by_key(engine):
    with make_session_factory(engine)() as session:
        assert outbox.enqueue(
            session,
            dedupe_key="loan:7:ready",
            to="a@example.edu",
            subject="Ready",
            text="Your loaner is ready.",
            html="<p>Ready</p>",
        )
        assert not outbox.enqueue(
            session, dedupe_key="loan:7:ready", to="a@example.edu", subject="Again", text="again"
        )
        session.commit()
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


SECRET = "a-secret-key-of-forty-characters-or-so-x"


def test_feed_token_lookup(engine):
    with make_session_factory(engine)() as session:
        user = users.get_or_create(session, email="ada@example.edu")
        token = feeds.ensure_token(session, user=user, secret=SECRET)
        assert feeds.ensure_token(session, user=user, secret=SECRET) == token and len(token) >= 43
        assert feeds.user_by_token(session, token=token) is user
        assert user.calendar_token != token and token not in (user.calendar_token_sealed or "")
        assert feeds.ensure_token(session, user=user, secret="another" * 6) is None  # secret changed
        assert feeds.user_by_token(session, token=token) is user  # the feed still works
        new = feeds.regenerate_token(session, user=user, secret=SECRET)
        assert new != token and feeds.user_by_token(session, token=token) is None
        assert feeds.user_by_token(session, token=new) is user


def test_the_command_sends_and_documents_dry_run(smtp, rulebook, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from travelprep.cli.main import app as cli
    from travelprep.settings import get_settings

    inbox, port = smtp
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    add_traveler(engine, rulebook, "ada@example.edu")
    env = {
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_USERNAME": "travelprep",
        "SMTP_PASSWORD": PASSWORD,
    }
    for key, value in env.items():
        monkeypatch.setenv(f"TRAVELPREP_{key}", value)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        dry = runner.invoke(cli, ["reminders", "send", "--dry-run", "--today", TODAY.isoformat()])
        assert dry.exit_code == 0, dry.output
        assert "would email ada@example.edu" in dry.output and inbox.messages == []
        sent = runner.invoke(cli, ["reminders", "send", "--today", TODAY.isoformat()])
        assert sent.exit_code == 0, sent.output
        assert "1 message(s) sent" in sent.output and len(inbox.messages) == 1
        again = runner.invoke(cli, ["reminders", "send", "--today", TODAY.isoformat()])
        assert "0 reminder(s) queued; 0 message(s) sent" in again.output and len(inbox.messages) == 1
        bad = runner.invoke(cli, ["reminders", "send", "--today", "tomorrow"])
        assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
        assert PASSWORD not in dry.output + sent.output + again.output + bad.output
    finally:
        get_settings.cache_clear()
        engine.dispose()


def test_a_broken_address_fails_alone_and_does_not_stop_the_others(engine, smtp, rulebook, tmp_path):
    inbox, port = smtp
    add_traveler(engine, rulebook, "x\r\nBcc: everyone@example.edu")
    add_traveler(engine, rulebook, "ada@example.edu")
    out: list[str] = []
    summary = run(engine, settings_for(tmp_path, port), rulebook, out=out)
    assert (summary.sent, summary.failed) == (1, 1)
    assert [m["To"] for m in inbox.messages] == ["ada@example.edu"]
    assert all("\n" not in line and "\r" not in line for line in out)
