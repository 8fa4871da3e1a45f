"""Editing a visit with the new-visit form, and cancelling it (asking first) with an undo before arrival."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.fixtures import TODAY
from tests.visits.helpers import audit_events, create_visit, visit_form
from travelprep.db.engine import make_session_factory
from travelprep.visits.reminders import queue_host_reminders

pytestmark = pytest.mark.web


def test_the_edit_form_is_the_new_form_filled_from_the_saved_visit(host):
    prior = {
        "visitor.affiliations[1].institution": "Tsinghua University",
        "visitor.affiliations[1].country": "China",
    }
    visit_id = create_visit(host, **prior, institutions="CNRS\nMIT")
    page = host.get(f"/visits/{visit_id}/edit")
    assert page.status_code == 200
    assert f'action="/visits/{visit_id}/edit"' in page.text and "Save changes" in page.text
    for shown in ('value="Chen Jing"', 'value="Tongji University"', 'value="Tsinghua University"',
                  'value="China"', 'value="2027-02-15"', "CNRS\nMIT"):  # fmt: skip
        assert shown in page.text
    assert 'id="purpose-talk" name="purposes" type="checkbox" value="talk" checked' in page.text


def test_saving_an_edit_changes_the_visit_and_is_audited(app, host):
    visit_id = create_visit(host)
    edited = visit_form(**{"depart": "2027-02-19", "visitor.name": "Chen Jing-Wei"})
    response = host.post(f"/visits/{visit_id}/edit", data=edited)
    assert response.status_code == 303 and response.headers["location"] == f"/visits/{visit_id}"
    page = host.get(f"/visits/{visit_id}").text
    assert "Visit of Chen Jing-Wei" in page and "2027-02-15 to 2027-02-19" in page
    [event] = audit_events(app, visit_id, "visit.update")
    assert (
        event.detail["before"]["depart"] == "2027-02-17" and event.detail["after"]["depart"] == "2027-02-19"
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"arrive": "15/02/2027"}, "arrive"),
        ({"depart": "2027-02-01"}, "depart"),
        ({"visitor.affiliations[0].institution": "F" * 5000}, "visitor.affiliations[0].institution"),
        ({"visitor.email": "not an address"}, "visitor.email"),
    ],
)
def test_a_bad_edit_comes_back_with_the_error_at_the_field_and_saves_nothing(app, host, changes, field):
    visit_id = create_visit(host)
    response = host.post(f"/visits/{visit_id}/edit", data=visit_form(**changes))
    assert response.status_code == 400
    assert (
        f'href="#{field.replace(".", "-").replace("[", "-").replace("]", "")}' in response.text
        or field in response.text
    )
    assert audit_events(app, visit_id, "visit.update") == []
    assert "2027-02-15 to 2027-02-17" in host.get(f"/visits/{visit_id}").text


def test_html_and_control_characters_in_an_edit_are_kept_as_one_line_of_escaped_text(host):
    # As on the new-visit form: the visit format folds control characters and line breaks into
    # spaces, and the page escapes what is left.
    visit_id = create_visit(host)
    edited = visit_form(**{"visitor.name": "<script>alert(1)</script>\r\nBcc: x@evil.example\x00"})
    assert host.post(f"/visits/{visit_id}/edit", data=edited).status_code == 303
    page = host.get(f"/visits/{visit_id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bcc: x@evil.example" in page and "\x00" not in page


def test_the_host_compliance_and_admins_may_edit_others_get_404(client, host, other_host, officer, admin):
    visit_id = create_visit(host)
    assert other_host.get(f"/visits/{visit_id}/edit").status_code == 404
    assert other_host.post(f"/visits/{visit_id}/edit", data=visit_form()).status_code == 404
    for who, depart in ((officer, "2027-02-18"), (admin, "2027-02-19")):
        assert who.get(f"/visits/{visit_id}/edit").status_code == 200
        assert who.post(f"/visits/{visit_id}/edit", data=visit_form(depart=depart)).status_code == 303
        assert f"2027-02-15 to {depart}" in host.get(f"/visits/{visit_id}").text
    assert client.get(f"/visits/{visit_id}/edit").status_code in (303, 401)
    assert host.get("/visits/999/edit").status_code == 404


def test_edits_and_cancels_refuse_cross_site_posts(host):
    visit_id = create_visit(host)
    evil = {"Origin": "https://evil.example"}
    assert (
        host.post(f"/visits/{visit_id}/edit", data=visit_form(depart="2027-02-19"), headers=evil).status_code
        == 403
    )
    assert host.post(f"/visits/{visit_id}/cancel", headers=evil).status_code == 403
    page = host.get(f"/visits/{visit_id}").text
    assert "2027-02-15 to 2027-02-17" in page and "This visit is cancelled" not in page


def test_cancelling_asks_first_then_keeps_the_visit_marked_cancelled(app, host):
    visit_id = create_visit(host)
    assert f'href="/visits/{visit_id}/cancel"' in host.get(f"/visits/{visit_id}").text
    ask = host.get(f"/visits/{visit_id}/cancel")
    assert ask.status_code == 200 and "Yes, cancel this visit" in ask.text
    assert "until 2027-02-15" in ask.text
    assert "This visit is cancelled" not in host.get(f"/visits/{visit_id}").text  # asking changes nothing
    response = host.post(f"/visits/{visit_id}/cancel")
    assert response.status_code == 303 and response.headers["location"] == f"/visits/{visit_id}#cancelled"
    page = host.get(f"/visits/{visit_id}").text
    assert "This visit is cancelled" in page and f'action="/visits/{visit_id}/restore"' in page
    assert f'href="/visits/{visit_id}/edit"' not in page
    assert host.get(f"/visits/{visit_id}/edit").status_code == 409
    assert host.post(f"/visits/{visit_id}/edit", data=visit_form()).status_code == 409
    assert host.get(f"/visits/{visit_id}/cancel").status_code == 303  # nothing more to ask
    assert len(audit_events(app, visit_id, "visit.cancel")) == 1


def test_a_restored_visit_is_active_again_until_arrival_day(app, host):
    visit_id = create_visit(host)
    host.post(f"/visits/{visit_id}/cancel")
    assert host.post(f"/visits/{visit_id}/restore").status_code == 303
    assert "This visit is cancelled" not in host.get(f"/visits/{visit_id}").text
    assert len(audit_events(app, visit_id, "visit.restore")) == 1
    host.post(f"/visits/{visit_id}/cancel")
    app.state.clock = lambda: date(2027, 2, 15)  # the visitor's arrival day
    page = host.get(f"/visits/{visit_id}").text
    assert "can no longer be restored" in page and "/restore" not in page
    refused = host.post(f"/visits/{visit_id}/restore")
    assert refused.status_code == 409 and "2027-02-15" in refused.text
    assert "This visit is cancelled" in host.get(f"/visits/{visit_id}").text


def test_compliance_and_admins_may_cancel_and_restore_others_get_404(host, other_host, officer, admin):
    visit_id = create_visit(host)
    for path in ("cancel", "restore"):
        assert other_host.post(f"/visits/{visit_id}/{path}").status_code == 404
    assert other_host.get(f"/visits/{visit_id}/cancel").status_code == 404
    assert officer.get(f"/visits/{visit_id}/cancel").status_code == 200
    assert officer.post(f"/visits/{visit_id}/cancel").status_code == 303
    assert admin.post(f"/visits/{visit_id}/restore").status_code == 303
    assert "This visit is cancelled" not in host.get(f"/visits/{visit_id}").text


def _on_campus(officer) -> str:
    return officer.get("/staff/on-campus?day=2026-12-02").text


def _reminded(app) -> list[str]:
    with make_session_factory(app.state.engine)() as session:
        queued = queue_host_reminders(
            session, settings=app.state.settings, rulebook=app.state.rulebook, today=TODAY
        )
        session.rollback()
    return queued


def test_a_cancelled_visit_leaves_who_is_on_campus_and_reminders(app, host, other_host, officer):
    visit_id = create_visit(host, arrive="2026-12-01", depart="2026-12-03")
    create_visit(other_host, **{"visitor.name": "Li Na", "arrive": "2026-12-02", "depart": "2026-12-04"})
    assert "Chen Jing" in _on_campus(officer) and "Li Na" in _on_campus(officer)
    assert set(_reminded(app)) == {"ada@example.edu", "grace@example.edu"}
    host.post(f"/visits/{visit_id}/cancel")
    assert "Chen Jing" not in _on_campus(officer) and "Li Na" in _on_campus(officer)
    assert set(_reminded(app)) == {"grace@example.edu"}
    host.post(f"/visits/{visit_id}/restore")
    assert "Chen Jing" in _on_campus(officer)


def test_a_save_from_a_form_opened_before_another_change_is_not_applied(app, host, officer):
    visit_id = create_visit(host)
    assert 'name="version" value="0"' in host.get(f"/visits/{visit_id}/edit").text
    assert (
        officer.post(
            f"/visits/{visit_id}/edit", data=visit_form(depart="2027-02-18", version="0")
        ).status_code
        == 303
    )
    late = host.post(f"/visits/{visit_id}/edit", data=visit_form(depart="2027-02-20", version="0"))
    assert late.status_code == 409
    assert "This visit was changed while you were editing it" in late.text
    assert 'value="2027-02-20"' in late.text and 'name="version" value="1"' in late.text  # kept, now current
    assert "2027-02-15 to 2027-02-18" in host.get(f"/visits/{visit_id}").text  # nothing written
    assert len(audit_events(app, visit_id, "visit.update")) == 1
    again = host.post(f"/visits/{visit_id}/edit", data=visit_form(depart="2027-02-20", version="1"))
    assert again.status_code == 303  # saving again from that page is a deliberate choice
    assert "2027-02-15 to 2027-02-20" in host.get(f"/visits/{visit_id}").text


def test_a_cancellation_meanwhile_also_stops_an_older_form(host):
    visit_id = create_visit(host)
    host.post(f"/visits/{visit_id}/cancel")
    host.post(f"/visits/{visit_id}/restore")
    stale = host.post(f"/visits/{visit_id}/edit", data=visit_form(depart="2027-02-20", version="0"))
    assert stale.status_code == 409 and 'name="version" value="2"' in stale.text
