"""Reading a visit from JSON or YAML text, with errors that name the problem (as for itineraries)."""

from __future__ import annotations

from pathlib import Path

from travelprep.engine.itinerary import FieldError, InvalidItinerary
from travelprep.engine.itinerary_files import MAX_BYTES
from travelprep.engine.itinerary_files import _decode as decode_document  # one JSON/YAML reader
from travelprep.engine.visit import InvalidVisit, Visit, parse_visit


def parse_visit_text(text: str, *, fmt: str | None = None) -> Visit:
    """Parse JSON or YAML text into a Visit (JSON is valid YAML, so YAML is the fallback)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidVisit([FieldError("file", f"larger than {MAX_BYTES // 1000} kB")])
    try:
        data = decode_document(text, fmt)
    except InvalidItinerary as unreadable:  # the reader's own errors name only `file`
        raise InvalidVisit(unreadable.errors) from None
    return parse_visit(data)


def read_visit_file(path: Path) -> Visit:
    """Read a visit file; the format follows the extension (.json, else YAML)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidVisit([FieldError("file", f"cannot read {path}: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidVisit([FieldError("file", "not UTF-8 text")]) from None
    return parse_visit_text(text, fmt="json" if path.suffix.lower() == ".json" else None)
