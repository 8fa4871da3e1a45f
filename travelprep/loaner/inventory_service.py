"""What adding, editing, retiring, importing and exporting devices does (pages and API alike).

Functions here change the session and write the audit log; the request handler commits.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from travelprep.db import audit
from travelprep.db.models import Device, User, utcnow
from travelprep.errors import NotFound
from travelprep.loaner import repository as loaner
from travelprep.loaner import reservations
from travelprep.loaner.demo import demo_devices
from travelprep.loaner.errors import Conflict
from travelprep.loaner.inventory_csv import DeviceFields, ParsedInventory, parse_inventory


def get_device(session: Session, *, device_id: int) -> Device:
    """The device, or 404."""
    device = loaner.get_device(session, device_id=device_id)
    if device is None:
        raise NotFound("No such device.")
    return device


def list_devices(session: Session) -> list[Device]:
    """The inventory by kind and asset tag, retired devices included."""
    return loaner.list_devices(session)


def add_device(session: Session, *, user: User, fields: DeviceFields) -> Device:
    """Add a device in service; 409 if the asset tag is taken."""
    if loaner.device_by_tag(session, asset_tag=fields.asset_tag) is not None:
        raise Conflict(f"Asset tag {fields.asset_tag} is already in the inventory.")
    device = loaner.add_device(session, **fields.model_dump())
    audit.record(
        session, actor=user, action="device.add", object_type="device", object_id=device.id,
        detail={"asset_tag": device.asset_tag, "kind": device.kind},
    )  # fmt: skip
    return device


def edit_device(session: Session, *, user: User, device: Device, fields: DeviceFields) -> Device:
    """Change a device's fields; 409 if the new asset tag belongs to another device."""
    same_tag = loaner.device_by_tag(session, asset_tag=fields.asset_tag)
    if same_tag is not None and same_tag.id != device.id:
        raise Conflict(f"Asset tag {fields.asset_tag} belongs to another device.")
    if fields.kind != device.kind and loaner.has_reservations(session, device_id=device.id):
        raise Conflict(f"{device.asset_tag} has been reserved as a {device.kind}; its kind cannot change.")
    for name, value in fields.model_dump().items():
        setattr(device, name, value)
    session.flush()
    audit.record(
        session, actor=user, action="device.edit", object_type="device", object_id=device.id,
        detail={"asset_tag": device.asset_tag},
    )  # fmt: skip
    return device


def retire_device(session: Session, *, user: User, device: Device) -> Device:
    """Take the device out of service; its history stays, it is no longer offered."""
    # The lock booking takes: a booking in flight finishes first and is seen below, or waits
    # and then sees the device retired.
    reservations.lock_device(session, device_id=device.id)
    session.refresh(device, ["retired_at"])
    held_by = loaner.open_loans_of_device(session, device_id=device.id)
    if held_by:
        requests = ", ".join(str(request_id) for request_id in held_by)
        raise Conflict(f"{device.asset_tag} is reserved for loaner request {requests}: reassign it first.")
    if device.retired_at is None:
        device.retired_at = utcnow()
        audit.record(session, actor=user, action="device.retire", object_type="device", object_id=device.id)
    return device


def reinstate_device(session: Session, *, user: User, device: Device) -> Device:
    """Put a retired device back in service (the undo of retiring); nothing happens if it is in service."""
    reservations.lock_device(session, device_id=device.id)
    session.refresh(device, ["retired_at"])
    if device.retired_at is not None:
        device.retired_at = None
        audit.record(
            session, actor=user, action="device.reinstate", object_type="device", object_id=device.id
        )
    return device


def import_devices(
    session: Session, *, user: User | None, text: str, parsed: ParsedInventory | None = None
) -> ParsedInventory:
    """Add every device of the CSV, or none when any row has a problem.

    `parsed` is the CSV read already (the page reads it in a limited child process).
    """
    parsed = parse_inventory(text) if parsed is None else parsed
    if parsed.tags:
        taken = loaner.existing_tags(session, tags=list(parsed.tags))
        if taken:  # read again to report each taken tag on its line
            parsed = parse_inventory(text, existing_tags=taken)
    if parsed.problems:
        return parsed
    for fields in parsed.devices:
        loaner.add_device(session, **fields.model_dump())
    audit.record(
        session, actor=user, action="device.import", object_type="device", object_id="csv",
        detail={"added": len(parsed.devices)},
    )  # fmt: skip
    return parsed


def add_demo_devices(session: Session) -> tuple[int, int]:
    """Add the demo devices whose asset tags are not in the inventory yet; how many added, kept."""
    wanted = demo_devices()
    taken = loaner.existing_tags(session, tags=[d.asset_tag for d in wanted])
    added = [d for d in wanted if d.asset_tag.lower() not in taken]
    for fields in added:
        loaner.add_device(session, **fields.model_dump())
    if added:
        audit.record(
            session, actor=None, action="device.demo", object_type="device", object_id="demo",
            detail={"added": len(added)},
        )  # fmt: skip
    return len(added), len(wanted) - len(added)


def export_rows(session: Session) -> list[tuple[str, str, str, str, str, str, bool]]:
    """The inventory as rows of the export columns."""
    return [
        (d.asset_tag, d.kind, d.model, d.os, d.serial, d.notes, d.retired_at is not None)
        for d in loaner.list_devices(session)
    ]
