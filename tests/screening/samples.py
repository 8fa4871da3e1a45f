"""Small CSL and OpenSanctions files written by the tests, good and malformed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from travelprep.screening.lists.csl import CSL_FIELDS

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"


def institution(entity_id: str) -> str:
    """The institution an entity id names, whichever shipped list it is on.

    Ids in checklists/entities/ are `<list prefix>.<key>` ("s1286.buaa", "cmc.avic") or a bare
    key in the defense-universities list, so "shipped:buaa" and "shipped:s1286.buaa" are
    both Beihang University.
    """
    return entity_id.removeprefix("shipped:").rsplit(".", 1)[-1]


EL = "Entity List (EL) - Bureau of Industry and Security"
EL_URL = "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list"

CSL_ROWS = [
    {
        "_id": "el-1",
        "source": EL,
        "type": "Entity",
        "name": "Zorvex Aerospace Research Institute",
        "alt_names": "Zorvex Aero Research Inst.; ZARI; 佐维航空研究所",
        "source_list_url": EL_URL,
    },
    {
        "_id": "el-2",
        "source": EL,
        "type": "Entity",
        "name": "Quillon Precision Optics Co., Ltd.",
        "alt_names": "",
        "source_list_url": EL_URL,
    },
    {
        "_id": "sdn-3",
        "source": "Specially Designated Nationals (SDN) - Treasury Department",
        "type": "Individual",
        "name": "Ivan Testperson",
        "alt_names": "",
        "source_list_url": "",
    },
]


def write_csl_csv(path: Path, rows: list[dict] = CSL_ROWS) -> Path:
    """A CSL CSV export with the real header and the given rows."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSL_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def write_csl_json(path: Path, *, wrapped: bool) -> Path:
    """A CSL JSON export, as {"results": [...]} or a bare list, with list-valued alt_names."""
    results = [
        {**row, "alt_names": [a.strip() for a in row["alt_names"].split(";") if a.strip()]}
        for row in CSL_ROWS
    ]
    document = {"total": len(results), "results": results} if wrapped else results
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


OPENSANCTIONS_LINES = [
    {
        "id": "NK-abc123",
        "caption": "Velmora Defense Electronics Group",
        "schema": "Company",
        "properties": {
            "name": ["Velmora Defense Electronics Group"],
            "alias": ["Velmora Def. Electronics", "VDEG"],
            "country": ["cn"],
        },
        "datasets": ["us_bis_entity"],
        "first_seen": "2024-01-02T00:00:00",
        "last_seen": "2026-10-30T00:00:00",
        "target": True,
    },
    {
        "id": "Q-person-1",
        "caption": "Jane Example",
        "schema": "Person",
        "properties": {"name": ["Jane Example"]},
        "datasets": ["us_ofac_sdn"],
        "first_seen": "2024-01-02",
        "last_seen": "2026-10-01",
        "target": True,
    },
]


def write_opensanctions(path: Path, lines: list[str] | None = None) -> Path:
    """A FollowTheMoney JSON-lines file."""
    if lines is None:
        lines = [json.dumps(entity, ensure_ascii=False) for entity in OPENSANCTIONS_LINES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
