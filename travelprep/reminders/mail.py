"""The reminder message (plain text and autoescaped HTML from templates/email/) and SMTP delivery."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import lru_cache
from typing import Any

import jinja2

from travelprep.calendar.event_text import one_line
from travelprep.paths import templates_dir
from travelprep.reminders.plan import Reminder
from travelprep.settings import Settings


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def reminder_message(
    reminders: list[Reminder], *, name: str, today: date, settings: Settings, stale: Sequence[Any] = ()
) -> tuple[str, str, str]:
    """The subject, plain text and HTML of one traveler's reminders."""
    overdue = sum(1 for r in reminders if r.kind == "overdue")
    count = len(reminders)
    subject = f"TravelPrep: {count} item{'s' if count != 1 else ''} to do before your trip"
    if overdue:
        subject += f" ({overdue} overdue)"
    trips: dict[int, list[Reminder]] = {}
    for reminder in reminders:
        trips.setdefault(reminder.trip_id, []).append(reminder)
    context = {
        "name": name,
        "today": today,
        "trips": [(items[0], items) for items in trips.values()],
        "profile_url": settings.public_url("/profile"),
        "window_days": settings.reminder_window_days,
        "stale": list(stale),  # sources past their age limit: the email says so, as the pages do
    }
    env = _environment()
    text = env.get_template("email/reminders.txt").render(context)
    html = env.get_template("email/reminders.html").render(context)
    return subject, text, html


def render_email(name: str, context: dict) -> tuple[str, str]:
    """The plain text and autoescaped HTML of templates/email/{name}.txt and .html."""
    env = _environment()
    return env.get_template(f"email/{name}.txt").render(context), env.get_template(
        f"email/{name}.html"
    ).render(context)


def build_email(*, sender: str, to: str, subject: str, text: str, html: str) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML second."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = one_line(subject, 200)  # never a header break from stored text
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="travelprep")
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


class SmtpSender:
    """One SMTP connection for a run, opened on the first message; a context manager."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        context = ssl.create_default_context()
        if settings.smtp_tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
        try:
            if settings.smtp_tls == "starttls":
                smtp.starttls(context=context)
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Send one message (connecting first if needed)."""
        if self._smtp is None:
            self._smtp = self._connect()
        self._smtp.send_message(message)

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except smtplib.SMTPException:
                self._smtp.close()
