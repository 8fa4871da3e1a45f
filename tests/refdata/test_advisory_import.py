"""Importing the advisory feed into the data store: atomic, reported, and never online in tests."""

from __future__ import annotations

import httpx
import pytest

from tests.refdata.conftest import feed
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.importers import ImportRefused
from travelprep.refdata.importers.advisories import fetch_feed, import_advisories, level_changes
from travelprep.refdata.loading import AdvisoriesPayload, load_current_rulebook

SHIPPED = {"KH": 2, "GB": 2, "CN": 2, "RU": 4}


def test_an_import_overrides_the_shipped_snapshot(data_dir):
    store = DataStore(data_dir)
    import_advisories(feed("advisories.xml"), origin="advisories.xml", store=store)
    _, payload = store.read("advisories")
    AdvisoriesPayload.model_validate(payload)  # the shape loading.py accepts
    book = load_current_rulebook(data_dir=data_dir).countries
    assert book.destination("KH").advisory_level == 1  # shipped snapshot says 2
    assert book.destination("PS").advisory_level == 4
    assert book.destination("RU").advisory_level is None  # not in this sample feed
    assert book.destination("MX").advisory.source.endswith("destination.mex.html")


def test_the_import_reports_level_changes_against_what_was_in_force(data_dir):
    done = import_advisories(
        feed("advisories.xml"), origin="advisories.xml", store=DataStore(data_dir), previous=SHIPPED
    )
    assert "Cambodia (KH): Level 2 -> 1" in done.changes
    assert "Mexico (MX): now Level 2" in done.changes
    assert done.changes[-1] == "not in this feed, so now unknown (1): RU"
    assert not any("United Kingdom" in line for line in done.changes)  # unchanged at 2


def test_level_changes_lists_nothing_when_nothing_changed():
    assert level_changes({"CN": 2}, {"CN": 2}) == []


def test_a_failed_import_leaves_the_previous_version_in_force(data_dir):
    store = DataStore(data_dir)
    good = import_advisories(feed("advisories.xml"), origin="advisories.xml", store=store)
    for bad in ("truncated.xml", "atom.xml", "billion-laughs.xml", "no-items.xml"):
        with pytest.raises(ImportRefused):
            import_advisories(feed(bad), origin=bad, store=store)
    assert [v.version for v in store.versions("advisories")] == [good.version.version]
    assert store.read("advisories")[0].origin == "advisories.xml"
    assert load_current_rulebook(data_dir=data_dir).countries.destination("KH").advisory_level == 1


def test_a_feed_that_looks_cut_short_is_refused_unless_allowed(data_dir):
    store = DataStore(data_dir)
    many = {code: 2 for code in ["FR", "ES", "PT", "NO", "SE", "FI", "DK", "IS", "IE", "AT"] * 4}
    many |= {f"{a}{b}": 1 for a in "AB" for b in "DEFGHIJLMNORSTWZ"}
    with pytest.raises(ImportRefused, match="looks cut short"):
        import_advisories(feed("advisories.xml"), origin="a.xml", store=store, previous=many)
    assert store.read("advisories") is None
    done = import_advisories(
        feed("advisories.xml"), origin="a.xml", store=store, previous=many, allow_fewer=True
    )
    assert done.version.entries == 15


def _client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_the_feed_is_fetched_over_https():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=feed("advisories.xml"))

    data = fetch_feed("https://travel.state.gov/_res/rss/TAsTWs.xml", client=_client(handler))
    assert data.startswith(b"<?xml") and seen == ["https://travel.state.gov/_res/rss/TAsTWs.xml"]


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (lambda request: httpx.Response(503), "HTTP 503"),
        (lambda request: (_ for _ in ()).throw(httpx.ConnectTimeout("timed out")), "could not fetch"),
    ],
)
def test_fetch_failures_are_refusals(handler, message):
    with pytest.raises(ImportRefused, match=message):
        fetch_feed("https://travel.state.gov/_res/rss/TAsTWs.xml", client=_client(handler))


def test_plain_http_is_refused():
    with pytest.raises(ImportRefused, match="https://"):
        fetch_feed(
            "http://travel.state.gov/_res/rss/TAsTWs.xml", client=_client(lambda request: httpx.Response(200))
        )


def test_the_payload_names_the_url_it_came_from(data_dir):
    store = DataStore(data_dir)
    url = "https://travel.state.gov/_res/rss/TAsTWs.xml?mirror=1"
    import_advisories(feed("advisories.xml"), origin=url, store=store, source_url=url)
    version, payload = store.read("advisories")
    assert payload["source"] == url and version.origin == url and version.as_of == "2026-10-07"
