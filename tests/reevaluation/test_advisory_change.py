"""A real advisory import that moves Mexico from Level 2 to Level 4: the trips to Mexico that are
not over, and only those, get a new checklist version, a diff with the reason, and one email."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.reevaluation.conftest import TODAY, feed_with, save_trip
from travelprep.db.engine import make_session_factory
from travelprep.db.models import ChecklistChange, ChecklistVersion, OutboxMessage, Reevaluation, Trip
from travelprep.reevaluation import job, notices
from travelprep.reevaluation.trigger import data_changed
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.importers import ImportRefused
from travelprep.refdata.importers.advisories import import_advisories
from travelprep.refdata.rulebook_loading import load_versioned_rulebook
from travelprep.reminders.job import deliver

pytestmark = pytest.mark.db
MOVED = "Mexico's advisory moved from Level 2 to Level 4 on 2026-11-30"


def _import_level_4(settings) -> None:
    data = feed_with(mexico_level=4, published="Mon, 30 Nov 2026 09:00:00 -0500")
    import_advisories(
        data, origin="advisories-2026-11-30.xml", store=DataStore(settings.data_dir), allow_fewer=True
    )


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_only_the_affected_trips_get_a_version_a_diff_and_one_email(engine, settings, smtp):
    inbox, _ = smtp
    mexico = save_trip(engine, settings, email="ada@example.edu")
    germany = save_trip(engine, settings, email="grace@example.edu", country="DE", city="Berlin")
    oaxaca = {
        "country": "MX",
        "region": None,
        "city": "Oaxaca",
        "arrive": "2026-10-02",
        "depart": "2026-10-08",
    }
    over = save_trip(
        engine,
        settings,
        email="old@example.edu",
        departure="2026-10-01",
        legs=[oaxaca],
        **{"return": "2026-10-09"},
    )
    before = data_changed(settings, cause="the advisory import of 2026-10-06", today=TODAY)
    assert before.checked == 2 and before.changed == 0  # the saved checklists are still right

    _import_level_4(settings)
    summary = data_changed(settings, cause="the advisory import of 2026-11-30", today=TODAY)

    assert (summary.checked, summary.changed, summary.notices) == (2, 1, 1)
    with make_session_factory(engine)() as session:
        versions = dict(
            session.execute(
                select(ChecklistVersion.trip_id, func.count()).group_by(ChecklistVersion.trip_id)
            ).all()
        )
        assert versions == {mexico: 2, germany: 1, over: 1}  # saved, then the new data for Mexico only
        [change] = session.scalars(select(ChecklistChange)).all()
        assert change.trip_id == mexico and change.acknowledged_at is None
        added = {e["item"]: e for e in change.entries if e["change"] == "added"}
        assert "do-not-travel" in added
        title = "The State Department says do not travel there — talk to Global Support first"
        assert added["do-not-travel"]["reason"] == f"{MOVED}: new required item '{title}'"
        assert _count(session, Reevaluation, Reevaluation.trip_id == over) == 0  # over: not evaluated
        [message] = session.scalars(select(OutboxMessage)).all()
        assert message.recipient == "ada@example.edu" and message.dedupe_key.startswith(
            f"checklist-changed:{mexico}:"
        )
    sent, failed = deliver(make_session_factory(engine), settings=settings, echo=print)
    assert (sent, failed) == (1, 0)
    [mail] = inbox.messages
    assert mail["To"] == "ada@example.edu" and "your checklist changed" in mail["Subject"]
    text = (
        next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    )
    assert MOVED in text and f"https://travelprep.example.edu/trips/{mexico}" in text


def test_running_again_or_from_a_second_instance_changes_and_sends_nothing_more(engine, settings, smtp):
    inbox, _ = smtp
    save_trip(engine, settings, email="ada@example.edu")
    _import_level_4(settings)
    first = data_changed(settings, cause="the advisory import of 2026-11-30", today=TODAY)
    again = data_changed(settings, cause="the advisory import of 2026-11-30", today=TODAY)
    assert (first.changed, again.checked, again.changed, again.notices) == (1, 0, 0, 0)
    sessions = make_session_factory(engine)
    assert deliver(sessions, settings=settings, echo=print) == (1, 0)
    assert deliver(sessions, settings=settings, echo=print) == (0, 0)
    assert len(inbox.messages) == 1


def test_a_run_killed_half_way_resumes_without_sending_twice(engine, settings, monkeypatch):
    ids = [save_trip(engine, settings, email=f"t{n}@example.edu") for n in range(5)]
    _import_level_4(settings)
    loaded = load_versioned_rulebook(settings)
    sessions = make_session_factory(engine)
    real, calls = notices.queue_notices, []

    def dies_in_the_second_batch(session, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed after writing the batch's versions, before its commit
        return real(session, **kwargs)

    monkeypatch.setattr(notices, "queue_notices", dies_in_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        job.run(sessions, loaded=loaded, settings=settings, today=TODAY, batch=2)
    monkeypatch.setattr(notices, "queue_notices", real)
    with sessions() as session:
        assert _count(session, Reevaluation) == 2 and _count(session, OutboxMessage) == 2  # the first batch
    resumed = job.run(sessions, loaded=loaded, settings=settings, today=TODAY, batch=2)
    assert resumed.checked == 3 and resumed.notices == 3
    with sessions() as session:
        keys = session.scalars(select(OutboxMessage.dedupe_key)).all()
        assert len(keys) == len(set(keys)) == 5
        assert _count(session, ChecklistChange) == 5
        assert sorted(session.scalars(select(Reevaluation.trip_id)).all()) == ids


def test_a_failed_import_triggers_nothing(engine, settings):
    save_trip(engine, settings, email="ada@example.edu")
    data_changed(settings, cause="the advisory import of 2026-10-06", today=TODAY)
    store = DataStore(settings.data_dir)
    with pytest.raises(ImportRefused):
        import_advisories(b"<rss><channel></channel>", origin="truncated.xml", store=store)
    summary = data_changed(settings, cause="(nothing changed)", today=TODAY)
    assert summary.checked == 0  # same data version: every trip was evaluated under it already
    with make_session_factory(engine)() as session:
        assert _count(session, ChecklistChange) == 0


def test_a_trip_whose_itinerary_no_longer_validates_is_listed_not_dropped(engine, settings):
    broken = save_trip(engine, settings, email="ada@example.edu")
    with make_session_factory(engine)() as session:
        trip = session.get(Trip, broken)
        trip.itinerary = {**trip.itinerary, "legs": [{**trip.itinerary["legs"][0], "region": "MX-XX"}]}
        session.commit()
    _import_level_4(settings)
    summary = data_changed(settings, cause="the advisory import of 2026-11-30", today=TODAY)
    [(trip_id, why)] = summary.invalid
    assert trip_id == broken and "no longer validates" in why and "region" in why
    with make_session_factory(engine)() as session:
        row = session.scalar(select(Reevaluation).where(Reevaluation.trip_id == broken))
        assert row.outcome == "invalid" and "region" in row.detail
        assert session.get(Trip, broken).status == "active"


def test_a_trip_is_claimed_once_per_data_version(engine, settings):
    from travelprep.reevaluation import repository as versions

    trip_id = save_trip(engine, settings, email="ada@example.edu")
    sessions = make_session_factory(engine)
    with sessions() as session:
        assert versions.claim_due(session, data_version="v1", today=TODAY, limit=10) == [trip_id]
        session.commit()
    with sessions() as session:
        assert versions.claim_due(session, data_version="v1", today=TODAY, limit=10) == []
        assert versions.claim_due(session, data_version="v2", today=TODAY, limit=10) == [trip_id]
        session.commit()
        assert _count(session, Reevaluation) == 2


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_second_instance_skips_the_trips_the_first_is_evaluating(engine, settings):
    from travelprep.reevaluation import repository as versions

    first_trip, second_trip = (save_trip(engine, settings, email=f"t{n}@example.edu") for n in range(2))
    sessions = make_session_factory(engine)
    with sessions() as first, sessions() as second:
        assert versions.claim_due(first, data_version="v1", today=TODAY, limit=1) == [first_trip]
        # The first has not committed: the second neither waits for its trip nor takes it.
        assert versions.claim_due(second, data_version="v1", today=TODAY, limit=10) == [second_trip]
        first.commit()
        second.commit()
    with sessions() as session:
        assert sorted(session.scalars(select(Reevaluation.trip_id)).all()) == [first_trip, second_trip]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_reminder_emails_name_a_stale_source(engine, settings, smtp):
    from travelprep.reminders import job as reminders

    inbox, _ = smtp
    save_trip(engine, settings, email="ada@example.edu")
    loaded = load_versioned_rulebook(settings)
    day = TODAY.replace(year=2027, month=3, day=1)  # a week before the trip: items due, advisories stale
    summary = reminders.run(
        make_session_factory(engine), settings=settings, rulebook=loaded.rulebook, today=day, dry_run=False,
        echo=print,
    )  # fmt: skip
    assert summary.sent == 1
    parts = {p.get_content_type(): p.get_payload(decode=True).decode() for p in inbox.messages[0].walk()
             if not p.is_multipart()}  # fmt: skip
    line = "* State Department travel advisories, as of 2026-10-07: 145 days old, past the 30-day limit."
    assert line in parts["text/plain"]
    assert "State Department travel advisories, as of 2026-10-07" in parts["text/html"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_hostile_text_in_the_trip_stays_text_in_the_notice(engine, settings, smtp):
    inbox, _ = smtp
    city = '<script>alert("x")</script> & Co'
    save_trip(engine, settings, email="ada@example.edu", city=city)
    _import_level_4(settings)
    assert data_changed(settings, cause="the advisory import of 2026-11-30", today=TODAY).notices == 1
    assert deliver(make_session_factory(engine), settings=settings, echo=print) == (1, 0)
    [mail] = inbox.messages
    unfolded = " ".join(mail["Subject"].split())
    assert unfolded == f"TravelPrep: your checklist changed (Trip to {city})"
    html = (
        next(p for p in mail.walk() if p.get_content_type() == "text/html").get_payload(decode=True).decode()
    )
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html
