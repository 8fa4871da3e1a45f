"""Every visit item id of the README's contract fires when, and only when, its concern applies."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.builders import TODAY
from tests.visit_builders import affiliation, visit_data, visitor_from
from travelprep.engine.facts.visas import Requirement, VisaTable
from travelprep.engine.rules.visit_facts import VISIT_ITEM_IDS
from travelprep.engine.visit import parse_visit
from travelprep.engine.visit_checklist import generate_visit_checklist

SHANGHAI = visitor_from("CN", "Tongji University")
MOSCOW = visitor_from("RU", "Moscow State University")
RIYADH = visitor_from("SA", "King Saud University")
HONG_KONG = visitor_from("HK", "University of Hong Kong")
FRANCE = visitor_from("FR", "Sorbonne University")
CONTROLLED = {"export_controlled": True}

CASES = {
    # id: (visits where it must fire, visits where it must not)
    "iic-visitor-advice": (
        [
            visit_data(visitor=SHANGHAI),
            visit_data(visitor=MOSCOW, purposes=["meeting"]),
            visit_data(visitor=RIYADH, purposes=["collaboration"]),
            visit_data(visitor=HONG_KONG),
            # a French citizen working in China now comes from there too
            visit_data(
                visitor={"citizenships": ["FR"], "affiliations": [affiliation("Fudan", "CN", current=True)]}
            ),
            # a Chinese citizen working in France: the citizenship counts
            visit_data(
                visitor={"citizenships": ["CN"], "affiliations": [affiliation("Inria", "FR", current=True)]}
            ),
        ],
        [
            visit_data(visitor=FRANCE),
            visit_data(visitor=SHANGHAI, appointment=True),  # an appointment goes through its own review
            visit_data(visitor=SHANGHAI, purposes=["visiting_appointment"]),
            # only a prior affiliation in an elevated-risk country: not "from" it
            visit_data(visitor=visitor_from("DE", "TU Munich", prior=("Fudan University", "CN"))),
        ],
    ),
    "visitor-appointment-review": (
        [
            visit_data(appointment=True),
            visit_data(visitor=SHANGHAI, appointment=True, visa="J-1"),
            visit_data(purposes=["visiting_appointment"]),
        ],
        [visit_data(), visit_data(visitor=SHANGHAI, purposes=["collaboration", "lab_work"])],
    ),
    "visitor-restricted-party-match": (
        [
            visit_data(visitor=visitor_from("CN", "Harbin Institute of Technology")),
            visit_data(visitor=visitor_from("FR", "Sorbonne University", prior=("Beihang University", "CN"))),
            visit_data(visitor=FRANCE, institutions=["Northwestern Polytechnical University"]),
            visit_data(visitor=visitor_from("CN", "北京航空航天大学"), visa="J-1"),
        ],
        [
            visit_data(visitor=SHANGHAI),
            visit_data(visitor=visitor_from("US", "Northwestern University")),  # lacks "Polytechnical"
            visit_data(visitor=FRANCE, institutions=["Sorbonne University"]),
        ],
    ),
    "deemed-export-review": (
        [
            visit_data(access=CONTROLLED),
            visit_data(visitor=SHANGHAI, access=CONTROLLED),
            visit_data(visitor={"citizenships": ["CN", "CA"]}, access=CONTROLLED),
        ],
        [
            visit_data(),
            visit_data(access={"labs": True, "cui": True, "proprietary": True}),  # not export control
            # a permanent resident is no foreign person either (BIS deemed-export FAQ)
            visit_data(visitor={"citizenships": ["CN"], "us_permanent_resident": True}, access=CONTROLLED),
            # a US citizen is no foreign person, wherever they work
            visit_data(
                visitor={"citizenships": ["US", "CN"], "affiliations": [affiliation("Fudan", "CN")]},
                access=CONTROLLED,
            ),
        ],
    ),
    "visitor-invitation-letter": (
        [
            visit_data(visa="B"),
            visit_data(visa="J-1"),
            visit_data(visa="other"),
            visit_data(visitor=SHANGHAI, visa="B"),
        ],
        [visit_data(), visit_data(visitor=SHANGHAI, visa=None)],  # no visa said, no visa table loaded
    ),
    "visitor-access": (
        [
            visit_data(access={"labs": True}),
            visit_data(access=CONTROLLED),
            visit_data(access={"cui": True}),
            visit_data(access={"proprietary": True}),
            visit_data(appointment=True),
            visit_data(purposes=["lab_work"]),
            visit_data(purposes=["talk", "collaboration"]),
        ],
        [visit_data(), visit_data(purposes=["talk", "meeting"], visitor=SHANGHAI)],
    ),
    "visitor-payment-disclosure": (
        [
            visit_data(payments={"host_pays_visitor": True}),
            visit_data(payments={"visitor_institution_pays_host": True}),
            visit_data(visitor=MOSCOW, payments={"host_pays_visitor": True}),
        ],
        [visit_data(), visit_data(visitor=MOSCOW)],
    ),
    # Hosting someone who works in Crimea or Iran now had no sanctions item at all.
    "visitor-sanctioned-affiliation": (
        [
            visit_data(visitor=visitor_from("IR", "Sharif University of Technology"), purposes=["talk"]),
            visit_data(
                visitor={
                    "citizenships": ["UA"],
                    "affiliations": [
                        affiliation("Crimean Federal University", "UA", current=True) | {"region": "UA-43"}
                    ],
                }
            ),
            visit_data(
                visitor={
                    "citizenships": ["CA"],
                    "affiliations": [affiliation("University of Havana", "CU", current=True)],
                }
            ),
        ],
        [
            visit_data(),
            visit_data(visitor=MOSCOW),
            # an Iranian citizen who works in Canada: the embargo follows the institution
            visit_data(
                visitor={
                    "citizenships": ["IR"],
                    "affiliations": [affiliation("University of Toronto", "CA", current=True)],
                }
            ),
            # a prior affiliation in Iran is screened, not an embargoed dealing now
            visit_data(
                visitor={
                    "citizenships": ["FR"],
                    "affiliations": [
                        affiliation("Sorbonne University", "FR", current=True),
                        affiliation("University of Tehran", "IR", current=False),
                    ],
                }
            ),
        ],
    ),
}


def checklist(rulebook, data, today: date = TODAY):
    return generate_visit_checklist(parse_visit(data), rulebook, today)


def ids(rulebook, data) -> set[str]:
    return {i.id for i in checklist(rulebook, data).items}


def test_every_contract_id_is_shipped_and_tested(rulebook):
    assert {rule.spec.id for rule in rulebook.visit_rules} == VISIT_ITEM_IDS == set(CASES)


def test_trip_and_visit_items_are_apart(rulebook):
    assert not {r.spec.id for r in rulebook.rules} & {r.spec.id for r in rulebook.visit_rules}


@pytest.mark.parametrize("item_id", sorted(CASES))
def test_fires_where_its_concern_applies(rulebook, item_id):
    for number, data in enumerate(CASES[item_id][0]):
        assert item_id in ids(rulebook, data), (number, data)


@pytest.mark.parametrize("item_id", sorted(CASES))
def test_stays_silent_where_it_does_not(rulebook, item_id):
    for number, data in enumerate(CASES[item_id][1]):
        assert item_id not in ids(rulebook, data), (number, data)


def test_every_visit_item_names_its_sources_and_flags_weak_ones(rulebook):
    result = checklist(
        rulebook,
        visit_data(
            visitor=visitor_from("CN", "Harbin Institute of Technology"),
            visa="J-1",
            appointment=True,
            access={"labs": True, "export_controlled": True},
            payments={"host_pays_visitor": True},
        ),
    )
    # an appointment (no IIC advice), from China (no embargo)
    assert {i.id for i in result.items} == VISIT_ITEM_IDS - {
        "iic-visitor-advice",
        "visitor-sanctioned-affiliation",
    }
    for rule in rulebook.visit_rules:
        assert rule.spec.sources and rule.spec.lead and rule.spec.lead.before == "arrival", rule.spec.id
    for found in result.items:
        assert found.sources and all(s.url.startswith("https://") for s in found.sources), found.id
    weak = {i.id for i in result.items if any(s.confidence == "low" for s in i.sources)}
    assert "visitor-invitation-letter" in weak  # lead times from other universities' pages


def test_iic_reasons_name_the_origin(rulebook):
    found = next(
        i for i in checklist(rulebook, visit_data(visitor=SHANGHAI)).items if i.id == "iic-visitor-advice"
    )
    assert (
        "Current affiliation: Tongji University, China — China is on the institute's elevated-risk list"
        in found.reasons
    )
    assert found.priority == "required" and found.category == "compliance"


def test_deemed_export_names_the_country_of_citizenship_and_the_regulation(rulebook):
    found = next(
        i for i in checklist(rulebook, visit_data(access=CONTROLLED)).items if i.id == "deemed-export-review"
    )
    assert found.category == "export_control" and found.contact.name.startswith("Export Control")
    assert any(r.startswith("Citizenship: France") and "734.13(b)" in r for r in found.reasons)


def test_j1_visitor_from_a_dod_listed_institution_is_told_the_invitation_is_refused(rulebook):
    data = visit_data(visitor=visitor_from("CN", "Beihang University"), visa="J-1", appointment=True)
    found = next(i for i in checklist(rulebook, data).items if i.id == "visitor-restricted-party-match")
    assert any("1286 or 1260H" in r and "J-1" in r for r in found.reasons), found.reasons
    b_visitor = next(
        i
        for i in checklist(rulebook, visit_data(visitor=data["visitor"], visa="B")).items
        if i.id == "visitor-restricted-party-match"
    )
    assert not any("J-1" in r for r in b_visitor.reasons)


def test_the_visitor_name_is_screened_after_the_affiliations(rulebook):
    data = visit_data(visitor=visitor_from("FR", "Sorbonne University", prior=("Beihang University", "CN")))
    result = checklist(rulebook, data)
    assert [s.query for s in result.screening] == [
        "Sorbonne University",
        "Beihang University",
        "Marie Dupont",
    ]


def test_payment_to_a_visitor_from_an_elevated_risk_country_says_so(rulebook):
    data = visit_data(visitor=MOSCOW, payments={"host_pays_visitor": True})
    found = next(i for i in checklist(rulebook, data).items if i.id == "visitor-payment-disclosure")
    assert any(r.startswith("Citizenship: Russia —") for r in found.reasons)
    assert "212(q)" in found.body


def test_a_visa_table_that_requires_a_visa_fires_the_letter_without_a_declared_visa(rulebook):
    table = VisaTable(
        {("CN", "US"): Requirement("visa_required"), ("FR", "US"): Requirement("eta")},
        date(2025, 1, 12),
        "https://example.org/passport-index",
    )
    book = dataclasses.replace(rulebook, visas=table)
    found = {
        i.id: i
        for i in generate_visit_checklist(parse_visit(visit_data(visitor=SHANGHAI)), book, TODAY).items
    }
    assert found["visitor-invitation-letter"].reasons == [
        "A citizen of China needs a visa for the United States"
    ]
    french = generate_visit_checklist(parse_visit(visit_data()), book, TODAY)
    assert "visitor-invitation-letter" not in {i.id for i in french.items}  # ESTA, no letter


def test_due_dates_count_back_from_arrival_and_short_notice_is_flagged(rulebook):
    far = checklist(rulebook, visit_data(visa="B", arrive="2027-06-01", depart="2027-06-03"))
    letter = next(i for i in far.items if i.id == "visitor-invitation-letter")
    assert (letter.due, letter.lead_days, letter.due_anchor) == (date(2027, 2, 1), 120, "arrival")
    assert not letter.short_notice and not letter.overdue and letter.late_advice is None
    near = checklist(rulebook, visit_data(visa="B", arrive="2026-12-21", depart="2026-12-23"))
    late = next(i for i in near.items if i.id == "visitor-invitation-letter")
    assert late.short_notice and late.overdue and late.late_advice.startswith("Send the letter")
    assert near.visit.days_until_arrival == 30


def test_a_visitor_already_here_gets_advice_for_now(rulebook):
    result = checklist(rulebook, visit_data(visa="B", arrive="2026-11-10", depart="2026-12-10"))
    letter = next(i for i in result.items if i.id == "visitor-invitation-letter")
    assert letter.late_advice.startswith("The visitor has already arrived")


def test_visitor_countries_carry_the_destination_flags(rulebook):
    data = visit_data(
        visitor={"citizenships": ["RU"], "affiliations": [affiliation("Inria", "FR", current=True)]}
    )
    countries = checklist(rulebook, data).visitor_countries
    assert [(c.country, c.elevated_risk, c.links_to_visitor) for c in countries] == [
        ("RU", True, ["citizenship"]),
        ("FR", False, ["current_affiliation"]),
    ]
    assert countries[0].advisory_level == 4 and "D:1" in countries[0].ear_groups


def test_an_affiliation_in_a_sanctioned_region_is_flagged_and_named_on_payments(rulebook):
    crimea = {
        "institution": "Sevastopol State University",
        "country": "UA",
        "region": "UA-43",
        "current": True,
    }
    data = visit_data(
        visitor={"citizenships": ["UA"], "affiliations": [crimea]}, payments={"host_pays_visitor": True}
    )
    result = checklist(rulebook, data)
    assert [(c.country, c.region, c.sanctioned) for c in result.visitor_countries] == [
        ("UA", None, False),
        ("UA", "UA-43", True),
    ]
    found = next(i for i in result.items if i.id == "visitor-payment-disclosure")
    assert any(
        r.startswith("Current affiliation: Sevastopol State University, Crimea") for r in found.reasons
    )
