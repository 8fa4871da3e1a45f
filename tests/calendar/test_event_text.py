"""The plain text of calendar events."""

from __future__ import annotations

from travelprep.calendar.event_text import lines_of, markdown_to_plain, one_line


def test_markdown_becomes_plain_text_a_calendar_shows_well():
    body = (
        "Leave your **everyday** laptop at home and take a\nclean _loaner_ from "
        "[IS&T](https://ist.example.edu/loaners_now).\n\n"
        "- Install all `updates`, and turn on\n  full-disk encryption.\n* Back up first.\n\n## Then\nGo."
    )
    assert markdown_to_plain(body) == (
        "Leave your everyday laptop at home and take a clean loaner from "
        "IS&T (https://ist.example.edu/loaners_now).\n\n"
        "- Install all updates, and turn on full-disk encryption.\n- Back up first.\n\nThen\nGo."
    )


def test_one_line_removes_controls_and_caps():
    assert one_line("Paris\r\nATTENDEE:x\x1b[31m\u2028end") == "Paris ATTENDEE:x [31m end"
    capped = one_line("x" * 500, 20)
    assert len(capped) == 20 and capped.endswith("…")


def test_lines_of_keeps_line_breaks_but_nothing_else():
    assert lines_of("Why:\r\n- a\x00b\n\n- c\u2029d") == "Why:\n- a b\n\n- c d"
