"""The loaner desk's domain errors; like every TravelPrepError, each carries its HTTP status."""

from __future__ import annotations

from travelprep import errors


class Conflict(errors.Conflict):
    """The request or device is not in a state that allows this."""


class InvalidLoanerRequest(errors.TravelPrepError):
    """The loaner request is invalid."""

    status_code = 422

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
