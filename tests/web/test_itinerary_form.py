"""The itinerary form: stored itineraries fill it, and it turns back into the same itinerary."""

import pytest
from starlette.datastructures import FormData

from tests.support.fixtures import TODAY, itinerary_data
from tests.support.web import form_data
from travelprep.engine.date_window import DateWindow
from travelprep.engine.itinerary import parse_itinerary
from travelprep.trips.form import ItineraryForm, Submission, errors_by_field
from travelprep.trips.form_choices import CountryChoices

pytestmark = pytest.mark.web


@pytest.fixture(scope="module")
def choices(rulebook):
    return CountryChoices.from_rulebook(rulebook)


def _form(data: dict) -> FormData:
    pairs = []
    for key, value in data.items():
        pairs += [(key, v) for v in value] if isinstance(value, list) else [(key, value)]
    return FormData(pairs)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"traveler": itinerary_data()["traveler"] | {"citizenships": ["CN", "CA"], "visa_status": "F-1"}},
        {"legs": [{"country": "UA", "region": "UA-43", "city": "Yalta", "arrive": None, "depart": None}]},
        {"activities": {"formal_collaboration": True, "foreign_compensation": True}},
        {"institutions": ["Harbin Institute of Technology", "Fudan University"]},
    ],
)
def test_stored_itinerary_round_trips_through_the_form(choices, changes):
    original = parse_itinerary(itinerary_data(**changes))
    form = ItineraryForm.from_itinerary(original.model_dump(mode="json", by_alias=True), choices)
    assert parse_itinerary(form.to_itinerary_data(choices)) == original


def test_country_names_and_codes_are_both_understood(choices):
    assert choices.code_for("China") == "CN"
    assert choices.code_for("china") == "CN"
    assert choices.code_for("cn") == "CN"
    assert choices.code_for("Japan (JP)") == "JP"
    assert choices.code_for("Atlantis") == "Atlantis"


def test_sanctioned_regions_are_offered(choices):
    assert "UA-43" in {code for _, code, _ in choices.regions}


def test_submission_reports_errors_by_field(choices):
    submission = Submission.read(
        _form(form_data(**{"legs[0].country": "Atlantis"})), choices, window=DateWindow(), today=TODAY
    )
    assert submission.itinerary is None
    assert "legs[0].country" in submission.errors_by_field


def test_errors_on_list_items_also_count_for_the_list():
    class E:
        def __init__(self, field):
            self.field, self.message = field, "bad"

    found = errors_by_field([E("traveler.citizenships[1]"), E("legs[2]")])
    assert set(found) == {"traveler.citizenships[1]", "traveler.citizenships", "legs[2]", "legs"}


def test_leg_buttons_keep_at_least_one_leg_and_at_most_twenty():
    form = ItineraryForm()
    form.remove_leg(0)
    assert len(form.legs) == 1
    for _ in range(30):
        form.add_leg()
    assert len(form.legs) == 20


@pytest.mark.parametrize(
    ("field", "message", "label", "plain"),
    [
        ("traveler.email", "String should match pattern '^...$'", "Email", "Enter an email address"),
        ("legs[1].country", "unknown country code 'XX'; use ISO", "Stop 2: Country", "Pick a country"),
        ("departure", "Input should be a valid date", "You leave home on", "Enter a date."),
        ("traveler.citizenships", "List should have at least 1 item", "Citizenship", "Enter the country"),
        ("return", "return (2027-03-01) is before departure (2027-03-09)", "You are back on", "return ("),
    ],
)
def test_errors_are_worded_for_travelers(field, message, label, plain):
    from travelprep.trips.form_messages import label_of, plain_message

    assert label_of(field) == label
    assert plain_message(field, message).startswith(plain)
