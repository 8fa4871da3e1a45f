"""`travelprep reminders send`: record each reminder once, queue one message per traveler, deliver.

Each traveler's reminders are recorded in `sent_reminders` under a unique key (trip, item,
kind, due date) with INSERT ... ON CONFLICT DO NOTHING, in a transaction that starts with
that write. Only the reminders this run recorded go into the message, queued in the outbox
in the same transaction. So a second run, or a run on another machine at the same moment,
finds every key taken and queues nothing: a reminder is never sent twice.
"""

from __future__ import annotations

import hashlib
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from travelprep.calendar import repository as feeds
from travelprep.calendar.event_text import one_line
from travelprep.db import outbox
from travelprep.db.engine import begin_writing
from travelprep.db.models import OutboxMessage, utcnow
from travelprep.engine.rules.rulebook import Rulebook
from travelprep.loaner import repository as loaner
from travelprep.loaner.notices import RETURN_NOTICE_DAYS, queue_return_reminders
from travelprep.reminders import repository as reminders
from travelprep.reminders.mail import SmtpSender, build_email, reminder_message
from travelprep.reminders.plan import Reminder, due_reminders
from travelprep.review import repository as screening_decisions
from travelprep.settings import Settings
from travelprep.visits.reminders import queue_host_reminders


@dataclass
class Recipient:
    """One traveler and the reminders due to them."""

    email: str
    name: str
    reminders: list[Reminder] = field(default_factory=list)


@dataclass
class RunSummary:
    """What a run did, for the command's output."""

    travelers: int = 0
    reminders: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0


def plan(session: Session, *, settings: Settings, rulebook: Rulebook, today: date) -> dict[int, Recipient]:
    """Each opted-in traveler's reminders not recorded before, by user id."""
    from travelprep.engine.checklist import generate_checklist
    from travelprep.engine.itinerary import parse_itinerary

    rows = reminders.reminder_trips(session, today=today)
    trip_ids = [trip.id for _, trip in rows]
    finished = feeds.finished_items(session, trip_ids=trip_ids)
    recorded = reminders.already_recorded(session, trip_ids=trip_ids)
    decisions = screening_decisions.for_trips(session, trip_ids=trip_ids)
    found: dict[int, Recipient] = {}
    for user, trip in rows:
        cleared = screening_decisions.cleared_pairs(decisions[trip.id])
        checklist = generate_checklist(parse_itinerary(trip.itinerary), rulebook, today, cleared=cleared)
        due = due_reminders(
            checklist,
            trip_id=trip.id,
            trip_title=feeds.title_of(trip),
            trip_url=settings.public_url(f"/trips/{trip.id}"),
            finished=finished[trip.id],
            today=today,
            window_days=settings.reminder_window_days,
        )
        fresh = [reminder for reminder in due if reminder.key not in recorded]
        if fresh:
            found.setdefault(user.id, Recipient(user.email, user.name)).reminders.extend(fresh)
    return found


def queue(
    session: Session, *, recipient: Recipient, settings: Settings, today: date, stale: Sequence[Any] = ()
) -> int:
    """Record the reminders and queue one message with those this call recorded; their count."""
    recorded_ids, fresh = [], []
    for reminder in recipient.reminders:
        trip_id, item_id, kind, due = reminder.key
        recorded_id = reminders.record(session, trip_id=trip_id, item_id=item_id, kind=kind, due=due)
        if recorded_id is not None:
            recorded_ids.append(recorded_id)
            fresh.append(reminder)
    if fresh:
        subject, text, html = reminder_message(
            fresh, name=recipient.name, today=today, settings=settings, stale=stale
        )
        keys = "\n".join(sorted(map(repr, (reminder.key for reminder in fresh))))
        dedupe_key = "reminders:" + hashlib.blake2b(keys.encode(), digest_size=16).hexdigest()
        message_id = outbox.enqueue_message(
            session, dedupe_key=dedupe_key, to=recipient.email, subject=subject, text=text, html=html
        )
        if message_id is not None:
            reminders.link_to_message(session, reminder_ids=recorded_ids, outbox_id=message_id)
    return len(fresh)


def deliver(
    sessions: sessionmaker[Session], *, settings: Settings, echo: Callable[[str], None]
) -> tuple[int, int]:
    """Send every pending outbox message this run can claim, oldest first; (sent, failed).

    Claims go one at a time and onward by id, so a message that fails waits for the next run,
    and senders running at once on several instances each take different messages.
    """
    sent = failed = last = 0
    with SmtpSender(settings) as smtp:
        while True:
            with sessions() as session:
                begin_writing(session)
                message_id = outbox.claim_next(session, now=utcnow(), after_id=last)
                session.commit()
                if message_id is None:
                    break
                last = message_id
                problem = _send_claimed(session, smtp, message_id=message_id, settings=settings)
                begin_writing(session)
                if problem is None:
                    outbox.mark_sent(session, message_id=message_id, now=utcnow())
                    sent += 1
                else:
                    outbox.mark_failed(session, message_id=message_id, error=problem)
                    echo(f"could not send message {message_id}: {problem}")
                    failed += 1
                session.commit()
    return sent, failed


def _send_claimed(session: Session, smtp: SmtpSender, *, message_id: int, settings: Settings) -> str | None:
    """Send one claimed message; None, or what went wrong (the SMTP password is never in it)."""
    message = session.get(OutboxMessage, message_id)
    assert message is not None
    session.commit()  # end the read, so that recording the outcome starts a fresh transaction
    try:
        smtp.send(
            build_email(
                sender=settings.mail_from,
                to=message.recipient,
                subject=message.subject,
                text=message.text,
                html=message.html,
            )
        )
    except (smtplib.SMTPException, OSError, ValueError) as error:  # ValueError: a bad address header
        return one_line(f"{type(error).__name__}: {error} (to {message.recipient!r})", 1000)
    return None


def run(
    sessions: sessionmaker[Session],
    *,
    settings: Settings,
    rulebook: Rulebook,
    today: date,
    dry_run: bool,
    echo: Callable[[str], None],
) -> RunSummary:
    """Plan, record and queue, then deliver; with `dry_run`, only print the plan."""
    summary = RunSummary()
    with sessions() as session:
        planned = plan(session, settings=settings, rulebook=rulebook, today=today)
        waiting = len(outbox.pending(session, now=utcnow()))
    summary.travelers = len(planned)
    summary.reminders = sum(len(r.reminders) for r in planned.values())
    if dry_run:
        with sessions() as session:
            due_back = loaner.due_back(session, by=today + timedelta(days=RETURN_NOTICE_DAYS))
        for loan, traveler in due_back:
            echo(
                f"would remind {traveler.email} to return loaner request {loan.id} "
                f"(due back {loan.return_date.isoformat()}) unless reminded before"
            )
        for recipient in planned.values():
            echo(f"would email {recipient.email}: {len(recipient.reminders)} item(s)")
            for reminder in recipient.reminders:
                state = "OVERDUE" if reminder.kind == "overdue" else "due"
                item = reminder.item
                echo(f"  {reminder.trip_title} — {item.title} ({state} {item.due.isoformat()})")
        if waiting:
            echo(f"would also deliver {waiting} message(s) already queued")
        return summary
    stale = rulebook.freshness.stale(today)
    for recipient in planned.values():
        # A transaction per traveler that holds the write lock from its start (SQLite), so
        # concurrent runs wait on each other instead of working from a stale snapshot.
        with sessions() as session:
            begin_writing(session)
            count = queue(session, recipient=recipient, settings=settings, today=today, stale=stale)
            session.commit()
        summary.queued += count
    with sessions() as session:
        begin_writing(session)  # it reads the loans due back, then queues: lock first
        summary.queued += len(queue_return_reminders(session, settings=settings, today=today))
        session.commit()
    with sessions() as session:
        begin_writing(session)  # hosts of visitors: their open items before arrival
        summary.queued += len(
            queue_host_reminders(session, settings=settings, rulebook=rulebook, today=today)
        )
        session.commit()
    summary.sent, summary.failed = deliver(sessions, settings=settings, echo=echo)
    return summary
