"""The app on a freshly migrated database of the kind a fixture asks for, and signed-in clients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.databases import database_url
from tests.support.web import ORIGIN, make_settings, sign_in
from travelprep.db import migrate
from travelprep.db.engine import make_engine
from travelprep.web.app import create_app

# The `params` of an app fixture: SQLite, and PostgreSQL for the tests marked to reach it.
EACH_DATABASE = ["sqlite", pytest.param("postgresql", marks=pytest.mark.db)]


def app_on(request, tmp_path, rulebook, *, today: date, prefix: str) -> Iterator[FastAPI]:
    """The app on `request.param`'s database ("sqlite" or "postgresql"), migrated, today pinned."""
    url = database_url(request, tmp_path, prefix=prefix)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    application = create_app(make_settings(tmp_path, database_url=url), rulebook=rulebook)
    application.state.clock = lambda: today
    yield application
    application.state.engine.dispose()


def signed_in(app, email: str, role: str) -> Iterator[TestClient]:
    """A browser signed in as `email` with `role` (it sends Origin on POST, as browsers do)."""
    with TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False) as client:
        sign_in(client, email, role)
        yield client


def signed_in_fixture(email: str, role: str, doc: str):
    """A fixture (named by the conftest attribute it is assigned to): `email` signed in with `role`
    on the test's `app`, as `signed_in` makes it."""

    def fixture(app) -> Iterator[TestClient]:
        yield from signed_in(app, email, role)

    fixture.__doc__ = doc
    return pytest.fixture(fixture)
