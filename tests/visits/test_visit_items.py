"""The host marks the items of the visit's checklist done or not applicable, as on a trip's page."""

from __future__ import annotations

import re

import pytest

from tests.support.fixtures import TODAY
from tests.visits.helpers import audit_events, create_visit
from travelprep.db.engine import make_session_factory
from travelprep.visits.reminders import queue_host_reminders

pytestmark = pytest.mark.web
REQUIRED = "iic-visitor-advice"
RECOMMENDED = "visitor-access"  # recommended when the visitor only uses the group's labs


def mark(client, visit_id: int, item: str, status: str, note: str = "", **headers):
    return client.post(
        f"/visits/{visit_id}/items/{item}", data={"status": status, "note": note}, headers=headers
    )


def status_of(page: str, item: str) -> str:
    found = re.search(rf'<li class="item status-([a-z_]+)[^"]*" id="item-{item}"', page)
    assert found, f"{item} is not on the page"
    return found[1]


def test_the_host_marks_an_item_done_and_to_do_again_audited(app, host):
    visit_id = create_visit(host)
    page = host.get(f"/visits/{visit_id}").text
    assert status_of(page, REQUIRED) == "open" and f'action="/visits/{visit_id}/items/{REQUIRED}"' in page
    response = mark(host, visit_id, REQUIRED, "done")
    assert (
        response.status_code == 303 and response.headers["location"] == f"/visits/{visit_id}#item-{REQUIRED}"
    )
    page = host.get(f"/visits/{visit_id}").text
    assert status_of(page, REQUIRED) == "done" and "1 of 2 items finished" in page
    mark(host, visit_id, REQUIRED, "open")
    assert status_of(host.get(f"/visits/{visit_id}").text, REQUIRED) == "open"
    events = audit_events(app, visit_id, "item.status")
    assert [(e.detail["item"], e.detail["status"]) for e in events] == [
        (REQUIRED, "done"),
        (REQUIRED, "open"),
    ]


def test_a_required_item_needs_a_reason_to_be_not_applicable(app, host):
    visit_id = create_visit(host)
    response = mark(host, visit_id, REQUIRED, "not_applicable", "   ")
    assert response.status_code == 303
    assert response.headers["location"] == f"/visits/{visit_id}?reason_for={REQUIRED}#note-{REQUIRED}"
    page = host.get(response.headers["location"]).text
    assert "This item is required: write why it does not apply to this visit." in page
    assert status_of(page, REQUIRED) == "open" and audit_events(app, visit_id, "item.status") == []
    mark(host, visit_id, REQUIRED, "not_applicable", "IIC advised on <b>2026-10-01</b>.")
    page = host.get(f"/visits/{visit_id}").text
    assert status_of(page, REQUIRED) == "not_applicable"
    assert "Host's note: IIC advised on &lt;b&gt;2026-10-01&lt;/b&gt;." in page


def test_a_recommended_item_may_be_not_applicable_without_a_reason(host):
    visit_id = create_visit(host, **{"access.labs": "1"})
    assert mark(host, visit_id, RECOMMENDED, "not_applicable").status_code == 303
    assert status_of(host.get(f"/visits/{visit_id}").text, RECOMMENDED) == "not_applicable"


@pytest.mark.parametrize(
    ("item", "status", "note", "code", "message"),
    [
        (REQUIRED, "finished", "", 422, "Choose done, not applicable or to do"),
        (REQUIRED, "not_applicable", "x" * 2001, 422, "The reason is 2,001 characters long"),
        ("no-such-item", "done", "", 404, "not on the visit"),
        ("<script>", "done", "", 404, ""),
        (REQUIRED, "d" * 21, "", 422, ""),
    ],
)
def test_bad_marks_are_refused_clearly_and_save_nothing(app, host, item, status, note, code, message):
    visit_id = create_visit(host)
    response = mark(host, visit_id, item, status, note)
    assert response.status_code == code and message in response.text
    assert "<script>" not in response.text
    assert audit_events(app, visit_id, "item.status") == []


def test_control_characters_and_line_breaks_in_a_reason_become_spaces(host):
    visit_id = create_visit(host)
    mark(host, visit_id, REQUIRED, "not_applicable", "Advice\r\nBcc: x@evil.example\x00\x07given")
    page = host.get(f"/visits/{visit_id}").text
    assert "Host's note: Advice Bcc: x@evil.example given" in page


def test_only_the_host_marks_items(client, host, other_host, officer, admin):
    visit_id = create_visit(host)
    assert mark(other_host, visit_id, REQUIRED, "done").status_code == 404
    for staff in (officer, admin):
        refused = mark(staff, visit_id, REQUIRED, "done")
        assert refused.status_code == 403 and "Only the visit" in refused.text
        assert f'action="/visits/{visit_id}/items/' not in staff.get(f"/visits/{visit_id}").text
    assert mark(client, visit_id, REQUIRED, "done").status_code in (303, 401, 403)
    assert mark(host, visit_id, REQUIRED, "done", Origin="https://evil.example").status_code == 403
    assert status_of(host.get(f"/visits/{visit_id}").text, REQUIRED) == "open"


def test_a_cancelled_visit_s_items_cannot_be_marked(host):
    visit_id = create_visit(host)
    host.post(f"/visits/{visit_id}/cancel")
    assert mark(host, visit_id, REQUIRED, "done").status_code == 409
    assert f'action="/visits/{visit_id}/items/' not in host.get(f"/visits/{visit_id}").text


def test_an_item_marked_done_is_no_longer_reminded(app, host):
    visit_id = create_visit(host, arrive="2026-12-01", depart="2026-12-03")

    def reminded_items() -> set[str]:
        with make_session_factory(app.state.engine)() as session:
            queue_host_reminders(
                session, settings=app.state.settings, rulebook=app.state.rulebook, today=TODAY
            )
            from travelprep.db.models import OutboxMessage

            keys = {m.dedupe_key.split(":")[2] for m in session.query(OutboxMessage)}
            session.rollback()
        return keys

    assert REQUIRED in reminded_items()
    mark(host, visit_id, REQUIRED, "done")
    assert REQUIRED not in reminded_items()
