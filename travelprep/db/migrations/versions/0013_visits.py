"""Visits: a host's visitor from abroad, and the visitor's countries for the staff filter.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    json_type = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("host_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("visit", json_type, nullable=False),
        sa.Column("host_name", sa.String(200), nullable=False),
        sa.Column("host_email", sa.String(320), nullable=False),
        sa.Column("visitor_name", sa.String(200), nullable=False),
        sa.Column("visitor_email", sa.String(320), nullable=False),
        sa.Column("affiliation", sa.String(200), nullable=False),
        sa.Column("arrive", sa.Date(), nullable=False),
        sa.Column("depart", sa.Date(), nullable=False),
        sa.Column("countries", sa.String(400), nullable=False),
        sa.Column("elevated_risk", sa.Boolean(), nullable=False),
        sa.Column("screening_hit", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_visits_host_id", "visits", ["host_id"])
    op.create_index("ix_visits_arrive_id", "visits", ["arrive", "id"])
    op.create_index("ix_visits_depart_arrive", "visits", ["depart", "arrive"])
    op.create_table(
        "visit_countries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_id", sa.Integer(), sa.ForeignKey("visits.id", ondelete="CASCADE"), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
    )
    op.create_index("ix_visit_countries_visit_id", "visit_countries", ["visit_id"])
    op.create_index(
        "ix_visit_countries_country_visit", "visit_countries", ["country", "visit_id"], unique=True
    )


def downgrade() -> None:
    op.drop_table("visit_countries")
    op.drop_table("visits")
