"""Visits: cancelling (and a calendar sequence), the host's item statuses, the visitor's hits and
decisions on them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _visit_key() -> list[sa.Column]:
    """The columns that say which hit of which visit a row is about."""
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_id", sa.Integer(), sa.ForeignKey("visits.id", ondelete="CASCADE"), nullable=False),
        sa.Column("query_key", sa.Text(), nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("listed_name", sa.String(500), nullable=False),
    ]


def upgrade() -> None:
    # A server default fills the rows already saved, on SQLite and PostgreSQL alike.
    op.add_column("visits", sa.Column("status", sa.String(20), nullable=False, server_default="active"))
    op.add_column("visits", sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("visits", sa.Column("calendar_sequence", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "visit_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_id", sa.Integer(), sa.ForeignKey("visits.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("uq_visit_items_visit_item", "visit_items", ["visit_id", "item_id"], unique=True)
    op.create_table(
        "visit_screening_hits",
        *_visit_key(),
        sa.Column("alias", sa.String(500), nullable=False),
        sa.Column("list_name", sa.String(200), nullable=False),
        sa.Column("list_source", sa.String(500), nullable=False),
        sa.Column("list_version", sa.String(40), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("first_seen_on", sa.Date(), nullable=False),
        sa.Column("new_since", sa.String(40), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
    )
    op.create_index(
        "uq_visit_screening_hits_visit_query_entity",
        "visit_screening_hits",
        ["visit_id", "query_key", "entity_id"],
        unique=True,
    )
    op.create_table(
        "visit_screening_decisions",
        *_visit_key(),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "uq_visit_screening_decisions_visit_query_entity",
        "visit_screening_decisions",
        ["visit_id", "query_key", "entity_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_table("visit_screening_decisions")
    op.drop_table("visit_screening_hits")
    op.drop_table("visit_items")
    op.drop_column("visits", "calendar_sequence")
    op.drop_column("visits", "cancelled_at")
    op.drop_column("visits", "status")
