"""Shared fixtures: the shipped list, indexed once per test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.screening.samples import CHECKLISTS
from travelprep.screening.lists.shipped import load_shipped_lists
from travelprep.screening.matcher import IndexScreener, forms_of


@pytest.fixture(scope="module")
def shipped_screener() -> IndexScreener:
    """A screener over the shipped entity list alone."""
    entities = [e for lst in load_shipped_lists(CHECKLISTS) for e in lst.entities]
    return IndexScreener((e, forms_of(e)) for e in entities)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """An empty data directory, set as TRAVELPREP_DATA_DIR."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(folder))
    monkeypatch.setenv("TRAVELPREP_CHECKLISTS_DIR", str(CHECKLISTS))
    return folder
