"""List updates for the re-screening tests: real CSL and OpenSanctions files imported into a data dir."""

from __future__ import annotations

from pathlib import Path

from tests.screening.samples import CSL_ROWS, write_csl_csv, write_opensanctions
from travelprep.refdata.datastore import DataStore
from travelprep.refdata.loading import load_current_rulebook
from travelprep.refdata.screening_lists import store_entity_list
from travelprep.screening.lists.csl import parse_csl
from travelprep.screening.lists.opensanctions import parse_opensanctions

ZORVEX = "Zorvex Aerospace Research Institute"  # on the sample CSL export (Entity List)
QUILLON = "Quillon Precision Optics Co., Ltd."  # also on it
VELMORA = "Velmora Defense Electronics Group"  # on the sample OpenSanctions file


def import_csl(data_dir: Path, *, as_of: str, without: tuple[str, ...] = ()) -> None:
    """Import the sample CSL export as of `as_of`, leaving out the entries named in `without`."""
    rows = [row for row in CSL_ROWS if row["name"] not in without]
    path = write_csl_csv(data_dir.parent / f"csl-{as_of}.csv", rows)
    entity_list, _ = parse_csl(path, as_of=as_of)
    store_entity_list(DataStore(data_dir), "csl", entity_list, origin=path.name)


def import_opensanctions(data_dir: Path) -> None:
    """Import the sample OpenSanctions file."""
    path = write_opensanctions(data_dir.parent / "entities.ftm.json")
    entity_list, _ = parse_opensanctions(path)
    store_entity_list(DataStore(data_dir), "opensanctions", entity_list, origin=path.name)


def rulebook_of(data_dir: Path):
    """The rulebook with the lists now imported into `data_dir`."""
    return load_current_rulebook(data_dir=data_dir)
