"""The loaner bench's semester loads into SQLite as the app would store it (tag keys included)."""

from __future__ import annotations

import random

from sqlalchemy import func, select, text

from bench.bench_loaner import DEVICES, OVERLAPPING_PAIRS, _populate
from travelprep.db import migrate
from travelprep.db.engine import make_engine, make_session_factory
from travelprep.db.models import Device, LoanerRequest, Reservation
from travelprep.db.models.loaner import asset_tag_key
from travelprep.loaner import repository as loaner


def test_the_semester_loads_into_sqlite_with_devices_findable_by_tag(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'bench.sqlite3'}")
    migrate.upgrade(engine)
    _, sample = _populate(engine, random.Random(5), requests=300)
    with make_session_factory(engine)() as session:
        devices = session.scalars(select(Device)).all()
        assert len(devices) == sum(DEVICES.values())
        assert all(d.tag_key == asset_tag_key(d.asset_tag) for d in devices)
        # found as the app compares tags: folded
        assert loaner.device_by_tag(session, asset_tag="la-0007").asset_tag == "LA-0007"
        assert session.scalar(select(func.count()).select_from(LoanerRequest)) == 300 and len(sample) == 300
        assert session.scalar(select(func.count()).select_from(Reservation)) > 0
        assert session.scalar(text(OVERLAPPING_PAIRS)) == 0
    engine.dispose()
