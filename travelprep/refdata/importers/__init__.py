"""Importers that turn published data files into versions in the data store."""

from __future__ import annotations

from pathlib import Path


class ImportRefused(Exception):
    """A data file that cannot be imported; nothing was changed. Names the file and line."""

    def __init__(self, where: Path | str, line: int | None, message: str) -> None:
        self.where = str(where)
        self.line = line
        self.message = message
        location = f"{self.where}:{line}" if line else self.where
        super().__init__(f"{location}: {message}")
