"""The tables, one module per feature; importing this package registers every one of them."""

from travelprep.db.models.accounts import ApiToken, SignInFailure, User
from travelprep.db.models.audit import AuditEvent
from travelprep.db.models.base import ITEM_STATUSES, ROLES, TRIP_STATUSES, Base, JsonType, utcnow
from travelprep.db.models.loaner import Device, LoanerRequest, LoanerTransition, Reservation
from travelprep.db.models.outbox import OutboxMessage
from travelprep.db.models.reminders import SentReminder
from travelprep.db.models.review import CLEARING_DECISIONS, SCREENING_DECISIONS, ScreeningDecision
from travelprep.db.models.trips import ItemStatusChange, Leg, Trip, TripItem

__all__ = [
    "CLEARING_DECISIONS",
    "SCREENING_DECISIONS",
    "ITEM_STATUSES",
    "ROLES",
    "TRIP_STATUSES",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Device",
    "ItemStatusChange",
    "JsonType",
    "Leg",
    "LoanerRequest",
    "LoanerTransition",
    "OutboxMessage",
    "Reservation",
    "ScreeningDecision",
    "SentReminder",
    "SignInFailure",
    "Trip",
    "TripItem",
    "User",
    "utcnow",
]
