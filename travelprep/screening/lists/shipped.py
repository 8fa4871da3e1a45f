"""Load the shipped entity lists in `checklists/entities/*.yaml`, validated strictly.

Each file has a header (`list`, `source`, `as_of`, optionally `confidence` and `notes`) and
`entities`; a header's `confidence: low` applies to every entity that sets none itself. Unknown keys, missing
sources or dates, bad dates and duplicate ids are errors naming the file and line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from travelprep.screening.entities import EntityList, ListedEntity
from travelprep.screening.errors import ScreeningDataError

HEADER_KEYS = {"list", "source", "as_of", "entities", "confidence", "notes"}
REQUIRED_HEADER_KEYS = {"list", "source", "as_of", "entities"}
ENTITY_KEYS = {
    "id",
    "name",
    "chinese",
    "abbreviations",
    "former_names",
    "aliases",
    "country",
    "group",
    "source",
    "as_of",
    "confidence",
    "notes",
}
REQUIRED_ENTITY_KEYS = {"id", "name", "source", "as_of"}
CONFIDENCES = {"low", "normal"}

# libyaml's composer where installed: several times faster, with the same node marks (lines).
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Reader:
    """Reads plain values out of YAML nodes, failing with the file and line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: yaml.Node, message: str) -> ScreeningDataError:
        return ScreeningDataError(str(self.path), node.start_mark.line + 1, message)

    def mapping(self, node: yaml.Node, allowed: set[str], what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = self.text(key, "key")
            if name not in allowed:
                raise self.fail(key, f"unknown key {name!r} in {what}; allowed: {', '.join(sorted(allowed))}")
            if name in found:
                raise self.fail(key, f"duplicate key {name!r} in {what}")
            found[name] = value
        return found

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.fail(node, f"{what} must be a non-empty text")
        return str(node.value).strip()

    def day(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise self.fail(node, f"{what} must be an ISO date (YYYY-MM-DD), not {value!r}") from None

    def url(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not value.startswith(("https://", "http://")):
            raise self.fail(node, f"{what} must be a URL, not {value!r}")
        return value

    def names(self, node: yaml.Node, what: str) -> list[tuple[str, str]]:
        """A list of names, each plain or `{name: ..., confidence: low}`."""
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        found = []
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                fields = self.mapping(item, {"name", "confidence"}, f"an entry of {what}")
                if "name" not in fields:
                    raise self.fail(item, f"an entry of {what} needs a name")
                confidence = self.confidence(fields.get("confidence"), item)
                found.append((self.text(fields["name"], "name"), confidence))
            else:
                found.append((self.text(item, f"an entry of {what}"), "normal"))
        return found

    def confidence(self, node: yaml.Node | None, parent: yaml.Node) -> str:
        if node is None:
            return "normal"
        value = self.text(node, "confidence")
        if value not in CONFIDENCES:
            raise self.fail(node, f"confidence must be one of {sorted(CONFIDENCES)}, not {value!r}")
        return value


def load_entity_file(path: Path) -> EntityList:
    """Parse and validate one shipped entity list file."""
    reader = _Reader(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_COMPOSER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ScreeningDataError(str(path), mark.line + 1 if mark else None, str(error)) from None
    if root is None:
        raise ScreeningDataError(str(path), 1, "the file is empty")
    header = reader.mapping(root, HEADER_KEYS, "the file header")
    missing = sorted(REQUIRED_HEADER_KEYS - header.keys())
    if missing:
        raise ScreeningDataError(str(path), root.start_mark.line + 1, f"the header needs {missing[0]!r}")
    list_name = reader.text(header["list"], "list")
    list_source = reader.url(header["source"], "source")
    list_as_of = reader.day(header["as_of"], "as_of")
    # A whole list transcribed from a weaker source: each entry then needs verifying.
    list_confidence = reader.confidence(header.get("confidence"), root)
    if not isinstance(header["entities"], yaml.SequenceNode):
        raise reader.fail(header["entities"], "entities must be a list")
    entities, seen = [], set()
    for node in header["entities"].value:
        entity = _entity(reader, node, list_name, list_confidence)
        if entity.entity_id in seen:
            raise reader.fail(node, f"duplicate id {entity.entity_id.removeprefix('shipped:')!r}")
        seen.add(entity.entity_id)
        entities.append(entity)
    return EntityList(list_name, list_source, list_as_of, tuple(entities))


def _entity(reader: _Reader, node: yaml.Node, list_name: str, list_confidence: str) -> ListedEntity:
    fields = reader.mapping(node, ENTITY_KEYS, "an entity")
    missing = sorted(REQUIRED_ENTITY_KEYS - fields.keys())
    if missing:
        raise reader.fail(node, f"entity needs {missing[0]!r} (every entity carries its source and as_of)")
    names: list[tuple[str, str]] = []
    for key in ("chinese", "former_names", "aliases"):
        if key in fields:
            names += reader.names(fields[key], key)
    abbreviations = (
        reader.names(fields["abbreviations"], "abbreviations") if "abbreviations" in fields else []
    )
    return ListedEntity(
        entity_id="shipped:" + reader.text(fields["id"], "id"),
        name=reader.text(fields["name"], "name"),
        aliases=tuple(n for n, _ in names),
        abbreviations=tuple(n for n, _ in abbreviations),
        list_name=list_name,
        source=reader.url(fields["source"], "source"),
        as_of=reader.day(fields["as_of"], "as_of"),
        confidence=reader.confidence(fields.get("confidence"), node)
        if "confidence" in fields
        else list_confidence,
        low_confidence_names=tuple(n for n, c in names if c == "low"),
        group=reader.text(fields["group"], "group") if "group" in fields else "",
        country=reader.text(fields["country"], "country").upper() if "country" in fields else "",
    )


def load_shipped_lists(checklists_dir: Path) -> list[EntityList]:
    """Every list in `<checklists_dir>/entities/`, in file-name order."""
    folder = Path(checklists_dir) / "entities"
    return [load_entity_file(p) for p in sorted(folder.glob("*.yaml"))] if folder.is_dir() else []
