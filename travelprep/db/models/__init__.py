"""The tables, one module per feature; importing this package registers every one of them."""

from travelprep.db.models.accounts import ApiToken, SignInFailure, User
from travelprep.db.models.audit import AuditEvent
from travelprep.db.models.base import ITEM_STATUSES, ROLES, TRIP_STATUSES, Base, JsonType, utcnow
from travelprep.db.models.loaner import Device, LoanerRequest, LoanerTransition, Reservation
from travelprep.db.models.outbox import OutboxMessage
from travelprep.db.models.reevaluation import ChecklistChange, ChecklistVersion, DataChange, Reevaluation
from travelprep.db.models.reminders import SentReminder
from travelprep.db.models.review import (
    CLEARING_DECISIONS,
    SCREENING_DECISIONS,
    ScreeningDecision,
    ScreeningHit,
    ScreeningPass,
)
from travelprep.db.models.trips import ItemStatusChange, Leg, Trip, TripItem
from travelprep.db.models.visits import (
    HostedVisit,
    VisitCountry,
    VisitItem,
    VisitScreeningDecision,
    VisitScreeningHit,
)

__all__ = [
    "CLEARING_DECISIONS",
    "SCREENING_DECISIONS",
    "ITEM_STATUSES",
    "ROLES",
    "TRIP_STATUSES",
    "ApiToken",
    "AuditEvent",
    "ChecklistChange",
    "ChecklistVersion",
    "DataChange",
    "Base",
    "Device",
    "HostedVisit",
    "ItemStatusChange",
    "JsonType",
    "Leg",
    "LoanerRequest",
    "LoanerTransition",
    "OutboxMessage",
    "Reevaluation",
    "Reservation",
    "ScreeningDecision",
    "ScreeningHit",
    "ScreeningPass",
    "SentReminder",
    "SignInFailure",
    "Trip",
    "TripItem",
    "User",
    "VisitCountry",
    "VisitItem",
    "VisitScreeningDecision",
    "VisitScreeningHit",
    "utcnow",
]
