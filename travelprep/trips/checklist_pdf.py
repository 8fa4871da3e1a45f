"""The trip page as a PDF (WeasyPrint), in its print layout: the checklist, without controls.

WeasyPrint fetches nothing from the network: only the app's own stylesheet is served to it
from disk, so a link or an image in user text can never make the server fetch a URL.
"""

from __future__ import annotations

from typing import Any

from travelprep.errors import TravelPrepError
from travelprep.paths import templates_dir

BASE_URL = "https://travelprep.invalid/"  # resolves /static/...; never fetched over the network


class PdfUnavailable(TravelPrepError):
    """WeasyPrint (or the pango library it needs) is not installed on this server."""

    status_code = 503


def _local_stylesheets_only(url: str, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's fetcher: the app's stylesheets from disk; every other URL is refused."""
    prefix = BASE_URL + "static/"
    static = (templates_dir() / "static").resolve()
    if url.startswith(prefix):
        path = (static / url.removeprefix(prefix).split("?")[0]).resolve()
        if path.is_relative_to(static) and path.is_file() and path.suffix == ".css":
            return _response(url, path.read_bytes())
    raise ValueError(f"not fetched: {url[:80]}")


def _response(url: str, body: bytes) -> Any:
    """What the installed WeasyPrint expects of a fetcher: a response object (68+) or a dict."""
    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:
        return {"string": body, "mime_type": "text/css", "redirected_url": url}
    return URLFetcherResponse(url, body, {"Content-Type": "text/css; charset=utf-8"})


def laid_out(html: str) -> Any:
    """The page's HTML laid out for print (@media print): a WeasyPrint document of pages."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # OSError: pango missing
        raise PdfUnavailable(
            "The PDF cannot be made on this server (WeasyPrint is not installed). "
            "Use your browser's Print command on the trip page instead."
        ) from None
    page = HTML(string=html, base_url=BASE_URL, url_fetcher=_local_stylesheets_only, media_type="print")
    return page.render()


def pdf_of_page(html: str) -> bytes:
    """The page's print layout as PDF bytes."""
    return laid_out(html).write_pdf()
