"""How the app shows domain errors (travelprep.errors): JSON under /api, a page elsewhere."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from travelprep.errors import TravelPrepError


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def install_error_handlers(app: FastAPI) -> None:
    """Show errors as JSON under /api and as a plain page elsewhere."""
    from travelprep.web.rendering import render

    def respond(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        if status == 401:
            from fastapi.responses import RedirectResponse

            return RedirectResponse(f"/signin?next={request.url.path}", status_code=303)
        return render(request, "error.html", {"status": status, "message": message}, status)

    @app.exception_handler(TravelPrepError)
    async def _domain_error(request: Request, exc: TravelPrepError) -> Response:
        return respond(request, exc.status_code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        response = respond(request, exc.status_code, str(exc.detail))
        if exc.headers and response.status_code == exc.status_code:
            response.headers.update(exc.headers)  # e.g. a 429's Retry-After on a page
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        # Malformed query strings or bodies are the client's mistake: 422, never 500.
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body", "message": e["msg"]}
            for e in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse({"detail": errors}, status_code=422)
        if any(e.get("loc", ("",))[0] == "path" for e in exc.errors()):
            # /trips/abc names no page: a page that does not exist, not a validation report.
            message = "There is no such page. Check the address, or find your trips under My trips."
            return render(request, "error.html", {"status": 404, "message": message}, 404)
        fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
        message = (
            f"The page address has a value that cannot be used ({fields}). "
            "Follow the link again, or start from My trips."
        )
        return render(request, "error.html", {"status": 422, "message": message}, 422)
