"""Shared fixtures: the shipped rulebook and a checklist builder fixed to TODAY."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.builders import TODAY
from travelprep.engine.checklist import Checklist, generate_checklist
from travelprep.engine.itinerary import parse_itinerary
from travelprep.engine.rules.rulebook import Rulebook
from travelprep.refdata.loading import load_current_rulebook

# Property tests check behaviour, never speed (timings live in bench/): no per-example deadline,
# and no health check that fails a run because a busy machine generated data slowly.
# `make test` draws the same examples on every machine (derandomize), so a run that passes in
# a fresh clone passes in CI. To look for new failing examples, draw afresh:
# `.venv/bin/pytest --hypothesis-profile=explore tests/engine` (then add what it finds as a test).
_PROPERTY_TESTS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("travelprep", derandomize=True, **_PROPERTY_TESTS)
settings.register_profile("explore", max_examples=500, **_PROPERTY_TESTS)
settings.load_profile("travelprep")


@pytest.fixture(scope="session")
def rulebook(tmp_path_factory) -> Rulebook:
    """The shipped rules, facts and restricted-party list, with nothing imported."""
    return load_current_rulebook(data_dir=tmp_path_factory.mktemp("empty-data-dir"))


@pytest.fixture
def checklist_for(rulebook):
    """Build the checklist for itinerary data, as of TODAY unless told otherwise."""

    def build(data: dict[str, Any], today: date = TODAY) -> Checklist:
        return generate_checklist(parse_itinerary(data), rulebook, today)

    return build
