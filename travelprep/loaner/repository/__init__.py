"""Queries of the loaner desk: devices in `devices`, requests and their history in `loan_requests`.

Callers import this package and ask it, as `repository.get_device(...)`; the split is for readers.
"""

from travelprep.loaner.repository.devices import (
    add_device,
    device_by_tag,
    devices_by_request,
    devices_in_service,
    existing_tags,
    get_device,
    has_reservations,
    list_devices,
    open_loans_of_device,
)
from travelprep.loaner.repository.forecast import past_loans_for_trips, trips_without_request
from travelprep.loaner.repository.loan_requests import (
    MAX_WIPE_BUFFER,
    QueueFilter,
    calendar_requests,
    create_request,
    demand_rows,
    due_back,
    get_request,
    in_states,
    move,
    overdue_returns,
    pickups_on,
    queue,
    queue_page,
    requests_for_trip,
    requests_for_user,
    returns_on,
    transitions,
    unassigned_soon,
)

__all__ = [
    "MAX_WIPE_BUFFER",
    "QueueFilter",
    "add_device",
    "calendar_requests",
    "create_request",
    "demand_rows",
    "device_by_tag",
    "devices_by_request",
    "devices_in_service",
    "due_back",
    "existing_tags",
    "get_device",
    "get_request",
    "has_reservations",
    "in_states",
    "list_devices",
    "move",
    "open_loans_of_device",
    "overdue_returns",
    "past_loans_for_trips",
    "pickups_on",
    "queue",
    "queue_page",
    "requests_for_trip",
    "requests_for_user",
    "returns_on",
    "transitions",
    "trips_without_request",
    "unassigned_soon",
]
