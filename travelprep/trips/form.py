"""The itinerary form: what the traveler typed, turned into CONTRACT.md's itinerary and back.

The form is parsed here, by hand, so that on a validation error the page can be shown again
with every value as typed and each error beside its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from travelprep.engine.date_window import DateWindow, itinerary_dates_outside
from travelprep.engine.itinerary import FieldError
from travelprep.trips.form_choices import ACTIVITIES, CountryChoices
from travelprep.trips.form_messages import plain_errors
from travelprep.trips.naming import clean_name

MAX_LEGS = 20
MAX_CITIZENSHIPS = 2
_INDEX = re.compile(r"\[\d+\]$")
DEVICES_UNANSWERED = FieldError(
    "carrying.devices", 'Tick the devices you are taking, or "Nothing electronic" if you take none.'
)


@dataclass
class LegFields:
    """One leg as typed."""

    country: str = ""
    region: str = ""
    city: str = ""
    arrive: str = ""
    depart: str = ""


@dataclass
class ItineraryForm:
    """Every field of the form as text, exactly as typed or as stored."""

    name: str = ""
    email: str = ""
    role: str = "faculty"
    citizenships: list[str] = field(default_factory=lambda: [""] * MAX_CITIZENSHIPS)
    us_permanent_resident: bool = False
    visa_status: str = ""
    departure: str = ""
    return_: str = ""
    legs: list[LegFields] = field(default_factory=lambda: [LegFields()])
    purposes: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    equipment: bool = False
    institutions: str = ""
    trip_name: str = ""  # not part of the itinerary: the trip's own name, blank for the default

    @classmethod
    def from_form(cls, form: FormData) -> ItineraryForm:
        """Read a submitted form; unknown or missing fields become empty values."""

        def text(key: str) -> str:
            value = form.get(key, "")
            return value.strip() if isinstance(value, str) else ""

        def texts(key: str) -> list[str]:
            return [v.strip() for v in form.getlist(key) if isinstance(v, str)]

        try:
            leg_count = max(1, min(int(text("leg_count") or 1), MAX_LEGS))
        except ValueError:
            leg_count = 1
        legs = [
            LegFields(*(text(f"legs[{i}].{part}") for part in LegFields.__dataclass_fields__))
            for i in range(leg_count)
        ]
        citizenships = (texts("traveler.citizenships") + [""] * MAX_CITIZENSHIPS)[:MAX_CITIZENSHIPS]
        return cls(
            name=text("traveler.name"),
            email=text("traveler.email"),
            role=text("traveler.role"),
            citizenships=citizenships,
            us_permanent_resident=bool(form.get("traveler.us_permanent_resident")),
            visa_status=text("traveler.visa_status"),
            departure=text("departure"),
            return_=text("return"),
            legs=legs,
            purposes=texts("purposes"),
            activities=texts("activities"),
            devices=texts("carrying.devices"),
            data=texts("carrying.data"),
            equipment=bool(form.get("carrying.equipment")),
            institutions=form.get("institutions", "") if isinstance(form.get("institutions"), str) else "",
            trip_name=text("trip_name"),
        )

    @classmethod
    def from_itinerary(cls, data: Mapping[str, Any], choices: CountryChoices) -> ItineraryForm:
        """Fill the form from a stored itinerary (CONTRACT.md's JSON shape)."""
        form = cls.from_profile(data.get("traveler") or {}, choices)
        carrying = data.get("carrying") or {}
        activities = data.get("activities") or {}
        form.departure = str(data.get("departure") or "")
        form.return_ = str(data.get("return") or "")
        form.legs = [
            LegFields(
                country=choices.name_of(leg.get("country") or ""),
                region=leg.get("region") or "",
                city=leg.get("city") or "",
                arrive=str(leg.get("arrive") or ""),
                depart=str(leg.get("depart") or ""),
            )
            for leg in data.get("legs") or []
        ] or [LegFields()]
        form.purposes = list(data.get("purposes") or [])
        form.activities = [key for key, on in activities.items() if on]
        form.devices = list(carrying.get("devices") or [])  # None (not answered) shows blank
        form.data = list(carrying.get("data") or [])
        form.equipment = bool(carrying.get("equipment"))
        form.institutions = "\n".join(data.get("institutions") or [])
        return form

    @classmethod
    def from_profile(cls, traveler: Mapping[str, Any], choices: CountryChoices) -> ItineraryForm:
        """A blank itinerary with the traveler's remembered details filled in."""
        citizenships = [choices.name_of(c) for c in traveler.get("citizenships") or []]
        return cls(
            name=str(traveler.get("name") or ""),
            email=str(traveler.get("email") or ""),
            role=str(traveler.get("role") or "faculty"),
            citizenships=(citizenships + [""] * MAX_CITIZENSHIPS)[:MAX_CITIZENSHIPS],
            us_permanent_resident=bool(traveler.get("us_permanent_resident")),
            visa_status=str(traveler.get("visa_status") or ""),
        )

    def add_leg(self) -> None:
        """Add an empty leg after the last one (up to MAX_LEGS)."""
        if len(self.legs) < MAX_LEGS:
            self.legs.append(LegFields())

    def remove_leg(self, index: int) -> None:
        """Remove one leg; the last remaining leg stays."""
        if len(self.legs) > 1 and 0 <= index < len(self.legs):
            del self.legs[index]

    def to_itinerary_data(self, choices: CountryChoices) -> dict[str, Any]:
        """The itinerary in CONTRACT.md's shape, for parse_itinerary to validate."""
        return {
            "traveler": {
                "name": self.name,
                "email": self.email,
                "role": self.role or None,
                "citizenships": [choices.code_for(c) for c in self.citizenships if c],
                "us_permanent_resident": self.us_permanent_resident,
                "visa_status": self.visa_status or None,
            },
            "departure": self.departure or None,
            "return": self.return_ or None,
            "legs": [
                {
                    "country": choices.code_for(leg.country) if leg.country else None,
                    "region": leg.region or None,
                    "city": leg.city or None,
                    "arrive": leg.arrive or None,
                    "depart": leg.depart or None,
                }
                for leg in self.legs
            ],
            "purposes": self.purposes,
            "activities": {key: key in self.activities for key, _, _ in ACTIVITIES}
            | {key: True for key in self.activities},  # unknown keys reach the validator
            "carrying": {
                # Nothing ticked is no answer (not "nothing"): "No devices" is its own choice.
                "devices": self.devices or None,
                "data": self.data,
                "equipment": self.equipment,
            },
            "institutions": [line.strip() for line in self.institutions.splitlines() if line.strip()],
        }

    def traveler_profile(self, choices: CountryChoices) -> dict[str, Any]:
        """The traveler details worth remembering for the next trip."""
        return self.to_itinerary_data(choices)["traveler"]


def form_action(form: FormData) -> tuple[str, int]:
    """Which button was pressed: ("save", 0), ("add_leg", 0) or ("remove_leg", index)."""
    if "add_leg" in form:
        return "add_leg", 0
    if "remove_leg" in form:
        try:
            return "remove_leg", int(str(form.get("remove_leg")))
        except ValueError:
            return "remove_leg", -1
    return "save", 0


def errors_by_field(errors: Iterable[Any]) -> dict[str, list[str]]:
    """Field errors keyed by the form's field names; list items also count for their list."""
    by_field: dict[str, list[str]] = {}
    for error in errors:
        name = str(error.field)
        by_field.setdefault(name, []).append(error.message)
        group = _INDEX.sub("", name)
        if group != name:
            by_field.setdefault(group, []).append(error.message)
    return by_field


@dataclass
class Submission:
    """A submitted itinerary form: the button pressed, the values, and the outcome."""

    form: ItineraryForm
    action: str
    itinerary: Any = None  # an Itinerary when the traveler saved and it was valid
    errors: list[Any] = field(default_factory=list)  # FormErrors, for the summary
    name: str | None = None  # the trip's name, cleaned; None for the default (its cities)

    @property
    def errors_by_field(self) -> dict[str, list[str]]:
        """The errors keyed by form field."""
        return errors_by_field(self.errors)

    @classmethod
    def read(
        cls,
        data: FormData,
        choices: CountryChoices,
        traveler_defaults: Mapping[str, Any] | None = None,
        *,
        window: DateWindow,
        today: date,
        devices_required: bool = True,
    ) -> Submission:
        """Apply add/remove-leg buttons, or validate the itinerary when saving.

        `traveler_defaults` stand in for traveler details left blank (the quick check asks
        only for destinations and dates); the form still shows them blank. Dates outside the
        policy's window around `today` are refused. A trip must say what the traveler takes
        (`devices_required`); the quick check shows the device items pending instead.
        """
        from travelprep.engine.itinerary import InvalidItinerary, parse_itinerary

        form = ItineraryForm.from_form(data)
        action, index = form_action(data)
        if action == "add_leg":
            form.add_leg()
        elif action == "remove_leg":
            form.remove_leg(index)
        if action != "save":
            return cls(form, action)
        itinerary_data = form.to_itinerary_data(choices)
        for key, value in (traveler_defaults or {}).items():
            itinerary_data["traveler"][key] = itinerary_data["traveler"][key] or value
        name, unanswered = clean_name(form.trip_name)
        if devices_required and not form.devices:
            unanswered.append(DEVICES_UNANSWERED)
        try:
            itinerary = parse_itinerary(itinerary_data)
        except InvalidItinerary as invalid:
            return cls(form, action, errors=plain_errors([*invalid.errors, *unanswered]))
        if problems := [*itinerary_dates_outside(itinerary, window, today), *unanswered]:
            return cls(form, action, errors=plain_errors(problems))
        return cls(form, action, itinerary=itinerary, name=name)
