"""Checklist versions, re-evaluations per data version, data changes and the diffs travelers see.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

- `checklist_versions`: the checklist each trip was last given (item ids, priority, due date,
  title) with its places' facts and the data versions it came from.
- `data_changes`: one row per data version in force (import, rollback, deploy), with its cause.
- `reevaluations`: a trip evaluated under a data version; unique on (trip, data version), so
  several instances evaluate each trip once per version.
- `checklist_changes`: the diff shown in "Changed since you last looked" until dismissed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
WHEN = sa.DateTime(timezone=True)


def _trip() -> sa.ForeignKey:
    return sa.ForeignKey("trips.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "checklist_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("trip_id", sa.Integer(), _trip(), nullable=False),
        sa.Column("data_version", sa.String(64), nullable=False),
        sa.Column("cause", sa.String(20), nullable=False),
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("items", JSON, nullable=False),
        sa.Column("places", JSON, nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_checklist_versions_trip", "checklist_versions", ["trip_id", "id"])
    op.create_table(
        "data_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("data_version", sa.String(64), nullable=False, unique=True),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN),
    )
    op.create_table(
        "reevaluations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("trip_id", sa.Integer(), _trip(), nullable=False),
        sa.Column("data_version", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index(
        "uq_reevaluations_trip_version", "reevaluations", ["trip_id", "data_version"], unique=True
    )
    op.create_index("ix_reevaluations_version_outcome", "reevaluations", ["data_version", "outcome"])
    op.create_table(
        "checklist_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("trip_id", sa.Integer(), _trip(), nullable=False),
        sa.Column(
            "version_id",
            sa.Integer(),
            sa.ForeignKey("checklist_versions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("data_version", sa.String(64), nullable=False),
        sa.Column("entries", JSON, nullable=False),
        sa.Column("tightened", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("acknowledged_at", WHEN),
    )
    op.create_index("ix_checklist_changes_trip", "checklist_changes", ["trip_id", "id"])
    op.create_index("ix_checklist_changes_version", "checklist_changes", ["data_version"])


def downgrade() -> None:
    op.drop_table("checklist_changes")
    op.drop_table("reevaluations")
    op.drop_table("data_changes")
    op.drop_table("checklist_versions")
