"""Which bookings a device still out overdue puts at risk (the pure pairing)."""

from datetime import date

from travelprep.loaner.overdue import Booking, OverdueHold, at_risk, out_by_kind

LT1 = OverdueHold(device_id=1, asset_tag="LT-1", kind="laptop", request_id=17, due_back=date(2027, 3, 1))


def test_other_requests_booked_on_the_device_are_at_risk_earliest_first():
    bookings = [
        Booking(device_id=1, request_id=30, starts=date(2027, 4, 2)),
        Booking(device_id=1, request_id=23, starts=date(2027, 3, 2)),
        Booking(device_id=2, request_id=24, starts=date(2027, 3, 2)),  # another device
        Booking(device_id=1, request_id=17, starts=date(2027, 2, 20)),  # the late loan itself
    ]
    found = at_risk([LT1], bookings)
    assert [(r.hold.asset_tag, r.booking.request_id) for r in found] == [("LT-1", 23), ("LT-1", 30)]
    assert LT1.overdue_since == date(2027, 3, 2)


def test_a_device_on_two_late_loans_names_the_one_late_longest():
    later = OverdueHold(
        device_id=1, asset_tag="LT-1", kind="laptop", request_id=20, due_back=date(2027, 3, 9)
    )
    found = at_risk([later, LT1], [Booking(device_id=1, request_id=23, starts=date(2027, 3, 20))])
    assert [r.hold.request_id for r in found] == [17]
    assert out_by_kind([later, LT1]) == {"laptop": 1}  # one device, counted once
