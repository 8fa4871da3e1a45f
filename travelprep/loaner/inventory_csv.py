"""Inventory CSV: read ours or a Snipe-IT asset export, all or nothing.

Columns are matched by header, case and spacing ignored. Snipe-IT's export names them
"Asset Tag", "Model", "Model No.", "Category", "Serial", "Notes"; its categories
("Laptops", "Mobile Phones"...) are mapped to our kinds by keyword. A file with any bad row
imports nothing: every problem is reported with its line number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from travelprep.db.models.loaner import asset_tag_key
from travelprep.loaner import KINDS

EXPORT_COLUMNS = ["asset_tag", "kind", "model", "os", "serial", "notes", "retired"]
MAX_ROWS = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Header (normalized: lower case, single spaces, no trailing dot) -> our field.
HEADERS = {
    "asset tag": "asset_tag",
    "tag": "asset_tag",
    "kind": "kind",
    "category": "kind",
    "model": "model",
    "model name": "model",
    "model no": "model_number",
    "model number": "model_number",
    "os": "os",
    "operating system": "os",
    "serial": "serial",
    "serial number": "serial",
    "notes": "notes",
}
# Keywords in a Snipe-IT category that say which kind of device it is, checked in order.
CATEGORY_KEYWORDS = (
    ("hotspot", "hotspot"),
    ("mifi", "hotspot"),
    ("tablet", "tablet"),
    ("ipad", "tablet"),
    ("laptop", "laptop"),
    ("notebook", "laptop"),
    ("chromebook", "laptop"),
    ("macbook", "laptop"),
    ("phone", "phone"),
    ("mobile", "phone"),
    ("iphone", "phone"),
)


class DeviceFields(BaseModel):
    """One device's editable fields, validated (used by the form, the API and the import)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    asset_tag: str = Field(min_length=1, max_length=60)
    kind: str
    model: str = Field("", max_length=200)
    os: str = Field("", max_length=100)
    serial: str = Field("", max_length=100)
    notes: str = Field("", max_length=2000)

    @field_validator("asset_tag", "model", "os", "serial", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        return _CONTROL.sub(" ", value).replace("\n", " ") if isinstance(value, str) else value

    @field_validator("notes", mode="before")
    @classmethod
    def _clean_notes(cls, value: object) -> object:
        return _CONTROL.sub(" ", value) if isinstance(value, str) else value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        kind = kind_from_category(value)
        if kind is None:
            raise ValueError(f"unknown kind {value!r}: use {', '.join(KINDS)}")
        return kind


def kind_from_category(text: str) -> str | None:
    """Our kind for a kind name or a Snipe-IT category such as "Laptops", or None."""
    lowered = text.strip().lower()
    if lowered in KINDS:
        return lowered
    return next((kind for word, kind in CATEGORY_KEYWORDS if word in lowered), None)


def field_errors(error: ValidationError) -> dict[str, str]:
    """A validation error as one plain message per field."""
    messages: dict[str, str] = {}
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "row"
        messages.setdefault(field, problem["msg"].removeprefix("Value error, "))
    return messages


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one line of the file."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParsedInventory:
    """The devices of a file, or the problems that stop it from being imported."""

    devices: list[DeviceFields]
    problems: list[RowProblem]
    tags: tuple[str, ...] = ()  # every well-formed row's tag, to look up in the inventory


def _normalize_header(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").replace("_", " ").strip().lower().split()).rstrip(".")


def parse_inventory(text: str, *, existing_tags: Iterable[str] = ()) -> ParsedInventory:
    """Read an inventory CSV; any problem (bad row, duplicate tag) means nothing is imported."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return ParsedInventory([], [RowProblem(1, "the file is empty or not CSV")])
    columns = {i: HEADERS.get(_normalize_header(h)) for i, h in enumerate(header)}
    known = {field for field in columns.values() if field}
    missing = [name for name in ("asset_tag", "kind") if name not in known]
    if missing:
        wanted = " and ".join(
            '"Asset Tag"' if m == "asset_tag" else '"Category" (or "kind")' for m in missing
        )
        return ParsedInventory([], [RowProblem(1, f"no {wanted} column in the header")])
    taken = {asset_tag_key(tag) for tag in existing_tags}
    seen: dict[str, int] = {}
    devices: list[DeviceFields] = []
    problems: list[RowProblem] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(devices) + len(problems) >= MAX_ROWS:
                problems.append(RowProblem(line, f"more than {MAX_ROWS} rows; split the file"))
                break
            values: dict[str, str] = {}
            for i, cell in enumerate(row):
                field = columns.get(i)
                if field and cell.strip() and field not in values:
                    values[field] = cell
            number = values.pop("model_number", "")
            if number:
                values["model"] = f"{values['model']} ({number.strip()})" if values.get("model") else number
            values.setdefault("asset_tag", "")
            values.setdefault("kind", "")
            try:
                device = DeviceFields(**values)
            except ValidationError as error:
                problems += [RowProblem(line, f"{f}: {m}") for f, m in field_errors(error).items()]
                continue
            tag = asset_tag_key(device.asset_tag)
            if tag in seen:
                problems.append(RowProblem(line, f"asset tag {device.asset_tag!r} repeats line {seen[tag]}"))
            elif tag in taken:
                problems.append(
                    RowProblem(line, f"asset tag {device.asset_tag!r} is already in the inventory")
                )
            else:
                seen[tag] = line
                devices.append(device)
    except csv.Error as error:
        problems.append(RowProblem(reader.line_num, f"not valid CSV ({error})"))
    if not devices and not problems:
        problems.append(RowProblem(1, "the file has a header but no devices"))
    tags = tuple(d.asset_tag for d in devices)
    return ParsedInventory([] if problems else devices, sorted(problems, key=lambda p: p.line), tags)
