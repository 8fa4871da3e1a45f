"""Queries for calendar feeds: the traveler's secret feed token and the trips a feed shows."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from travelprep.calendar.feed_tokens import digest, seal, unseal
from travelprep.db.models import Trip, TripItem, User
from travelprep.engine import geography

# Post-trip items fall due up to 30 days after return, so a trip stays in the feed that long.
KEEP_AFTER_RETURN = timedelta(days=31)
FINISHED = ("done", "not_applicable")


def new_token() -> str:
    """43 URL-safe characters (256 random bits): unguessable, so the URL itself is the key."""
    return secrets.token_urlsafe(32)


def ensure_token(session: Session, *, user: User, secret: str) -> str | None:
    """The user's feed token, created on first use; None if only its hash is left to show.

    Only the token's SHA-256 and a copy sealed with the app secret are stored
    (calendar/feed_tokens.py); a copy that does not open (tokens hashed by migration 0008, or
    a changed secret) leaves the feed working but the link unshowable until regenerated.
    """
    if not user.calendar_token:
        return regenerate_token(session, user=user, secret=secret)
    return unseal(user.calendar_token_sealed, stored_digest=user.calendar_token, secret=secret)


def regenerate_token(session: Session, *, user: User, secret: str) -> str:
    """A new feed token (returned in plain, stored hashed); the old feed URL stops working at once."""
    token = new_token()
    user.calendar_token = digest(token)
    user.calendar_token_sealed = seal(token, secret=secret)
    session.flush()
    return token


def user_by_token(session: Session, *, token: str) -> User | None:
    """The owner of a feed token, or None."""
    if not token or len(token) > 64:
        return None
    return session.scalar(select(User).where(User.calendar_token == digest(token)))


def _in_feed(user: User, today: date, cancelled_since: datetime):
    active = and_(Trip.status == "active", Trip.return_date >= today - KEEP_AFTER_RETURN)
    cancelled = and_(Trip.status == "cancelled", Trip.cancelled_at >= cancelled_since)
    return and_(Trip.user_id == user.id, or_(active, cancelled))


def feed_trips(session: Session, *, user: User, today: date, cancelled_since: datetime) -> list[Trip]:
    """The user's trips a feed shows: active ones not long over, and ones cancelled recently."""
    query = select(Trip).where(_in_feed(user, today, cancelled_since))
    return list(session.scalars(query.order_by(Trip.departure, Trip.id)))


def feed_versions(session: Session, *, user: User, today: date, cancelled_since: datetime) -> list[tuple]:
    """(id, updated_at, calendar_sequence, status) of the same trips, without loading itineraries."""
    query = select(Trip.id, Trip.updated_at, Trip.calendar_sequence, Trip.status).where(
        _in_feed(user, today, cancelled_since)
    )
    rows = session.execute(query.order_by(Trip.departure, Trip.id))
    return [(trip_id, _utc(updated), sequence, status) for trip_id, updated, sequence, status in rows]


def version_of(trip: Trip) -> tuple:
    """What `feed_versions` says of a loaded trip."""
    return (trip.id, _utc(trip.updated_at), trip.calendar_sequence, trip.status)


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive UTC times, PostgreSQL and fresh objects aware ones: compare alike.
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def finished_items(session: Session, *, trip_ids: list[int]) -> dict[int, frozenset[str]]:
    """For each trip, the ids of items marked done or not applicable (one query for all trips)."""
    found: dict[int, set[str]] = {trip_id: set() for trip_id in trip_ids}
    if trip_ids:
        rows = session.execute(
            select(TripItem.trip_id, TripItem.item_id).where(
                TripItem.trip_id.in_(trip_ids), TripItem.status.in_(FINISHED), TripItem.dropped_at.is_(None)
            )
        )
        for trip_id, item_id in rows:
            found[trip_id].add(item_id)
    return {trip_id: frozenset(ids) for trip_id, ids in found.items()}


def set_email_reminders(session: Session, *, user: User, on: bool) -> None:
    """Turn the user's email reminders on or off."""
    user.email_reminders = on
    session.flush()


def title_of(trip: Trip) -> str:
    """The trip's name, else 'Trip to Shanghai, Tokyo': each leg's city, or its country."""
    if trip.name:  # the traveler's own name, the same on the page, in calendars and emails
        return trip.name
    places: list[str] = []
    for leg in trip.itinerary.get("legs") or []:
        place = leg.get("city") or geography.place_name(leg.get("country") or "", leg.get("region"))
        if place not in places:
            places.append(place)
    return "Trip to " + ", ".join(places)
