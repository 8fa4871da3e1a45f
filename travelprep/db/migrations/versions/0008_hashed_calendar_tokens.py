"""Calendar feed tokens stored hashed: SHA-256 in users.calendar_token, plus a sealed copy.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

- `users.calendar_token` now holds the SHA-256 (hex) of the feed token; every existing token
  is replaced by its hash, so existing calendar subscriptions keep working.
- `users.calendar_token_sealed`: the token encrypted with a key derived from the app secret,
  so the profile page can show the link again (calendar/feed_tokens.py). The migration has no
  secret, so tokens hashed here get none: their owners' profile page says the link cannot be
  shown and offers a new one.

Downgrading cannot recover plain tokens: it clears them all (each user gets a new link on
their next visit to the profile page, and must subscribe again).
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

users = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("calendar_token", sa.String),
    sa.column("calendar_token_sealed", sa.Text),
)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("calendar_token_sealed", sa.Text(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(users.c.id, users.c.calendar_token).where(users.c.calendar_token.is_not(None))
    )
    hashed = [{"user_id": id_, "hashed": hashlib.sha256(token.encode()).hexdigest()} for id_, token in rows]
    if hashed:
        bind.execute(
            users.update()
            .where(users.c.id == sa.bindparam("user_id"))
            .values(calendar_token=sa.bindparam("hashed")),
            hashed,
        )


def downgrade() -> None:
    op.execute(users.update().values(calendar_token=None))
    with op.batch_alter_table("users") as batch:
        batch.drop_column("calendar_token_sealed")
