"""The listed parties a screener knows, as plain frozen records."""

from __future__ import annotations

from dataclasses import dataclass

# The `group` of a foreign talent-recruitment program (the DoD Section 1286 list names them).
TALENT_PROGRAM = "foreign talent recruitment program"


@dataclass(frozen=True, slots=True)
class ListedEntity:
    """One restricted party: its primary name, its other names and where it is listed."""

    entity_id: str  # unique across all loaded lists, e.g. "shipped:hit" or "csl:12345"
    name: str
    aliases: tuple[str, ...]  # other names: translations, former names, transliterations
    abbreviations: tuple[str, ...]  # acronyms, matched only exactly (they are ambiguous)
    list_name: str  # e.g. "CSL: Entity List (EL)"
    source: str  # URL of the list or of the fact
    as_of: str  # ISO date
    confidence: str = "normal"  # "low" marks facts that compliance staff should verify
    low_confidence_names: tuple[str, ...] = ()  # names from weaker sources
    # What kind of party a shipped list says it is, e.g. TALENT_PROGRAM ("" for institutions).
    group: str = ""
    # Where the party is (ISO alpha-2), when its list says: "" for unknown.
    country: str = ""


@dataclass(frozen=True, slots=True)
class EntityList:
    """A whole list as parsed from one file, before it is indexed."""

    name: str
    source: str
    as_of: str
    entities: tuple[ListedEntity, ...]
