"""Content lines folded as RFC 5545 (3.1) asks, as icalendar folds them, but faster.

icalendar folds character by character, measuring each one's UTF-8 length; for a feed of a
thousand events with long descriptions that loop is half the cost of serializing. Here the
line is encoded once and cut in slices of octets, stepping back off UTF-8 continuation bytes.
The output is byte for byte icalendar's (a property test compares them): at most 74 octets a
line before the fold, never inside a character, and never right after a backslash or a
caret, which would split an escape some readers then misread.
"""

from __future__ import annotations

from icalendar import Component

_WIDTH = 74  # octets a line holds before the fold's CRLF and space
_ESCAPES = frozenset(b"\\^")
_FOLD = b"\r\n "


def serialize(component: Component) -> bytes:
    """`component.to_ical()`, with the faster fold."""
    return b"".join(fold_octets(line) + b"\r\n" for line in component.content_lines() if line)


def fold(line: str) -> str:
    """The line folded at 74 octets, never inside a character or right after an escape."""
    return fold_octets(line).decode()


def fold_octets(line: str) -> bytes:
    """`fold`, as UTF-8."""
    octets = line.encode()
    if len(octets) <= _WIDTH:
        return octets
    pieces, start, length = [], 0, len(octets)
    while length - start > _WIDTH:
        end = start + _WIDTH
        while 0x80 <= octets[end] < 0xC0:  # a UTF-8 continuation byte: the cut goes before its character
            end -= 1
        if octets[end - 1] in _ESCAPES:
            end -= 1  # the escape character opens the next line, with what it escapes
        pieces.append(octets[start:end])
        start = end
    pieces.append(octets[start:])
    return _FOLD.join(pieces)
