"""The quick check lands on its answer, and what was typed goes through sign-in to the trip form."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.web import form_data, sign_in
from travelprep.trips.check_draft import MAX_DRAFT, decode_draft, encode_draft

pytestmark = pytest.mark.web


def _quick(client, **changes):
    data = form_data(**{"traveler.name": "", "traveler.email": "", **changes})
    return client.post("/check", data=data)


def test_the_answer_comes_first_and_takes_the_focus(client):
    page = _quick(client).text
    assert page.index('id="results"') < page.index('<form method="post" action="/check"')
    assert re.search(r'<h2 id="result-heading" tabindex="-1" autofocus>', page)


def test_sign_in_to_save_carries_what_was_typed_into_the_new_trip_form(client):
    page = _quick(client, **{"legs[0].city": "Shanghai <b>", "carrying.devices": ["none"]}).text
    link = unescape(re.search(r'href="(/signin\?next=[^"]+)"', page)[1])
    assert "Sign in to save this trip" in page
    next_url = parse_qs(urlsplit(link).query)["next"][0]
    assert next_url.startswith("/trips/new?draft=")

    signin = client.get(link)
    assert signin.status_code == 200
    assert (
        client.post(
            "/signin", data={"email": "ada@example.edu", "role": "traveler", "next": next_url}
        ).headers["location"]
        == next_url
    )

    form = client.get(next_url)
    assert form.status_code == 200
    assert "filled with what you typed in the quick check" in form.text
    assert 'value="Shanghai &lt;b&gt;"' in form.text
    assert 'value="China"' in form.text and 'value="2027-03-10"' in form.text
    assert 'id="devices-none" name="carrying.devices" type="checkbox" value="none" checked' in form.text
    # Blank traveler details in the quick check leave the profile's (the signed-in email) in place.
    assert 'value="ada@example.edu"' in form.text


def test_a_signed_in_traveler_gets_save_this_trip(client):
    sign_in(client)
    page = _quick(client).text
    assert re.search(r'href="/trips/new\?draft=[^"]+">Save this trip', page)


@pytest.mark.parametrize("draft", ["not-base64!!", "bnVsbA", "W10", "x" * (MAX_DRAFT + 1)])
def test_a_broken_draft_link_starts_an_empty_form(client, draft):
    sign_in(client)
    page = client.get(f"/trips/new?draft={draft}")
    assert page.status_code == 200
    assert "could not be read" in page.text


def test_drafts_round_trip_and_too_long_ones_are_not_made():
    data = {"legs": [{"country": "CN", "city": "北京"}], "traveler": {"name": ""}}
    assert decode_draft(encode_draft(data)) == data
    assert encode_draft({"institutions": ["x" * 10_000]}) is None


def test_add_another_stop_keeps_the_place_and_focuses_the_new_stop(client):
    page = client.post("/check", data=form_data(add_leg="1", save=None))
    assert page.status_code == 200
    assert re.search(r'id="legs-2-country"[^>]*autofocus', page.text)
    assert page.text.count("autofocus") == 1
