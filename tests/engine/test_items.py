"""Every item id of CONTRACT.md fires when, and only when, its concern applies."""

from __future__ import annotations

import dataclasses

import pytest

from tests.builders import TODAY, item, item_ids, leg, trip_data
from travelprep.engine.checklist import generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.screening import Match, ScreeningResult

LAPTOP = {"devices": ["laptop", "phone"]}
NOTHING = {"devices": ["none"]}  # "Nothing electronic", answered: not the same as not saying


def with_legs(*legs, **changes):
    return trip_data(legs=list(legs), **changes)


CASES = {
    # id: (itineraries where it must fire, itineraries where it must not)
    "register-trip": (
        [trip_data(), with_legs(leg("CN"))],
        [with_legs(leg("US", city="Boston"))],
    ),
    "loaner-device": (
        [
            with_legs(leg("CN"), carrying=LAPTOP),  # elevated risk
            with_legs(leg("SA"), carrying={"devices": ["tablet"]}),
            with_legs(leg("CU"), carrying=LAPTOP),  # sanctioned
            with_legs(leg("CO"), carrying=LAPTOP),  # advisory level 3
            with_legs(leg("AE"), carrying=LAPTOP),  # VPN restricted
            with_legs(leg("UA", "UA-43"), carrying={"devices": ["phone"]}),
        ],
        [
            with_legs(leg("CN"), carrying=NOTHING),
            with_legs(leg("CN"), carrying={"devices": ["storage"]}),
            with_legs(leg("FR"), carrying=LAPTOP),
            with_legs(leg("GB"), carrying=LAPTOP),
        ],  # level 2 is below the default trigger
    ),
    "device-hygiene": (
        [with_legs(leg("FR"), carrying=LAPTOP), with_legs(leg("JP"), carrying={"devices": ["storage"]})],
        [with_legs(leg("FR"), carrying=NOTHING), with_legs(leg("US"), carrying=LAPTOP)],
    ),
    "export-controlled-data": (
        [
            trip_data(carrying={"data": ["itar"]}),
            trip_data(carrying={"data": ["cui"]}),
            trip_data(carrying={"data": ["public", "export_controlled"]}),
        ],
        [trip_data(carrying={"data": ["public", "personal_data", "proprietary"]}), trip_data()],
    ),
    "tmp-bag-exception": (
        [
            with_legs(leg("FR"), carrying=LAPTOP),
            with_legs(leg("CN"), carrying={"devices": ["tablet"]}),
            with_legs(
                leg("CU", arrive="2027-03-10", depart="2027-03-12"),
                leg("MX", arrive="2027-03-12", depart="2027-03-19"),
                carrying=LAPTOP,
            ),
        ],
        [
            with_legs(leg("CU"), carrying=LAPTOP),
            with_legs(leg("IR"), carrying=LAPTOP),
            with_legs(leg("SY"), carrying=LAPTOP),
            with_legs(leg("FR"), carrying={"devices": ["storage"]}),
            with_legs(leg("FR"), carrying=NOTHING),
        ],
    ),
    "sanctions-license": (
        [
            with_legs(leg("UA", "UA-43")),
            with_legs(leg("UA", "UA-40")),
            with_legs(leg("UA", "UA-14")),
            with_legs(leg("UA", "UA-09")),
            with_legs(leg("CU")),
            with_legs(leg("IR")),
            with_legs(leg("KP")),
            with_legs(
                leg("FR", arrive="2027-03-10", depart="2027-03-12"),
                leg("UA", "ua-43", arrive="2027-03-12", depart="2027-03-19"),
            ),
        ],
        [
            with_legs(leg("UA")),
            with_legs(leg("UA", "UA-30")),
            with_legs(leg("SY")),
            with_legs(leg("RU")),
            with_legs(leg("CN")),
        ],
    ),
    "elevated-risk-review": (
        [
            with_legs(leg("CN"), activities={"formal_collaboration": True}),
            with_legs(leg("HK"), activities={"formal_collaboration": True}),
            with_legs(leg("SA"), activities={"formal_collaboration": True}),
        ],
        [
            with_legs(leg("FR"), activities={"formal_collaboration": True}),
            with_legs(leg("CN"), activities={"informal_collaboration": True}),
        ],
    ),
    "informal-collaboration-review": (
        [trip_data(activities={"informal_collaboration": True})],
        [trip_data(), with_legs(leg("US"), activities={"informal_collaboration": True})],
    ),
    "foreign-compensation-disclosure": (
        [trip_data(activities={"foreign_compensation": True})],
        [trip_data(activities={"formal_collaboration": True})],
    ),
    "talent-program-warning": (
        [trip_data(activities={"talent_program": True})],
        [trip_data()],
    ),
    "recruitment-role-warning": (
        [trip_data(activities={"recruitment_role": True})],
        [trip_data()],
    ),
    "paid-recommendation-warning": (
        [trip_data(activities={"paid_recommendation": True})],
        [trip_data()],
    ),
    "customs-equipment": (
        [trip_data(carrying={"equipment": True})],
        [trip_data(carrying={"equipment": False})],
    ),
    "visa": (
        [trip_data(), with_legs(leg("CN")), trip_data(traveler={"citizenships": ["FR"]}, legs=[leg("DE")])],
        [with_legs(leg("US")), trip_data(traveler={"citizenships": ["FR"]})],
    ),
    "reentry-documents": (
        [
            trip_data(traveler={"citizenships": ["CN"], "visa_status": "F-1"}),
            trip_data(traveler={"citizenships": ["IN"], "us_permanent_resident": True}),
        ],
        [trip_data(), trip_data(traveler={"citizenships": ["US", "CN"]})],
    ),
    "return-device": (
        [with_legs(leg("RU"), carrying=LAPTOP), with_legs(leg("CU"), carrying=LAPTOP)],
        [with_legs(leg("FR"), carrying=LAPTOP), with_legs(leg("RU"), carrying=NOTHING)],
    ),
    "contact-compliance": (
        [trip_data(), with_legs(leg("US")), with_legs(leg("UA", "UA-43"), carrying=LAPTOP)],
        [],
    ),
}


@pytest.mark.parametrize(
    ("item_id", "number"), [(item_id, n) for item_id, (fire, _) in CASES.items() for n in range(len(fire))]
)
def test_item_fires_when_its_concern_applies(checklist_for, item_id, number):
    assert item_id in item_ids(checklist_for(CASES[item_id][0][number]))


@pytest.mark.parametrize(
    ("item_id", "number"), [(item_id, n) for item_id, (_, quiet) in CASES.items() for n in range(len(quiet))]
)
def test_item_stays_silent_otherwise(checklist_for, item_id, number):
    assert item_id not in item_ids(checklist_for(CASES[item_id][1][number]))


class HarbinScreener:
    """Matches any name containing 'Harbin', at a score chosen by the test."""

    def __init__(self, score: float) -> None:
        self.score = score

    def screen(self, names):
        return [
            ScreeningResult(
                query=name,
                threshold=0.85,
                matches=(
                    Match(
                        name="Harbin Institute of Technology",
                        alias="HIT",
                        list="test list",
                        source="https://example.org/list",
                        as_of="2026-01-01",
                        score=self.score,
                    ),
                )
                if "Harbin" in name
                else (),
            )
            for name in names
        ]


def screened(rulebook, score, data):
    book = dataclasses.replace(rulebook, screener=HarbinScreener(score))
    return generate_checklist(parse_itinerary(data), book, TODAY)


def test_restricted_party_match_fires_on_a_hit_and_names_it(rulebook):
    data = trip_data(institutions=["Harbin Inst. of Tech.", "Sorbonne"])
    result = screened(rulebook, 0.93, data)
    hit = item(result, "restricted-party-match")
    assert hit.priority == "required" and hit.category == "compliance"
    assert any("Harbin Institute of Technology" in r and "0.93" in r for r in hit.reasons)
    assert [s.query for s in result.screening] == ["Harbin Inst. of Tech.", "Sorbonne"]


def test_restricted_party_match_ignores_matches_below_threshold(rulebook):
    result = screened(rulebook, 0.5, trip_data(institutions=["Harbin Inst. of Tech."]))
    assert "restricted-party-match" not in item_ids(result)
    assert result.screening[0].matches  # still shown to compliance as a candidate


def test_screening_hit_with_formal_collaboration_needs_elevated_risk_review(rulebook):
    data = trip_data(institutions=["Harbin Inst."], activities={"formal_collaboration": True})
    assert "elevated-risk-review" in item_ids(screened(rulebook, 0.95, data))


def test_without_lists_institutions_are_echoed_with_no_matches(checklist_for):
    result = checklist_for(trip_data(institutions=["Zhejiang University"]))
    assert [(s.query, s.matches) for s in result.screening] == [("Zhejiang University", ())]
    assert "restricted-party-match" not in item_ids(result)


def test_informal_collaboration_is_required_for_elevated_risk_and_says_why(checklist_for):
    elsewhere = item(
        checklist_for(trip_data(activities={"informal_collaboration": True})), "informal-collaboration-review"
    )
    china = item(
        checklist_for(with_legs(leg("CN", city="Beijing"), activities={"informal_collaboration": True})),
        "informal-collaboration-review",
    )
    assert elsewhere.priority == "recommended"
    assert china.priority == "required"
    assert "Leg 1: Beijing, China — China is on the institute's elevated-risk list" in china.reasons


def test_customs_equipment_is_required_and_explained(checklist_for):
    found = item(checklist_for(trip_data(carrying={"equipment": True})), "customs-equipment")
    assert found.category == "customs" and found.priority == "required"
    assert "You are taking research equipment, samples or materials" in found.reasons


def test_every_contract_id_exists_in_the_shipped_rules(rulebook):
    from travelprep.engine.rules.items import REQUIRED_IDS

    assert {rule.spec.id for rule in rulebook.rules} >= REQUIRED_IDS
    assert set(CASES) | {"restricted-party-match"} >= REQUIRED_IDS
