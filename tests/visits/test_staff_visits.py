"""/staff/visits (filters, keyset pages, CSV of every row) and /staff/on-campus, for compliance only."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest

from tests.support.apps import signed_in
from tests.visit_builders import visit_data, visitor_from
from travelprep.accounts import repository as users
from travelprep.db.engine import make_session_factory
from travelprep.db.paging import PAGE_SIZE
from travelprep.engine.visit import parse_visit
from travelprep.visits import service as visit_service

pytestmark = pytest.mark.web

BEIHANG = ("Beihang University", "CN")  # a listed defence university


def save_visits(app, rulebook, visits: list[dict]) -> None:
    with make_session_factory(app.state.engine)() as session:
        host = users.get_or_create(session, email="ada@example.edu", role="traveler")
        for data in visits:
            visit_service.create_visit(
                session, host=host, visit=parse_visit(data), rulebook=rulebook, today=date(2026, 11, 21)
            )
        session.commit()


def dated(day: date, length: int = 3, **changes) -> dict:
    return visit_data(arrive=day.isoformat(), depart=(day + timedelta(days=length)).isoformat(), **changes)


def names(page: str) -> list[str]:
    return re.findall(r'<td><a href="/visits/\d+">([^<]*)</a></td>', page)


@pytest.mark.parametrize(("email", "role", "status"), [
    ("ada@example.edu", "traveler", 403),
    ("desk@example.edu", "loaner_staff", 403),
    ("officer@example.edu", "compliance", 200),
    ("root@example.edu", "admin", 200),
])  # fmt: skip
def test_only_compliance_staff_and_admins_see_the_lists(app, email, role, status):
    for client in signed_in(app, email, role):
        for path in ("/staff/visits", "/staff/visits.csv", "/staff/on-campus"):
            assert client.get(path).status_code == status, path


def test_signed_out_browsers_are_sent_to_sign_in(client):
    for path in ("/staff/visits", "/staff/on-campus", "/visits", "/visits/new"):
        assert client.get(path).status_code in (303, 401), path


def test_filters_by_country_hit_and_dates(app, rulebook, officer):
    save_visits(
        app,
        rulebook,
        [
            dated(date(2027, 1, 10), visitor={"name": "Chen Jing", **visitor_from("CN", "Tongji Univ.")}),
            dated(date(2027, 2, 10), visitor={"name": "Zhang Wei", **visitor_from("FR", "X", prior=BEIHANG)}),
            dated(date(2027, 3, 10), visitor={"name": "Claire Martin", **visitor_from("FR", "CNRS")}),
        ],
    )  # fmt: skip
    assert names(officer.get("/staff/visits").text) == ["Chen Jing", "Zhang Wei", "Claire Martin"]
    assert names(officer.get("/staff/visits?country=China").text) == ["Chen Jing", "Zhang Wei"]
    assert names(officer.get("/staff/visits?hit=yes").text) == ["Zhang Wei"]
    assert names(officer.get("/staff/visits?hit=no&country=FR").text) == ["Claire Martin"]
    assert names(officer.get("/staff/visits?start=2027-02-12&end=2027-03-01").text) == ["Zhang Wei"]
    bad = officer.get("/staff/visits?start=someday")
    assert bad.status_code == 400 and "Enter a date as YYYY-MM-DD." in bad.text


def test_pages_by_key_and_the_csv_has_every_row(app, rulebook, officer):
    count = PAGE_SIZE + 7
    save_visits(
        app,
        rulebook,
        [dated(date(2027, 1, 1) + timedelta(days=n % 9), visitor={"name": f"V{n:03}"}) for n in range(count)],
    )
    first = officer.get("/staff/visits")
    assert f"{count} visits" in first.text and len(names(first.text)) == PAGE_SIZE
    link = re.search(r'href="([^"]+)" rel="next"', first.text)[1].replace("&amp;", "&")
    second = officer.get(link)
    seen = names(first.text) + names(second.text)
    assert len(seen) == len(set(seen)) == count
    rows = list(csv.reader(io.StringIO(officer.get("/staff/visits.csv").text)))
    assert rows[0][:3] == ["visit", "visitor", "visitor_email"] and len(rows) == count + 1


def test_the_csv_defuses_formulas(app, rulebook, officer):
    save_visits(app, rulebook, [dated(date(2027, 1, 5), visitor={"name": '=HYPERLINK("http://x")'})])
    (row,) = list(csv.reader(io.StringIO(officer.get("/staff/visits.csv").text)))[1:]
    assert row[1] == '\'=HYPERLINK("http://x")'


def test_who_is_on_campus_on_a_day(app, rulebook, officer):
    save_visits(
        app,
        rulebook,
        [
            dated(
                date(2027, 1, 10), 5, visitor={"name": "Chen Jing", **visitor_from("CN", "Tongji University")}
            ),
            dated(date(2027, 1, 12), 1, visitor={"name": "Claire Martin", **visitor_from("FR", "CNRS")}),
            dated(
                date(2027, 2, 1),
                1,
                visitor={"name": "Ivan Petrov", **visitor_from("RU", "Novosibirsk State University")},
            ),
        ],
    )
    assert names(officer.get("/staff/on-campus?day=2027-01-12").text) == ["Chen Jing", "Claire Martin"]
    assert names(officer.get("/staff/on-campus?day=2027-01-12&country=China").text) == ["Chen Jing"]
    assert names(officer.get("/staff/on-campus?day=2027-01-15").text) == ["Chen Jing"]
    assert names(officer.get("/staff/on-campus?day=2027-01-16").text) == []
    assert officer.get("/staff/on-campus?day=2027-13-01").status_code == 400
