"""Research Compliance decides on a visitor's screening hits, on the review pages trips use."""

from __future__ import annotations

import pytest

from tests.visits.helpers import (
    ENTITY,
    LISTED,
    MATCH,
    audit_events,
    decide,
    item_ids,
    listed_visit,
    visit_form,
)

pytestmark = pytest.mark.web


def test_a_listed_affiliation_is_raised_and_shown_to_compliance(host, officer):
    visit_id = listed_visit(host)
    assert MATCH in item_ids(host.get(f"/visits/{visit_id}").text)
    page = officer.get(f"/visits/{visit_id}/screening")
    assert page.status_code == 200
    assert f"{LISTED} → Harbin Institute of Technology" in page.text
    assert 'value="shipped:hit"' in page.text and "Undecided" in page.text
    assert f'href="/visits/{visit_id}/screening"' in officer.get(f"/visits/{visit_id}").text
    assert f'href="/visits/{visit_id}/screening"' not in host.get(f"/visits/{visit_id}").text


@pytest.mark.parametrize("decision", ["false_positive", "cleared"])
def test_a_cleared_hit_leaves_the_host_s_checklist_and_is_audited(app, host, officer, decision):
    visit_id = listed_visit(host)
    response = decide(officer, visit_id, decision, "Same name, different institute in Weihai.")
    assert response.status_code == 303 and response.headers["location"] == f"/visits/{visit_id}/screening"
    assert MATCH not in item_ids(host.get(f"/visits/{visit_id}").text)
    [event] = audit_events(app, visit_id, "screening.decision")
    assert event.detail["decision"] == decision and event.detail["previous"] is None
    assert (
        event.detail["entity_id"] == ENTITY
        and event.detail["note"] == "Same name, different institute in Weihai."
    )
    staff_page = officer.get(f"/visits/{visit_id}/screening").text
    assert "officer@example.edu" in staff_page and "Decisions recorded on this visit" in staff_page
    assert "different institute in Weihai" not in host.get(f"/visits/{visit_id}").text  # the note is internal


def test_an_escalated_hit_stays_raised_and_a_revision_is_audited(app, host, officer):
    visit_id = listed_visit(host)
    decide(officer, visit_id, "escalated", "Ask Export Control.")
    assert MATCH in item_ids(host.get(f"/visits/{visit_id}").text)
    decide(officer, visit_id, "cleared", "Export Control agreed.")
    assert MATCH not in item_ids(host.get(f"/visits/{visit_id}").text)
    events = audit_events(app, visit_id, "screening.decision")
    assert [(e.detail["previous"], e.detail["decision"]) for e in events] == [
        (None, "escalated"),
        ("escalated", "cleared"),
    ]


def test_the_decision_is_kept_when_the_visit_is_edited_and_screened_again(host, officer):
    visit_id = listed_visit(host)
    decide(officer, visit_id, "false_positive", "Not the listed party.")
    edited = visit_form(**{"visitor.affiliations[0].institution": LISTED, "depart": "2027-02-20"})
    assert host.post(f"/visits/{visit_id}/edit", data=edited).status_code == 303
    assert MATCH not in item_ids(host.get(f"/visits/{visit_id}").text)
    assert "False positive" in officer.get(f"/visits/{visit_id}/screening").text


def test_a_decision_on_another_visit_does_not_carry_over(host, other_host, officer):
    mine, theirs = listed_visit(host), listed_visit(other_host, **{"host.email": "grace@example.edu"})
    decide(officer, mine, "cleared", "Checked.")
    assert MATCH in item_ids(other_host.get(f"/visits/{theirs}").text)


def test_nobody_decides_on_a_visit_they_host(app, officer):
    visit_id = listed_visit(officer, **{"host.email": "officer@example.edu"})
    response = decide(officer, visit_id, "cleared", "It is fine.")
    assert response.status_code == 403
    assert "another compliance officer" in response.text
    assert audit_events(app, visit_id, "screening.decision") == []
    assert MATCH in item_ids(officer.get(f"/visits/{visit_id}").text)


def test_admins_decide_too(host, admin):
    visit_id = listed_visit(host)
    assert admin.get(f"/visits/{visit_id}/screening").status_code == 200
    assert decide(admin, visit_id, "cleared", "Checked by the admin.").status_code == 303
    assert MATCH not in item_ids(host.get(f"/visits/{visit_id}").text)


def test_hosts_and_other_travellers_may_not_open_or_post_the_review(client, host, other_host):
    visit_id = listed_visit(host)
    for who in (host, other_host):
        assert who.get(f"/visits/{visit_id}/screening").status_code == 403
        assert decide(who, visit_id, "cleared").status_code == 403
    assert client.get(f"/visits/{visit_id}/screening").status_code in (303, 401)
    assert client.post(f"/visits/{visit_id}/screening", data={}).status_code in (303, 401, 403)


def test_a_missing_visit_is_404_for_staff(officer):
    assert officer.get("/visits/999/screening").status_code == 404
    assert decide(officer, 999, "cleared").status_code == 404


def test_a_name_that_is_not_a_hit_of_the_visit_is_refused(app, host, officer):
    visit_id = listed_visit(host)
    response = decide(officer, visit_id, "cleared", entity_id="shipped:other")
    assert response.status_code == 404
    assert audit_events(app, visit_id, "screening.decision") == []


def test_the_decision_form_refuses_cross_site_posts(app, host, officer):
    visit_id = listed_visit(host)
    data = {"query": LISTED, "entity_id": ENTITY, "decision": "cleared", "note": "x"}
    response = officer.post(
        f"/visits/{visit_id}/screening", data=data, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert audit_events(app, visit_id, "screening.decision") == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"note": "   "}, "note", "write a note"),
        ({"note": "x" * 2001}, "note", "keep it to 2,000"),
        ({"decision": "confirmed<script>"}, "decision", "Choose false positive, cleared or escalated."),
        ({"query": "q" * 201}, "query", "at most 200"),
    ],
)
def test_hostile_decision_input_gets_the_form_back_with_the_error(app, host, officer, fields, field, message):
    visit_id = listed_visit(host)
    response = decide(officer, visit_id, **({"decision": "cleared", "note": "ok"} | fields))
    assert response.status_code == 400
    assert message.lower() in response.text.lower()
    assert "<script>" not in response.text
    assert audit_events(app, visit_id, "screening.decision") == []


def test_html_and_control_characters_in_a_note_are_cleaned_and_escaped(host, officer):
    visit_id = listed_visit(host)
    decide(officer, visit_id, "escalated", "<img src=x onerror=alert(1)>\r\nline\x07two\u202e")
    page = officer.get(f"/visits/{visit_id}/screening").text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\x07" not in page and "\u202e" not in page


def test_the_host_sees_the_state_of_each_hit_never_the_note(host, officer):
    visit_id = listed_visit(host)
    page = host.get(f"/visits/{visit_id}").text
    assert "Restricted-party screening" in page and "Under review by Research Compliance" in page
    decide(officer, visit_id, "false_positive", "Internal: spoke with the Weihai campus.")
    page = host.get(f"/visits/{visit_id}").text
    assert "Cleared by Research Compliance: not the listed party" in page
    assert "Weihai" not in page and "Under review" not in page
