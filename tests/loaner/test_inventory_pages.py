"""The desk's inventory pages: add, edit, retire, CSV import all-or-nothing, a safe export."""

import csv
import io

import pytest
from typer.testing import CliRunner

from tests.loaner.test_inventory_csv import SNIPE_IT
from tests.support import hostile_parsers
from tests.support.web import sign_in
from travelprep.loaner import inventory_pages

pytestmark = pytest.mark.web


@pytest.fixture
def desk(client):
    sign_in(client, "desk@example.edu", "loaner_staff")
    return client


def _import(client, text: str | bytes):
    body = text.encode() if isinstance(text, str) else text
    return client.post("/loaner/devices/import", files={"file": ("assets.csv", body, "text/csv")})


def test_a_snipe_it_export_imports_every_device(desk):
    response = _import(desk, "\ufeff" + SNIPE_IT)
    assert response.status_code == 303 and response.headers["location"] == "/loaner/devices?added=4"
    page = desk.get("/loaner/devices?added=4").text
    assert "Imported 4 devices." in page
    for tag in ("LT-0001", "PH-0002", "TB-0003", "HS-0004"):
        assert f'<td data-label="Asset tag">{tag}</td>' in page


def test_a_file_with_a_bad_row_imports_nothing_and_says_which_lines(desk):
    desk.post("/loaner/devices/new", data={"asset_tag": "LT-0001", "kind": "laptop"})
    bad = SNIPE_IT + "XX-1,,Toaster,,Kitchen,,,,\n"
    response = _import(desk, bad)
    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert "line 2: asset tag &#39;LT-0001&#39; is already in the inventory" in response.text
    assert "line 6: kind: unknown kind &#39;Kitchen&#39;" in response.text
    assert "PH-0002" not in response.text  # nothing half-imported
    assert _import(desk, b"\xff\xfe\x00garbage").status_code == 400
    assert "Choose a CSV file" in desk.post("/loaner/devices/import", data={}).text


def test_hostile_cells_are_escaped_on_the_page_and_neutralized_in_the_export(desk):
    hostile = (
        "Asset Tag,Category,Model,Notes\n"
        '"=HYPERLINK(""http://evil.example"",""x"")",Laptops,<script>alert(1)</script>,"@SUM(1+1)"\n'
        "-2+3,Mobile Phones,+cmd,\t=1\n"
    )
    assert _import(desk, hostile).status_code == 303
    page = desk.get("/loaner/devices").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    exported = desk.get("/loaner/devices.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == ["asset_tag", "kind", "model", "os", "serial", "notes", "retired"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert ["'-2+3", "phone", "'+cmd", "", "", "'=1", ""] in rows  # the tab was stripped on import


def test_add_edit_and_retire_a_device(desk):
    bad = desk.post("/loaner/devices/new", data={"asset_tag": "", "kind": "toaster", "model": "Kept"})
    assert bad.status_code == 400
    assert "String should have at least 1 character" in bad.text and 'value="Kept"' in bad.text
    assert desk.post("/loaner/devices/new", data={"asset_tag": "LT-1", "kind": "laptop"}).status_code == 303
    taken = desk.post("/loaner/devices/new", data={"asset_tag": "lt-1", "kind": "phone"})
    assert taken.status_code == 400 and "already in the inventory" in taken.text
    assert desk.get("/loaner/devices/1/edit").status_code == 200
    edited = desk.post(
        "/loaner/devices/1/edit", data={"asset_tag": "LT-1", "kind": "laptop", "os": "macOS 15"}
    )
    assert edited.status_code == 303 and "macOS 15" in desk.get("/loaner/devices").text
    assert desk.post("/loaner/devices/1/retire").status_code == 303
    assert "Retired" in desk.get("/loaner/devices").text
    assert desk.get("/loaner/devices/99/edit").status_code == 404


def test_load_demo_is_idempotent(tmp_path, monkeypatch, migrated_sqlite):
    import shutil

    from travelprep.cli.main import app as cli
    from travelprep.settings import get_settings

    shutil.copy(migrated_sqlite, tmp_path / "travelprep.sqlite3")
    monkeypatch.setenv("TRAVELPREP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TRAVELPREP_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        first = CliRunner().invoke(cli, ["devices", "load-demo"])
        again = CliRunner().invoke(cli, ["devices", "load-demo"])
    finally:
        get_settings.cache_clear()
    assert first.exit_code == 0 and "14 demo device(s) added, 0 already there" in first.output
    assert again.exit_code == 0 and "0 demo device(s) added, 14 already there" in again.output


def test_a_device_held_by_an_open_request_cannot_be_retired_or_change_kind(desk):
    desk.post("/loaner/devices/new", data={"asset_tag": "LT-1", "kind": "laptop"})
    from fastapi.testclient import TestClient

    from tests.support.web import api_token

    api = TestClient(
        desk.app,
        headers={"Authorization": f"Bearer {api_token(desk.app, 'desk@example.edu', 'loaner_staff')}"},
    )
    made = api.post(
        "/api/v1/loaner-requests",
        json={
            "requester_email": "ada@example.edu",
            "kinds": ["laptop"],
            "pickup_date": "2027-01-04",
            "return_date": "2027-01-08",
        },
    )
    request_id = made.json()["id"]
    assert api.post(f"/api/v1/loaner-requests/{request_id}/assign", json={"device_id": 1}).status_code == 200
    refused = desk.post("/loaner/devices/1/retire")
    assert refused.status_code == 409
    assert f"LT-1 is reserved for loaner request {request_id}: reassign it first." in refused.text
    changed = desk.post("/loaner/devices/1/edit", data={"asset_tag": "LT-1", "kind": "phone"})
    assert changed.status_code == 400 and "its kind cannot change" in changed.text
    api.post(f"/api/v1/loaner-requests/{request_id}/transition", json={"to": "cancelled"})
    assert desk.post("/loaner/devices/1/retire").status_code == 303


@pytest.mark.parametrize(
    ("parser", "status", "needs"),
    [("eats_memory", 413, "memory"), ("never_ends", 422, "time")],
)
def test_a_parse_past_its_limits_imports_nothing_and_says_why(app, desk, monkeypatch, parser, status, needs):
    """The CSV is read in a child process with memory and CPU limits, whatever the parser does."""
    app.state.upload_guard.memory_bytes, app.state.upload_guard.cpu_seconds = 64 * 2**20, 1
    monkeypatch.setattr(inventory_pages, "parse_inventory", getattr(hostile_parsers, parser))
    response = _import(desk, SNIPE_IT)
    assert response.status_code == status
    assert f"The file needs more {needs} to read than an inventory may; split it." in response.text
    assert "LT-" not in desk.get("/loaner/devices").text  # nothing imported
    assert desk.get("/healthz").status_code == 200
