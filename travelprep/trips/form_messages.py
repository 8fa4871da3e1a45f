"""Validation errors in the words of the form: which field (as labelled) and what to do."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_LEG = re.compile(r"^legs\[(\d+)\]\.?(\w*)")
LABELS = {
    "traveler.name": "Full name",
    "traveler.email": "Email",
    "traveler.role": "You are travelling as",
    "traveler.citizenships": "Citizenship",
    "traveler.visa_status": "US visa status",
    "departure": "You leave home on",
    "return": "You are back on",
    "legs": "Where you are going",
    "purposes": "Why you are going",
    "carrying.devices": "What you are taking",
    "carrying.data": "Data",
    "institutions": "Institutions",
    "trip_name": "Trip name",
}
LEG_PARTS = {
    "country": "Country",
    "region": "Region",
    "city": "City",
    "arrive": "Arrive",
    "depart": "Leave",
    "": "Dates",
}
DATE_FIELDS = ("departure", "return", "arrive", "depart")


@dataclass(frozen=True)
class FormError:
    """One error as the form shows it: the field name, its label, and a plain message."""

    field: str
    label: str
    message: str


def label_of(field: str) -> str:
    """The label the traveler sees for a field path such as `legs[1].country`."""
    leg = _LEG.match(field)
    if leg:
        return f"Stop {int(leg[1]) + 1}: {LEG_PARTS.get(leg[2], leg[2])}"
    base = re.sub(r"\[\d+\]$", "", field)
    return LABELS.get(base, base.replace("_", " ").replace(".", ": ").capitalize())


def plain_message(field: str, message: str) -> str:
    """Rephrase the validator's technical messages; the core's own sentences pass through."""
    if field.endswith(DATE_FIELDS) and ("valid date" in message or "required" in message.lower()):
        return "Enter a date."
    if field == "traveler.email":
        return "Enter an email address, like ada@example.edu."
    if field.startswith("traveler.citizenships"):
        if "at least 1 item" in message:
            return "Enter the country of your passport."
        if "unknown country" in message:
            return "Pick your passport country from the list."
    if field == "traveler.name" and "at least 1" in message:
        return "Enter your name."
    if field.endswith(".country"):
        if "unknown country" in message:
            return "Pick a country from the list (type a few letters to search)."
        if "required" in message.lower() or "valid string" in message:
            return "Enter the country of this stop."
    if field == "legs" and "at least 1 item" in message:
        return "Add at least one stop."
    if message == "unknown field":
        return "This field is not part of the form."
    return _plain_validator_text(message)


_AT_MOST_ITEMS = re.compile(r"should have at most (\d+) items?|^give at most (\d+)")
_AT_MOST_CHARS = re.compile(r"String should have at most (\d+) characters?|^use at most (\d+) characters")


def _plain_validator_text(message: str) -> str:
    """pydantic's generic texts as instructions; anything else (the core's sentences) unchanged."""
    if found := _AT_MOST_CHARS.search(message):
        return f"Use at most {found[1] or found[2]} characters."
    if found := _AT_MOST_ITEMS.search(message):
        return f"Enter at most {found[1] or found[2]}; remove some and save again."
    if "at least 1 character" in message or message == "Field required":
        return "Fill this in."
    if message.startswith("must be one of:"):
        return "Choose one of the options offered."
    if message.startswith(("Input should be a valid", "String should match pattern")):
        return "This is not in a form TravelPrep can read: check it and save again."
    return message


def plain_errors(errors: Iterable[Any]) -> list[FormError]:
    """The core's FieldErrors as the form shows them."""
    return [FormError(e.field, label_of(e.field), plain_message(e.field, e.message)) for e in errors]
