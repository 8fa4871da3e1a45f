"""Migration 0013 adds the visit tables and takes them away again, on SQLite and PostgreSQL."""

import uuid

import pytest
from alembic import command
from sqlalchemy import inspect

from travelprep.db import migrate
from travelprep.db.engine import make_engine

pytestmark = pytest.mark.db


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'visits.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(f"m13_{uuid.uuid4().hex[:12]}")
    made = make_engine(url)
    yield made
    made.dispose()


def test_upgrade_adds_the_tables_and_downgrade_removes_them(engine):
    migrate.upgrade(engine, "0013")
    tables = set(inspect(engine).get_table_names())
    assert {"visits", "visit_countries"} <= tables
    indexes = {i["name"] for i in inspect(engine).get_indexes("visit_countries")}
    assert "ix_visit_countries_country_visit" in indexes
    with engine.begin() as connection:
        config = migrate._config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    assert not {"visits", "visit_countries"} & set(inspect(engine).get_table_names())
