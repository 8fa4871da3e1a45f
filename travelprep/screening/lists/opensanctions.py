"""Parse OpenSanctions FollowTheMoney entities: one JSON object per line.

Every line is checked before anything is kept; all malformed lines are reported by number.
People, vessels and other non-organizations are skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from travelprep.screening.entities import EntityList, ListedEntity
from travelprep.screening.errors import ScreeningDataError, collect_entities

OPENSANCTIONS_URL = "https://www.opensanctions.org/"
ORGANIZATION_SCHEMAS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")


def parse_opensanctions(path: Path) -> tuple[EntityList, int]:
    """The organizations in a FollowTheMoney JSON-lines file, and how many were skipped."""
    with path.open(encoding="utf-8") as handle:
        rows = (
            (line, partial(_entity, path, line, text))
            for line, text in enumerate(handle, start=1)
            if text.strip()
        )
        entities, skipped = collect_entities(path, rows)
    # The newest last_seen dates the list; without any, the day of the import does.
    as_of = max((e.as_of for e in entities if e.as_of), default=date.today().isoformat())
    undated = [replace(e, as_of=as_of) if not e.as_of else e for e in entities]
    return EntityList("OpenSanctions", OPENSANCTIONS_URL, as_of, tuple(undated)), skipped


def _texts(path: Path, line: int, value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScreeningDataError(str(path), line, f"{field} must be a list of texts")
    return [v.strip() for v in value if v.strip()]


def _entity(path: Path, line: int, text: str) -> ListedEntity | None:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScreeningDataError(str(path), line, f"not valid JSON: {error.msg}") from None
    if not isinstance(record, dict):
        raise ScreeningDataError(str(path), line, "each line must be a JSON object")
    for field in ("id", "schema"):
        if not isinstance(record.get(field), str) or not record[field]:
            raise ScreeningDataError(str(path), line, f"the entity has no {field}")
    properties = record.get("properties")
    if not isinstance(properties, dict):
        raise ScreeningDataError(str(path), line, "the entity has no properties object")
    names: list[str] = []
    for field in NAME_PROPERTIES:
        names += [
            n for n in _texts(path, line, properties.get(field), f"properties.{field}") if n not in names
        ]
    caption = record.get("caption") if isinstance(record.get("caption"), str) else ""
    primary = caption.strip() or (names[0] if names else "")
    if not primary:
        raise ScreeningDataError(str(path), line, "the entity has neither a caption nor a name")
    if record["schema"] not in ORGANIZATION_SCHEMAS:
        return None
    datasets = _texts(path, line, record.get("datasets"), "datasets")
    last_seen = record.get("last_seen") or record.get("first_seen") or ""
    if not isinstance(last_seen, str):
        raise ScreeningDataError(str(path), line, "last_seen must be a date text")
    others = [n for n in names if n != primary]
    return ListedEntity(
        entity_id=f"opensanctions:{record['id']}",
        name=primary,
        aliases=tuple(n for n in others if not _ACRONYM.match(n)),
        abbreviations=tuple(n for n in others if _ACRONYM.match(n)),
        list_name="OpenSanctions: " + (", ".join(datasets[:3]) if datasets else "default"),
        source=f"{OPENSANCTIONS_URL}entities/{record['id']}/",
        as_of=last_seen[:10],
    )
