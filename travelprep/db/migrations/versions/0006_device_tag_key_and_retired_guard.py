"""Asset tags compare by a stored key, and no reservation can be made on a retired device.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

- `devices.tag_key`: the asset tag normalised (NFKC, trimmed, case-folded) with a unique
  index. SQLite's lower() folds ASCII only, so "ÄB-1" and "äb-1" both got in. Existing
  devices whose keys collide keep the first; later ones get "#<id>" appended, to review.
- A reservation on a retired device is refused by the database itself (a trigger on each
  kind), as the exclusion constraint refuses overlaps.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

RETIRED = "reservations_not_on_retired_device"


def _key(tag: str) -> str:
    return unicodedata.normalize("NFKC", tag).strip().casefold()


def upgrade() -> None:
    with op.batch_alter_table("devices") as devices:
        devices.add_column(sa.Column("tag_key", sa.String(240), nullable=True))
    connection = op.get_bind()
    seen: set[str] = set()
    for device_id, tag in connection.execute(sa.text("SELECT id, asset_tag FROM devices ORDER BY id")):
        key = _key(tag)
        if key in seen:
            key = f"{key}#{device_id}"
        seen.add(key)
        connection.execute(
            sa.text("UPDATE devices SET tag_key = :k WHERE id = :i"), {"k": key, "i": device_id}
        )
    with op.batch_alter_table("devices") as devices:
        devices.alter_column("tag_key", existing_type=sa.String(240), nullable=False)
    op.create_index("uq_devices_tag_key", "devices", ["tag_key"], unique=True)
    if connection.dialect.name == "postgresql":
        op.execute(
            f"""CREATE FUNCTION {RETIRED}() RETURNS trigger AS $$
            BEGIN
              IF (SELECT retired_at FROM devices WHERE id = NEW.device_id) IS NOT NULL THEN
                RAISE EXCEPTION '{RETIRED}: device % is retired', NEW.device_id
                  USING ERRCODE = 'check_violation';
              END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql"""
        )
        op.execute(
            f"CREATE TRIGGER {RETIRED} BEFORE INSERT OR UPDATE OF device_id ON reservations "
            f"FOR EACH ROW EXECUTE FUNCTION {RETIRED}()"
        )
    else:
        for event, name in (("INSERT", RETIRED), ("UPDATE OF device_id", f"{RETIRED}_update")):
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON reservations "
                "WHEN (SELECT retired_at FROM devices WHERE id = NEW.device_id) IS NOT NULL "
                f"BEGIN SELECT RAISE(ABORT, '{RETIRED}: the device is retired'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {RETIRED} ON reservations")
        op.execute(f"DROP FUNCTION {RETIRED}()")
    else:
        op.execute(f"DROP TRIGGER {RETIRED}")
        op.execute(f"DROP TRIGGER {RETIRED}_update")
    op.drop_index("uq_devices_tag_key", table_name="devices")
    with op.batch_alter_table("devices") as devices:
        devices.drop_column("tag_key")
