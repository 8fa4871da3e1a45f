"""Many rows at once, inserted in batches, for tests of lists longer than a page or an old cap."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from travelprep.db.models import Leg, LoanerRequest, Trip, User


def traveler(session: Session, email: str = "many@example.edu") -> int:
    """The id of a traveler to own the rows, made if missing."""
    found = session.scalar(select(User.id).where(User.email == email))
    if found is None:
        session.add(User(email=email, name="Many Trips", role="traveler"))
        session.flush()
        found = session.scalar(select(User.id).where(User.email == email))
    return found


def trips(
    session: Session,
    *,
    count: int,
    first: date,
    country: str = "FR",
    status: str = "active",
    itinerary: dict | None = None,
) -> list[int]:
    """`count` trips of one leg each, leaving on consecutive days in a cycle of 60 from `first`.

    With `itinerary`, each stores it (and names institutions if it does); returns the new ids.
    """
    user_id = traveler(session)
    start = session.scalar(select(Trip.id).order_by(Trip.id.desc()).limit(1)) or 0
    trip_rows, leg_rows = [], []
    for n in range(count):
        leave = first + timedelta(days=n % 60)
        back = leave + timedelta(days=5)
        trip_rows.append(
            {
                "id": start + n + 1,
                "user_id": user_id,
                "status": status,
                "itinerary": itinerary or {},
                "names_institutions": bool((itinerary or {}).get("institutions")),
                "traveler_name": f"Traveler {n:05d}",
                "traveler_email": f"t{n}@example.edu",
                "departure": leave,
                "return_date": back,
                "countries": country,
                "elevated_risk": n % 3 == 0,
                "sanctioned": False,
            }
        )
        leg_rows.append(
            {
                "trip_id": start + n + 1,
                "position": 0,
                "country": country,
                "city": "",
                "arrive": leave,
                "depart": back,
            }
        )
    session.execute(insert(Trip), trip_rows)
    session.execute(insert(Leg), leg_rows)
    return [row["id"] for row in trip_rows]


def loan_requests(session: Session, *, count: int, first: date, state: str = "requested") -> None:
    """`count` open loaner requests, picked up on days in a cycle of 30 from `first`."""
    user_id = traveler(session)
    rows = [
        {
            "requester_id": user_id,
            "kinds": "laptop",
            "pickup_date": first + timedelta(days=n % 30),
            "return_date": first + timedelta(days=n % 30 + 7),
            "state": state,
        }
        for n in range(count)
    ]
    session.execute(insert(LoanerRequest), rows)
