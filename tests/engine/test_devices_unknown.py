"""Devices not named are not "nothing": the device items stay, marked as needing an answer."""

from __future__ import annotations

from tests.builders import item, item_ids, leg, trip_data
from travelprep.engine.text import to_markdown, to_text

DEVICE_ITEMS = {"loaner-device", "device-hygiene", "return-device"}


def china(**changes):
    return trip_data(legs=[leg("CN", city="Beijing")], **changes)


def test_a_trip_without_carrying_keeps_the_device_items_pending(checklist_for):
    checklist = checklist_for(china())
    assert checklist.devices_unknown is True
    assert item_ids(checklist) >= DEVICE_ITEMS
    for item_id in DEVICE_ITEMS:
        assert item(checklist, item_id).needs_answer is True, item_id
    # What does not depend on devices is not pending.
    assert item(checklist, "register-trip").needs_answer is False


def test_pending_items_say_why_as_a_condition_not_a_fact(checklist_for):
    loaner = item(checklist_for(china()), "loaner-device")
    said = " ".join(loaner.reasons)
    assert "you have not said what you are taking" in said.lower()
    assert "you are taking a" not in said.lower()
    assert "if you take a laptop or a phone" in said


def test_nothing_electronic_is_an_answer(checklist_for):
    checklist = checklist_for(china(carrying={"devices": ["none"]}))
    assert checklist.devices_unknown is False
    assert not DEVICE_ITEMS & item_ids(checklist)
    assert not any(i.needs_answer for i in checklist.items)


def test_an_empty_device_list_is_also_an_answer(checklist_for):
    checklist = checklist_for(china(carrying={"devices": []}))
    assert checklist.devices_unknown is False
    assert not DEVICE_ITEMS & item_ids(checklist)


def test_carrying_data_but_no_devices_field_is_still_unknown(checklist_for):
    checklist = checklist_for(china(carrying={"data": ["public"]}))
    assert checklist.devices_unknown is True
    assert item(checklist, "loaner-device").needs_answer is True


def test_named_devices_are_never_pending(checklist_for):
    checklist = checklist_for(china(carrying={"devices": ["laptop"]}))
    assert checklist.devices_unknown is False
    assert item(checklist, "loaner-device").needs_answer is False
    assert "you are taking a laptop" in " ".join(item(checklist, "loaner-device").reasons).lower()


def test_pending_items_are_those_a_laptop_and_phone_bring(checklist_for):
    unknown = checklist_for(china())
    with_both = checklist_for(china(carrying={"devices": ["laptop", "phone"]}))
    assert item_ids(unknown) == item_ids(with_both)
    nothing = checklist_for(china(carrying={"devices": ["none"]}))
    pending = {i.id for i in unknown.items if i.needs_answer}
    assert pending == item_ids(with_both) - item_ids(nothing)


def test_an_item_that_fires_without_devices_is_not_pending(checklist_for):
    # Equipment alone brings the license check to Moscow, whatever the devices.
    checklist = checklist_for(trip_data(legs=[leg("RU")], carrying={"equipment": True}))
    assert item(checklist, "export-license-check").needs_answer is False


def test_the_text_and_markdown_say_which_items_wait_for_the_answer(checklist_for):
    unknown = checklist_for(china())
    text = to_text(unknown)
    assert "DEVICES NOT SAID" in text
    loaner_line = next(line for line in text.splitlines() if line.endswith("[loaner-device]"))
    assert "NEEDS YOUR ANSWER" in loaner_line
    register_line = next(line for line in text.splitlines() if line.endswith("[register-trip]"))
    assert "NEEDS YOUR ANSWER" not in register_line
    assert "NEEDS YOUR ANSWER" in to_markdown(unknown)
    answered = checklist_for(china(carrying={"devices": ["laptop"]}))
    assert "NEEDS YOUR ANSWER" not in to_text(answered) + to_markdown(answered)
