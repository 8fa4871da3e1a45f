"""/trips/{id}/checklist.pdf: the print layout as a file, for the same people as the trip page."""

from __future__ import annotations

import sys

import pytest

from tests.support.web import create_trip, sign_in
from travelprep.trips.checklist_pdf import _local_stylesheets_only, laid_out

pytestmark = pytest.mark.web


def text_of(document) -> str:
    """Every piece of text WeasyPrint laid out, page by page (its own document API)."""
    found: list[str] = []

    def walk(box) -> None:
        if getattr(box, "text", None):
            found.append(box.text)
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(found)


def test_the_pdf_is_a_pdf_for_the_owner(client):
    sign_in(client)
    trip_id = create_trip(client, trip_name="Shanghai & Tokyo talks")
    answer = client.get(f"/trips/{trip_id}/checklist.pdf")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    assert f'filename="trip-{trip_id}-checklist.pdf"' in answer.headers["content-disposition"]


def test_the_pdf_holds_the_checklist_with_reasons_and_due_dates_without_controls(client):
    sign_in(client)
    trip_id = create_trip(client, trip_name="Shanghai & Tokyo talks")
    html = client.get(f"/trips/{trip_id}").text  # what the PDF is laid out from
    document = laid_out(html)
    text = text_of(document)
    assert "Shanghai & Tokyo talks" in text
    assert "Borrow a clean loaner laptop or phone from IS&T" in text
    assert "Why:" in text and "China is on the institute's elevated-risk list" in text
    assert "Due 2027-02-23" in text
    assert "Shanghai, China" in text and "2027-03-10 to 2027-03-15" in text  # the stops
    for control in ("Mark done", "Edit itinerary", "Cancel this trip", "Sign out", "Quick check"):
        assert control not in text, control
    assert len(document.pages) >= 2


def test_others_get_404_and_staff_may_read_it(client, other_client):
    sign_in(client)
    trip_id = create_trip(client)
    sign_in(other_client, email="mallory@example.edu")
    assert other_client.get(f"/trips/{trip_id}/checklist.pdf").status_code == 404
    sign_in(other_client, email="officer@example.edu", role="compliance")
    assert other_client.get(f"/trips/{trip_id}/checklist.pdf").status_code == 200


def test_signed_out_is_sent_to_sign_in(client):
    answer = client.get("/trips/1/checklist.pdf")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/signin")


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://travelprep.invalid/static/../../pyproject.toml",
        "file:///etc/passwd",
        "https://travelprep.invalid/static/app.css.map",
    ],
)
def test_the_pdf_fetches_nothing_but_the_apps_stylesheet(url):
    with pytest.raises(ValueError):
        _local_stylesheets_only(url)
    assert _local_stylesheets_only("https://travelprep.invalid/static/app.css") is not None


def test_without_weasyprint_the_pdf_is_a_503_that_says_what_to_do(client, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a server without it (or pango)
    sign_in(client)
    trip_id = create_trip(client)
    answer = client.get(f"/trips/{trip_id}/checklist.pdf")
    assert answer.status_code == 503
    assert "Print command on the trip page" in answer.text
