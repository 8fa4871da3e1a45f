"""The unique record of each email reminder sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from travelprep.db.models.base import Base, utcnow


class SentReminder(Base):
    """One reminder of one item due on one date, recorded once: the unique key stops repeats."""

    __tablename__ = "sent_reminders"
    __table_args__ = (Index("uq_sent_reminders_key", "trip_id", "item_id", "kind", "due", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("trips.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # "due_soon" or "overdue"
    due: Mapped[date] = mapped_column(Date)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
