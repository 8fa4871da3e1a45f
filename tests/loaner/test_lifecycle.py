"""The loaner lifecycle: every legal transition is accepted and every other one refused."""

import itertools

import pytest

from travelprep.loaner import lifecycle
from travelprep.loaner.lifecycle import STATES, IllegalTransition, check_transition, next_states

LEGAL = {
    ("requested", "approved"),
    ("approved", "ready"),
    ("ready", "picked_up"),
    ("picked_up", "returned"),
    ("returned", "quarantined"),
    ("quarantined", "wiped"),
    ("wiped", "closed"),
    *((early, end) for early in ("requested", "approved", "ready") for end in ("declined", "cancelled")),
}


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_legal_transitions_are_accepted(current, target):
    check_transition(current, target)
    assert target in next_states(current)


ILLEGAL = sorted(set(itertools.product(STATES, STATES)) - LEGAL)


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_other_transition_is_refused(current, target):
    with pytest.raises(IllegalTransition, match=f"a request cannot go from {current} to {target} "):
        check_transition(current, target)
    assert target not in next_states(current)


def test_the_table_covers_exactly_the_legal_pairs():
    assert {(a, b) for a, targets in lifecycle.TRANSITIONS.items() for b in targets} == LEGAL
    assert len(ILLEGAL) == len(STATES) ** 2 - len(LEGAL)


@pytest.mark.parametrize("final", ["closed", "declined", "cancelled"])
def test_finished_requests_go_nowhere(final):
    assert next_states(final) == ()
    with pytest.raises(IllegalTransition, match="allowed from .*: none \\(the request is finished\\)"):
        check_transition(final, "requested")


def test_unknown_states_are_refused():
    with pytest.raises(IllegalTransition):
        check_transition("requested", "teleported")
    with pytest.raises(IllegalTransition):
        check_transition("lost", "approved")


def test_travelers_may_only_cancel_early():
    assert lifecycle.traveler_may("requested", "cancelled")
    assert lifecycle.traveler_may("ready", "cancelled")
    assert not lifecycle.traveler_may("picked_up", "cancelled")
    assert not lifecycle.traveler_may("requested", "approved")
    assert not lifecycle.traveler_may("requested", "declined")


def test_every_state_and_target_has_a_label():
    assert set(lifecycle.STATE_LABELS) == set(STATES)
    assert {b for _, b in LEGAL} <= set(lifecycle.ACTION_LABELS)
