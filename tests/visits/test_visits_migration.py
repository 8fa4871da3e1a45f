"""Migration 0013 adds the visit tables and takes them away again, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import inspect

from tests.support.databases import downgrade, migrated_engine
from travelprep.db import migrate

pytestmark = pytest.mark.db


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    yield from migrated_engine(request, tmp_path, prefix="m13", revision=None)


def test_upgrade_adds_the_tables_and_downgrade_removes_them(engine):
    migrate.upgrade(engine, "0013")
    tables = set(inspect(engine).get_table_names())
    assert {"visits", "visit_countries"} <= tables
    indexes = {i["name"] for i in inspect(engine).get_indexes("visit_countries")}
    assert "ix_visit_countries_country_visit" in indexes
    downgrade(engine, "0008")
    assert not {"visits", "visit_countries"} & set(inspect(engine).get_table_names())
