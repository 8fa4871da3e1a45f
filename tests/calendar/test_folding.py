"""The fast fold writes exactly what icalendar's own fold writes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Event
from icalendar.parser.string import _foldline as icalendar_fold  # the reference, private on purpose

from travelprep.calendar.folding import fold, serialize

# Escape characters, ASCII, two- three- and four-octet characters, at lengths around the fold.
CHARS = st.sampled_from(list("ab \\^,;:") + ["é", "中", "😀"])


@settings(max_examples=400)
@given(line=st.text(CHARS, max_size=400))
def test_fold_matches_icalendar_on_any_line(line):
    assert fold(line) == icalendar_fold(line)


@settings(max_examples=200)
@given(line=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=300))
def test_fold_matches_icalendar_on_any_text(line):
    assert fold(line) == icalendar_fold(line)


def test_escapes_are_never_split_and_lines_stay_within_75_octets():
    line = "DESCRIPTION:" + "x" * 61 + "\\n" + "y" * 200
    folded = fold(line).split("\r\n")
    assert folded[0].endswith("x") and folded[1].startswith(" \\n")
    assert all(len(part.encode()) <= 75 for part in folded)


def test_serialize_matches_icalendar_for_an_event():
    event = Event()
    event.add("SUMMARY", "Return the loaner laptop; pick up 中文 at the desk, \\ then wipe ^ it " * 3)
    event.add("DESCRIPTION", "Why: Leg 1: Shanghai, China — on the elevated-risk list.\n" * 5)
    event.add("UID", "trip-1-return-device@travelprep.example.edu")
    assert serialize(event) == event.to_ical()
