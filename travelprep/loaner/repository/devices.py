"""Queries on loaner devices: the inventory, and which requests hold a device."""

from __future__ import annotations

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from travelprep.db.models import Device, LoanerRequest, Reservation
from travelprep.db.models.loaner import asset_tag_key
from travelprep.loaner.lifecycle import ACTIVE_STATES


def get_device(session: Session, *, device_id: int) -> Device | None:
    """The device with this id, or None."""
    return session.get(Device, device_id)


def device_by_tag(session: Session, *, asset_tag: str) -> Device | None:
    """The device with this asset tag (tags compare case-insensitively), or None."""
    return session.scalar(select(Device).where(Device.tag_key == asset_tag_key(asset_tag)))


def existing_tags(session: Session, *, tags: list[str]) -> set[str]:
    """Which of these asset tags (as keys: asset_tag_key) are already in the inventory."""
    lowered = sorted({asset_tag_key(tag) for tag in tags})
    found: set[str] = set()
    for start in range(0, len(lowered), 500):
        chunk = lowered[start : start + 500]
        found.update(session.scalars(select(Device.tag_key).where(Device.tag_key.in_(chunk))))
    return found


def list_devices(session: Session, *, include_retired: bool = True, kind: str | None = None) -> list[Device]:
    """The inventory by kind and asset tag."""
    query = select(Device)
    if not include_retired:
        query = query.where(Device.retired_at.is_(None))
    if kind:
        query = query.where(Device.kind == kind)
    return list(session.scalars(query.order_by(Device.kind, Device.asset_tag)))


def add_device(session: Session, **fields: str) -> Device:
    """A new device in service."""
    device = Device(**fields)
    session.add(device)
    session.flush()
    return device


def devices_in_service(session: Session) -> dict[str, int]:
    """How many devices of each kind are not retired."""
    rows = session.execute(
        select(Device.kind, func.count()).where(Device.retired_at.is_(None)).group_by(Device.kind)
    )
    return {kind: count for kind, count in rows}


def devices_by_request(session: Session, *, request_ids: list[int]) -> dict[int, list[str]]:
    """The asset tags reserved for each of these requests."""
    found: dict[int, list[str]] = {}
    if not request_ids:
        return found
    rows = session.execute(
        select(Reservation.request_id, Device.asset_tag)
        .join(Device, Device.id == Reservation.device_id)
        .where(Reservation.request_id.in_(request_ids))
        .order_by(Reservation.id)
    )
    for request_id, tag in rows:
        found.setdefault(request_id, []).append(tag)
    return found


def open_loans_of_device(session: Session, *, device_id: int) -> list[int]:
    """Ids of the requests not yet back that hold this device."""
    return list(
        session.scalars(
            select(LoanerRequest.id)
            .join(Reservation, Reservation.request_id == LoanerRequest.id)
            .where(Reservation.device_id == device_id, LoanerRequest.state.in_(ACTIVE_STATES))
            .order_by(LoanerRequest.id)
        )
    )


def has_reservations(session: Session, *, device_id: int) -> bool:
    """Whether the device was ever reserved."""
    return session.scalar(select(exists().where(Reservation.device_id == device_id))) or False
