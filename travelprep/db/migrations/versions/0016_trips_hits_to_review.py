"""Which trips have stored screening hits to review, kept on the trip for the review list.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

- `trips.hits_to_review`: true while a stored hit of the trip is listed and undecided or
  escalated, or an escalated hit has since been withdrawn (review/hit_store.needing_review).
  The app sets it whenever it stores hits or records a decision; here it is computed once
  for the trips saved before.
- A partial btree by (departure, id) on the active trips so marked: /staff/screening reads a
  page and its total from it, instead of joining every stored hit and decision ever made.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TO_REVIEW = "status = 'active' AND hits_to_review"
# The same condition as review/hit_store.needing_review, in SQL both databases read.
NEEDING_REVIEW = """
UPDATE trips SET hits_to_review = EXISTS (
    SELECT 1 FROM screening_hits h
    LEFT OUTER JOIN screening_decisions d
      ON d.trip_id = h.trip_id AND d.query_key = h.query_key AND d.entity_id = h.entity_id
    WHERE h.trip_id = trips.id
      AND ((h.withdrawn_on IS NULL AND (d.id IS NULL OR d.decision = 'escalated'))
           OR d.decision = 'escalated'))
WHERE id IN (SELECT trip_id FROM screening_hits)
"""


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch: on SQLite a batch may copy the table, and dropping the old
    # one would cascade to the trips' legs, items and stored hits (foreign keys are on).
    column = sa.Column("hits_to_review", sa.Boolean(), nullable=False, server_default=sa.false())
    op.add_column("trips", column)
    op.execute(NEEDING_REVIEW)
    clause = sa.text(TO_REVIEW)
    op.create_index(
        "ix_trips_hits_to_review", "trips", ["departure", "id"], postgresql_where=clause, sqlite_where=clause
    )


def downgrade() -> None:
    op.drop_index("ix_trips_hits_to_review", "trips")
    # SQLite (3.35 and later) drops a column in place; a batch copy would cascade as above.
    op.execute("ALTER TABLE trips DROP COLUMN hits_to_review")
