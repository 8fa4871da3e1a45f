"""The probe classes of the red-team campaign (bench/redteam.py): one function each, in order."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient
from markupsafe import escape

from bench.redteam_attacks import hostile_uploads, racing_bookings, racing_saves
from tests.support.fixtures import itinerary_data
from tests.support.web import ORIGIN, create_trip, form_data

PAYLOADS = (
    '<script>alert("tp")</script>',
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "'-alert(1)-'",
)
MARKERS = ("<script>alert", "<img src=x onerror", "<svg onload", "</textarea><svg")
CALENDAR_PAYLOADS = (
    "Paris\r\nX-INJECTED:1",
    "Paris\nATTENDEE:mailto:evil@example.com",
    "Paris\rBEGIN:VALARM",
    "Paris\u2028X-INJECTED:2",
    "Paris" + ";X-INJECTED=3:" * 200,
)
FORMULAS = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "=cmd|' /C calc'!A0",
)
LOAN = {"kinds": ["laptop"], "pickup_date": "2027-03-05", "return_date": "2027-03-24"}


def _alices_trip_and_request(aim) -> tuple[int, str, int]:
    trip_id = create_trip(aim.alice)
    aim.alice.post(f"/trips/{trip_id}/loaner", data=LOAN | {"note": "x"})
    page = aim.alice.get(f"/trips/{trip_id}").text
    request_id = int(re.search(r'href="/loaner/requests/(\d+)"', page).group(1))
    item = re.findall(r'action="/trips/\d+/items/([\w-]+)"', page)[0]
    return trip_id, item, request_id


def access_control(aim) -> None:
    """Another traveller, staff without the right role, and no one, at Alice's objects."""
    tally = aim.tally("access control")
    trip, item, request = _alices_trip_and_request(aim)
    pages = [
        ("GET", f"/trips/{trip}", None), ("GET", f"/trips/{trip}/edit", None),
        ("GET", f"/trips/{trip}/history", None), ("GET", f"/trips/{trip}/loaner", None),
        ("GET", f"/trips/{trip}/screening", None), ("GET", f"/loaner/requests/{request}", None),
        ("POST", f"/trips/{trip}/edit", form_data(**{"traveler.name": "Mallory"})),
        ("POST", f"/trips/{trip}/items/{item}", {"status": "done"}),
        ("POST", f"/trips/{trip}/cancel", {}), ("POST", f"/trips/{trip}/loaner", {"kinds": "laptop"}),
        ("POST", f"/loaner/requests/{request}/transition", {"to": "cancelled"}),
        ("POST", f"/loaner/requests/{request}/assign", {"device_id": "1"}),
    ]  # fmt: skip
    for client in (aim.mallory, aim.officer, aim.desk):
        for method, path, data in pages:
            if client is not aim.mallory and (method == "GET" or (client is aim.desk and "/loaner/" in path)):
                continue  # staff may look at what their role covers; the desk handles requests
            answer = client.request(method, path, data=data)
            tally.probe(answer.status_code not in (403, 404), f"{method} {path}: {answer.status_code}")
    anonymous = aim.browser(Origin=ORIGIN)
    for method, path, data in pages:
        answer = anonymous.request(method, path, data=data)
        to_signin = answer.status_code == 303 and answer.headers["location"].startswith("/signin")
        got_in = answer.status_code < 400 and not to_signin
        tally.probe(got_in or answer.status_code >= 500, f"anonymous {path}: {answer.status_code}")
    api = TestClient(aim.app, headers={"Authorization": f"Bearer {aim.mallory_token}"})
    for method, path, body in [
        ("GET", f"/api/v1/trips/{trip}", None), ("PUT", f"/api/v1/trips/{trip}", itinerary_data()),
        ("DELETE", f"/api/v1/trips/{trip}", None),
        ("PATCH", f"/api/v1/trips/{trip}/items/{item}", {"status": "done"}),
        ("GET", f"/api/v1/loaner-requests/{request}", None),
        ("GET", f"/api/v1/trips/{trip}/screening-decisions", None),
    ]:  # fmt: skip
        answer = api.request(method, path, json=body)
        tally.probe(answer.status_code not in (403, 404), f"API {method} {path}: {answer.status_code}")
    alice = TestClient(aim.app, headers={"Authorization": f"Bearer {aim.alice_token}"})
    kept = alice.get(f"/api/v1/trips/{trip}").json()
    changed = kept["status"] != "active" or kept["itinerary"]["traveler"]["name"] != "Ada Lovelace"
    tally.probe(changed, "Alice's trip was changed")


def csrf(aim) -> None:
    """Every page POST with the victim's cookies and forged or missing origin headers."""
    tally = aim.tally("CSRF")
    trip, item, request = _alices_trip_and_request(aim)
    device = (
        TestClient(aim.app, headers={"Authorization": f"Bearer {aim.desk_token}"})
        .post("/api/v1/devices", json={"asset_tag": "CSRF-1", "kind": "laptop"})
        .json()["id"]
    )
    traveller = [
        "/trips/new", f"/trips/{trip}/edit", f"/trips/{trip}/items/{item}", f"/trips/{trip}/cancel",
        f"/trips/{trip}/loaner", f"/trips/{trip}/screening", "/profile/calendar-token", "/profile/reminders",
        "/signout", "/signin", "/check", "/trips/new/from-ics", f"/loaner/requests/{request}/transition",
    ]  # fmt: skip
    desk = [
        "/loaner/devices/new", "/loaner/devices/import", f"/loaner/devices/{device}/edit",
        f"/loaner/devices/{device}/retire", f"/loaner/requests/{request}/assign",
    ]  # fmt: skip
    forged = [
        {}, {"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"}, {"Origin": "http://testserver.evil.example"},
        {"Sec-Fetch-Site": "cross-site", "Origin": ORIGIN}, {"Referer": ORIGIN + "/trips"},
    ]  # fmt: skip
    for victim, paths in ((aim.alice, traveller), (aim.desk, desk)):
        for headers in forged:
            client = TestClient(aim.app, headers=headers, cookies=victim.cookies, follow_redirects=False)
            for path in paths:
                answer = client.post(path, data={"status": "done", "to": "cancelled", "email": "a@b.c"})
                tally.probe(answer.status_code != 403, f"{path} {headers}: {answer.status_code}")


def xss(aim) -> None:
    """Payloads in every text a traveller types, viewed on every page that shows them."""
    tally = aim.tally("XSS page views")
    for payload in PAYLOADS:
        trip = create_trip(aim.alice, **{"traveler.name": f"Ada {payload}", "legs[0].city": payload,
                                        "institutions": f"{payload}\nTsinghua University"})  # fmt: skip
        aim.alice.post(f"/trips/{trip}/loaner", data=LOAN | {"note": payload})
        views = [
            (aim.alice, ["/trips", f"/trips/{trip}", f"/trips/{trip}/edit", f"/trips/{trip}/history",
                         f"/trips/{trip}/loaner", "/profile"]),
            (aim.officer, ["/staff/trips", "/staff/abroad?country=CN&day=2027-03-12", "/staff/screening",
                           f"/trips/{trip}", f"/trips/{trip}/screening"]),
            (aim.desk, ["/loaner", "/loaner/requests", "/loaner/queue"]),
        ]  # fmt: skip
        for client, paths in views:
            for path in paths:
                answer = client.get(path)
                shown = any(marker in answer.text for marker in MARKERS)
                tally.probe(shown or answer.status_code >= 500, f"{path}: {answer.status_code}")
        # The probe must reach the page: the payload is there, escaped.
        reached = str(escape(payload)) in aim.alice.get(f"/trips/{trip}/edit").text
        tally.probe(not reached, f"payload {payload!r} not found escaped on the edit page")


def _feed(client: TestClient, prefix: str = "") -> str:
    page = client.get("/profile").text
    return re.search(rf'value="https?://[^"]+({prefix}/calendar/[^"]+\.ics)"', page).group(1)


def calendar_injection(aim) -> None:
    """CR, LF, line separators and parameter syntax in trip text, read back from the feeds."""
    tally = aim.tally("calendar injection")
    api = TestClient(aim.app, headers={"Authorization": f"Bearer {aim.alice_token}"})
    for payload in CALENDAR_PAYLOADS:
        body = itinerary_data()
        body["traveler"]["name"] = f"Ada {payload}"[:200]
        body["legs"][0]["city"] = payload[:200]
        body["institutions"] = [payload[:300]]
        saved = api.post("/api/v1/trips", json=body)
        tally.probe(saved.status_code >= 500, f"saving {payload[:20]!r}: {saved.status_code}")
        for client, prefix in ((aim.alice, ""), (aim.desk, "/loaner")):
            data = client.get(_feed(client, prefix)).content
            lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
            injected = [ln for ln in lines if ln.startswith(("X-INJECTED", "ATTENDEE")) or "\u2028" in ln]
            bare = b"\n" in data.replace(b"\r\n", b"") or b"\r" in data.replace(b"\r\n", b"")
            tally.probe(bool(injected) or bare, f"{prefix or 'traveller'} feed: {injected[:2]}")


def csv_cells(aim) -> None:
    """Formulas in names, cities, institutions and device fields, in the CSV exports."""
    tally = aim.tally("CSV cells")
    for formula in FORMULAS:
        create_trip(aim.alice, **{"traveler.name": formula, "legs[0].city": formula, "institutions": formula})
        desk = TestClient(aim.app, headers={"Authorization": f"Bearer {aim.desk_token}"})
        device = {"asset_tag": f"CSV-{FORMULAS.index(formula)}", "kind": "laptop", "model": formula}
        desk.post("/api/v1/devices", json=device | {"notes": formula})
    for client, path in ((aim.officer, "/staff/trips.csv"), (aim.desk, "/loaner/devices.csv")):
        text = client.get(path).text
        tally.probe("HYPERLINK" not in text, f"{path}: the formulas did not reach the export")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                live = cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?\d[\d-]*", cell)
                tally.probe(live, f"{path}: {cell[:30]!r}")


def out_of_range_dates(aim) -> None:
    """Dates near year 1 and 9999 (and 0) everywhere a date is entered; then the pages that show them."""
    tally = aim.tally("out-of-range dates")
    api = TestClient(aim.app, headers={"Authorization": f"Bearer {aim.alice_token}"})
    desk = TestClient(aim.app, headers={"Authorization": f"Bearer {aim.desk_token}"})
    trip = api.post("/api/v1/trips", json=itinerary_data()).json()["id"]
    windows = [("0001-01-01", "0001-01-03"), ("9999-12-29", "9999-12-31"), ("1970-01-01", "1970-01-02")]
    for start, end in [*windows, ("2020-01-01", "2020-01-05"), ("2040-01-01", "2040-01-05")]:
        body = itinerary_data(departure=start, **{"return": end})
        body["legs"] = [dict(body["legs"][0], arrive=start, depart=end)]
        loan = LOAN | {"requester_email": "a@example.edu", "pickup_date": start, "return_date": end}
        answers = (
            api.post("/api/v1/checklists", json=body),
            api.post("/api/v1/trips", json=body),
            api.put(f"/api/v1/trips/{trip}", json=body),
            desk.post("/api/v1/loaner-requests", json=loan),
            aim.alice.post("/trips/new", data=form_data(departure=start, **{"return": end})),
        )
        for answer in answers:
            refused = 400 <= answer.status_code < 500
            tally.probe(not refused, f"{start}: {answer.request.url.path} {answer.status_code}")
    for today in ("0", "0001-01-01", "9999-12-31", "99999-01-01"):
        answer = api.post(f"/api/v1/checklists?today={today}", json=itinerary_data())
        tally.probe(answer.status_code != 422, f"today={today}: {answer.status_code}")
    for client, path in ((aim.desk, "/loaner"), (aim.desk, "/loaner/queue"), (aim.desk, "/loaner/requests"),
                         (aim.desk, _feed(aim.desk, "/loaner")), (aim.alice, _feed(aim.alice))):  # fmt: skip
        answer = client.get(path)
        tally.probe(answer.status_code >= 500, f"{path}: {answer.status_code}")


def signin_guessing(aim) -> None:
    """Bad bearer tokens from one address: past the allowed few, every one must get 429."""
    tally = aim.tally("sign-in guessing")
    allowed = aim.app.state.settings.signin_failures_allowed
    guesser = TestClient(aim.app, client=("203.0.113.66", 4000))
    for n in range(200):
        code = guesser.get("/api/v1/trips", headers={"Authorization": f"Bearer tp_guess{n}"}).status_code
        tally.probe(code != (401 if n < allowed else 429), f"guess {n}: {code}")


ALL = (access_control, csrf, xss, calendar_injection, csv_cells, racing_bookings, racing_saves,
       hostile_uploads, out_of_range_dates, signin_guessing)  # fmt: skip
