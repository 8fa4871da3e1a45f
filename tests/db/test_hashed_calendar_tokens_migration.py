"""Migration 0008 replaces every stored calendar feed token by its SHA-256; the old URLs keep working."""

import hashlib

import pytest
from sqlalchemy import text

from tests.support.databases import migrated_engine
from travelprep.calendar import repository as feeds
from travelprep.db import migrate
from travelprep.db.engine import make_session_factory

pytestmark = pytest.mark.db
PLAIN = "old-plain-token_" + "x" * 27


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_at_0007(request, tmp_path):
    yield from migrated_engine(request, tmp_path, prefix="m8", revision="0007")


def test_existing_feed_tokens_are_hashed_and_still_open_their_feed(engine_at_0007):
    with engine_at_0007.begin() as connection:
        for user_id, token in ((1, PLAIN), (2, None)):
            connection.execute(
                text(
                    "INSERT INTO users (id, email, name, role, profile, created_at, email_reminders,"
                    " calendar_token) VALUES (:id, :email, '', 'traveler', '{}', '2026-01-01', true, :token)"
                ),
                {"id": user_id, "email": f"u{user_id}@example.edu", "token": token},
            )
    migrate.upgrade(engine_at_0007)
    with engine_at_0007.connect() as connection:
        stored = dict(connection.execute(text("SELECT id, calendar_token FROM users")).all())
    assert stored == {1: hashlib.sha256(PLAIN.encode()).hexdigest(), 2: None}
    with make_session_factory(engine_at_0007)() as session:
        assert feeds.user_by_token(session, token=PLAIN).id == 1
        assert feeds.user_by_token(session, token=stored[1]) is None  # the hash opens nothing
        user = feeds.user_by_token(session, token=PLAIN)
        assert feeds.ensure_token(session, user=user, secret="s" * 40) is None  # no copy to show
