"""How an imported screening list is kept in the data store, and read back.

Names are normalized once, at import, and their forms are stored beside the entities; the
list's index is built then too and saved next to it (`screening_index`), so a worker maps
it instead of building it. A list stored by an older normalizer is re-normalized.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from travelprep.refdata.datastore import DataStore, Version
from travelprep.screening.entities import EntityList, ListedEntity
from travelprep.screening.entity_table import FORM, LIST, RECORD, unpack_entity
from travelprep.screening.errors import ScreeningDataError
from travelprep.screening.indexed_list import IndexedList, ListBuilder
from travelprep.screening.matcher import NameForms, forms_of
from travelprep.screening.normalize import NORMALIZER_VERSION

SCREENING_SOURCES = ("csl", "opensanctions")
PAYLOAD_KIND = "screening-list"


def store_entity_list(store: DataStore, source: str, entity_list: EntityList, *, origin: str) -> Version:
    """Normalize every name, write the list as the new current version of `source`, and its index."""
    from travelprep.refdata.screening_index import index_lock, save_list_index

    builder = ListBuilder()
    # One packed text per entity, not nested lists: a million entries then take a few
    # hundred megabytes to write and to read back instead of gigabytes.
    forms = []
    for entity in entity_list.entities:
        per_name = forms_of(entity)
        builder.add(entity, per_name)
        forms.append(LIST.join(FORM.join(per_name_forms) for per_name_forms in per_name))
    payload = {
        "kind": PAYLOAD_KIND,
        "normalizer": NORMALIZER_VERSION,
        "list": {
            "name": entity_list.name,
            "source": entity_list.source,
            "as_of": entity_list.as_of,
        },
        "strings": list(builder.strings),
        # Each column is one text, a line per entity: JSON then writes and reads a few long
        # strings instead of millions of short ones, which halves time and memory.
        "entities": builder.lines(),
        "forms": RECORD.join(forms),
    }
    del forms  # the joined text replaces them
    # Under the lock, a worker that sees the new version waits for its index, not rebuilds it.
    with index_lock(store, source):
        version = store.write(
            source, as_of=entity_list.as_of, entries=len(entity_list.entities), origin=origin, payload=payload
        )
        del payload  # built after the list is written, so the two never take memory together
        save_list_index(store, version, IndexedList(*builder.finish()))
    return version


def stored_payload(store: DataStore, source: str) -> tuple[Version, dict[str, Any]] | None:
    """The current version of `source` and its payload, refused by name if not a screening list."""
    found = store.read(source)
    if found is None:
        return None
    version, payload = found
    if not isinstance(payload, dict) or payload.get("kind") != PAYLOAD_KIND:
        where = str(store.root / "sources" / source / f"{version.version}.json")
        message = (
            f"the current {source} version is not a screening list written by "
            f"`travelprep data import {source}`: import the list again"
        )
        raise ScreeningDataError(where, None, message)
    return version, payload


def stored_entries(payload: dict[str, Any]) -> Iterator[tuple[ListedEntity, NameForms]]:
    """The entities of a stored list with their normalized forms."""
    strings = payload["strings"]
    fresh = payload.get("normalizer") == NORMALIZER_VERSION
    rows = payload["entities"].split(RECORD) if payload["entities"] else []
    # Forms from another normalizer version are not used: the names are normalized again.
    packed = payload["forms"].split(RECORD) if fresh else [""] * len(rows)
    for row, packed_forms in zip(rows, packed, strict=True):
        entity = unpack_entity(row, strings)
        if fresh:
            per_name = [[f for f in joined.split(FORM) if f] for joined in packed_forms.split(LIST)]
        else:
            per_name = forms_of(entity)
        yield entity, per_name
