"""Data tests run against a fresh data directory and can never reach the network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

FEEDS = Path(__file__).parent / "feeds"
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
REAL_VISA_TABLE = SHARED_DATA / "passport-index-tidy-iso2.csv"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """TRAVELPREP_DATA_DIR pointing at an empty folder for this test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def feed(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


needs_real_visa_table = pytest.mark.skipif(
    not REAL_VISA_TABLE.exists(),
    reason=f"the real Passport Index table is not at {REAL_VISA_TABLE} (../shared/data absent)",
)
