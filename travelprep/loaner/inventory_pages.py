"""The loaner desk's inventory pages: list, add, edit, retire, CSV import and export."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from travelprep.compliance.pages import spreadsheet_safe
from travelprep.db.engine import begin_writing
from travelprep.db.models import Device
from travelprep.loaner import KINDS, inventory_service
from travelprep.loaner.auth import LoanerDeskStaff
from travelprep.loaner.errors import Conflict
from travelprep.loaner.inventory_csv import EXPORT_COLUMNS, DeviceFields, field_errors, parse_inventory
from travelprep.web.deps import FormDep, SessionDep, UploadGuardDep
from travelprep.web.rendering import render
from travelprep.web.upload_guard import ParseRefused, ParseTooBig

router = APIRouter()
FIELDS = ("asset_tag", "kind", "model", "os", "serial", "notes")
MAX_UPLOAD = 5 * 1024 * 1024
PARSE_SECONDS = 30  # wall clock; 20,000 rows take about 0.3 s of CPU


def _list_page(
    request: Request,
    devices,
    *,
    problems=(),
    added: int | None = None,
    error: str = "",
    retired: Device | None = None,
    status_code: int = 200,
):
    context = {"devices": devices, "problems": problems, "added": added, "kinds": KINDS, "error": error}
    context["retired"] = retired
    return render(request, "loaner/loaner_devices.html", context, status_code)


@router.get("/loaner/devices", include_in_schema=False)
async def device_list(request: Request, user: LoanerDeskStaff, session: SessionDep) -> Response:
    """Every device, in service and retired."""
    added = request.query_params.get("added")
    devices = await session.run_sync(inventory_service.list_devices)
    # Just retired: the list offers to undo it while the device is still retired.
    retired_id = request.query_params.get("retired", "")
    retired = next((d for d in devices if str(d.id) == retired_id and d.retired_at), None)
    count = int(added) if added and added.isdigit() else None
    return _list_page(request, devices, added=count, retired=retired)


def _form_page(request: Request, values: dict, errors: dict, device=None, status_code: int = 200) -> Response:
    context = {"values": values, "errors": errors, "device": device, "kinds": KINDS}
    return render(request, "loaner/loaner_device_form.html", context, status_code)


def _read(form) -> tuple[dict[str, str], DeviceFields | None, dict[str, str]]:
    values = {name: str(form.get(name, "")) for name in FIELDS}
    try:
        return values, DeviceFields(**values), {}
    except ValidationError as error:
        return values, None, field_errors(error)


async def _save_or_show_errors(
    request: Request,
    session: SessionDep,
    form: FormData,
    save: Callable[..., Device],
    device: Device | None = None,
) -> Response:
    """Save the form's fields with `save` and go back to the list, or show the form with the errors."""
    values, fields, errors = _read(form)
    if fields is not None:
        await session.commit()  # end the reads: on SQLite the save then waits for the write lock
        await session.run_sync(begin_writing)
        try:
            await session.run_sync(save, fields=fields)
        except Conflict as taken:
            errors = {"asset_tag": taken.message}
        else:
            await session.commit()
            return RedirectResponse("/loaner/devices", status_code=303)
    return _form_page(request, values, errors, device, status_code=400)


@router.get("/loaner/devices/new", include_in_schema=False)
async def new_device_form(request: Request, user: LoanerDeskStaff) -> Response:
    """An empty device form."""
    return _form_page(request, dict.fromkeys(FIELDS, "") | {"kind": "laptop"}, {})


@router.post("/loaner/devices/new", include_in_schema=False)
async def add_device(request: Request, user: LoanerDeskStaff, session: SessionDep, form: FormDep) -> Response:
    """Add the device, or show the form again with the errors."""
    return await _save_or_show_errors(
        request, session, form, partial(inventory_service.add_device, user=user)
    )


@router.get("/loaner/devices/{device_id}/edit", include_in_schema=False)
async def edit_device_form(
    request: Request, device_id: int, user: LoanerDeskStaff, session: SessionDep
) -> Response:
    """The device form filled from the inventory."""
    device = await session.run_sync(inventory_service.get_device, device_id=device_id)
    return _form_page(request, {name: getattr(device, name) for name in FIELDS}, {}, device)


@router.post("/loaner/devices/{device_id}/edit", include_in_schema=False)
async def edit_device(
    request: Request, device_id: int, user: LoanerDeskStaff, session: SessionDep, form: FormDep
) -> Response:
    """Save the changes, or show the form again with the errors."""
    device = await session.run_sync(inventory_service.get_device, device_id=device_id)
    save = partial(inventory_service.edit_device, user=user, device=device)
    return await _save_or_show_errors(request, session, form, save, device)


@router.get("/loaner/devices/{device_id}/retire", include_in_schema=False)
async def confirm_retire(
    request: Request, device_id: int, user: LoanerDeskStaff, session: SessionDep
) -> Response:
    """Ask before retiring: what it means, with the button that does it."""
    device = await session.run_sync(inventory_service.get_device, device_id=device_id)
    return render(request, "loaner/loaner_device_retire.html", {"device": device})


@router.post("/loaner/devices/{device_id}/reinstate", include_in_schema=False)
async def reinstate_device(
    request: Request, device_id: int, user: LoanerDeskStaff, session: SessionDep
) -> Response:
    """Undo a retirement: the device is in service again and offered to requests."""
    device = await session.run_sync(inventory_service.get_device, device_id=device_id)
    await session.commit()  # end the read: the write lock comes next
    await session.run_sync(inventory_service.reinstate_device, user=user, device=device)
    await session.commit()
    return RedirectResponse("/loaner/devices", status_code=303)


@router.post("/loaner/devices/{device_id}/retire", include_in_schema=False)
async def retire_device(
    request: Request, device_id: int, user: LoanerDeskStaff, session: SessionDep
) -> Response:
    """Take the device out of service, unless a request still holds it."""
    device = await session.run_sync(inventory_service.get_device, device_id=device_id)
    await session.commit()  # end the read: on SQLite, retiring takes the write lock next
    try:
        await session.run_sync(inventory_service.retire_device, user=user, device=device)
    except Conflict as held:
        devices = await session.run_sync(inventory_service.list_devices)
        return _list_page(request, devices, error=held.message, status_code=409)
    await session.commit()
    return RedirectResponse(f"/loaner/devices?retired={device_id}", status_code=303)


@router.post("/loaner/devices/import", include_in_schema=False)
async def import_devices(
    request: Request, user: LoanerDeskStaff, session: SessionDep, guard: UploadGuardDep
) -> Response:
    """Import a CSV (ours or a Snipe-IT export): all rows, or none and the problems by line."""
    form = await request.form(max_files=1, max_fields=10, max_part_size=MAX_UPLOAD)
    upload = form.get("file")
    problems: list[str] = []
    text = ""
    if upload is None or isinstance(upload, str) or not upload.filename:
        problems = ["Choose a CSV file to import."]
    else:
        raw = await upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            problems = ["The file is larger than 5 MB; split it."]
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                problems = ["The file is not UTF-8 text: save it as CSV UTF-8 and try again."]
    status_code = 400
    if not problems:
        try:  # read in a child process with memory and CPU limits, off the event loop
            read = await guard.parse(parse_inventory, text, timeout=PARSE_SECONDS)
        except (ParseTooBig, ParseRefused) as refused:
            status_code = 413 if isinstance(refused, ParseTooBig) else 422
            problems = [f"The file needs more {'memory' if status_code == 413 else 'time'} to read "
                        "than an inventory may; split it."]  # fmt: skip
    if not problems:
        import_read = partial(inventory_service.import_devices, user=user, text=text, parsed=read)
        await session.commit()  # end the reads: on SQLite the import then waits for the write lock
        await session.run_sync(begin_writing)
        parsed = await session.run_sync(import_read)
        problems = [str(p) for p in parsed.problems]
        if not problems:
            await session.commit()
            return RedirectResponse(f"/loaner/devices?added={len(parsed.devices)}", status_code=303)
    devices = await session.run_sync(inventory_service.list_devices)
    return _list_page(request, devices, problems=problems, status_code=status_code)


@router.get("/loaner/devices.csv", include_in_schema=False)
async def export_devices(user: LoanerDeskStaff, session: SessionDep) -> Response:
    """The inventory as CSV, safe to open in a spreadsheet and importable again."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for *fields, retired in await session.run_sync(inventory_service.export_rows):
        writer.writerow([spreadsheet_safe(cell) for cell in fields] + ["yes" if retired else ""])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="loaner-devices.csv"'},
    )
