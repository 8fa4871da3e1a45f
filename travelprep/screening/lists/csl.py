"""Parse the US Consolidated Screening List export (trade.gov), as CSV, TSV or JSON.

Every row is checked before anything is kept; all malformed rows are reported by line.
Individuals and vessels are skipped: TravelPrep screens institutions and companies.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from travelprep.screening.entities import EntityList, ListedEntity
from travelprep.screening.errors import ScreeningDataError, collect_entities

CSL_URL = "https://www.trade.gov/consolidated-screening-list"
# The export's columns, in order (InternationalTradeAdministration/csl-importers).
CSL_FIELDS = (  # noqa: SIM905 - the export's header, as it is written
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids"
).split(",")
SKIPPED_TYPES = frozenset({"individual", "vessel", "aircraft"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


Row = dict[str, Any] | ScreeningDataError  # a parsed row, or why it could not be parsed


def parse_csl(path: Path, *, as_of: str) -> tuple[EntityList, int]:
    """The CSL entries in a CSV, TSV or JSON export, and how many rows were skipped by type."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        head = handle.read(4096)
        handle.seek(0)
        if head.lstrip().startswith(("{", "[")):
            return _collect(path, _json_rows(path, handle.read()), as_of)
        # A delimited export is read as a stream: a million rows need not sit in memory twice.
        return _collect(path, _delimited_rows(path, handle, head), as_of)


def _collect(path: Path, rows: Iterator[tuple[int, Row]], as_of: str) -> tuple[EntityList, int]:
    shared: dict[str, str] = {}  # one copy of each list name and URL, not one per row
    parsed = ((line, partial(_entity, path, line, row, as_of, shared)) for line, row in rows)
    entities, skipped = collect_entities(path, parsed)
    return EntityList("US Consolidated Screening List", CSL_URL, as_of, tuple(entities)), skipped


def _delimited_rows(path: Path, handle: TextIO, head: str) -> Iterator[tuple[int, Row]]:
    delimiter = "\t" if "\t" in head.split("\n", 1)[0] else ","
    reader = csv.DictReader(handle, delimiter=delimiter)
    if not reader.fieldnames or "name" not in reader.fieldnames:
        message = "the header row needs a 'name' column (CSL export fields)"
        raise ScreeningDataError(str(path), 1, message)
    line = 2
    for row in reader:
        if None in row:  # DictReader files surplus cells under None
            message = f"{len(row[None])} more cell(s) than header columns"
            yield line, ScreeningDataError(str(path), line, message)
        elif any(v is None for v in row.values()):
            yield line, ScreeningDataError(str(path), line, "fewer cells than header columns")
        else:
            yield line, row
        line = reader.line_num + 1


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, Row]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScreeningDataError(str(path), error.lineno, f"not valid JSON: {error.msg}") from None
    if isinstance(document, dict):
        if not isinstance(document.get("results"), list):
            raise ScreeningDataError(str(path), 1, "a JSON object export needs a 'results' list")
        start = re.search(r'"results"\s*:\s*\[', text).end()
    elif isinstance(document, list):
        start = text.index("[") + 1
    else:
        raise ScreeningDataError(str(path), 1, 'expected a JSON list or {"results": [...]}')
    # Walk the array once more with raw_decode only to learn each record's line.
    decoder = json.JSONDecoder()
    position, line = start, 1 + text.count("\n", 0, start)
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            line += text[position] == "\n"
            position += 1
        if position >= len(text) or text[position] == "]":
            return
        record, end = decoder.raw_decode(text, position)
        if isinstance(record, dict):
            yield line, record
        else:
            yield line, ScreeningDataError(str(path), line, "each result must be a JSON object")
        line += text.count("\n", position, end)
        position = end


def _names(path: Path, line: int, value: Any, field: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise ScreeningDataError(str(path), line, f"{field} must be text or a list of texts")


def _entity(path: Path, line: int, row: Row, as_of: str, shared: dict[str, str]) -> ListedEntity | None:
    if isinstance(row, ScreeningDataError):
        raise row
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScreeningDataError(str(path), line, "the row has no name")
    list_label = row.get("source")
    if not isinstance(list_label, str) or not list_label.strip():
        raise ScreeningDataError(str(path), line, "the row has no source (which CSL list it is on)")
    if str(row.get("type") or "").strip().lower() in SKIPPED_TYPES:
        return None
    key = str(row.get("_id") or row.get("id") or row.get("entity_number") or "").strip() or f"line-{line}"
    alternatives = _names(path, line, row.get("alt_names"), "alt_names")
    source_url = row.get("source_list_url") or row.get("source_information_url") or CSL_URL
    return ListedEntity(
        entity_id=f"csl:{key}",
        name=name.strip(),
        aliases=tuple(a for a in alternatives if not _ACRONYM.match(a)),
        abbreviations=tuple(a for a in alternatives if _ACRONYM.match(a)),
        list_name=shared.setdefault(list_label, f"CSL: {list_label.strip()}"),
        source=shared.setdefault(str(source_url), str(source_url).strip() or CSL_URL),
        as_of=as_of,
        country=_country(row.get("addresses")),
    )


def _country(addresses: Any) -> str:
    """The one country of a party's addresses (an ISO code each ends with), or "" when they
    give none or several: a query naming another country rules the party out."""
    if isinstance(addresses, list):
        found = {str(a.get("country") or "").strip().upper() for a in addresses if isinstance(a, dict)}
    elif isinstance(addresses, str):
        found = {part.rsplit(",", 1)[-1].strip().upper() for part in addresses.split(";") if part.strip()}
    else:
        return ""
    found.discard("")
    return found.pop() if len(found) == 1 and _COUNTRY_CODE.match(next(iter(found))) else ""
