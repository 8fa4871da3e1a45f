"""Loaner emails: "your device is ready" when the desk marks it so, and "bring it back" reminders.

Both go through the outbox under a dedupe key, so a request marked ready twice, or a reminder
job run twice, emails the traveler once; `travelprep reminders send` delivers them.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from travelprep.db import outbox
from travelprep.db.models import LoanerRequest, User
from travelprep.loaner import repository as loaner
from travelprep.reminders.mail import render_email
from travelprep.settings import Settings

RETURN_NOTICE_DAYS = 2  # a reminder this many days before the return date, and once when overdue


def queue_ready_notice(session: Session, *, request: LoanerRequest, settings: Settings) -> bool:
    """Queue the "ready for pickup" email to the requester; False if it was queued before."""
    traveler = session.get(User, request.requester_id)
    assert traveler is not None
    subject = f"TravelPrep: your loaner {request.kinds.replace(' ', ' and ')} is ready for pickup"
    text, html = render_email("loaner_ready", _context(request, traveler, settings))
    return outbox.enqueue(
        session,
        dedupe_key=f"loaner:{request.id}:ready",
        to=traveler.email,
        subject=subject,
        text=text,
        html=html,
    )


def queue_return_reminders(session: Session, *, settings: Settings, today: date) -> list[str]:
    """Queue reminders for loans due back soon or overdue; the addresses newly queued."""
    queued = []
    for request, traveler in loaner.due_back(session, by=today + timedelta(days=RETURN_NOTICE_DAYS)):
        overdue = request.return_date < today
        kind = "overdue" if overdue else "due"
        subject = (
            "TravelPrep: your loaner is overdue, please return it"
            if overdue
            else f"TravelPrep: please return your loaner by {request.return_date.isoformat()}"
        )
        context = _context(request, traveler, settings) | {"overdue": overdue}
        text, html = render_email("loaner_return", context)
        key = f"loaner:{request.id}:return:{request.return_date.isoformat()}:{kind}"
        if outbox.enqueue(session, dedupe_key=key, to=traveler.email, subject=subject, text=text, html=html):
            queued.append(traveler.email)
    return queued


def _context(request: LoanerRequest, traveler: User, settings: Settings) -> dict:
    return {
        "name": traveler.name,
        "kinds": request.kind_list,
        "pickup_date": request.pickup_date,
        "return_date": request.return_date,
        "request_url": settings.public_url(f"/loaner/requests/{request.id}"),
        "profile_url": settings.public_url("/profile"),
    }
