"""The loaner desk: devices, requests, their transitions, and reservations that never overlap.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21

A device is never in two overlapping reservations, and the database itself says so:
- PostgreSQL: an exclusion constraint over `daterange(starts, ends, '[]')` (btree_gist), so
  two transactions that book the same days cannot both commit, whatever the app does.
- SQLite: triggers that abort an INSERT or UPDATE overlapping another reservation of the
  device. SQLite has one writer at a time, so the check runs serialized with the write; the
  app also starts booking transactions with BEGIN IMMEDIATE so writers queue cleanly.
Both ends are inclusive: a reservation ending on the 12th and one starting on the 13th fit.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
KINDS_CHECK = "kind IN ('laptop', 'phone', 'tablet', 'hotspot')"
STATES = (
    "requested",
    "approved",
    "ready",
    "picked_up",
    "returned",
    "quarantined",
    "wiped",
    "closed",
    "declined",
    "cancelled",
)
STATES_SQL = ", ".join(f"'{s}'" for s in STATES)
OVERLAP = (
    "SELECT 1 FROM reservations r WHERE r.device_id = NEW.device_id "
    "AND r.starts <= NEW.ends AND NEW.starts <= r.ends"
)


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("asset_tag", sa.String(60), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("os", sa.String(100), nullable=False),
        sa.Column("serial", sa.String(100), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("retired_at", TS, nullable=True),
        sa.CheckConstraint(KINDS_CHECK, name="ck_devices_kind"),
    )
    op.create_table(
        "loaner_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trip_id", sa.Integer, sa.ForeignKey("trips.id", ondelete="SET NULL"), nullable=True),
        sa.Column("requester_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("kinds", sa.String(60), nullable=False),
        sa.Column("pickup_date", sa.Date, nullable=False),
        sa.Column("return_date", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint(f"state IN ({STATES_SQL})", name="ck_loaner_requests_state"),
        sa.CheckConstraint("return_date >= pickup_date", name="ck_loaner_requests_dates"),
    )
    op.create_index("ix_loaner_requests_trip_id", "loaner_requests", ["trip_id"])
    op.create_index("ix_loaner_requests_requester_id", "loaner_requests", ["requester_id"])
    op.create_index("ix_loaner_requests_state_pickup", "loaner_requests", ["state", "pickup_date"])
    op.create_table(
        "loaner_transitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "request_id",
            sa.Integer,
            sa.ForeignKey("loaner_requests.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("from_state", sa.String(20), nullable=True),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "reservations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("device_id", sa.Integer, sa.ForeignKey("devices.id"), nullable=False),
        sa.Column(
            "request_id",
            sa.Integer,
            sa.ForeignKey("loaner_requests.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("starts", sa.Date, nullable=False),
        sa.Column("ends", sa.Date, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("ends >= starts", name="ck_reservations_dates"),
    )
    op.create_index("ix_reservations_device_dates", "reservations", ["device_id", "starts", "ends"])
    _refuse_overlapping_reservations()


def _refuse_overlapping_reservations() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE reservations ADD CONSTRAINT reservations_no_overlap "
            "EXCLUDE USING gist (device_id WITH =, daterange(starts, ends, '[]') WITH &&)"
        )
        return
    op.execute(
        "CREATE TRIGGER reservations_no_overlap_insert BEFORE INSERT ON reservations "
        f"WHEN EXISTS ({OVERLAP}) "
        "BEGIN SELECT RAISE(ABORT, 'reservations_no_overlap: the device is already reserved'); END"
    )
    op.execute(
        "CREATE TRIGGER reservations_no_overlap_update BEFORE UPDATE ON reservations "
        f"WHEN EXISTS ({OVERLAP} AND r.id != NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'reservations_no_overlap: the device is already reserved'); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS reservations_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS reservations_no_overlap_update")
    for table in ("reservations", "loaner_transitions", "loaner_requests", "devices"):
        op.drop_table(table)
