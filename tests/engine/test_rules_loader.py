"""The loader refuses bad rules and facts, and says which file and line is wrong."""

from __future__ import annotations

import shutil
from operator import attrgetter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.builders import TODAY, leg, trip_data
from travelprep import paths
from travelprep.cli.main import app
from travelprep.engine.checklist import trip_context
from travelprep.engine.facts.sourced_yaml import SourceErrors
from travelprep.engine.itinerary import parse_itinerary
from travelprep.engine.rules.fact_definition import FactDef, names_leg
from travelprep.engine.rules.rulebook import load_rulebook
from travelprep.engine.rules.vocabulary import FACTS


@pytest.fixture
def checklists(tmp_path) -> Path:
    target = tmp_path / "checklists"
    shutil.copytree(paths.checklists_dir(), target)
    return target


def problems(folder: Path) -> list[str]:
    with pytest.raises(SourceErrors) as caught:
        load_rulebook(folder)
    return [str(e) for e in caught.value.errors]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_number(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_shipped_rules_load(rulebook):
    assert len(rulebook.rules) >= 18


def test_unknown_fact_is_reported_with_file_and_line(checklists):
    items = checklists / "items" / "sanctions.yaml"
    edit(items, "fact: destination.sanctioned", "fact: destination.sanctionned")
    (found,) = problems(checklists)
    assert found.startswith(f"{items}:{line_number(items, 'sanctionned')}:")
    assert "unknown fact 'destination.sanctionned'" in found


def test_unknown_key_in_an_item_is_reported(checklists):
    items = checklists / "items" / "sanctions.yaml"
    edit(items, "    priority: required\n", "    priority: required\n    colour: red\n")
    (found,) = problems(checklists)
    assert f"{items}:{line_number(items, 'colour')}:" in found and "unknown key" in found


def test_duplicate_ids_are_reported(checklists):
    items = checklists / "items" / "compliance.yaml"
    edit(items, "id: talent-program-warning", "id: paid-recommendation-warning")
    found = problems(checklists)
    assert any("duplicate item id 'paid-recommendation-warning'" in p for p in found)
    assert any("missing required item ids: talent-program-warning" in p for p in found)


def test_bad_date_in_country_facts_is_reported(checklists):
    facts = checklists / "countries" / "state-advisories.yaml"
    edit(facts, "as_of: 2026-10-07", "as_of: 2026-13-45")
    (found,) = problems(checklists)
    assert str(facts) in found and "as_of" in found


def test_missing_source_is_reported(checklists):
    facts = checklists / "countries" / "ofac-sanctions.yaml"
    text = facts.read_text().splitlines(keepends=True)
    facts.write_text("".join(line for line in text if not line.startswith("source:")))
    (found,) = problems(checklists)
    assert found.startswith(f"{facts}:") and "source" in found and "Field required" in found


def test_unknown_country_code_in_facts_is_reported(checklists):
    facts = checklists / "countries" / "state-advisories.yaml"
    edit(facts, "countries: [MK]", "countries: [MK, QQ]")
    (found,) = problems(checklists)
    assert f"{facts}:{line_number(facts, 'QQ')}" in found and "'QQ'" in found


def test_wrong_operator_for_a_fact_is_reported(checklists):
    items = checklists / "items" / "sanctions.yaml"
    edit(items, "- fact: destination.sanctioned", "- fact: destination.sanctioned\n          at_least: 3")
    (found,) = problems(checklists)
    assert "yes/no fact" in found


def test_unknown_enum_value_in_a_condition_is_reported(checklists):
    items = checklists / "items" / "device.yaml"
    edit(items, "includes_any: [laptop, phone, tablet]", "includes_any: [laptop, pager]")
    found = problems(checklists)
    assert any("unknown values ['pager']" in p for p in found)


def test_policy_trigger_may_only_use_destination_facts(checklists):
    policy = checklists / "policy.yaml"
    edit(policy, "    - fact: destination.vpn_restricted", "    - fact: carrying.equipment")
    (found,) = problems(checklists)
    assert found.startswith(f"{policy}:") and "unknown fact 'carrying.equipment'" in found


def test_yaml_syntax_error_has_a_line(checklists):
    items = checklists / "items" / "sanctions.yaml"
    edit(items, "    category: sanctions", "    category: [sanctions")
    (found,) = problems(checklists)
    assert found.startswith(f"{items}:")


def test_duplicate_yaml_keys_are_refused(checklists):
    items = checklists / "items" / "sanctions.yaml"
    edit(items, "    priority: required\n", "    priority: required\n    priority: recommended\n")
    (found,) = problems(checklists)
    assert "duplicate key 'priority'" in found


def test_long_lead_without_late_advice_is_refused(checklists):
    items = checklists / "items" / "sanctions.yaml"
    text = items.read_text()
    start = text.index("    late: >-")
    end = text.index("    contact:", start)
    items.write_text(text[:start] + text[end:])
    (found,) = problems(checklists)
    assert "needs 'late'" in found


def test_rules_check_command_exits_1_with_file_line(checklists):
    edit(checklists / "items" / "sanctions.yaml", "category: sanctions", "category: embargo")
    result = CliRunner().invoke(app, ["rules", "check", "--dir", str(checklists)])
    assert result.exit_code == 1
    assert "sanctions.yaml:" in result.output and "category" in result.output


def test_rules_check_command_passes_on_shipped_rules():
    result = CliRunner().invoke(app, ["rules", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


@pytest.mark.parametrize(
    "path",
    [
        "leg.__class__",
        "leg.place.sanctioned()",
        "os.system",
        "trip",
        "leg.place.class",
        "leg.place sanctioned",
    ],
)
def test_a_fact_read_as_a_path_takes_plain_attribute_names_only(path):
    """The plan writes an attribute path into its code as it is: anything but names is refused."""
    with pytest.raises(ValueError, match="not an attribute path"):
        FactDef("destination.x", "leg", "flag", lambda t, lg: None, names_leg, path=path)


def test_every_fact_read_as_a_path_reads_what_its_reader_reads(rulebook):
    """A fact's path (read in place by the plan) and its reader (conditions, the reference)
    give the same value on every leg."""
    legs = [
        leg("CN", arrive="2027-03-10", depart="2027-03-12"),
        leg("IR", arrive="2027-03-12", depart="2027-03-15"),
        leg("UA", region="UA-43", arrive="2027-03-15", depart="2027-03-19"),
    ]
    data = trip_data(legs=legs, carrying={"devices": ["laptop"]})
    trip = trip_context(parse_itinerary(data), rulebook, TODAY)
    paths_ = [fact for fact in FACTS.values() if fact.path]
    assert len(paths_) >= 20
    for fact in paths_:
        root, _, names = fact.path.partition(".")
        for one in trip.legs:
            assert attrgetter(names)(one if root == "leg" else trip) == fact.read(trip, one), fact.name
