"""Calendar feed tokens, event SEQUENCE, the email-reminder opt-out, and the mail outbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("calendar_token", sa.String(64), nullable=True))
        users.add_column(sa.Column("email_reminders", sa.Boolean, nullable=False, server_default=sa.true()))
        users.create_unique_constraint("uq_users_calendar_token", ["calendar_token"])
    with op.batch_alter_table("trips") as trips:
        trips.add_column(sa.Column("calendar_sequence", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dedupe_key", sa.String(200), nullable=False, unique=True),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("claimed_until", TS, nullable=True),
    )
    op.create_index("ix_outbox_pending", "outbox", ["sent_at", "id"])
    op.create_table(
        "sent_reminders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trip_id", sa.Integer, sa.ForeignKey("trips.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column(
            "outbox_id",
            sa.Integer,
            sa.ForeignKey("outbox.id", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index(
        "uq_sent_reminders_key", "sent_reminders", ["trip_id", "item_id", "kind", "due"], unique=True
    )


def downgrade() -> None:
    op.drop_table("sent_reminders")
    op.drop_table("outbox")
    with op.batch_alter_table("trips") as trips:
        trips.drop_column("calendar_sequence")
    with op.batch_alter_table("users") as users:
        users.drop_constraint("uq_users_calendar_token", type_="unique")
        users.drop_column("email_reminders")
        users.drop_column("calendar_token")
