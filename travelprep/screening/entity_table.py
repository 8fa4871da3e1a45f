"""Listed entities packed as one line of text each, decoded only when a query needs one.

The same line is what an imported list stores per entity, and what an index file keeps (as
one UTF-8 blob with line offsets), so a million entities cost no Python object per entity
in any worker until they are matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

import numpy as np

from travelprep.screening.entities import ListedEntity

# Separators inside the packed texts: fields of an entity, items of a list (names, or the
# forms of each name), forms of one name; tokens are separated by spaces.
RECORD, FIELD, LIST, FORM = "\n", "\x1f", "\x1e", "\t"
_SEPARATORS = re.compile("[\n\r\t\x1d-\x1f]")
DECODED_KEPT = 4096  # entities decoded recently, kept: a query looks at each several times


def pack_entity(entity: ListedEntity, ref: Callable[[str], str]) -> str:
    """One line for `entity`; `ref` turns a text shared by many entities into a short reference."""
    return FIELD.join(
        (
            clean(entity.entity_id),
            clean(entity.name),
            LIST.join(map(clean, entity.aliases)),
            LIST.join(map(clean, entity.abbreviations)),
            ref(entity.list_name),
            ref(entity.source),
            ref(entity.as_of),
            entity.confidence,
            LIST.join(map(clean, entity.low_confidence_names)),
            clean(entity.group),
            clean(entity.country),
        )
    )


def unpack_entity(row: str, strings: Sequence[str]) -> ListedEntity:
    """The entity of a line written by `pack_entity`, with its shared texts looked up."""
    entity_id, name, aliases, abbreviations, list_i, source_i, as_of_i, confidence, low, *rest = row.split(
        FIELD
    )
    return ListedEntity(
        entity_id,
        name,
        split_list(aliases),
        split_list(abbreviations),
        strings[int(list_i)],
        strings[int(source_i)],
        strings[int(as_of_i)],
        confidence,
        split_list(low),
        rest[0] if rest else "",  # lines packed before talent-program groups were kept have none
        rest[1] if len(rest) > 1 else "",  # ... nor, before countries were, a country
    )


def split_list(packed: str) -> tuple[str, ...]:
    return tuple(packed.split(LIST)) if packed else ()


def clean(text: str) -> str:
    """Names never contain the separators: a line break or control character becomes a space."""
    return text if text.isprintable() else _SEPARATORS.sub(" ", text)


def entity_table_arrays(lines: str) -> dict[str, np.ndarray]:
    """The arrays of an `EntityTable` over packed lines joined by RECORD."""
    blob = np.frombuffer(lines.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    breaks = np.flatnonzero(blob == ord(RECORD))
    # Line i spans offsets[i] .. offsets[i + 1] - 1: a virtual break follows the last line.
    offsets = np.concatenate(([0], breaks + 1, [len(blob) + 1])) if len(blob) else np.zeros(1)
    return {"entity_text": blob, "entity_offsets": offsets.astype(np.int64)}


class EntityTable(Sequence[ListedEntity]):
    """Entities by number, decoded from their packed lines on demand."""

    def __init__(self, arrays: dict[str, np.ndarray], strings: Sequence[str]) -> None:
        self._text, self._offsets, self._strings = arrays["entity_text"], arrays["entity_offsets"], strings
        self._decode = lru_cache(maxsize=DECODED_KEPT)(self._decode_uncached)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, number):  # noqa: ANN001 - an int; slices are not needed
        if not -len(self) <= number < len(self):
            raise IndexError(number)
        return self._decode(int(number) % len(self))

    def __iter__(self) -> Iterator[ListedEntity]:
        return (self._decode_uncached(n) for n in range(len(self)))

    def _decode_uncached(self, number: int) -> ListedEntity:
        start, end = int(self._offsets[number]), int(self._offsets[number + 1]) - 1
        return unpack_entity(self._text[start:end].tobytes().decode("utf-8", "surrogatepass"), self._strings)
