"""Likely loaner demand from registered trips that have no request yet, placed as the desk sees loans.

A trip whose checklist calls for a loaner device usually becomes a request some days before its
pickup. Until then the desk cannot see it, so the chart counts it as likely demand. Where its loan
would fall is learned from the history: the median days between a trip's departure and its pickup,
and between the trip's return and the device's return. The median days between a request and its
pickup tell how long, on average, the desk would otherwise wait to see that demand.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from travelprep.loaner import KINDS
from travelprep.loaner.schedule import default_loan_dates


@dataclass(frozen=True)
class PastLoan:
    """One past request made for a trip: when it was asked for, and its dates against the trip's."""

    requested_on: date
    pickup: date
    return_date: date
    departure: date
    trip_return: date


@dataclass(frozen=True)
class LeadTimes:
    """The medians of the history; None where there is no history (the default dates apply)."""

    request_to_pickup: int | None = None
    pickup_before_departure: int | None = None
    return_after_trip: int | None = None
    loans_seen: int = 0
    trips_asked: int = 0  # of the last year's departed trips whose checklist called for a loaner
    trips_seen: int = 0

    @property
    def ask_share(self) -> float:
        """The share of trips that asked; 1 without history (every trip counts whole)."""
        return self.trips_asked / self.trips_seen if self.trips_seen else 1.0

    def loan_dates(self, departure: date, trip_return: date) -> tuple[date, date]:
        """The pickup and return a trip's loan would likely have."""
        if self.pickup_before_departure is None or self.return_after_trip is None:
            dates = default_loan_dates(departure, trip_return)
            return dates.pickup, dates.return_
        pickup = departure - timedelta(days=self.pickup_before_departure)
        return pickup, max(trip_return + timedelta(days=self.return_after_trip), pickup)

    @property
    def text(self) -> str:
        """How the likely loans were placed and counted, in sentences for the desk."""
        share = ""
        if self.trips_seen:
            share = (
                f" In the last year {self.trips_asked} of {self.trips_seen} trips whose checklist called "
                f"for a loaner asked for one ({self.ask_share:.0%}): the light bars count that share."
            )
        if self.request_to_pickup is None:
            placement = "No past loans for trips yet: likely loans take the default pickup and return days."
            return placement + share
        return self._placement() + share

    def _placement(self) -> str:
        return (
            f"From {self.loans_seen} past loan{'s' if self.loans_seen != 1 else ''} for trips: "
            f"requests arrive a median {self.request_to_pickup} days before pickup, "
            f"pickup is {self.pickup_before_departure} days before departure "
            f"and the return {self.return_after_trip} days after the trip."
        )


def lead_times(history: Iterable[PastLoan], *, asked: tuple[int, int] = (0, 0)) -> LeadTimes:
    """The median lead times of past loans for trips (negative gaps are kept: they happen).

    `asked` is (trips that asked, trips whose checklist called for a loaner) in the history.
    """
    loans = list(history)
    if not loans:
        return LeadTimes(trips_asked=asked[0], trips_seen=asked[1])

    def median(values: list[int]) -> int:
        return round(statistics.median(values))

    return LeadTimes(
        request_to_pickup=median([(x.pickup - x.requested_on).days for x in loans]),
        pickup_before_departure=median([(x.departure - x.pickup).days for x in loans]),
        return_after_trip=median([(x.return_date - x.trip_return).days for x in loans]),
        loans_seen=len(loans),
        trips_asked=asked[0],
        trips_seen=asked[1],
    )


def likely_kinds(carrying: dict | None) -> str:
    """The kinds a trip's request would ask for: the devices carried, or a laptop ("laptop phone")."""
    carried = (carrying or {}).get("devices") or []
    return " ".join([kind for kind in KINDS if kind in carried] or ["laptop"])


def likely_loans(
    trips: Iterable[tuple[dict | None, date, date]], leads: LeadTimes
) -> list[tuple[str, date, date]]:
    """(kinds, pickup, return) for each trip `(carrying, departure, return)` without a request."""
    return [
        (likely_kinds(carrying), *leads.loan_dates(departure, back)) for carrying, departure, back in trips
    ]
