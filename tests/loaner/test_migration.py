"""The loaner migration (0004) goes down and up again cleanly on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import inspect

from tests.support.databases import downgrade
from travelprep.db import migrate

pytestmark = pytest.mark.db

LOANER_TABLES = {"devices", "loaner_requests", "loaner_transitions", "reservations"}


def test_downgrade_below_the_loaner_desk_and_upgrade_again(fresh_engine):
    downgrade(fresh_engine, "0003")
    assert not LOANER_TABLES & set(inspect(fresh_engine).get_table_names())
    migrate.upgrade(fresh_engine)
    assert set(inspect(fresh_engine).get_table_names()) >= LOANER_TABLES
    assert migrate.current_revision(fresh_engine) == migrate.head_revision()
