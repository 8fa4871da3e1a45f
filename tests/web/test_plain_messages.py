"""Messages in plain words: which field, what to do; a bad trip address is a 404 page."""

from __future__ import annotations

import pytest

from tests.support.web import create_trip, form_data, sign_in
from travelprep.trips.form_messages import plain_message

pytestmark = pytest.mark.web

RAW = ("after validation", "String should", "Input should", "Field required", "Value error")


@pytest.mark.parametrize("path", ["/trips/abc", "/trips/abc/edit", "/trips/1e3/history", "/trips/-/cancel"])
def test_a_trip_address_that_is_not_a_number_is_a_404_page(client, path):
    sign_in(client)
    page = client.get(path)
    assert page.status_code == 404
    assert "There is no such page" in page.text and "<h1>Not found</h1>" in page.text


def test_the_api_keeps_its_422_for_a_bad_id(client):
    assert client.get("/api/v1/trips/abc", headers={"Authorization": "Bearer x"}).status_code in (401, 422)


def test_a_bad_query_value_is_named_in_plain_words(client):
    sign_in(client)
    trip_id = create_trip(client)
    page = client.get(f"/trips/{trip_id}?order=zzz")
    assert page.status_code == 422
    assert "order" in page.text and "Follow the link again" in page.text
    assert not any(raw in page.text for raw in RAW)


def test_too_many_institutions_is_a_sentence_naming_the_field(client):
    sign_in(client)
    lines = "\n".join(f"University {n}" for n in range(51))
    page = client.post("/trips/new", data=form_data(institutions=lines))
    assert page.status_code == 400
    assert "Institutions</a>: Enter at most 50; remove some and save again." in page.text
    assert not any(raw in page.text for raw in RAW)
    assert "University 50" in page.text  # what was typed is kept


def test_an_overlong_institution_and_city(client):
    sign_in(client)
    data = form_data(institutions="U" * 300, **{"legs[0].city": "C" * 250})
    page = client.post("/trips/new", data=data)
    assert page.status_code == 400
    assert page.text.count("Use at most 200 characters.") >= 2
    assert not any(raw in page.text for raw in RAW)


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("List should have at most 200 items after validation, not 201", "Enter at most 200"),
        ("String should have at least 1 character", "Fill this in."),
        ("Field required", "Fill this in."),
        ("must be one of: 'a', 'b'", "Choose one of the options offered."),
        ("Input should be a valid boolean", "check it and save again"),
        ("return (2027-01-01) is before departure (2027-02-01)", "is before departure"),
    ],
)
def test_validator_texts_become_instructions(raw, plain):
    assert plain in plain_message("purposes", raw)
