"""Stored screening hits and re-screening passes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

- `screening_hits`: each trip's hits as last screened (list entry, list and its version,
  first seen on, the list update that brought it, withdrawn on, the explanation), so the
  staff review reads stored hits instead of screening trips on every page view.
- `screening_passes`: each re-screening of the trips not yet over, with the fingerprint of
  the lists it used, so a release that ships new lists is noticed.

The migration cannot screen (it has no lists): run `travelprep screening rescreen` once after
upgrading to store the hits of the trips saved before it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_hits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("trip_id", sa.Integer(), sa.ForeignKey("trips.id", ondelete="CASCADE"), nullable=False),
        sa.Column("query_key", sa.Text(), nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("listed_name", sa.String(500), nullable=False),
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
        "uq_screening_hits_trip_query_entity",
        "screening_hits",
        ["trip_id", "query_key", "entity_id"],
        unique=True,
    )
    op.create_table(
        "screening_passes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(200), nullable=False),
        sa.Column("lists_fingerprint", sa.String(64), nullable=False),
        sa.Column("trips_changed", sa.Integer(), nullable=False),
    )
    op.create_index("ix_screening_passes_lists_fingerprint", "screening_passes", ["lists_fingerprint"])


def downgrade() -> None:
    op.drop_index("ix_screening_passes_lists_fingerprint", table_name="screening_passes")
    op.drop_table("screening_passes")
    op.drop_index("uq_screening_hits_trip_query_entity", table_name="screening_hits")
    op.drop_table("screening_hits")
