"""Reading an itinerary from JSON or YAML text, with errors that name the problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from travelprep.engine.facts.sourced_yaml import parse_safely, plain_scalars
from travelprep.engine.itinerary import FieldError, InvalidItinerary, Itinerary, parse_itinerary

MAX_BYTES = 1_000_000


@plain_scalars
class _ItineraryLoader(yaml.SafeLoader):
    """YAML for itineraries: country codes stay codes and dates stay text until validated."""


def parse_itinerary_text(text: str, *, fmt: str | None = None) -> Itinerary:
    """Parse JSON or YAML text (JSON is valid YAML, so YAML is the fallback)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidItinerary([FieldError("file", f"larger than {MAX_BYTES // 1000} kB")])
    return parse_itinerary(_decode(text, fmt))


def _decode(text: str, fmt: str | None) -> Any:
    if fmt == "json" or (fmt is None and text.lstrip().startswith("{")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidItinerary(
                [FieldError("file", f"not valid JSON at line {error.lineno}: {error.msg}")]
            ) from None
    try:
        return parse_safely(text, _ItineraryLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InvalidItinerary([FieldError("file", f"not valid YAML{where}: {problem}")]) from None


def read_itinerary_file(path: Path) -> Itinerary:
    """Read an itinerary file; the format follows the extension (.json, else YAML)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidItinerary([FieldError("file", f"cannot read {path}: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidItinerary([FieldError("file", "not UTF-8 text")]) from None
    return parse_itinerary_text(text, fmt="json" if path.suffix.lower() == ".json" else None)
