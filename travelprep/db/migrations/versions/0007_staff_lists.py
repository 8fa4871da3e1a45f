"""Staff lists at 100,000 trips: indexes for their filters, and which trips name institutions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

- Trips: partial btrees on active trips for the list's order (departure, id), the
  "abroad on or after" filter (return_date, covering departure and the flags) and each flag.
- Legs: on PostgreSQL a GiST index over `daterange(arrive, depart, '[]')` answers "who is
  abroad on day D" anywhere; SQLite gets a btree on (depart, arrive).
- The audit log by object: (object_type, object_id, id), as a trip's history reads it.
- `trips.names_institutions`, copied out of the itinerary like the flags, so the screening
  review lists only the trips that have something to screen (partial btree by departure).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status = 'active'")


def _partial(name: str, table: str, columns: list[str], where: str) -> None:
    clause = sa.text(where)
    op.create_index(name, table, columns, postgresql_where=clause, sqlite_where=clause)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("trips") as batch:
        batch.add_column(
            sa.Column("names_institutions", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    if postgresql:
        op.execute(
            "UPDATE trips SET names_institutions = true"
            " WHERE jsonb_typeof(itinerary -> 'institutions') = 'array'"
            " AND jsonb_array_length(itinerary -> 'institutions') > 0"
        )
    else:
        op.execute(
            "UPDATE trips SET names_institutions = 1"
            " WHERE json_type(itinerary, '$.institutions') = 'array'"
            " AND json_array_length(itinerary, '$.institutions') > 0"
        )
    _partial("ix_trips_active_departure", "trips", ["departure", "id"], "status = 'active'")
    # Covers "not over by" with the flags, and the earliest departure among those trips.
    _partial(
        "ix_trips_active_return",
        "trips",
        ["return_date", "departure", "elevated_risk", "sanctioned"],
        "status = 'active'",
    )
    _partial("ix_trips_active_risk", "trips", ["departure", "id"], "status = 'active' AND elevated_risk")
    _partial("ix_trips_active_sanctioned", "trips", ["departure", "id"], "status = 'active' AND sanctioned")
    _partial(
        "ix_trips_active_institutions",
        "trips",
        ["departure", "id"],
        "status = 'active' AND names_institutions",
    )
    op.create_index("ix_audit_log_object", "audit_log", ["object_type", "object_id", "id"])
    op.create_index("ix_legs_depart_arrive", "legs", ["depart", "arrive"])
    if postgresql:
        op.execute("CREATE INDEX ix_legs_stay_range ON legs USING gist (daterange(arrive, depart, '[]'))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_legs_stay_range")
    op.drop_index("ix_legs_depart_arrive", "legs")
    op.drop_index("ix_audit_log_object", "audit_log")
    for name in ("institutions", "sanctioned", "risk", "return", "departure"):
        op.drop_index(f"ix_trips_active_{name}", "trips")
    with op.batch_alter_table("trips") as batch:
        batch.drop_column("names_institutions")
