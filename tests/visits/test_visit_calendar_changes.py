"""The visit's .ics follows edits, cancellation and the host's marks, so a re-import updates in place."""

from __future__ import annotations

import re

import pytest

from tests.visits.helpers import create_visit, visit_form

pytestmark = pytest.mark.web
ITEM = "iic-visitor-advice"


def _ics(client, visit_id: int) -> str:
    response = client.get(f"/visits/{visit_id}/calendar.ics")
    assert response.status_code == 200
    return response.text


def _sequences(ics: str) -> set[int]:
    return {int(n) for n in re.findall(r"SEQUENCE:(\d+)", ics)}


def test_an_edit_bumps_the_sequence_under_the_same_uids(host):
    visit_id = create_visit(host)
    before = _ics(host, visit_id)
    assert _sequences(before) == {0} and "DTEND;VALUE=DATE:20270218" in before
    host.post(f"/visits/{visit_id}/edit", data=visit_form(depart="2027-02-19"))
    after = _ics(host, visit_id)
    assert _sequences(after) == {1} and "DTEND;VALUE=DATE:20270220" in after
    assert set(re.findall(r"UID:(\S+)", before)) <= set(re.findall(r"UID:(\S+)", after))


def test_a_cancelled_visit_s_events_are_marked_cancelled_and_come_back_when_restored(host):
    visit_id = create_visit(host)
    host.post(f"/visits/{visit_id}/cancel")
    cancelled = _ics(host, visit_id)
    assert "STATUS:CANCELLED" in cancelled and "SUMMARY:Cancelled: Visit of Chen Jing" in cancelled
    assert _sequences(cancelled) == {1}
    host.post(f"/visits/{visit_id}/restore")
    restored = _ics(host, visit_id)
    assert "STATUS:CANCELLED" not in restored and "STATUS:CONFIRMED" in restored
    assert _sequences(restored) == {2}


def test_an_item_marked_done_leaves_the_calendar(host):
    visit_id = create_visit(host)
    assert f"-{ITEM}@" in _ics(host, visit_id)
    host.post(f"/visits/{visit_id}/items/{ITEM}", data={"status": "done"})
    assert f"-{ITEM}@" not in _ics(host, visit_id)
