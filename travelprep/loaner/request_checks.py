"""What makes a loaner request's kinds and dates acceptable, for the form, the API and the service."""

from __future__ import annotations

from datetime import date

from travelprep.engine.date_window import DateWindow
from travelprep.loaner import KINDS


def check_request_fields(
    *, kinds: list[str], pickup: date, return_date: date, today: date, window: DateWindow
) -> dict[str, str]:
    """Messages by field for kinds and dates that cannot make a request."""
    errors = window.problems([("pickup_date", pickup), ("return_date", return_date)], today)
    unknown = [k for k in kinds if k not in KINDS]
    if not kinds:
        errors["kinds"] = "Choose at least one kind of device."
    elif unknown:
        errors["kinds"] = f"Unknown kind {unknown[0]!r}: choose from {', '.join(KINDS)}."
    if return_date < pickup and "pickup_date" not in errors and "return_date" not in errors:
        errors["return_date"] = "The return date must be on or after the pickup date."
    return errors
