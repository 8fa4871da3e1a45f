"""Due dates, overdue and short-notice flags, ordering, reasons and destinations."""

from __future__ import annotations

from datetime import date, timedelta

from tests.builders import TODAY, item, item_ids, leg, trip_data

LAPTOP = {"devices": ["laptop"]}
DEPARTURE = date(2027, 3, 9)


def test_lead_times_count_back_from_departure_and_forward_from_return(checklist_for):
    result = checklist_for(
        trip_data(legs=[leg("RU")], carrying=LAPTOP, activities={"foreign_compensation": True})
    )
    assert item(result, "loaner-device").due == DEPARTURE - timedelta(days=14)
    assert item(result, "visa").due is None  # no visa table, so no visa deadline (test_wording_for_now)
    assert item(result, "foreign-compensation-disclosure").due == date(2027, 3, 20) + timedelta(days=30)
    assert item(result, "return-device").due == date(2027, 3, 23)
    assert item(result, "contact-compliance").due is None


def test_short_notice_when_lead_time_exceeds_days_left(checklist_for):
    ten_days_before = DEPARTURE - timedelta(days=10)
    loaner = item(
        checklist_for(trip_data(legs=[leg("CN")], carrying=LAPTOP), ten_days_before), "loaner-device"
    )
    assert loaner.short_notice and loaner.overdue
    assert "loaner desk directly" in loaner.late_advice


def test_no_short_notice_with_time_to_spare(checklist_for):
    loaner = item(checklist_for(trip_data(legs=[leg("CN")], carrying=LAPTOP)), "loaner-device")
    assert not loaner.short_notice and not loaner.overdue and loaner.late_advice is None


def test_due_today_is_not_overdue_but_yesterday_is(checklist_for):
    data = trip_data(legs=[leg("CN")], carrying=LAPTOP)
    due = DEPARTURE - timedelta(days=14)
    assert not item(checklist_for(data, due), "loaner-device").overdue
    assert item(checklist_for(data, due + timedelta(days=1)), "loaner-device").overdue


def test_sanctions_license_is_short_notice_within_six_months(checklist_for):
    crimea = item(checklist_for(trip_data(legs=[leg("UA", "UA-43")])), "sanctions-license")
    assert crimea.short_notice  # 108 days left, 180 needed
    assert crimea.due == DEPARTURE - timedelta(days=180)
    assert "six months" in crimea.late_advice


def test_items_are_ordered_by_due_date_then_priority(checklist_for):
    result = checklist_for(
        trip_data(
            legs=[leg("CN")],
            carrying=LAPTOP,
            activities={"informal_collaboration": True, "talent_program": True},
        )
    )
    keys = [(i.due is None, i.due or TODAY, i.priority != "required") for i in result.items]
    assert keys == sorted(keys)
    undated = [i for i in result.items if i.due is None]
    assert undated and result.items[-len(undated) :] == undated


def test_reasons_name_each_leg_that_applies(checklist_for):
    data = trip_data(
        legs=[
            leg("FR", city="Paris", arrive="2027-03-10", depart="2027-03-12"),
            leg("RU", city="Moscow", arrive="2027-03-12", depart="2027-03-15"),
            leg("CN", city="Beijing", arrive="2027-03-15", depart="2027-03-19"),
        ],
        carrying=LAPTOP,
    )
    reasons = item(checklist_for(data), "loaner-device").reasons
    assert (
        "Leg 2: Moscow, Russia — Russia is on the institute's elevated-risk list; "
        "State Department travel advisory Level 4 for Russia: Do Not Travel; "
        "Russia allows only state-approved VPNs (old or secondary source: verify)" in reasons
    )
    assert any(r.startswith("Leg 3: Beijing, China — ") for r in reasons)
    assert not any(r.startswith("Leg 1") for r in reasons)
    assert "You are taking a laptop" in reasons


def test_crimea_is_a_sanctioned_destination_of_ukraine(checklist_for):
    result = checklist_for(trip_data(legs=[leg("UA", "UA-43", city="Simferopol")]))
    (crimea,) = result.destinations
    assert (crimea.country, crimea.region, crimea.name) == ("UA", "UA-43", "Crimea, Ukraine")
    assert crimea.sanctioned and crimea.advisory_level == 4 and not crimea.elevated_risk
    reason = item(result, "sanctions-license").reasons[0]
    assert reason.startswith(
        "Leg 1: Simferopol, Crimea, Ukraine — Crimea, Ukraine is under a comprehensive US embargo"
    )


def test_destinations_carry_the_contract_flags(checklist_for):
    (china,) = checklist_for(trip_data(legs=[leg("cn")])).destinations
    assert china.model_dump() == {
        "country": "CN",
        "region": None,
        "name": "China",
        "elevated_risk": True,
        "sanctioned": False,
        "ear_groups": ["D:1", "D:3", "D:4", "D:5"],
        "advisory_level": 2,
        "encryption_restricted": True,
        "vpn_restricted": True,
        "advisory_url": "https://travel.state.gov/content/tsg_aem/us/en/home/international-travel/"
        "travel-advisories/destination.chn.html",
        "visa_requirement_known": False,  # no visa table loaded
    }


def test_repeated_country_is_listed_once(checklist_for):
    data = trip_data(
        legs=[
            leg("CN", city="Shanghai", arrive="2027-03-10", depart="2027-03-12"),
            leg("CN", city="Beijing", arrive="2027-03-12", depart="2027-03-19"),
        ]
    )
    assert [d.country for d in checklist_for(data).destinations] == ["CN"]


def test_macau_is_not_in_d5_and_unknown_advisory_is_null(checklist_for):
    (macau,) = checklist_for(trip_data(legs=[leg("MO")])).destinations
    assert "D:5" not in macau.ear_groups and macau.name == "Macau"
    (monaco,) = checklist_for(trip_data(legs=[leg("MC")])).destinations  # no advisory of its own
    assert monaco.advisory_level is None


def test_json_shape_matches_the_contract(checklist_for):
    data = checklist_for(trip_data(legs=[leg("CN")], carrying=LAPTOP)).to_data()
    assert set(data) >= {"generated_on", "data", "trip", "destinations", "screening", "items"}
    assert data["trip"] == {"departure": "2027-03-09", "return": "2027-03-20", "days_until_departure": 108}
    assert {"name": "EAR country groups", "as_of": "2026-07-23"}.items() <= data["data"]["sources"][1].items()
    loaner = next(i for i in data["items"] if i["id"] == "loaner-device")
    assert loaner["due"] == "2027-02-23" and loaner["category"] == "device"
    assert set(loaner) >= {
        "id",
        "category",
        "priority",
        "title",
        "due",
        "overdue",
        "short_notice",
        "reasons",
        "links",
    }
    assert all(link["url"].startswith("https://") for link in loaner["links"])


def test_syria_needs_a_license_check_not_tmp_bag(checklist_for):
    ids = item_ids(checklist_for(trip_data(legs=[leg("SY")], carrying=LAPTOP)))
    assert "export-license-check" in ids
    assert "tmp-bag-exception" not in ids and "sanctions-license" not in ids


def test_student_to_level_four_needs_a_waiver(checklist_for):
    student = trip_data(traveler={"role": "student"}, legs=[leg("UA")])
    assert "student-travel-waiver" in item_ids(checklist_for(student))
    assert "student-travel-waiver" not in item_ids(checklist_for(trip_data(legs=[leg("UA")])))


def test_a_city_named_as_its_region_is_not_said_twice(checklist_for):
    first_leg = leg("UA", "UA-40", city="Sevastopol", arrive="2027-03-10", depart="2027-03-12")
    second_leg = leg("UA", "UA-43", city="crimea", arrive="2027-03-12", depart="2027-03-19")
    result = checklist_for(trip_data(legs=[first_leg, second_leg]))
    first, second = item(result, "sanctions-license").reasons[:2]
    assert first.startswith("Leg 1: Sevastopol, Ukraine — ")
    assert second.startswith("Leg 2: Crimea, Ukraine — ")
