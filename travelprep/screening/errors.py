"""The one error raised for bad screening data: it names the file and line to fix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from travelprep.screening.entities import ListedEntity


class ScreeningDataError(Exception):
    """A list file that cannot be used, with the file, the line and what is wrong."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class ScreeningDataErrors(Exception):
    """Several bad rows of one file, all reported at once so they can be fixed in one go."""

    def __init__(self, errors: list[ScreeningDataError]) -> None:
        self.errors = errors
        shown = "\n".join(str(e) for e in errors[:50])
        more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} malformed row(s), nothing imported:\n{shown}{more}")


def collect_entities(
    path: Path, rows: Iterable[tuple[int, Callable[[], ListedEntity | None]]]
) -> tuple[list[ListedEntity], int]:
    """Entities from `(line, parse)` pairs: all row errors and duplicate ids raised together.

    `parse()` returns a ListedEntity, None for a row to skip (not an organization), or raises
    ScreeningDataError. Nothing is returned unless every row is good.
    """
    entities, errors, skipped, seen = [], [], 0, set()
    for line, parse in rows:
        try:
            entity = parse()
        except ScreeningDataError as error:
            errors.append(error)
            continue
        if entity is None:
            skipped += 1
        elif entity.entity_id in seen:
            errors.append(ScreeningDataError(str(path), line, f"duplicate id {entity.entity_id}"))
        else:
            seen.add(entity.entity_id)
            entities.append(entity)
    if errors:
        raise ScreeningDataErrors(errors)
    return entities, skipped
