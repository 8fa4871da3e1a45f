"""How an imported screening list is kept in the data store, and read back.

Names are normalized once, at import, and their forms are stored beside the entities, so
start-up only builds the postings. A list stored by an older normalizer is re-normalized.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from travelprep.refdata.datastore import DataStore, Version
from travelprep.screening.entities import EntityList, ListedEntity
from travelprep.screening.matcher import NameForms, forms_of
from travelprep.screening.normalize import NORMALIZER_VERSION

SCREENING_SOURCES = ("csl", "opensanctions")
PAYLOAD_KIND = "screening-list"
# Separators inside the packed texts: fields of an entity, items of a list (names, or the
# forms of each name), forms of one name; tokens are separated by spaces.
_RECORD, _FIELD, _LIST, _FORM = "\n", "\x1f", "\x1e", "\t"
_SEPARATORS = re.compile("[\n\r\t\x1d-\x1f]")


def store_entity_list(store: DataStore, source: str, entity_list: EntityList, *, origin: str) -> Version:
    """Normalize every name and write the list as the new current version of `source`."""
    strings: dict[str, int] = {}

    def ref(text: str) -> str:
        return str(strings.setdefault(text, len(strings)))

    # One packed text per entity, not nested lists: a million entries then take a few
    # hundred megabytes to write and to read back instead of gigabytes.
    rows, forms = [], []
    for entity in entity_list.entities:
        fields = (
            _clean(entity.entity_id),
            _clean(entity.name),
            _LIST.join(map(_clean, entity.aliases)),
            _LIST.join(map(_clean, entity.abbreviations)),
            ref(entity.list_name),
            ref(entity.source),
            ref(entity.as_of),
            entity.confidence,
            _LIST.join(map(_clean, entity.low_confidence_names)),
        )
        rows.append(_FIELD.join(fields))
        forms.append(_LIST.join(_FORM.join(per_name) for per_name in forms_of(entity)))
    payload = {
        "kind": PAYLOAD_KIND,
        "normalizer": NORMALIZER_VERSION,
        "list": {
            "name": entity_list.name,
            "source": entity_list.source,
            "as_of": entity_list.as_of,
        },
        "strings": list(strings),
        # Each column is one text, a line per entity: JSON then writes and reads a few long
        # strings instead of millions of short ones, which halves time and memory.
        "entities": _RECORD.join(rows),
        "forms": _RECORD.join(forms),
    }
    entries = len(rows)
    del rows, forms  # the joined texts replace them
    return store.write(source, as_of=entity_list.as_of, entries=entries, origin=origin, payload=payload)


def stored_entries(payload: dict[str, Any]) -> Iterator[tuple[ListedEntity, NameForms]]:
    """The entities of a stored list with their normalized forms."""
    strings = payload["strings"]
    fresh = payload.get("normalizer") == NORMALIZER_VERSION
    rows = payload["entities"].split(_RECORD) if payload["entities"] else []
    # Forms from another normalizer version are not used: the names are normalized again.
    packed = payload["forms"].split(_RECORD) if fresh else [""] * len(rows)
    for row, packed_forms in zip(rows, packed, strict=True):
        entity_id, name, aliases, abbreviations, list_i, source_i, as_of_i, confidence, low = row.split(
            _FIELD
        )
        entity = ListedEntity(
            entity_id,
            name,
            _split(aliases),
            _split(abbreviations),
            strings[int(list_i)],
            strings[int(source_i)],
            strings[int(as_of_i)],
            confidence,
            _split(low),
        )
        if fresh:
            per_name = [[f for f in joined.split(_FORM) if f] for joined in packed_forms.split(_LIST)]
        else:
            per_name = forms_of(entity)
        yield entity, per_name


def _split(packed: str) -> tuple[str, ...]:
    return tuple(packed.split(_LIST)) if packed else ()


def _clean(text: str) -> str:
    """Names never contain the separators: a line break or control character becomes a space."""
    return text if text.isprintable() else _SEPARATORS.sub(" ", text)
