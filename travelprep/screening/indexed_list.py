"""One list of entities with its name index, all in arrays: built in memory or mapped from a file.

`ListBuilder` takes entities with their normalized forms one at a time (so a million names
are never held twice) and produces the arrays and the few shared texts (list names, sources,
dates) that make an `IndexedList`. `index_file` writes both to disk and maps them back.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from travelprep.screening.entities import ListedEntity
from travelprep.screening.entity_table import RECORD, EntityTable, entity_table_arrays, pack_entity
from travelprep.screening.index import NameIndex
from travelprep.screening.index_build import IndexBuilder
from travelprep.screening.normalize import acronym_key
from travelprep.screening.text_keys import lookup, sorted_key_table, text_key

# Per entity, for each of its names (primary name first, then aliases), its forms, each
# written as its tokens joined by spaces: the cheapest shape to store and to index.
NameForms = list[list[str]]


class IndexedList:
    """Entities, their name index, which entity and name each record is, and abbreviations."""

    def __init__(self, arrays: Mapping[str, np.ndarray], strings: Sequence[str]) -> None:
        self.arrays = arrays
        self.strings = tuple(strings)
        self.index = NameIndex(arrays)
        self.entities = EntityTable(arrays, self.strings)
        self.record_entity = arrays["record_entity"]
        self.record_name = arrays["record_name"]
        self._acronym_keys, self._acronym_entities = arrays["acronym_keys"], arrays["acronym_entities"]

    @classmethod
    def of(cls, entries: Iterable[tuple[ListedEntity, NameForms]]) -> IndexedList:
        """An indexed list built in memory."""
        builder = ListBuilder()
        for entity, per_name in entries:
            builder.add(entity, per_name)
        return cls(*builder.finish())

    def __len__(self) -> int:
        return len(self.entities)

    def with_abbreviation(self, key: str) -> list[int]:
        """Numbers of the entities one of whose abbreviations has this `acronym_key`."""
        found = lookup(self._acronym_keys, self._acronym_entities, np.array([text_key(key)], dtype=np.uint64))
        return [
            n
            for n in sorted(set(found.tolist()))
            if any(acronym_key(a) == key for a in self.entities[n].abbreviations)
        ]


class ListBuilder:
    """Collects entities and their forms; `finish` gives an `IndexedList`'s arrays and texts."""

    def __init__(self) -> None:
        self.strings: dict[str, int] = {}
        self._lines: list[str] | str = []
        self._names = IndexBuilder()
        self._record_entity, self._record_name = array("i"), array("i")
        self._acronym_keys: list[int] = []
        self._acronym_entities: list[int] = []

    def _ref(self, text: str) -> str:
        return str(self.strings.setdefault(text, len(self.strings)))

    def add(self, entity: ListedEntity, per_name: NameForms) -> str:
        """Add one entity; returns its packed line (what an imported list stores)."""
        number = len(self._lines)
        line = pack_entity(entity, self._ref)
        self._lines.append(line)
        for abbreviation in entity.abbreviations:
            self._acronym_keys.append(text_key(acronym_key(abbreviation)))
            self._acronym_entities.append(number)
        for name_number, forms in enumerate(per_name):
            for form in forms:
                self._names.add(form)
                self._record_entity.append(number)
                self._record_name.append(name_number)
        return line

    def lines(self) -> str:
        """Every packed line so far, joined by RECORD (what an imported list stores)."""
        if not isinstance(self._lines, str):
            self._lines = RECORD.join(self._lines)  # joined once, shared with `finish`
        return self._lines

    def finish(self) -> tuple[dict[str, np.ndarray], list[str]]:
        """The arrays and the shared texts; the builder is empty afterwards."""
        lines, self._lines = self.lines(), []
        acronym_keys, acronym_entities = sorted_key_table(
            np.asarray(self._acronym_keys, dtype=np.uint64),
            np.asarray(self._acronym_entities, dtype=np.int32),
        )
        arrays = {
            **self._names.arrays(),
            **entity_table_arrays(lines),
            "record_entity": np.frombuffer(self._record_entity, dtype=np.int32).copy(),
            "record_name": np.frombuffer(self._record_name, dtype=np.int32).copy(),
            "acronym_keys": acronym_keys,
            "acronym_entities": acronym_entities,
        }
        return arrays, list(self.strings)
