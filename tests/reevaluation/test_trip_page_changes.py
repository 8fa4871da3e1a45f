"""The trip page and the API after a real advisory import: "Changed since you last looked" until
dismissed (a same-origin POST by the owner only), the same diff in the API, and the stale banner."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from tests.reevaluation.conftest import feed_with
from tests.support.web import ORIGIN, api_token, create_trip, make_settings, sign_in
from tests.web.conftest import migrated_sqlite  # noqa: F401
from travelprep.reevaluation.trigger import data_changed
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.importers.advisories import import_advisories
from travelprep.web.app import create_app

pytestmark = pytest.mark.web
DAY = date(2026, 12, 2)
MEXICO = {
    "leg_count": "1",
    "legs[0].country": "Mexico",
    "legs[0].city": "Mexico City",
    "legs[0].arrive": "2027-03-10",
    "legs[0].depart": "2027-03-19",
}


def _import(folder, level: int, published: str) -> None:
    data = feed_with(mexico_level=level, published=published)
    import_advisories(data, origin=f"level-{level}.xml", store=DataStore(folder), allow_fewer=True)


@pytest.fixture
def setup(tmp_path, migrated_sqlite):  # noqa: F811
    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    _import(tmp_path, 2, "Tue, 06 Oct 2026 09:00:00 -0400")
    settings = make_settings(tmp_path, data_check_seconds=0)
    app = create_app(settings)
    app.state.clock = lambda: DAY
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as client:
        sign_in(client)
        trip_id = create_trip(client, **MEXICO)
        yield app, settings, client, trip_id
    app.state.engine.dispose()


def _move_mexico_to_level_4(settings) -> None:
    _import(settings.data_dir, 4, "Mon, 30 Nov 2026 09:00:00 -0500")
    summary = data_changed(settings, cause="the advisory import of 2026-11-30", today=DAY)
    assert summary.changed == 1


def _panel(page: str) -> str | None:
    found = re.search(r'<section class="changes".*?</section>', page, re.S)
    return found and found.group(0)


def test_the_panel_shows_the_reason_until_the_traveler_dismisses_it(setup):
    app, settings, client, trip_id = setup
    assert _panel(client.get(f"/trips/{trip_id}").text) is None
    _move_mexico_to_level_4(settings)
    panel = _panel(client.get(f"/trips/{trip_id}").text)
    assert "Changed since you last looked" in panel
    assert "Mexico&#39;s advisory moved from Level 2 to Level 4 on 2026-11-30: new required item" in panel
    up_to = re.search(r'name="up_to" value="(\d+)"', panel).group(1)

    response = client.post(f"/trips/{trip_id}/changes/dismiss", data={"up_to": up_to})
    assert response.status_code == 303 and response.headers["location"] == f"/trips/{trip_id}"
    assert _panel(client.get(f"/trips/{trip_id}").text) is None


def test_the_api_gives_the_same_diff_in_the_contract_shape(setup):
    app, settings, client, trip_id = setup
    token = api_token(app)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/trips/{trip_id}", headers=headers).json()["changes"] == []
    _move_mexico_to_level_4(settings)
    changes = client.get(f"/api/v1/trips/{trip_id}", headers=headers).json()["changes"]
    assert all(set(c) == {"item", "change", "reason"} for c in changes)
    assert {"item": "do-not-travel", "change": "added"}.items() <= next(
        c for c in changes if c["item"] == "do-not-travel"
    ).items()
    assert "Mexico's advisory moved from Level 2 to Level 4" in changes[0]["reason"]
    panel = _panel(client.get(f"/trips/{trip_id}").text)
    assert all(str(escape(c["reason"])) in panel for c in changes)


def test_the_api_dismisses_what_was_read_and_a_newer_diff_stays(setup):
    app, settings, client, trip_id = setup
    headers = {"Authorization": f"Bearer {api_token(app)}"}
    _move_mexico_to_level_4(settings)
    read = client.get(f"/api/v1/trips/{trip_id}", headers=headers).json()
    assert read["changes"] and read["changes_id"] >= 1
    # Another person's token cannot, and a bad body names its field.
    other = {"Authorization": f"Bearer {api_token(app, email='mallory@example.edu')}"}
    assert client.post(f"/api/v1/trips/{trip_id}/changes/dismiss", headers=other).status_code == 404
    bad = client.post(f"/api/v1/trips/{trip_id}/changes/dismiss", headers=headers, json={"up_to": "x"})
    assert bad.status_code == 422 and "up_to" in bad.text
    # Dismissing the diff read leaves a newer one shown (Mexico back to Level 2 meanwhile).
    _import(settings.data_dir, 2, "Tue, 01 Dec 2026 09:00:00 -0500")
    assert data_changed(settings, cause="the advisory import of 2026-12-01", today=DAY).changed == 1
    older = client.post(
        f"/api/v1/trips/{trip_id}/changes/dismiss", headers=headers, json={"up_to": read["changes_id"]}
    )
    newest = older.json()
    assert older.status_code == 200 and newest["changes_id"] > read["changes_id"]
    assert newest["changes"] and newest["changes"] != read["changes"]
    done = client.post(f"/api/v1/trips/{trip_id}/changes/dismiss", headers=headers, json={})
    assert done.status_code == 200 and done.json()["changes"] == [] and done.json()["changes_id"] is None
    assert _panel(client.get(f"/trips/{trip_id}").text) is None  # the page agrees
    assert client.post(f"/api/v1/trips/{trip_id}/changes/dismiss", headers=headers).status_code == 200


def test_only_the_owner_dismisses_and_only_from_the_same_site(setup):
    app, settings, client, trip_id = setup
    _move_mexico_to_level_4(settings)
    up_to = re.search(r'name="up_to" value="(\d+)"', client.get(f"/trips/{trip_id}").text).group(1)
    for hostile in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site", "Origin": ORIGIN}):
        refused = client.post(f"/trips/{trip_id}/changes/dismiss", data={"up_to": up_to}, headers=hostile)
        assert refused.status_code == 403
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as other:
        sign_in(other, email="mallory@example.edu")
        assert other.post(f"/trips/{trip_id}/changes/dismiss", data={"up_to": up_to}).status_code == 404
        assert other.get(f"/trips/{trip_id}").status_code == 404
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as staff:
        sign_in(staff, email="officer@example.edu", role="compliance")
        page = staff.get(f"/trips/{trip_id}").text
        assert (
            "Changed since you last looked" in page and "/changes/dismiss" not in page
        )  # sees, cannot dismiss
    assert _panel(client.get(f"/trips/{trip_id}").text) is not None


@pytest.mark.parametrize("up_to", ["", "abc", "-1", "9" * 30, "<script>"])
def test_a_tampered_dismiss_form_is_refused_without_a_500(setup, up_to):
    app, settings, client, trip_id = setup
    response = client.post(f"/trips/{trip_id}/changes/dismiss", data={"up_to": up_to})
    assert 400 <= response.status_code < 500
    assert "<script>" not in response.text


def test_a_stale_source_is_named_on_the_trip_page_the_quick_check_and_the_api(setup):
    app, settings, client, trip_id = setup
    # The advisories in force are as of 2026-10-07 (the newest entry): 56 days old on 2026-12-02.
    page = client.get(f"/trips/{trip_id}").text
    banner = re.search(r'<section class="stale-data".*?</section>', page, re.S).group(0)
    assert "State Department travel advisories" in banner and "30-day limit" in banner
    assert "as of 2026-10-07: 56 days old" in banner
    stale = client.get(
        f"/api/v1/trips/{trip_id}", headers={"Authorization": f"Bearer {api_token(app)}"}
    ).json()
    assert any(s["kind"] == "advisories" for s in stale["checklist"]["data"]["stale"])
    quick = client.post("/check", data={**_quick_check_form(), **MEXICO})
    assert 'class="stale-data"' in quick.text and "State Department travel advisories" in quick.text


def _quick_check_form() -> dict:
    from tests.support.web import form_data

    data = form_data()
    data.pop("save", None)
    return data


def test_compliance_sees_what_each_data_change_did_and_which_trips(setup):
    app, settings, client, trip_id = setup
    assert client.get("/staff/changes").status_code == 403  # travelers do not
    _move_mexico_to_level_4(settings)
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as staff:
        sign_in(staff, email="officer@example.edu", role="compliance")
        page = staff.get("/staff/changes").text
        assert "The advisory import of 2026-11-30 changed 1 trip: " in page
        assert "1 now need &#39;Make a safety plan for a high-risk destination&#39;" in page
        assert f'href="/trips/{trip_id}"' in page and "Ada Lovelace" in page
        assert staff.get("/staff/changes?change=999").status_code == 404
        assert staff.get("/staff/changes?change=abc").status_code == 422


def test_compliance_staff_see_stale_sources_where_they_land(setup):
    app, settings, client, trip_id = setup
    assert 'class="stale-data"' not in client.get("/trips").text  # travelers: on each trip instead
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as staff:
        sign_in(staff, email="officer@example.edu", role="compliance")
        landing = staff.get(staff.get("/").headers["location"]).text
        banner = re.search(r'<section class="stale-data".*?</section>', landing, re.S).group(0)
        assert "State Department travel advisories</strong>, as of 2026-10-07: 56 days old" in banner
