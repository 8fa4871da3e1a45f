"""Domain errors: each carries a message safe to show and the HTTP status it answers with.

Services raise these; the web adapter turns them into pages or JSON, the CLI into messages.
Nothing here imports the web framework.
"""

from __future__ import annotations


class TravelPrepError(Exception):
    """Base error: a status and a message safe to show to the user."""

    status_code = 400

    def __init__(self, message: str = "", status_code: int | None = None) -> None:
        super().__init__(message or self.__doc__ or "")
        self.message = message or (self.__doc__ or "").strip()
        if status_code is not None:
            self.status_code = status_code


class NotFound(TravelPrepError):
    """Not found."""

    status_code = 404


class Forbidden(TravelPrepError):
    """You do not have access to this page."""

    status_code = 403


class SignInRequired(TravelPrepError):
    """Please sign in."""

    status_code = 401


class Conflict(TravelPrepError):
    """This is not possible in the current state."""

    status_code = 409
