"""500s are logged with their request id and nothing personal; SQL parameters never reach logs."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.support.web import ORIGIN
from travelprep.accounts import repository as users
from travelprep.db.engine import make_engine
from travelprep.logs import JsonFormatter
from travelprep.web.deps import SessionDep

pytestmark = pytest.mark.web
EMAIL = "ada.lovelace@example.edu"


@pytest.fixture
def failing_app(app):
    """The app with two routes that fail as handlers can: after a failed write, and plainly."""

    @app.post("/test/write-fails")
    async def write_fails(request: Request, session: SessionDep) -> dict:
        user = await session.run_sync(lambda s: users.get_or_create(s, email=EMAIL))
        await session.commit()
        request.state.user = user  # as the sign-in dependencies do

        def duplicate(s) -> None:
            try:
                s.execute(
                    text("INSERT INTO users (email, name, role, profile) VALUES (:e, '', 'traveler', '{}')"),
                    {"e": EMAIL},
                )
            except IntegrityError:
                s.rollback()  # what a handler's error path does; the user is expired now
                raise

        await session.run_sync(duplicate)
        return {}

    @app.get("/test/boom")
    async def boom() -> dict:
        raise ValueError(f"cannot mail {EMAIL}")

    return app


def _lines(caplog, logger: str) -> list[dict]:
    return [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == logger]


def test_a_500_after_a_failed_write_keeps_its_access_log_line(failing_app, caplog):
    caplog.set_level(logging.INFO, logger="travelprep")
    with TestClient(failing_app, raise_server_exceptions=False, headers={"Origin": ORIGIN}) as client:
        response = client.post("/test/write-fails", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    [access] = [line for line in _lines(caplog, "travelprep.access") if line["request_id"] == "req-500"]
    assert access["status"] == 500 and isinstance(access["user_id"], int)


def test_every_500_is_logged_with_its_request_id_and_nothing_personal(failing_app, caplog):
    caplog.set_level(logging.INFO, logger="travelprep")
    with TestClient(failing_app, raise_server_exceptions=False, headers={"Origin": ORIGIN}) as client:
        assert client.get("/test/boom", headers={"X-Request-ID": "req-boom"}).status_code == 500
        client.post("/test/write-fails", headers={"X-Request-ID": "req-write"})
    errors = {line["request_id"]: line for line in _lines(caplog, "travelprep.errors")}
    assert errors["req-boom"]["error_type"] == "builtins.ValueError"
    assert errors["req-boom"]["route"] == "/test/boom" and errors["req-boom"]["where"]
    assert errors["req-write"]["error_type"].endswith("IntegrityError")
    logged = json.dumps(list(errors.values()))
    assert EMAIL not in logged and "cannot mail" not in logged


def test_database_errors_do_not_show_the_values_written(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE people (email TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO people VALUES (:e)"), {"e": EMAIL})
    with pytest.raises(IntegrityError) as raised, engine.begin() as connection:
        connection.execute(text("INSERT INTO people VALUES (:e)"), {"e": EMAIL})
    assert EMAIL not in str(raised.value)
    engine.dispose()
