"""The 60-day demand chart: counts per day and kind, and an SVG that escapes its text."""

from datetime import date

from travelprep.loaner.demand import compute_demand, render_svg

FIRST = date(2026, 11, 21)


def test_demand_counts_each_day_held_including_the_wipe_buffer():
    loans = [
        ("laptop phone", date(2026, 11, 20), date(2026, 11, 25)),  # held 21..27 (buffer 2)
        ("laptop", date(2026, 11, 22), date(2026, 11, 23)),  # held 22..25
        ("laptop", date(2027, 3, 1), date(2027, 3, 9)),  # outside the window
    ]
    chart = compute_demand(loans, {"laptop": 1, "phone": 3}, first=FIRST, days=60, wipe_buffer_days=2)
    laptop, phone, tablet, hotspot = chart.kinds
    assert laptop.needed[:8] == (1, 2, 2, 2, 2, 1, 1, 0)
    assert phone.needed[:8] == (1, 1, 1, 1, 1, 1, 1, 0)
    assert laptop.short_days == 4 and laptop.first_short_day == 1
    assert phone.short_days == 0 and tablet.needed == (0,) * 60 and hotspot.available == 0


def test_a_loan_running_past_the_window_is_cut_at_its_end():
    chart = compute_demand([("tablet", date(2027, 1, 1), date(2027, 6, 1))], {}, first=FIRST, days=60)
    assert chart.kinds[2].needed[-1] == 1
    assert sum(chart.kinds[2].needed) == (date(2027, 1, 19) - date(2027, 1, 1)).days + 1


def test_the_svg_is_one_accessible_image_with_escaped_text():
    chart = compute_demand([("laptop", FIRST, FIRST)], {"laptop": 0}, first=FIRST, days=60)
    svg = render_svg(chart)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and '<title id="demand-title">' in svg
    assert 'class="short"' in svg  # needed 1, available 0
    assert "laptop: 0 in service, short on 3 days" in svg
    assert "<script" not in svg


def test_devices_out_overdue_are_not_available_on_any_day():
    loans = [("laptop", date(2026, 11, 30), date(2026, 12, 4))]
    chart = compute_demand(
        loans, {"laptop": 1, "phone": 2}, first=FIRST, days=60, out_overdue={"laptop": 1, "phone": 1}
    )
    laptop, phone, *_ = chart.kinds
    assert (laptop.in_service, laptop.available, phone.available) == (1, 0, 1)
    assert laptop.short_days == 7 and laptop.first_short_day == 9  # 11-30 to 12-06, buffer included
    assert laptop.in_service_text == "1 in service, 1 of them out overdue"
    svg = render_svg(chart)
    assert "laptop: 1 in service, 1 of them out overdue, short on 7 days" in svg
    assert "2026-11-30: 1 laptop needed, 0 available" in svg
