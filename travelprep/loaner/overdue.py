"""Devices still out on a loan past its return date, and the later bookings they put at risk.

A loan is overdue from the day after its return date for as long as it stays picked up. Its
reservation ends on the planned day, but the device is still with the traveler, so until the
desk marks it returned it is offered to no one, and the requests already booked on it will
have nothing to pick up unless the desk gives them another device. "Today" is the app's clock,
passed in by the caller (see `travelprep.web.deps.TodayDep`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from travelprep.engine.date_window import days_after


@dataclass(frozen=True)
class OverdueHold:
    """A device still out on a loan whose return date has passed."""

    device_id: int
    asset_tag: str
    kind: str
    request_id: int
    due_back: date

    @property
    def overdue_since(self) -> date:
        """The first day the device was late: the day after its return date."""
        return days_after(self.due_back, 1)

    def refusal(self) -> str:
        """Why the device cannot go to another request now, and what would change that."""
        return (
            f"{self.asset_tag} is still out on loaner request {self.request_id}, overdue since "
            f"{self.overdue_since.isoformat()} (due back {self.due_back.isoformat()}): it can be "
            "assigned again once that loan is marked returned"
        )


@dataclass(frozen=True)
class Booking:
    """A device reserved for a request that has not been picked up yet."""

    device_id: int
    request_id: int
    starts: date


@dataclass(frozen=True)
class AtRisk:
    """A booking of a device that is still out, overdue, on another loan."""

    hold: OverdueHold
    booking: Booking


def at_risk(holds: Iterable[OverdueHold], bookings: Iterable[Booking]) -> list[AtRisk]:
    """The bookings of devices still out overdue on another request, earliest start first."""
    # Should one device be out on two overdue loans (it was handed out before this check
    # existed), the loan late the longest is the one named.
    out: dict[int, OverdueHold] = {}
    for hold in sorted(holds, key=lambda h: (h.due_back, h.request_id)):
        out.setdefault(hold.device_id, hold)
    found = [
        AtRisk(out[b.device_id], b)
        for b in bookings
        if b.device_id in out and b.request_id != out[b.device_id].request_id
    ]
    return sorted(found, key=lambda risk: (risk.booking.starts, risk.booking.request_id))


def out_by_kind(holds: Iterable[OverdueHold]) -> dict[str, int]:
    """How many distinct devices of each kind are out overdue."""
    return dict(Counter(kind for _, kind in {(h.device_id, h.kind) for h in holds}))
