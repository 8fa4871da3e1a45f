"""The diff of two checklists and its reasons (pure): what counts as a change, and what does not."""

from __future__ import annotations

from travelprep.reevaluation.diff import Snapshot, diff, explain

PLACE = {
    "country": "RU", "region": None, "name": "Russia", "advisory_level": 3, "advisory_date": "2026-10-01",
    "sanctioned": False, "elevated_risk": True, "ear_groups": ["D:1", "D:2"],
}  # fmt: skip
SOURCES = {"advisories": {"name": "State Department travel advisories", "as_of": "2026-10-01"}}


def _item(item_id: str, priority: str = "required", due: str | None = "2027-02-01", title: str = "") -> dict:
    return {"id": item_id, "priority": priority, "due": due, "title": title or f"Do {item_id}"}


def _snap(items, places=(PLACE,), sources=SOURCES) -> Snapshot:
    return Snapshot(list(items), [dict(p) for p in places], dict(sources))


def test_the_level_move_names_the_country_the_levels_and_the_day():
    before = _snap([_item("register")])
    moved = {**PLACE, "advisory_level": 4, "advisory_date": "2026-11-30"}
    after = _snap([_item("register"), _item("safety-plan", title="Make a safety plan")], places=[moved])
    [entry] = diff(before, after, cause="the advisory import of 2026-11-30")
    assert (entry.item, entry.change, entry.tightens) == ("safety-plan", "added", True)
    moved_text = "Russia's advisory moved from Level 3 to Level 4 on 2026-11-30"
    assert entry.reason == f"{moved_text}: new required item 'Make a safety plan'"


def test_each_kind_of_change_and_which_ones_tighten():
    before = _snap([_item("a", "recommended"), _item("b"), _item("c", due="2027-02-10"), _item("gone")])
    after = _snap(
        [_item("a"), _item("b", "recommended"), _item("c", due="2027-01-10"), _item("new", "recommended")]
    )
    found = {(e.item, e.change): e.tightens for e in diff(before, after, cause="a deploy")}
    assert found == {
        ("a", "required"): True,
        ("b", "recommended"): False,
        ("c", "due_moved"): True,  # earlier: less time to do it
        ("gone", "removed"): False,
        ("new", "added"): False,  # recommended only
    }


def test_wording_alone_is_no_change():
    before = _snap([_item("a", title="Old words")])
    after = _snap([_item("a", title="New, clearer words")])
    assert diff(before, after) == []
    assert before.digest() == after.digest()


def test_a_moved_fact_without_a_new_duty_changes_the_digest_but_not_the_diff():
    before = _snap([_item("a")])
    after = _snap([_item("a")], places=[{**PLACE, "ear_groups": ["D:1"]}])
    assert before.digest() != after.digest() and diff(before, after) == []


def test_without_a_moved_fact_the_reason_names_the_updated_source_or_the_cause():
    newer = {"advisories": {"name": "State Department travel advisories", "as_of": "2026-11-30"}}
    assert explain(_snap([]), _snap([], sources=newer)) == (
        "State Department travel advisories were updated (as of 2026-11-30)"
    )
    assert explain(_snap([]), _snap([]), cause="a new release of the rules") == "A new release of the rules"
    assert explain(_snap([]), _snap([])) == "The rules in force were updated"


def test_sanctions_and_the_elevated_risk_list_are_named():
    after = {**PLACE, "sanctioned": True, "elevated_risk": False}
    assert explain(_snap([]), _snap([], places=[after])).split("; ") == [
        "Russia is now under comprehensive US sanctions",
        "Russia is no longer on the institute's elevated-risk list",
    ]
