"""Wording that must not mislead: unknown visa requirements, trips already under way, and
registration that is required only for institute business (issue 11, point 9), and STEP."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from tests.builders import item, item_ids, leg, trip_data
from travelprep.engine.checklist import UNDER_WAY_ADVICE, generate_checklist
from travelprep.engine.facts.visas import Requirement, VisaTable
from travelprep.engine.itinerary import parse_itinerary
from travelprep.engine.rules.items import ItemSpec
from travelprep.engine.rules.vocabulary import FACTS
from travelprep.engine.text import to_markdown, to_text

DEPARTURE = date(2027, 3, 9)
LAPTOP = {"devices": ["laptop"]}
TABLE = VisaTable(
    {("US", "CN"): Requirement("visa_required"), ("US", "FR"): Requirement("visa_free", 90)},
    as_of=date(2025, 1, 12),
    source="https://example.org/passport-index",
)


def checklist(rulebook, data, today):
    return generate_checklist(parse_itinerary(data), rulebook, today)


# (a) The visa item without a visa table: no generic deadline, and words for "not known".


def test_an_unknown_visa_requirement_is_never_overdue_or_short_notice(rulebook):
    visa = item(checklist(rulebook, trip_data(legs=[leg("CN")]), DEPARTURE - timedelta(days=10)), "visa")
    assert (visa.due, visa.overdue, visa.short_notice, visa.lead_days) == (None, False, False, None)
    assert "not known" in visa.late_advice and "embassy or consulate" in visa.late_advice
    assert "Time is short" not in visa.late_advice
    assert visa.reasons == [
        "Leg 1: China — whether your US passport needs a visa for China is not known here: check it"
    ]


@pytest.mark.parametrize(
    ("legs", "dated"),
    [
        (["CN", "BR"], True),  # a visa known to be needed on a leg where the item fires
        (["BR", "CN"], True),
        (["FR", "BR"], False),  # known on France, but France needs none: the item fires on Brazil
        (["BR"], False),
    ],
)
def test_the_visa_item_is_dated_only_where_a_leg_it_fires_on_has_a_known_requirement(rulebook, legs, dated):
    with_table = dataclasses.replace(rulebook, visas=TABLE)
    days = [("2027-03-10", "2027-03-14"), ("2027-03-14", "2027-03-19")]
    data = trip_data(legs=[leg(c, arrive=a, depart=d) for c, (a, d) in zip(legs, days, strict=False)])
    visa = item(checklist(with_table, data, DEPARTURE - timedelta(days=10)), "visa")
    if dated:
        assert (visa.due, visa.lead_days, visa.due_anchor) == (
            DEPARTURE - timedelta(days=90),
            90,
            "departure",
        )
        assert visa.overdue and "Time is short" in visa.late_advice
    else:
        assert (visa.due, visa.lead_days, visa.overdue, visa.short_notice) == (None, None, False, False)
        assert "not known" in visa.late_advice


def test_the_text_says_check_now_not_any_time_for_an_unknown_requirement(rulebook):
    text = to_text(checklist(rulebook, trip_data(legs=[leg("CN")]), DEPARTURE - timedelta(days=10)))
    line = next(line for line in text.splitlines() if "[visa]" in line)
    assert "(required, check now)" in line and "SHORT NOTICE" not in line


def test_a_visa_known_to_be_needed_keeps_its_deadline_and_late_advice(rulebook):
    book = dataclasses.replace(rulebook, visas=TABLE)
    visa = item(checklist(book, trip_data(legs=[leg("CN")]), DEPARTURE - timedelta(days=10)), "visa")
    assert visa.due == DEPARTURE - timedelta(days=90) and visa.overdue and visa.short_notice
    assert visa.late_advice.startswith("Time is short for a visa")


def test_a_passport_missing_from_the_table_is_unknown_too(rulebook):
    book = dataclasses.replace(rulebook, visas=TABLE)
    data = trip_data(legs=[leg("BR")])  # no (US, BR) row
    visa = item(checklist(book, data, DEPARTURE - timedelta(days=10)), "visa")
    assert visa.due is None and not visa.short_notice and "not known" in visa.late_advice


def test_a_known_requirement_on_another_leg_does_not_date_an_unknown_one(rulebook):
    book = dataclasses.replace(rulebook, visas=TABLE)
    data = trip_data(
        legs=[leg("FR", arrive="2027-03-10", depart="2027-03-12"), leg("BR", arrive="2027-03-13")]
    )
    visa = item(checklist(book, data, DEPARTURE - timedelta(days=10)), "visa")
    assert visa.due is None  # France is known (visa-free) but does not need the item; Brazil is unknown


def test_lead_when_needs_undated_advice():
    with pytest.raises(ValueError, match="'lead_when' needs"):
        ItemSpec(
            id="x",
            category="visa",
            priority="required",
            title="t",
            body="b",
            why="w",
            late="l",
            contact="global_support",
            lead={"days": 90, "before": "departure"},
            lead_when={"fact": "destination.visa_requirement_known"},
        )


# (b) A trip already under way or over: advice for now, never "before you leave".


def test_a_trip_under_way_gets_advice_for_now(rulebook):
    data = trip_data(legs=[leg("CN")], carrying=LAPTOP, purposes=["conference"])
    result = checklist(rulebook, data, DEPARTURE + timedelta(days=3))
    assert item(result, "register-trip").late_advice.startswith("Register now: the registry takes trips")
    loaner = item(result, "loaner-device")  # no wording of its own for a trip under way
    assert loaner.late_advice == UNDER_WAY_ADVICE.format(contact=loaner.contact.name)
    for found in result.items:
        assert "before you leave" not in (found.late_advice or ""), found.id
        assert "before you leave" not in found.title, found.id
    assert "before you leave" not in to_text(result)


def test_a_trip_that_is_over_gets_advice_for_now_too(rulebook):
    result = checklist(rulebook, trip_data(legs=[leg("CN")], carrying=LAPTOP), date(2027, 4, 1))
    assert all("before you leave" not in (i.late_advice or "") for i in result.items)


def test_before_departure_short_notice_still_says_before_you_leave(rulebook):
    data = trip_data(legs=[leg("CN")], carrying=LAPTOP, purposes=["conference"])
    result = checklist(rulebook, data, DEPARTURE - timedelta(days=3))
    assert item(result, "register-trip").late_advice.startswith("Register today")
    assert "loaner desk directly" in item(result, "loaner-device").late_advice


def test_leaving_today_is_not_under_way(rulebook):
    result = checklist(rulebook, trip_data(legs=[leg("CN")], purposes=["conference"]), DEPARTURE)
    assert item(result, "register-trip").late_advice.startswith("Register today")


def test_trip_under_way_is_a_fact_rules_may_name(rulebook):
    from travelprep.engine.checklist import trip_context

    under_way = FACTS["trip.under_way"]
    for today, expected in [
        (DEPARTURE - timedelta(days=1), False),
        (DEPARTURE, False),
        (DEPARTURE + timedelta(days=1), True),
    ]:
        trip = trip_context(parse_itinerary(trip_data()), rulebook, today)
        assert under_way.read(trip, trip.legs[0]) is expected


# (c) register-trip: required for institute business, recommended for a personal trip.


@pytest.mark.parametrize(
    ("purposes", "priority"),
    [
        (["personal"], "recommended"),
        (["conference"], "required"),
        (["research"], "required"),
        (["personal", "meeting"], "required"),
    ],
)
def test_register_trip_is_required_for_business_and_recommended_for_personal_travel(
    checklist_for, purposes, priority
):
    register = item(checklist_for(trip_data(purposes=purposes)), "register-trip")
    assert register.priority == priority
    assert "recommended for personal trips" in register.body


def test_register_trip_on_a_personal_trip_names_no_business_reason(checklist_for):
    register = item(checklist_for(trip_data(purposes=["personal"])), "register-trip")
    assert not any("the trip's purpose" in reason.lower() for reason in register.reasons)


# STEP: recommended for every US citizen abroad, part of the safety plan from Level 3.


def test_step_is_recommended_for_a_us_citizen_abroad(checklist_for):
    step = item(checklist_for(trip_data(legs=[leg("FR")])), "step-enrolment")  # Level 2
    assert step.priority == "recommended" and step.links[0].url == "https://mytravel.state.gov/s/step"


@pytest.mark.parametrize("country", ["SA", "UG"])  # Level 3, Level 4
def test_step_is_required_from_level_3(checklist_for, country):
    step = item(checklist_for(trip_data(legs=[leg(country)])), "step-enrolment")
    assert step.priority == "required"
    assert any("travel advisory Level" in reason for reason in step.reasons)


def test_step_is_not_offered_to_travellers_who_are_not_us_citizens(checklist_for):
    data = trip_data(legs=[leg("SA")], traveler={"citizenships": ["IN"], "visa_status": "H-1B"})
    assert "step-enrolment" not in item_ids(checklist_for(data))


def test_markdown_of_a_trip_under_way_shows_the_now_line(rulebook):
    md = to_markdown(checklist(rulebook, trip_data(legs=[leg("FR")]), DEPARTURE + timedelta(days=2)))
    assert "**Now:** Enrol now; STEP also takes trips already under way." in md


@pytest.mark.parametrize(
    ("today", "said"),
    [
        (DEPARTURE - timedelta(days=3), "(3 days from 2027-03-06)"),
        (DEPARTURE, "(0 days from 2027-03-09)"),
        (DEPARTURE + timedelta(days=3), "(under way on 2027-03-12: you left 3 days ago)"),
        (date(2027, 3, 25), "(over on 2027-03-25: you came back 5 days ago)"),
    ],
)
def test_the_text_header_never_counts_negative_days(rulebook, today, said):
    first = to_text(checklist(rulebook, trip_data(), today)).splitlines()[0]
    assert first.endswith(said) and "(-" not in first
