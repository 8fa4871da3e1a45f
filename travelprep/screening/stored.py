"""How an imported screening list is kept in the data store, and read back.

Names are normalized once, at import, and their forms are stored beside the entities, so
start-up only builds the postings. A list stored by an older normalizer is re-normalized.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from travelprep.datastore import DataStore, Version
from travelprep.screening.entities import EntityList, ListedEntity
from travelprep.screening.matcher import NameForms, forms_of
from travelprep.screening.normalize import NORMALIZER_VERSION

SCREENING_SOURCES = ("csl", "opensanctions")
PAYLOAD_KIND = "screening-list"
_FORM_SEPARATOR = "\t"  # between forms of one name; tokens are separated by spaces


def store_entity_list(
    store: DataStore, source: str, entity_list: EntityList, *, origin: str
) -> Version:
    """Normalize every name and write the list as the new current version of `source`."""
    strings: dict[str, int] = {}

    def ref(text: str) -> int:
        return strings.setdefault(text, len(strings))

    rows, forms = [], []
    for entity in entity_list.entities:
        rows.append(
            [
                entity.entity_id,
                entity.name,
                list(entity.aliases),
                list(entity.abbreviations),
                ref(entity.list_name),
                ref(entity.source),
                ref(entity.as_of),
                entity.confidence,
            ]
        )
        forms.append(
            [
                _FORM_SEPARATOR.join(" ".join(form) for form in per_name)
                for per_name in forms_of(entity)
            ]
        )
    payload = {
        "kind": PAYLOAD_KIND,
        "normalizer": NORMALIZER_VERSION,
        "list": {
            "name": entity_list.name,
            "source": entity_list.source,
            "as_of": entity_list.as_of,
        },
        "strings": list(strings),
        "entities": rows,
        "forms": forms,
    }
    return store.write(
        source, as_of=entity_list.as_of, entries=len(rows), origin=origin, payload=payload
    )


def stored_entries(payload: dict[str, Any]) -> Iterator[tuple[ListedEntity, NameForms]]:
    """The entities of a stored list with their normalized forms."""
    strings = payload["strings"]
    fresh = payload.get("normalizer") == NORMALIZER_VERSION
    for row, stored_forms in zip(payload["entities"], payload["forms"], strict=True):
        entity_id, name, aliases, abbreviations, list_i, source_i, as_of_i, confidence = row
        entity = ListedEntity(
            entity_id,
            name,
            tuple(aliases),
            tuple(abbreviations),
            strings[list_i],
            strings[source_i],
            strings[as_of_i],
            confidence,
        )
        if fresh:
            per_name = [
                tuple(tuple(f.split(" ")) for f in joined.split(_FORM_SEPARATOR) if f)
                for joined in stored_forms
            ]
        else:
            per_name = forms_of(entity)
        yield entity, per_name
