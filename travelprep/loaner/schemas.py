"""The loaner desk's API models: what /api/v1 takes and answers for devices and requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from travelprep.loaner.lifecycle import STATES

Kind = Literal["laptop", "phone", "tablet", "hotspot"]
State = Literal[STATES]  # type: ignore[valid-type]


def _date_as_text(value: object) -> object:
    # Pydantic reads a number as seconds since 1970: `"pickup_date": 0` would be 1970-01-01.
    if isinstance(value, int | float):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_date_as_text)]


class DeviceIn(BaseModel):
    """A device to add to the inventory."""

    model_config = ConfigDict(extra="forbid")

    asset_tag: str = Field(min_length=1, max_length=60)
    kind: Kind
    model: str = Field("", max_length=200)
    os: str = Field("", max_length=100)
    serial: str = Field("", max_length=100)
    notes: str = Field("", max_length=2000)


class DeviceOut(DeviceIn):
    """A device in the inventory."""

    id: int
    retired_at: datetime | None


class LoanerRequestIn(BaseModel):
    """A loaner request: for a trip (dates default from it) or for a requester by email."""

    model_config = ConfigDict(extra="forbid")

    trip_id: int | None = Field(None, ge=1, le=2**31 - 1)
    requester_email: str | None = Field(None, min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    kinds: list[Kind] = Field(min_length=1, max_length=4)
    pickup_date: IsoDate | None = None
    return_date: IsoDate | None = None
    note: str = Field("", max_length=2000)

    @model_validator(mode="after")
    def _who_and_when(self) -> LoanerRequestIn:
        if self.trip_id is None and not self.requester_email:
            raise ValueError("give trip_id or requester_email")
        if self.trip_id is None and (self.pickup_date is None or self.return_date is None):
            raise ValueError("pickup_date and return_date are required without a trip_id")
        return self


class ReservationOut(BaseModel):
    """A device held for the request, from `starts` to `ends` inclusive (wipe buffer included)."""

    reservation_id: int
    device_id: int
    asset_tag: str
    kind: Kind
    starts: date
    ends: date


class LoanerRequestOut(BaseModel):
    """A loaner request with its state, its devices and what may happen next."""

    id: int
    trip_id: int | None
    requester_email: str
    kinds: list[Kind]
    pickup_date: date
    return_date: date
    note: str
    state: State
    devices: list[ReservationOut]
    next_states: list[State]


class AssignIn(BaseModel):
    """The device to reserve for the request's whole loan, optionally instead of one it holds."""

    model_config = ConfigDict(extra="forbid")

    device_id: int = Field(ge=1, le=2**31 - 1)
    replacing: int | None = Field(
        None, ge=1, le=2**31 - 1, description="a device the request holds, let go in the same step"
    )


class TransitionIn(BaseModel):
    """The state to move the request to, and why."""

    model_config = ConfigDict(extra="forbid")

    to: State
    note: str = Field("", max_length=2000)
