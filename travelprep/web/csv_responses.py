"""CSV downloads shared by the staff lists: one content type and one way to name the file."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi.responses import StreamingResponse

CSV_TYPE = "text/csv; charset=utf-8"


def csv_download(rows: Iterable[str], filename: str) -> StreamingResponse:
    """The rows streamed as a CSV attachment that the browser saves as `filename`."""
    return StreamingResponse(
        rows, media_type=CSV_TYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
