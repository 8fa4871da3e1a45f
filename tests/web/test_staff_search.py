"""Staff lists: search by traveler name or email, regions shown by name, unknown countries refused."""

import csv
import io
import shutil
import uuid

import pytest

from tests.support.fixtures import TODAY, postgres_server  # noqa: F401
from tests.support.web import create_trip, make_settings, sign_in
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.web.app import create_app

pytestmark = [pytest.mark.web, pytest.mark.db]


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path, migrated_sqlite, rulebook):
    """The app on SQLite and on PostgreSQL: the search's LIKE escaping and case folding differ."""
    if request.param == "sqlite":
        shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
        settings = make_settings(tmp_path)
    else:
        url = request.getfixturevalue("postgres_server").create_database(f"search_{uuid.uuid4().hex[:12]}")
        migrate.upgrade(make_engine(url))
        settings = make_settings(tmp_path, database_url=url)
    application = create_app(settings, rulebook=rulebook)
    application.state.clock = lambda: TODAY
    yield application
    application.state.engine.dispose()


CRIMEA = {
    "leg_count": "1",
    "traveler.name": "Olena O'Brien_%",
    "traveler.email": "olena@example.edu",
    "departure": "2027-06-01",
    "return": "2027-06-10",
    "legs[0].country": "Ukraine",
    "legs[0].region": "UA-43",
    "legs[0].city": "Simferopol",
    "legs[0].arrive": "2027-06-02",
    "legs[0].depart": "2027-06-09",
}


@pytest.fixture
def officer(client, other_client):
    sign_in(client, "ada@example.edu")
    create_trip(client)  # Ada Lovelace, China and Japan
    create_trip(client, **CRIMEA)
    sign_in(other_client, "officer@example.edu", "compliance")
    return other_client


@pytest.mark.parametrize(
    ("search", "found", "left_out"),
    [
        ("lovelace", "Ada Lovelace", "Simferopol"),
        ("OLENA@EXAMPLE", "Olena", "Ada Lovelace"),
        ("_%", "Olena", "Ada Lovelace"),  # LIKE wildcards are searched as text
        ("a_%", "0 trips", "Ada Lovelace"),  # unescaped, "a_%" would match "ada"
    ],
)
def test_the_trip_list_searches_traveler_names_and_emails(officer, search, found, left_out):
    page = officer.get("/staff/trips", params={"q": search})
    assert page.status_code == 200 and found in page.text
    assert left_out not in page.text.split("<tbody>")[1]


def test_the_search_is_kept_in_the_form_escaped_and_in_the_csv_link(officer):
    page = officer.get("/staff/trips", params={"q": '"><script>x</script>'}).text
    assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in page and "<script>x" not in page
    rows = list(csv.reader(io.StringIO(officer.get("/staff/trips.csv", params={"q": "olena"}).text)))
    assert len(rows) == 2 and rows[1][1] == "Olena O'Brien_%"
    assert officer.get("/staff/trips", params={"q": "x" * 20_000}).status_code == 200


def test_regions_are_named_in_the_trip_list_and_who_is_abroad(officer):
    page = officer.get("/staff/trips").text
    assert 'Ukraine <span class="region">(Crimea)</span>' in page
    abroad = officer.get("/staff/abroad", params={"day": "2027-06-05"}).text
    assert "Simferopol, Crimea, Ukraine" in abroad and "UA-43" not in abroad
    searched = officer.get("/staff/abroad", params={"day": "2027-03-12", "q": "ada"}).text
    assert "Ada Lovelace" in searched and "1 traveler " in searched


@pytest.mark.parametrize("path", ["/staff/trips", "/staff/abroad"])
def test_an_unknown_country_is_refused_with_a_message_and_kept(officer, path):
    page = officer.get(path, params={"country": "Narnia<b>"})
    assert page.status_code == 400
    assert "No country has that name: pick one from the list" in page.text
    assert 'value="Narnia&lt;b&gt;"' in page.text and 'aria-invalid="true"' in page.text
    assert "Ada Lovelace" not in page.text.split("<tbody>")[1]  # never shown as if filtered
    assert officer.get(path, params={"country": "Ukraine"}).status_code == 200


def test_the_trip_list_pages_50_at_a_time(client, other_client):
    sign_in(client, "ada@example.edu")
    for _ in range(51):
        create_trip(client)
    sign_in(other_client, "officer@example.edu", "compliance")
    page = other_client.get("/staff/trips", params={"q": "ada"}).text
    assert "51 trips (50 on this page)" in page and "after=" in page
