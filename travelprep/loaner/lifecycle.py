"""The lifecycle of a loaner request: states, legal transitions and their labels."""

from __future__ import annotations

STATES = (
    "requested",
    "approved",
    "ready",
    "picked_up",
    "returned",
    "quarantined",
    "wiped",
    "closed",
    "declined",
    "cancelled",
)
EARLY_STATES = ("requested", "approved", "ready")
FINAL_STATES = ("closed", "declined", "cancelled")
# A request in these states still needs its devices (for the demand chart and the queue).
ACTIVE_STATES = ("requested", "approved", "ready", "picked_up")

_FORWARD = {
    "requested": "approved",
    "approved": "ready",
    "ready": "picked_up",
    "picked_up": "returned",
    "returned": "quarantined",
    "quarantined": "wiped",
    "wiped": "closed",
}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    state: ((_FORWARD[state],) if state in _FORWARD else ())
    + (("declined", "cancelled") if state in EARLY_STATES else ())
    for state in STATES
}

STATE_LABELS = {
    "requested": "Requested",
    "approved": "Approved",
    "ready": "Ready for pickup",
    "picked_up": "Picked up",
    "returned": "Returned",
    "quarantined": "In quarantine",
    "wiped": "Wiped",
    "closed": "Closed",
    "declined": "Declined",
    "cancelled": "Cancelled",
}

# What the button that moves a request into the state says.
ACTION_LABELS = {
    "approved": "Approve",
    "ready": "Mark ready",
    "picked_up": "Mark picked up",
    "returned": "Mark returned",
    "quarantined": "Put in quarantine",
    "wiped": "Mark wiped",
    "closed": "Close",
    "declined": "Decline",
    "cancelled": "Cancel request",
}


class IllegalTransition(ValueError):
    """The request cannot move from its state to the one asked for."""

    def __init__(self, current: str, target: str) -> None:
        allowed = ", ".join(TRANSITIONS.get(current, ())) or "none (the request is finished)"
        super().__init__(
            f"a request cannot go from {current} to {target} (allowed from {current}: {allowed})"
        )
        self.current, self.target = current, target


def refusal(current: str, target: str) -> str:
    """Why the move is refused, in the states' names as every page shows them."""
    name = {state: label.lower() for state, label in STATE_LABELS.items()}
    allowed = ", ".join(name[s] for s in TRANSITIONS.get(current, ())) or "nothing (the request is finished)"
    return (
        f"A request cannot go from {name[current]} to {name[target]} "
        f"(from {name[current]} it can go to {allowed})."
    )


def next_states(current: str) -> tuple[str, ...]:
    """The states a request in `current` may move to, forward step first."""
    return TRANSITIONS.get(current, ())


def check_transition(current: str, target: str) -> None:
    """Raise IllegalTransition unless `current` -> `target` is allowed."""
    if target not in TRANSITIONS.get(current, ()):
        raise IllegalTransition(current, target)


def traveler_may(current: str, target: str) -> bool:
    """Travelers may only cancel their own request, and only while it is early."""
    return target == "cancelled" and current in EARLY_STATES
