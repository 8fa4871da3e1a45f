"""Reading an itinerary from JSON or YAML text, with errors that name the problem."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import yaml

from travelprep.engine.facts.sourced_yaml import parse_safely, plain_scalars
from travelprep.engine.itinerary import FieldError, InvalidItinerary, Itinerary, parse_itinerary

MAX_BYTES = 1_000_000
MAX_DEPTH = 32  # as the API's limit (web/json_guard.py): an itinerary is 4 deep


@plain_scalars
class _ItineraryLoader(yaml.SafeLoader):
    """YAML for itineraries: country codes stay codes and dates stay text until validated, and
    a key given twice in one mapping is refused."""


def _mapping_once(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    """A mapping whose keys are each given once: YAML would keep the last value, silently.

    Made as SafeLoader makes its mappings (given first, filled after), so an alias of a mapping
    inside itself is still read, and refused for its depth.
    """
    mapping: dict[Any, Any] = {}
    yield mapping
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # `<<: *defaults`: a key given here overrides the merged one, as YAML means
        key = loader.construct_object(key_node)
        if not isinstance(key, Hashable):
            continue  # construct_mapping refuses it, with its line
        if key in seen:
            problem = f"{key!r} is given twice: give it once, with the value you mean"
            raise yaml.MarkedYAMLError(None, None, problem, key_node.start_mark)
        seen.add(key)
    mapping.update(loader.construct_mapping(node))  # merges `<<` keys in


_ItineraryLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_once)


class RepeatedKey(dict):
    """An object of JSON text that gives a key twice (json keeps the last value, silently)."""

    key: str = ""


def _object_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked = RepeatedKey(found)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked.key = key  # the first key given again
            break
        seen.add(key)
    return marked


def load_json(text: str | bytes) -> Any:
    """json.loads, with every object that gives a key twice made a RepeatedKey naming it."""
    return json.loads(text, object_pairs_hook=_object_once)


def repeated_key(document: Any) -> str | None:
    """Where a document from `load_json` first gives a key twice ("legs[0].city"), or None."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            if isinstance(item, RepeatedKey):
                return f"{path}.{item.key}" if path else item.key
            stack += reversed([(inner, f"{path}.{key}" if path else key) for key, inner in item.items()])
        elif isinstance(item, list):
            stack += reversed([(inner, f"{path}[{index}]") for index, inner in enumerate(item)])
    return None


def parse_itinerary_text(text: str, *, fmt: str | None = None) -> Itinerary:
    """Parse JSON or YAML text (JSON is valid YAML, so YAML is the fallback)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidItinerary([FieldError("file", f"larger than {MAX_BYTES // 1000} kB")])
    return parse_itinerary(_decode(text, fmt))


def _decode(text: str, fmt: str | None) -> Any:
    if text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise InvalidItinerary(
            [
                FieldError(
                    "file",
                    "this is a calendar (.ics), not an itinerary or a visit: draft a trip from it "
                    "with `travelprep itinerary from-ics FILE`, add the traveler, and check that",
                )
            ]
        )
    try:
        document = _parse(text, fmt)
    except RecursionError:  # the parsers recurse per level: a thousand levels deep is a crash
        document = None
        too_deep = True
    else:
        too_deep = _deeper_than(document, MAX_DEPTH)
    if too_deep:
        raise InvalidItinerary([FieldError("file", f"nested too deeply (the limit is {MAX_DEPTH} levels)")])
    return document


def _parse(text: str, fmt: str | None) -> Any:
    if fmt == "json" or (fmt is None and text.lstrip().startswith("{")):
        try:
            document = load_json(text)
        except json.JSONDecodeError as error:
            raise InvalidItinerary(
                [FieldError("file", f"not valid JSON at line {error.lineno}: {error.msg}")]
            ) from None
        if (repeated := repeated_key(document)) is not None:
            message = "given twice in the file: give it once, with the value you mean"
            raise InvalidItinerary([FieldError(repeated, message)])
        return document
    try:
        return parse_safely(text, _ItineraryLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InvalidItinerary([FieldError("file", f"not valid YAML{where}: {problem}")]) from None


def _deeper_than(document: Any, limit: int) -> bool:
    """Whether lists and mappings nest more than `limit` deep (a YAML alias cycle is endless).

    A container is walked again only when reached deeper than before: YAML aliases can share one
    list a billion times over, and walking every path would never end.
    """
    deepest: dict[int, int] = {}
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list) or deepest.get(id(item), -1) >= depth:
            continue
        if depth > limit:
            return True
        deepest[id(item)] = depth
        inner = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in inner)
    return False


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
