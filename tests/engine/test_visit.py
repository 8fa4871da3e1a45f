"""The visit format: validated like an itinerary, with every field at fault named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.visit_builders import affiliation, visit_data
from travelprep import paths
from travelprep.engine.facts.sourced_yaml import SourceErrors
from travelprep.engine.rules.rulebook import load_rulebook
from travelprep.engine.visit import InvalidVisit, parse_visit
from travelprep.engine.visit_files import parse_visit_text, read_visit_file

CONTRACT_EXAMPLE = """
host: {name: Ada Lovelace, email: ada@example.edu}
visitor:
  name: Li Wei
  email: li.wei@example.cn          # optional
  citizenships: [CN]
  affiliations:                     # current first; at least one
    - {institution: Harbin Institute of Technology, country: CN, current: true}
arrive: 2027-03-09
depart: 2027-03-12
purposes: [talk]
appointment: false
visa: null
access: {labs: false, export_controlled: false, cui: false, proprietary: false}
payments: {host_pays_visitor: false, visitor_institution_pays_host: false}
"""


def fields(data) -> dict[str, str]:
    with pytest.raises(InvalidVisit) as caught:
        parse_visit(data)
    return {e.field: e.message for e in caught.value.errors}


def test_the_contract_example_parses():
    visit = parse_visit_text(CONTRACT_EXAMPLE)
    assert visit.visitor.affiliations[0].institution == "Harbin Institute of Technology"
    assert visit.visa is None and not visit.holds_appointment
    assert visit.screened_names() == ["Harbin Institute of Technology", "Li Wei"]


def test_json_and_yaml_files_give_the_same_visit(tmp_path):
    (tmp_path / "v.json").write_text(json.dumps(visit_data()))
    (tmp_path / "v.yaml").write_text(json.dumps(visit_data()))  # JSON is YAML
    assert read_visit_file(tmp_path / "v.json") == read_visit_file(tmp_path / "v.yaml")


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"colour": "red"}, "colour", "unknown field"),
        ({"visitor": {"shoe_size": 42}}, "visitor.shoe_size", "unknown field"),
        ({"access": {"lasers": True}}, "access.lasers", "unknown field"),
        ({"visitor": {"citizenships": ["XX"]}}, "visitor.citizenships[0]", "unknown country code"),
        ({"visitor": {"citizenships": []}}, "visitor.citizenships", "at least 1"),
        ({"visitor": {"affiliations": []}}, "visitor.affiliations", "at least 1"),
        (
            {"visitor": {"affiliations": [affiliation("Inria", "ZZ")]}},
            "visitor.affiliations[0].country",
            "unknown",
        ),
        (
            {"visitor": {"affiliations": [{"institution": "", "country": "FR"}]}},
            "visitor.affiliations[0].institution",
            "at least 1",
        ),
        ({"purposes": ["tourism"]}, "purposes[0]", "must be one of"),
        ({"purposes": []}, "purposes", "at least 1"),
        ({"visa": "H-1B"}, "visa", "must be one of"),
        ({"host": {"email": "not an address"}}, "host.email", "match pattern"),
        ({"arrive": "2027-02-30"}, "arrive", "date"),
        ({"depart": "2027-03-01"}, "depart", "before arrive"),
        ({"appointment": "maybe"}, "appointment", "boolean"),
        (
            {"visitor": {"affiliations": [{"institution": "X", "country": "RU", "region": "UA-43"}]}},
            "visitor.affiliations[0].region",
            "not a region of RU",
        ),
        (
            {"visitor": {"affiliations": [{"institution": "X", "country": "UA", "region": "UA-99"}]}},
            "visitor.affiliations[0].region",
            "unknown region code",
        ),
        (  # National Taiwan University is not in China: CN-TW would give it China's facts
            {"visitor": {"affiliations": [{"institution": "X", "country": "CN", "region": "CN-TW"}]}},
            "visitor.affiliations[0].region",
            "use country TW and no region",
        ),
    ],
)
def test_bad_input_names_the_field(change, field, says):
    found = fields(visit_data(**change))
    assert field in found, found
    assert says in found[field], found[field]


def test_date_order_is_reported_with_other_errors():
    found = fields(visit_data(depart="2027-03-01", visa="H-1B"))
    assert set(found) == {"depart", "visa"}


def test_current_affiliations_come_first():
    data = visit_data(
        visitor={"affiliations": [affiliation("Fudan", "CN"), affiliation("Inria", "FR", current=True)]}
    )
    assert fields(data) == {"visitor.affiliations[1].current": "list current affiliations first"}


def test_not_a_mapping_and_unreadable_text_are_named():
    assert fields(["a", "list"]) == {"visit": "expected a mapping of fields"}
    with pytest.raises(InvalidVisit) as caught:
        parse_visit_text("host: [unclosed")
    assert caught.value.errors[0].field == "file" and "not valid YAML" in caught.value.errors[0].message


def test_hostile_text_is_cleaned_or_refused():
    visit = parse_visit(
        visit_data(visitor={"name": "Li\r\nBcc: x@evil.example\u2028<script>alert(1)</script>"})
    )
    assert (
        "\r" not in visit.visitor.name
        and "\n" not in visit.visitor.name
        and "\u2028" not in visit.visitor.name
    )
    assert visit.visitor.name.startswith("Li Bcc: x@evil.example <script>")  # kept as text; escaped on output
    assert "visitor.name" in fields(visit_data(visitor={"name": "x" * 201}))
    assert "visitor.affiliations" in fields(
        visit_data(visitor={"affiliations": [affiliation(f"U{n}", "FR") for n in range(21)]})
    )
    with pytest.raises(InvalidVisit) as caught:
        parse_visit_text("x" * 1_000_001)
    assert caught.value.errors[0].field == "file"


@pytest.fixture
def checklists(tmp_path) -> Path:
    target = tmp_path / "checklists"
    shutil.copytree(paths.checklists_dir(), target)
    return target


def loader_problems(folder: Path) -> list[str]:
    with pytest.raises(SourceErrors) as caught:
        load_rulebook(folder)
    return [str(e) for e in caught.value.errors]


def test_a_visit_item_without_sources_is_refused(checklists):
    items = checklists / "items" / "visits" / "visitors.yaml"
    text = items.read_text()
    start = text.index("    sources:\n", text.index("id: visitor-access"))
    end = text.index("    when:", start)
    items.write_text(text[:start] + text[end:])
    (found,) = loader_problems(checklists)
    assert "'visitor-access' needs 'sources'" in found and str(items) in found


def test_lead_anchors_stay_apart(checklists):
    visits = checklists / "items" / "visits" / "visitors.yaml"
    visits.write_text(
        visits.read_text().replace("{days: 14, before: arrival}", "{days: 14, before: departure}")
    )
    trips = checklists / "items" / "sanctions.yaml"
    trips.write_text(trips.read_text().replace("before: departure", "before: arrival", 1))
    found = loader_problems(checklists)
    assert len(found) == 2 and all("lead counts from" in f for f in found), found


def test_a_missing_visit_item_id_is_reported(checklists):
    items = checklists / "items" / "visits" / "visitors.yaml"
    items.write_text(items.read_text().replace("id: visitor-access", "id: visitor-building-access"))
    (found,) = loader_problems(checklists)
    assert "missing required item ids: visitor-access" in found
