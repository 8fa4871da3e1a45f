"""Issue 11 items: each fires when its concern applies and stays silent otherwise, with its why."""

from __future__ import annotations

import pytest

from tests.builders import item, item_ids, leg, trip_data

LAPTOP = {"devices": ["laptop", "phone"]}


def with_legs(*legs, **changes):
    return trip_data(legs=list(legs), **changes)


def dual(*citizenships, **changes):
    return {"citizenships": list(citizenships), **changes}


COLLAB = {"informal_collaboration": True}

CASES = {
    "export-license-check": (
        [
            with_legs(leg("RU", city="Moscow"), carrying=LAPTOP),  # 746.8(c)
            with_legs(leg("BY"), carrying={"devices": ["storage"]}),
            with_legs(leg("RU"), carrying={"equipment": True}),
            with_legs(leg("SY"), carrying=LAPTOP),  # E:1, not comprehensively sanctioned
        ],
        [
            with_legs(leg("RU"), carrying={"devices": ["none"]}),  # nothing carried, as answered
            with_legs(leg("CN"), carrying=LAPTOP),
            with_legs(leg("IR"), carrying=LAPTOP),  # sanctioned: the OFAC item speaks
            with_legs(leg("UA"), carrying=LAPTOP),
        ],
    ),
    "embargoed-leg-devices": (
        [
            with_legs(
                leg("FR", arrive="2027-03-10", depart="2027-03-12"),
                leg("IR", arrive="2027-03-12", depart="2027-03-16"),
                leg("TR", arrive="2027-03-16", depart="2027-03-19"),
                carrying=LAPTOP,
            ),
            with_legs(
                leg("MX", arrive="2027-03-10", depart="2027-03-12"),
                leg("CU", arrive="2027-03-12", depart="2027-03-19"),
                carrying={"devices": ["phone"]},
            ),
        ],
        [
            with_legs(leg("IR"), carrying=LAPTOP),  # one leg: nothing to mix up
            with_legs(
                leg("FR", arrive="2027-03-10", depart="2027-03-12"),
                leg("IR", arrive="2027-03-12"),
                carrying={"devices": ["none"]},
            ),
            with_legs(
                leg("FR", arrive="2027-03-10", depart="2027-03-12"),
                leg("SY", arrive="2027-03-12"),  # E:1 but not embargoed by OFAC
                carrying=LAPTOP,
            ),
        ],
    ),
    "blocked-government-dealings": (
        [with_legs(leg("VE", city="Caracas"))],
        [with_legs(leg("CO")), with_legs(leg("CU"))],
    ),
    "occupied-area-check": (
        [
            with_legs(leg("UA", "UA-14")),
            with_legs(leg("UA", "UA-09")),
            with_legs(leg("UA", "UA-23")),
            with_legs(leg("UA", "UA-65")),
        ],
        [with_legs(leg("UA")), with_legs(leg("UA", "UA-30")), with_legs(leg("UA", "UA-43"))],
    ),
    "do-not-travel": (
        [with_legs(leg("KP")), with_legs(leg("RU")), with_legs(leg("UA", "UA-43"))],
        [with_legs(leg("CN")), with_legs(leg("VE")), with_legs(leg("FR"))],  # levels 2, 3, none
    ),
    "us-passport-restriction": (
        [with_legs(leg("KP")), with_legs(leg("KP"), traveler=dual("US", "KR"))],
        [with_legs(leg("KR")), with_legs(leg("KP"), traveler=dual("FR"))],
    ),
    "wrongful-detention-risk": (
        [with_legs(leg(code)) for code in ("RU", "BY", "IR", "VE", "KP")],
        [with_legs(leg("FR")), with_legs(leg("CU")), with_legs(leg("JP"))],
    ),
    "security-laws-and-exit-bans": (
        [with_legs(leg("CN")), with_legs(leg("HK"))],
        [with_legs(leg("MO")), with_legs(leg("TW")), with_legs(leg("FR"))],
    ),
    "dual-national-risk": (
        [
            with_legs(leg("IR"), traveler=dual("US", "IR")),
            with_legs(
                leg("CN"),
                traveler=dual("CN"),
            ),
            with_legs(leg("RU"), traveler=dual("US", "RU")),
            with_legs(leg("BY"), traveler=dual("BY", "PL")),
        ],
        [
            with_legs(leg("IR")),  # US only
            with_legs(leg("FR"), traveler=dual("US", "IR")),  # national of Iran, not going there
            with_legs(leg("FR"), traveler=dual("US", "FR")),  # France has no such risk
        ],
    ),
    "us-entry-proclamation": (
        [
            trip_data(traveler=dual("IR", visa_status="F-1")),
            trip_data(traveler=dual("VE", visa_status="J-1")),
            trip_data(traveler=dual("SY", visa_status="H-1B")),  # full suspension: every visa
            trip_data(traveler=dual("NG", visa_status="F-1")),  # partial: F visas
        ],
        [
            trip_data(traveler=dual("US", "IR")),  # US citizens are not affected
            trip_data(traveler=dual("IR", us_permanent_resident=True)),  # permanent residents exempt
            trip_data(traveler=dual("CN", visa_status="F-1")),
            trip_data(traveler=dual("NG", visa_status="H-1B")),  # partial suspension leaves H-1B alone
        ],
    ),
    "travel-signature": (
        [
            trip_data(traveler=dual("CN", visa_status="F-1")),
            trip_data(traveler=dual("IN", visa_status="J-1")),
        ],
        [
            trip_data(traveler=dual("IN", visa_status="H-1B")),
            with_legs(leg("US"), traveler=dual("CN", visa_status="F-1")),
            trip_data(),
        ],
    ),
    "personal-data-abroad": (
        [
            trip_data(carrying={"data": ["personal_data"]}),
            with_legs(leg("JP"), carrying={"data": ["personal_data"]}),
        ],
        [
            trip_data(carrying={"data": ["public"]}),
            with_legs(leg("US"), carrying={"data": ["personal_data"]}),
        ],
    ),
    "human-subjects-approval": (
        [with_legs(leg("KE"), carrying={"data": ["human_subjects"]})],
        [
            trip_data(carrying={"data": ["personal_data"]}),
            with_legs(leg("US"), carrying={"data": ["human_subjects"]}),
        ],
    ),
    "proprietary-data": (
        [trip_data(carrying={"data": ["proprietary"]})],
        [trip_data(carrying={"data": ["public", "personal_data"]})],
    ),
    "cui-authorization": (
        [trip_data(carrying={"data": ["cui"]})],
        [
            trip_data(carrying={"data": ["export_controlled"]}),
            with_legs(leg("US"), carrying={"data": ["cui"]}),
        ],
    ),
    "advisor-discussion": (
        [
            trip_data(traveler={"role": "student"}, activities=COLLAB),
            trip_data(traveler={"role": "postdoc"}, activities={"formal_collaboration": True}),
        ],
        [
            trip_data(traveler={"role": "student"}),
            trip_data(activities=COLLAB),  # faculty
            with_legs(leg("US"), traveler={"role": "student"}, activities=COLLAB),
        ],
    ),
    "brief-research-group": (
        [trip_data(activities=COLLAB), trip_data(activities={"formal_collaboration": True})],
        [trip_data(), trip_data(traveler={"role": "student"}, activities=COLLAB)],
    ),
    "research-security-training": (
        [trip_data(), trip_data(traveler={"role": "postdoc"})],
        [trip_data(traveler={"role": "student"}), with_legs(leg("US"))],
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


def test_institute_laptop_to_moscow_gets_the_license_check_and_no_plain_tmp_claim(checklist_for):
    result = checklist_for(with_legs(leg("RU", city="Moscow"), carrying=LAPTOP))
    check = item(result, "export-license-check")
    assert check.priority == "required"
    assert any("746.8(c)" in r and "BAG only for items you own personally" in r for r in check.reasons)
    tmp = item(result, "tmp-bag-exception")
    assert not any("so the exceptions can apply" in r for r in tmp.reasons)
    assert any("restrict license exceptions" in r and "news media" in r for r in tmp.reasons)


def test_tmp_still_plainly_applies_where_nothing_restricts_it(checklist_for):
    tmp = item(checklist_for(with_legs(leg("FR", city="Paris"), carrying=LAPTOP)), "tmp-bag-exception")
    assert (
        "Leg 1: Paris, France — France is not under a US embargo, so the exceptions can apply" in tmp.reasons
    )


def test_hong_kong_has_chinas_ear_groups_and_macau_stays_apart(checklist_for):
    hk, mo = checklist_for(
        with_legs(leg("HK", arrive="2027-03-10", depart="2027-03-12"), leg("MO", arrive="2027-03-12"))
    ).destinations
    assert hk.ear_groups == ["D:1", "D:3", "D:4", "D:5"]
    assert "D:5" not in mo.ear_groups


def test_level_4_reads_differently_from_level_2(checklist_for):
    kp = item(checklist_for(with_legs(leg("KP"))), "do-not-travel")
    assert any("Level 4" in r and "Do Not Travel" in r for r in kp.reasons)
    cn = item(checklist_for(with_legs(leg("CN"))), "travel-health")
    assert any("Level 2" in r and "Exercise Increased Caution" in r for r in cn.reasons)


def test_iran_reason_says_a_family_visit_is_exempt_but_services_are_not(checklist_for):
    found = item(checklist_for(with_legs(leg("IR"), purposes=["personal"])), "sanctions-license")
    text = " ".join(found.reasons)
    assert "560.210(d)" in text and "family visit" in text and "research collaboration" in text


def test_cuba_reason_names_the_general_license_categories(checklist_for):
    text = " ".join(item(checklist_for(with_legs(leg("CU"))), "sanctions-license").reasons)
    for category in ("family visits", "journalism", "professional research", "educational", "humanitarian"):
        assert category in text


def test_donetsk_oblast_is_flagged_as_partly_sanctioned_not_a_whole_oblast_embargo(checklist_for):
    found = item(checklist_for(with_legs(leg("UA", "UA-14", city="Kramatorsk"))), "sanctions-license")
    assert any("part of Donetsk" in r and "confirm where you will be" in r for r in found.reasons)


def test_zaporizhzhia_is_warned_about_but_not_embargoed(checklist_for):
    result = checklist_for(with_legs(leg("UA", "UA-23")))
    assert "sanctions-license" not in item_ids(result)
    assert any(
        "Zaporizhzhia" in r or "occupies part" in r for r in item(result, "occupied-area-check").reasons
    )


def test_personal_data_is_required_where_gdpr_or_pipl_applies(checklist_for):
    eu = item(checklist_for(trip_data(carrying={"data": ["personal_data"]})), "personal-data-abroad")
    jp = item(
        checklist_for(with_legs(leg("JP"), carrying={"data": ["personal_data"]})), "personal-data-abroad"
    )
    cn = item(
        checklist_for(with_legs(leg("CN"), carrying={"data": ["personal_data"]})), "personal-data-abroad"
    )
    assert eu.priority == "required" and any("GDPR" in r for r in eu.reasons)
    assert cn.priority == "required" and any("PIPL" in r for r in cn.reasons)
    assert jp.priority == "recommended"


def test_student_collaboration_in_an_elevated_risk_country_requires_the_advisor_talk(checklist_for):
    data = with_legs(leg("CN"), traveler={"role": "student"}, activities=COLLAB)
    assert item(checklist_for(data), "advisor-discussion").priority == "required"


def test_training_priority_comes_from_the_policy(checklist_for):
    found = item(checklist_for(trip_data()), "research-security-training")
    assert found.priority == "required"
    assert any("every 6 years" in r for r in found.reasons)


def test_entry_proclamation_reason_names_the_passport(checklist_for):
    found = item(checklist_for(trip_data(traveler=dual("IR", visa_status="F-1"))), "us-entry-proclamation")
    assert any(r.startswith("You hold a passport of Iran") for r in found.reasons)


def test_reentry_no_longer_advises_renewing_the_visa_abroad(checklist_for):
    found = item(checklist_for(trip_data(traveler=dual("CN", visa_status="F-1"))), "reentry-documents")
    assert "renew it abroad" not in found.body and "country of nationality or of residence" in " ".join(
        found.body.split()
    )


def test_weakly_sourced_facts_ask_for_confirmation(checklist_for):
    found = item(checklist_for(with_legs(leg("HK"))), "security-laws-and-exit-bans")
    password = next(r for r in found.reasons if "password" in r)
    assert "not confirmed from the primary source" in password
    assert (
        "not confirmed" not in item(checklist_for(with_legs(leg("RU"))), "wrongful-detention-risk").reasons[0]
    )


def _policy_rulebook(tmp_path, old: str, new: str):
    import shutil

    from travelprep import paths
    from travelprep.engine.rules.rulebook import load_rulebook

    folder = tmp_path / "checklists"
    shutil.copytree(paths.checklists_dir(), folder)
    policy = folder / "policy.yaml"
    text = policy.read_text()
    assert old in text
    policy.write_text(text.replace(old, new, 1))
    return load_rulebook(folder)


@pytest.mark.parametrize(
    ("old", "new", "role", "expected"),
    [
        ("  priority: required\n", "  priority: recommended\n", "faculty", "recommended"),
        ("  roles: [faculty, postdoc]", "  roles: [faculty, postdoc, student]", "student", "required"),
        ("  roles: [faculty, postdoc]", "  roles: [postdoc]", "faculty", None),
    ],
)
def test_training_item_follows_the_policy_data(tmp_path, old, new, role, expected):
    from tests.builders import TODAY
    from travelprep.engine.checklist import generate_checklist
    from travelprep.engine.itinerary import parse_itinerary

    book = _policy_rulebook(tmp_path, old, new)
    result = generate_checklist(parse_itinerary(trip_data(traveler={"role": role})), book, TODAY)
    found = {i.id: i.priority for i in result.items}.get("research-security-training")
    assert found == expected


def test_abkhazia_is_do_not_travel_though_georgia_is_level_1(checklist_for):
    # Georgia's advisory is Level 1 but puts Abkhazia at Level 4; the region took Georgia's level.
    result = checklist_for(
        with_legs(
            leg("GE", city="Tbilisi", arrive="2027-03-10", depart="2027-03-12"),
            leg("GE", "GE-AB", city="Sukhumi", arrive="2027-03-12"),
        )
    )
    tbilisi, sukhumi = result.destinations
    assert (tbilisi.advisory_level, sukhumi.advisory_level) == (1, 4)
    assert not sukhumi.sanctioned  # no OFAC embargo on Abkhazia
    reasons = item(result, "do-not-travel").reasons
    assert reasons == [
        "Leg 2: Sukhumi, Abkhazia, Georgia — State Department travel advisory Level 4 for Abkhazia, "
        "Georgia: Do Not Travel"
    ]
    assert "do-not-travel" not in item_ids(checklist_for(with_legs(leg("GE", city="Tbilisi"))))
