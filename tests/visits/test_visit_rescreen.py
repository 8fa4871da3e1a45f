"""A list update re-screens hosted visits in the same pass as trips; decisions stay with their hits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.review.lists import ZORVEX, import_csl, rulebook_of
from tests.support.fixtures import TODAY
from tests.visits.helpers import LISTED, create_visit, item_ids, listed_visit, visit_form
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory
from travelprep.db.models import AuditEvent, HostedVisit
from travelprep.review.rescreen import rescreen
from travelprep.review.service import DecisionIn
from travelprep.visit_review import repository as visit_hits
from travelprep.visit_review import service as visit_review

pytestmark = pytest.mark.web
MATCH = "visitor-restricted-party-match"


@pytest.fixture
def lists_dir(tmp_path):
    folder = tmp_path / "lists-data"
    folder.mkdir()
    return folder


def _pass(app, rulebook):
    factory = make_session_factory(app.state.engine)
    return rescreen(factory, rulebook=rulebook, today=TODAY, trigger="test", fingerprint="test")


def _hits(app, visit_id: int) -> dict[str, object]:
    with make_session_factory(app.state.engine)() as session:
        return {row.query: row for row in visit_hits.hits_of(session, visit_id=visit_id)}


def test_a_list_update_brings_a_new_hit_onto_the_visit_and_the_queue(app, host, officer, lists_dir):
    named = create_visit(host, **{"visitor.affiliations[0].institution": ZORVEX})
    plain = create_visit(host, **{"visitor.name": "Li Plain"})
    assert _hits(app, named) == {} and MATCH not in item_ids(host.get(f"/visits/{named}").text)
    import_csl(lists_dir, as_of="2026-11-20")
    updated = rulebook_of(lists_dir)

    summary = _pass(app, updated)

    assert (summary.visits_screened, summary.visits_changed) == (2, 1)
    hit = _hits(app, named)[ZORVEX]
    assert hit.new_since == "2026-11-20" and hit.first_seen_on == TODAY
    assert _hits(app, plain) == {}
    with make_session_factory(app.state.engine)() as session:
        assert session.get(HostedVisit, named).screening_hit is True
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "screening.rescreen"))
        assert [(e.object_type, e.object_id) for e in events] == [("visit", str(named))]
    app.state.rulebook = updated  # the app now serves with the updated lists
    assert "Chen Jing" in officer.get("/staff/screening/visits").text
    assert "New since the list update of 2026-11-20" in officer.get(f"/visits/{named}/screening").text
    assert MATCH in item_ids(host.get(f"/visits/{named}").text)
    assert _pass(app, updated).visits_changed == 0  # the same lists again change nothing


def test_a_decision_stays_through_a_re_screening_and_cancelled_visits_are_skipped(
    app, host, lists_dir, rulebook
):
    decided = listed_visit(host)
    cancelled = listed_visit(host, **{"visitor.name": "Gone Cancelled"})
    host.post(f"/visits/{cancelled}/cancel")
    with make_session_factory(app.state.engine)() as session:
        officer = users.get_or_create(session, email="officer@example.edu", role="compliance")
        row = session.get(HostedVisit, decided)
        change = DecisionIn(query=LISTED, entity_id="shipped:hit", decision="cleared", note="Checked.")
        visit_review.record_decision(session, row=row, user=officer, change=change, rulebook=rulebook)
        session.commit()
    import_csl(lists_dir, as_of="2026-11-20")

    summary = _pass(app, rulebook_of(lists_dir))

    assert summary.visits_screened == 1  # the cancelled visit is not screened
    assert MATCH not in item_ids(host.get(f"/visits/{decided}").text)
    with make_session_factory(app.state.engine)() as session:
        [kept] = visit_hits.decisions_of(session, visit_id=decided)
        assert kept.decision == "cleared"


def test_a_hit_the_list_drops_is_marked_withdrawn_and_comes_back_when_listed_again(
    app, host, officer, lists_dir
):
    named = create_visit(host, **{"visitor.affiliations[0].institution": ZORVEX})
    import_csl(lists_dir, as_of="2026-11-20")
    assert _pass(app, rulebook_of(lists_dir)).visits_changed == 1
    assert _hits(app, named)[ZORVEX].withdrawn_on is None

    import_csl(lists_dir, as_of="2026-11-27", without=(ZORVEX,))  # the list drops it
    dropped = rulebook_of(lists_dir)
    assert _pass(app, dropped).visits_changed == 1
    hit = _hits(app, named)[ZORVEX]  # kept for the review's trail, not deleted
    assert hit.withdrawn_on == TODAY
    app.state.rulebook = dropped
    page = officer.get(f"/visits/{named}/screening").text
    assert f"Withdrawn on {TODAY.isoformat()}: no longer on the list" in page
    assert "Chen Jing" not in officer.get("/staff/screening/visits").text  # undecided and withdrawn
    assert _pass(app, dropped).visits_changed == 0

    import_csl(lists_dir, as_of="2026-12-01")  # listed again
    assert _pass(app, rulebook_of(lists_dir)).visits_changed == 1
    back = _hits(app, named)[ZORVEX]
    assert back.withdrawn_on is None and back.new_since == "2026-12-01"


def test_an_edit_that_drops_the_name_drops_its_hit(app, host, lists_dir):
    named = create_visit(host, **{"visitor.affiliations[0].institution": ZORVEX})
    import_csl(lists_dir, as_of="2026-11-20")
    app.state.rulebook = rulebook_of(lists_dir)
    assert _pass(app, app.state.rulebook).visits_changed == 1
    edited = host.post(f"/visits/{named}/edit", data=visit_form())  # Tongji University instead
    assert edited.status_code == 303, edited.text
    assert _hits(app, named) == {}
