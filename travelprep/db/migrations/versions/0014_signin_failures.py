"""Failed sign-ins counted in the database, so that the limit holds across workers.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

One row per failed sign-in or bad bearer token: the client address and when (seconds since
the epoch). The app deletes rows older than its window as it adds new ones.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signin_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.Float(precision=53), nullable=False),
    )
    op.create_index("ix_signin_failures_client_at", "signin_failures", ["client", "at"])
    op.create_index("ix_signin_failures_at", "signin_failures", ["at"])


def downgrade() -> None:
    op.drop_table("signin_failures")
