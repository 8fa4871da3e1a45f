"""YAML loading that remembers the line of every mapping key, for file:line error messages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is several times faster; fall back when libyaml is missing
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):
    """A mapping from YAML that knows the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


def plain_scalars(loader: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """Keep only `true`/`false` as booleans and leave dates as text, on a loader class.

    YAML 1.1 reads the country code `NO` (Norway) as false and crashes on `2027-02-30`
    without saying where; as text, the validators name the field and its line.
    """
    loader.yaml_implicit_resolvers = {
        first: [
            (tag, rx)
            for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return loader


@plain_scalars
class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.MarkedYAMLError(
                "while constructing a mapping",
                node.start_mark,
                f"duplicate key {key!r}",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_safely(text: str, loader_class: type[yaml.SafeLoader]) -> Any:
    """One YAML document through a SafeLoader subclass (no arbitrary objects can be built)."""
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


class SourceError(Exception):
    """A problem in a data file, located by file and line."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into LineDicts and lists; syntax errors become SourceErrors."""
    try:
        text = path.read_text(encoding="utf-8")
        return parse_safely(text, _LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise SourceError(path, line, f"{error.problem or error.context}") from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SourceError(path, 0, str(error)) from error


def line_of(document: Any, loc: Sequence[Any]) -> int:
    """The line of the deepest element on `loc` that carries line information."""
    line = getattr(document, "line", 0)
    node = document
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def validate_document(model: type, document: Any, path: Path) -> Any:
    """Validate parsed YAML with a pydantic model; errors become SourceErrors with lines."""
    from pydantic import ValidationError

    try:
        return model.model_validate(document)
    except ValidationError as error:
        problems = []
        for e in error.errors():
            where = ".".join(str(p) for p in e["loc"]) or "document"
            message = "unknown key" if e["type"] == "extra_forbidden" else e["msg"]
            message = message.removeprefix("Value error, ")
            problems.append(SourceError(path, line_of(document, e["loc"]), f"{where}: {message}"))
        raise SourceErrors(problems) from None


class SourceErrors(Exception):
    """Several SourceErrors found in one pass, so an editor sees them all at once."""

    def __init__(self, errors: list[SourceError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
