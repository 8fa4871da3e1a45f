"""Email reminders for hosts: each open visit item due soon, or overdue, before the visitor arrives.

`travelprep reminders send` calls `queue_host_reminders` in its run, beside the traveller
reminders and the loaner notices. Each reminder goes through the outbox under a dedupe key of
(visit, item, kind, due date), as the loaner notices do, so a second run, or a run on another
machine, queues nothing new: a host is reminded of an item once as due soon and once overdue.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from travelprep.db import outbox
from travelprep.reminders.mail import render_email
from travelprep.settings import Settings
from travelprep.visits import repository as visits
from travelprep.visits import service as visit_service

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook


def queue_host_reminders(
    session: Session, *, settings: Settings, rulebook: Rulebook, today: date
) -> list[str]:
    """Queue a reminder per open item of each visit not yet begun; the addresses newly queued."""
    horizon = today + timedelta(days=settings.reminder_window_days)
    queued = []
    for row, host in visits.reminder_visits(session, today=today):
        checklist = visit_service.host_checklist(session, row=row, rulebook=rulebook, today=today)
        url = settings.public_url(f"/visits/{row.id}")
        marked = visits.item_statuses(session, visit_id=row.id)
        for item in checklist.items:
            if item.due is None or item.due > horizon:
                continue
            if item.id in marked and marked[item.id].status != "open":  # done, or not applicable
                continue
            kind = "overdue" if item.due < today else "due_soon"
            context = {"name": host.name, "visitor": row.visitor_name, "item": item, "kind": kind, "url": url,
                       "profile_url": settings.public_url("/profile")}  # fmt: skip
            text, html = render_email("visit_reminder", context)
            state = "overdue" if kind == "overdue" else f"due {item.due.isoformat()}"
            subject = f"TravelPrep: {row.visitor_name}'s visit: {item.title} ({state})"
            key = f"visit:{row.id}:{item.id}:{kind}:{item.due.isoformat()}"
            if outbox.enqueue(session, dedupe_key=key, to=host.email, subject=subject, text=text, html=html):
                queued.append(host.email)
    return queued
