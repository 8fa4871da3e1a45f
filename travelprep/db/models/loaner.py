"""The loaner desk: devices, requests, their transitions and reservations."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from travelprep.db.models.base import Base, utcnow

if TYPE_CHECKING:
    from travelprep.db.models.accounts import User


def asset_tag_key(tag: str) -> str:
    """The asset tag as tags are compared: Unicode-normalised, trimmed and case-folded."""
    return unicodedata.normalize("NFKC", tag).strip().casefold()


class Device(Base):
    """A loaner device in the desk's inventory; retired devices stay for the record."""

    __tablename__ = "devices"
    __table_args__ = (Index("uq_devices_tag_key", "tag_key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_tag: Mapped[str] = mapped_column(String(60), unique=True)
    # The tag as compared: "ÄB-1" and "äb-1" are one tag (unique index uq_devices_tag_key).
    tag_key: Mapped[str] = mapped_column(String(240))
    kind: Mapped[str] = mapped_column(String(20))  # laptop | phone | tablet | hotspot
    model: Mapped[str] = mapped_column(String(200), default="")
    os: Mapped[str] = mapped_column(String(100), default="")
    serial: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @validates("asset_tag")
    def _keep_tag_key(self, _name: str, tag: str) -> str:
        self.tag_key = asset_tag_key(tag)
        return tag


class LoanerRequest(Base):
    """A traveler's request for loaner devices, optionally for one of their trips."""

    __tablename__ = "loaner_requests"
    __table_args__ = (Index("ix_loaner_requests_state_pickup", "state", "pickup_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int | None] = mapped_column(ForeignKey("trips.id", ondelete="SET NULL"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kinds: Mapped[str] = mapped_column(String(60))  # "laptop phone", in KINDS order
    pickup_date: Mapped[date] = mapped_column(Date)
    return_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="requested")
    revision: Mapped[int] = mapped_column(Integer, default=0)  # the calendar's SEQUENCE
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    requester: Mapped[User] = relationship(lazy="raise")

    @property
    def kind_list(self) -> list[str]:
        """The kinds asked for, as a list."""
        return self.kinds.split()


class LoanerTransition(Base):
    """One state change of a loaner request: who, when, from, to, why. Kept forever."""

    __tablename__ = "loaner_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("loaner_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_state: Mapped[str | None] = mapped_column(String(20))  # None: the request was made
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class Reservation(Base):
    """A device held for a request from `starts` to `ends`, both days inclusive.

    The database refuses two overlapping reservations of one device (see migration 0002).
    """

    __tablename__ = "reservations"
    __table_args__ = (Index("ix_reservations_device_dates", "device_id", "starts", "ends"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    request_id: Mapped[int] = mapped_column(ForeignKey("loaner_requests.id", ondelete="CASCADE"), index=True)
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    device: Mapped[Device] = relationship(lazy="raise")
