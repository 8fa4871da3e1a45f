"""Who may see what, CSRF, cookies and escaping."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.support.web import api_token, create_trip, form_data, make_settings, sign_in
from travelprep.web.app import create_app

pytestmark = pytest.mark.web

XSS = "<script>alert(1)</script>"


def _object_requests(trip_id: int) -> list[tuple[str, str, dict]]:
    item = f"/trips/{trip_id}/items/register-trip"
    return [
        ("GET", f"/trips/{trip_id}", {}),
        ("GET", f"/trips/{trip_id}/edit", {}),
        ("GET", f"/trips/{trip_id}/history", {}),
        ("POST", f"/trips/{trip_id}/edit", {"data": form_data()}),
        ("POST", item, {"data": {"status": "done"}}),
        ("POST", f"/trips/{trip_id}/cancel", {}),
    ]


def test_another_traveler_gets_404_on_every_trip_url(client, other_client):
    sign_in(client, "ada@example.edu")
    trip_id = create_trip(client)
    sign_in(other_client, "eve@example.edu")
    for method, url, kwargs in _object_requests(trip_id):
        response = other_client.request(method, url, **kwargs)
        assert response.status_code == 404, (method, url)
    assert client.get(f"/trips/{trip_id}").status_code == 200  # unchanged for the owner


def test_another_traveler_gets_404_on_every_api_url(app, client):
    sign_in(client, "ada@example.edu")
    trip_id = create_trip(client)
    api = TestClient(app, headers={"Authorization": f"Bearer {api_token(app, 'eve@example.edu')}"})
    base = f"/api/v1/trips/{trip_id}"
    assert api.get(base).status_code == 404
    assert api.put(base, json={}).status_code == 404
    assert api.delete(base).status_code == 404
    assert api.patch(f"{base}/items/register-trip", json={"status": "done"}).status_code == 404


def test_staff_pages_are_403_for_travelers_and_loaner_staff(client, other_client):
    sign_in(client, "ada@example.edu", "traveler")
    sign_in(other_client, "desk@example.edu", "loaner_staff")
    for path in ("/staff/trips", "/staff/trips.csv", "/staff/abroad"):
        assert client.get(path).status_code == 403, path
        assert other_client.get(path).status_code == 403, path


def test_compliance_may_view_but_not_change_a_travelers_trip(client, other_client):
    sign_in(client, "ada@example.edu")
    trip_id = create_trip(client)
    sign_in(other_client, "officer@example.edu", "compliance")
    assert other_client.get(f"/trips/{trip_id}").status_code == 200
    assert "Mark done" not in other_client.get(f"/trips/{trip_id}").text
    assert other_client.post(f"/trips/{trip_id}/cancel").status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-site"},
        {},
    ],
)
def test_cross_site_posts_are_refused(app, client, headers):
    sign_in(client)
    trip_id = create_trip(client)
    attacker = TestClient(app, follow_redirects=False)
    attacker.cookies = client.cookies
    response = attacker.post(f"/trips/{trip_id}/cancel", headers=headers)
    assert response.status_code == 403
    assert "Cancelled" not in client.get(f"/trips/{trip_id}").text


def test_same_origin_fetch_metadata_is_accepted(app, client):
    sign_in(client)
    trip_id = create_trip(client)
    browser = TestClient(app, follow_redirects=False)
    browser.cookies = client.cookies
    response = browser.post(f"/trips/{trip_id}/cancel", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303


def test_session_cookie_is_httponly_and_samesite_lax(client):
    response = client.post("/signin", data={"email": "a@example.edu", "role": "traveler"})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_cookie_is_secure_and_dev_signin_refused_in_production(tmp_path, migrated_sqlite, rulebook):
    import shutil

    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    settings = make_settings(
        tmp_path,
        env="production",
        secret_key="s" * 40,
        auth_mode="proxy",
        trusted_proxies=["testclient"],
        allow_sqlite_in_production=True,
    )
    app = create_app(settings, rulebook=rulebook)
    sessions = next(m for m in app.user_middleware if m.cls.__name__ == "SessionMiddleware")
    assert sessions.kwargs["https_only"] is True
    with TestClient(app, headers={"Origin": "http://testserver"}, follow_redirects=False) as c:
        response = c.post("/signin", data={"email": "a@example.edu", "role": "admin"})
        assert response.status_code == 404
        # The trusted proxy's header signs the user in; the cookie it sets is Secure.
        page = c.get("/trips", headers={"REMOTE_USER": "ada@example.edu"})
        assert page.status_code == 200 and "ada@example.edu" in page.text


def test_proxy_header_from_an_untrusted_address_is_ignored(tmp_path, migrated_sqlite, rulebook):
    import shutil

    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    settings = make_settings(tmp_path, auth_mode="proxy", trusted_proxies=["10.0.0.1"])
    app = create_app(settings, rulebook=rulebook)
    with TestClient(app, follow_redirects=False) as c:
        assert c.get("/trips", headers={"REMOTE_USER": "ada@example.edu"}).status_code == 303


def test_script_in_every_text_field_comes_back_escaped(client, other_client):
    sign_in(client)
    hostile = form_data(
        **{
            "traveler.name": XSS,
            "legs[0].city": XSS,
            "legs[1].city": XSS,
            "institutions": XSS,
        }
    )
    response = client.post("/trips/new", data=hostile)
    assert response.status_code == 303, response.text
    trip_id = int(response.headers["location"].rsplit("/", 1)[1])
    # Invalid input echoed back: the country and email fields too.
    echoed = client.post("/check", data=hostile | {"legs[0].country": XSS, "traveler.email": XSS}).text
    pages = [
        echoed,
        client.get(f"/trips/{trip_id}").text,
        client.get(f"/trips/{trip_id}/edit").text,
    ]
    item = f"/trips/{trip_id}/items/register-trip"
    client.post(item, data={"status": "not_applicable", "note": XSS})
    pages += [client.get(f"/trips/{trip_id}").text, client.get(f"/trips/{trip_id}/history").text]
    sign_in(other_client, "officer@example.edu", "compliance")
    pages += [
        other_client.get("/staff/trips").text,
        other_client.get("/staff/abroad?day=2027-03-12").text,
        other_client.get(f"/staff/trips?country={XSS}").text,
    ]
    for page in pages:
        assert XSS not in page
    assert "&lt;script&gt;" in pages[0] and "&lt;script&gt;" in pages[3]


def test_csv_export_defuses_formulas(client, other_client):
    sign_in(client)
    create_trip(client, **{"traveler.name": '=HYPERLINK("http://evil")'})
    create_trip(client, **{"traveler.name": "@SUM(A1)"})
    sign_in(other_client, "officer@example.edu", "compliance")
    response = other_client.get("/staff/trips.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    names = [row[1] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://evil")', "'@SUM(A1)"]
