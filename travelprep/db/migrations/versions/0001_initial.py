"""Users, trips, legs, item statuses with history, API tokens and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("profile", JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint(
            "role IN ('traveler', 'loaner_staff', 'compliance', 'admin')", name="ck_users_role"
        ),
    )
    op.create_table(
        "trips",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("itinerary", JSON, nullable=False),
        sa.Column("traveler_name", sa.String(200), nullable=False),
        sa.Column("traveler_email", sa.String(320), nullable=False),
        sa.Column("departure", sa.Date, nullable=False),
        sa.Column("return_date", sa.Date, nullable=False),
        sa.Column("countries", sa.String(400), nullable=False),
        sa.Column("elevated_risk", sa.Boolean, nullable=False),
        sa.Column("sanctioned", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("cancelled_at", TS, nullable=True),
        sa.CheckConstraint("status IN ('active', 'cancelled')", name="ck_trips_status"),
    )
    op.create_index("ix_trips_departure_return", "trips", ["departure", "return_date"])
    op.create_table(
        "legs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "trip_id",
            sa.Integer,
            sa.ForeignKey("trips.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region", sa.String(10), nullable=True),
        sa.Column("city", sa.String(200), nullable=False),
        sa.Column("arrive", sa.Date, nullable=False),
        sa.Column("depart", sa.Date, nullable=False),
    )
    op.create_index("ix_legs_country_dates", "legs", ["country", "arrive", "depart"])
    op.create_table(
        "trip_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trip_id", sa.Integer, sa.ForeignKey("trips.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("title", sa.String(400), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("dropped_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint("status IN ('open', 'done', 'not_applicable')", name="ck_trip_items_status"),
    )
    op.create_index("uq_trip_items_trip_item", "trip_items", ["trip_id", "item_id"], unique=True)
    op.create_table(
        "item_status_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "trip_item_id",
            sa.Integer,
            sa.ForeignKey("trip_items.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.String(100), nullable=False),
        sa.Column("detail", JSON, nullable=False),
    )
    _make_audit_log_append_only()


def _make_audit_log_append_only() -> None:
    # The audit log is evidence: the database itself refuses to rewrite it.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_refuse_change()")
    for table in (
        "audit_log",
        "api_tokens",
        "item_status_changes",
        "trip_items",
        "legs",
        "trips",
        "users",
    ):
        op.drop_table(table)
