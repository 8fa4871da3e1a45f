"""`data import visas`: a Passport Index tidy CSV (`Passport,Destination,Requirement`).

Every row must be understood, or nothing is imported: a half-read table would give some
travellers "no visa needed" by omission. Bad rows are reported by line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from travelprep.engine import geography
from travelprep.refdata.datastore import DataStore, Version
from travelprep.refdata.importers import ImportRefused
from travelprep.refdata.loading import VisasPayload

SOURCE = "visas"
DATASET_URL = "https://github.com/ilyankou/passport-index-dataset"
HEADER = ("passport", "destination", "requirement")
# The Passport Index wording, mapped to travelprep.engine.facts.visas.KINDS.
REQUIREMENTS = {
    "visa free": "visa_free",
    "visa on arrival": "visa_on_arrival",
    "eta": "eta",
    "e-visa": "e_visa",
    "visa required": "visa_required",
    "no admission": "no_admission",
    "-1": "own_country",
}
MAX_VISA_FREE_DAYS = 366
MAX_REPORTED = 20


@dataclass(frozen=True)
class VisaImport:
    """What an import stored."""

    version: Version
    rows: int
    passports: int


def parse_visa_table(text: str, where: str) -> list[tuple[str, str, str, int | None]]:
    """[passport, destination, kind, days] rows; ImportRefused listing bad rows by line."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(h.strip().casefold() for h in header) != HEADER:
        raise ImportRefused(
            where,
            1,
            f"expected the header Passport,Destination,Requirement, found {','.join(header or [])!r}",
        )
    rows, problems, seen = [], [], {}
    for line, fields in enumerate(reader, start=2):
        if not fields:
            continue
        try:
            row = _row(fields)
        except _BadRow as bad:
            problems.append(f"{where}:{line}: {bad}")
            continue
        pair, requirement = row[:2], row[2:]
        if pair in seen:
            if seen[pair][0] != requirement:
                problems.append(
                    f"{where}:{line}: {pair[0]} -> {pair[1]} already given on line "
                    f"{seen[pair][1]} differently"
                )
            continue
        seen[pair] = (requirement, line)
        rows.append(row)
    if problems:
        shown = "\n  ".join(problems[:MAX_REPORTED])
        hidden = len(problems) - MAX_REPORTED
        more = f"\n  ... and {hidden} more" if hidden > 0 else ""
        raise ImportRefused(where, None, f"{len(problems)} bad row(s), nothing imported:\n  {shown}{more}")
    if not rows:
        raise ImportRefused(where, None, "the table has no rows")
    return rows


class _BadRow(ValueError):
    """Why one row cannot be used."""


def _row(fields: list[str]) -> tuple[str, str, str, int | None]:
    if len(fields) != 3:
        raise _BadRow(f"expected 3 fields, found {len(fields)}")
    passport, destination, value = (f.strip() for f in fields)
    passport, destination = passport.upper(), destination.upper()
    for label, code in (("passport", passport), ("destination", destination)):
        if not geography.is_country(code):
            raise _BadRow(f"unknown {label} country code {code!r}")
    kind, days = _requirement(value.casefold())
    if kind is None:
        raise _BadRow(f"unknown requirement {value!r}")
    if (kind == "own_country") != (passport == destination):
        raise _BadRow(f"requirement {value!r} for passport {passport} to {destination}")
    return passport, destination, kind, days


def _requirement(value: str) -> tuple[str | None, int | None]:
    if value in REQUIREMENTS:
        return REQUIREMENTS[value], None
    if value.isdigit() and 1 <= int(value) <= MAX_VISA_FREE_DAYS:
        return "visa_free", int(value)
    return None, None


def read_table_file(path: Path) -> str:
    """The CSV's text; ImportRefused when it cannot be read as UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ImportRefused(path, None, f"cannot read the file: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ImportRefused(path, None, f"not UTF-8 text (byte {error.start})") from None


def import_visas(text: str, *, origin: str, as_of: date, store: DataStore) -> VisaImport:
    """Read the table and store it as the current visa requirements; untouched on error."""
    rows = parse_visa_table(text, origin)
    payload = {"source": DATASET_URL, "rows": [list(row) for row in rows]}
    VisasPayload.model_validate(payload)  # what loading accepts, checked before anything is written
    version = store.write(SOURCE, as_of=as_of.isoformat(), entries=len(rows), origin=origin, payload=payload)
    return VisaImport(version, len(rows), len({row[0] for row in rows}))
