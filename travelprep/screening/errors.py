"""The one error raised for bad screening data: it names the file and line to fix."""

from __future__ import annotations


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
