"""The host's pages: /visits/new (CSRF-checked form that keeps what was typed) and /visits/{id}."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.visits.helpers import create_visit, visit_form

pytestmark = pytest.mark.web


def test_the_form_is_for_signed_in_hosts(client, host):
    assert client.get("/visits/new").status_code in (303, 401)
    page = host.get("/visits/new")
    assert page.status_code == 200 and 'name="visitor.affiliations[2].institution"' in page.text
    assert 'value="ada@example.edu"' in page.text


def test_a_saved_visit_shows_the_host_s_checklist(host):
    visit_id = create_visit(host)
    page = host.get(f"/visits/{visit_id}")
    assert page.status_code == 200
    assert 'id="item-iic-visitor-advice"' in page.text and 'id="item-visitor-invitation-letter"' in page.text
    assert "Current affiliation: Tongji University, China" in page.text
    assert "Short notice" in page.text
    assert host.get("/visits").text.count(f'href="/visits/{visit_id}"') == 1


def test_errors_are_shown_next_to_the_fields_and_what_was_typed_is_kept(host):
    response = host.post(
        "/visits/new",
        data=visit_form(**{
            "visitor.affiliations[0].institution": "",
            "visitor.affiliations[0].country": "",
            "visitor.affiliations[1].institution": "Inria",
            "visitor.affiliations[1].country": "Narnia",
            "depart": "2027-02-01",
            "visitor.name": "Chen <b>Jing</b>",
        }),
    )  # fmt: skip
    assert response.status_code == 400
    text = response.text
    assert 'id="visitor-affiliations-1-country-error"' in text and "unknown country code" in text
    assert 'id="depart-error"' in text and "before arrive" in text
    assert 'value="Inria"' in text and 'value="Narnia"' in text
    assert "Chen &lt;b&gt;Jing&lt;/b&gt;" in text and "<b>Jing</b>" not in text


def test_a_form_post_from_another_site_is_refused(app, host):
    response = host.post("/visits/new", data=visit_form(), headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    with TestClient(app, follow_redirects=False) as bare:  # no Origin and no Sec-Fetch-Site: a script
        cookies = host.cookies
        bare.cookies.update(cookies)
        assert bare.post("/visits/new", data=visit_form()).status_code == 403


def test_hostile_text_is_escaped_on_the_checklist(host):
    visit_id = create_visit(
        host,
        **{
            "visitor.name": "<script>alert(1)</script>",
            "visitor.affiliations[0].institution": '"><img src=x onerror=alert(1)>',
            "institutions": "Acme\r\nBcc: evil@example.org",
        },
    )
    text = host.get(f"/visits/{visit_id}").text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img src=x" not in text
    assert "Acme" in text and "Bcc: evil@example.org" in text  # two names, one per line


def test_a_huge_field_is_refused_not_a_500(host):
    response = host.post("/visits/new", data=visit_form(**{"visitor.name": "x" * 100_000}))
    assert response.status_code == 400 and 'id="visitor-name-error"' in response.text


@pytest.mark.parametrize("who", ["other_host", "desk"])
def test_other_hosts_and_desk_staff_get_404(request, host, who):
    visit_id = create_visit(host)
    other = request.getfixturevalue(who)
    assert other.get(f"/visits/{visit_id}").status_code == 404
    assert other.get("/visits/999999").status_code == 404
    assert f"/visits/{visit_id}" not in other.get("/visits").text


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_compliance_and_admin_see_every_visit(request, host, who):
    visit_id = create_visit(host)
    page = request.getfixturevalue(who).get(f"/visits/{visit_id}")
    assert page.status_code == 200 and "Chen Jing" in page.text


def test_ids_that_are_not_numbers_are_not_found(host):
    assert host.get("/visits/abc").status_code in (404, 422)
    assert host.get("/visits/0").status_code in (404, 422)


def test_a_second_post_makes_a_second_visit_not_a_500(host):
    first, second = create_visit(host), create_visit(host)
    assert second == first + 1
    assert re.findall(r'href="/visits/(\d+)"', host.get("/visits").text) == [str(first), str(second)]


def test_the_host_downloads_the_deadlines_as_a_calendar(host, other_host):
    from icalendar import Calendar

    visit_id = create_visit(host, **{"visitor.name": "Chen\r\nJing <b>"})
    response = host.get(f"/visits/{visit_id}/calendar.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sum(uid.startswith(f"visit-{visit_id}@") for uid in events) == 1  # the visit itself
    letter = next(
        e for uid, e in events.items() if uid.startswith(f"visit-{visit_id}-visitor-invitation-letter@")
    )
    assert str(letter["DTSTART"].dt) == "2026-10-18"  # 120 days before arrival
    (alarm,) = letter.walk("VALARM")
    assert alarm["TRIGGER"].dt.total_seconds() < 0
    whole = next(e for uid, e in events.items() if uid.startswith(f"visit-{visit_id}@"))
    assert "\r" not in str(whole["SUMMARY"]) and str(whole["SUMMARY"]) == "Visit of Chen Jing <b>"
    assert again_the_same_uids(host, visit_id, set(events))
    assert other_host.get(f"/visits/{visit_id}/calendar.ics").status_code == 404


def again_the_same_uids(client, visit_id: int, uids: set[str]) -> bool:
    from icalendar import Calendar

    calendar = Calendar.from_ical(client.get(f"/visits/{visit_id}/calendar.ics").content)
    return {str(e["UID"]) for e in calendar.walk("VEVENT")} == uids


def test_a_permanent_resident_needs_no_deemed_export_review(host):
    controlled = {"access.export_controlled": "1", "purposes": ["lab_work"]}
    foreign = host.get(f"/visits/{create_visit(host, **controlled)}").text
    resident = host.get(
        f"/visits/{create_visit(host, **controlled, **{'visitor.us_permanent_resident': '1'})}"
    ).text
    assert 'id="item-deemed-export-review"' in foreign and 'id="item-deemed-export-review"' not in resident
