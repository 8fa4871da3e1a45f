"""The rulebook: policy, rules, country facts, visa table and screener, loaded once.

Everything `generate_checklist` needs besides the itinerary and the date. Loading reads files;
using it never does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from travelprep import paths
from travelprep.engine.context import LegContext, TripContext
from travelprep.engine.evaluate import Evaluator
from travelprep.engine.facts.countries import CountryBook, load_country_book
from travelprep.engine.facts.freshness import Freshness
from travelprep.engine.facts.places import SourceInfo
from travelprep.engine.facts.policy import Policy, load_policy
from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors
from travelprep.engine.facts.visas import VisaTable
from travelprep.engine.model import SourceDate
from travelprep.engine.rules.fact_definition import FactDef
from travelprep.engine.rules.items import VISIT_ANCHORS, Rule, load_rules
from travelprep.engine.rules.traveler_facts import passport_facts, policy_facts
from travelprep.engine.rules.visit_facts import VISIT_FACTS, VISIT_ITEM_IDS
from travelprep.engine.rules.vocabulary import FACTS
from travelprep.screening import NoScreening, Screener


@dataclass(frozen=True)
class Rulebook:
    policy: Policy
    rules: tuple[Rule, ...]
    countries: CountryBook
    screener: Screener
    visas: VisaTable | None = None
    # Items of the host's checklist for a visitor (checklists/items/visits/), over visit facts.
    visit_rules: tuple[Rule, ...] = ()
    # The rules' conditions compiled together, once per rulebook (rules/plan.py).
    evaluator: Evaluator = field(init=False, repr=False, compare=False)
    visit_evaluator: Evaluator = field(init=False, repr=False, compare=False)
    # Every checklist names the sources behind it: the rulebook's, made with it.
    source_dates: tuple[SourceDate, ...] = field(init=False, repr=False, compare=False)
    # Which sources are past their age limit on a given day, from dates worked out once.
    freshness: Freshness = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "evaluator", Evaluator(self.rules))
        object.__setattr__(self, "visit_evaluator", Evaluator(self.visit_rules))
        dates = tuple(
            SourceDate(name=s.name, as_of=s.as_of, kind=s.kind, origin=s.origin) for s in self.sources()
        )
        object.__setattr__(self, "source_dates", dates)
        object.__setattr__(self, "freshness", Freshness(self.sources()))

    def sources(self) -> list[SourceInfo]:
        """Every data source behind a checklist, with its as-of date."""
        found = [SourceInfo(self.policy.name, self.policy.source, self.policy.as_of, "policy")]
        found += self.countries.sources()
        if self.visas:
            found.append(
                SourceInfo(
                    "Visa requirements",
                    self.visas.source,
                    self.visas.as_of,
                    "visas",
                    origin="imported",
                    entries=len(self.visas.requirements),
                )
            )
        return found


def _loaner_fact(policy: Policy) -> FactDef:
    """`destination.loaner_trigger`: the policy's own condition, explained by its reasons."""
    trigger = policy.loaner_trigger

    def read(trip: TripContext, leg: LegContext) -> bool:
        return trigger.test(trip, leg)

    def say(trip: TripContext, leg: LegContext, _: object) -> list[str]:
        return [text for _, text in trigger.explain(trip, leg)]

    return FactDef("destination.loaner_trigger", "leg", "flag", read, say, condition=trigger)


def rule_facts(policy: Policy, countries: CountryBook | None = None) -> dict[str, FactDef]:
    """The vocabulary items may use: the fixed facts, the policy's own facts, and facts of passports."""
    return {
        **FACTS,
        "destination.loaner_trigger": _loaner_fact(policy),
        **policy_facts(policy),
        **passport_facts(countries),
    }


def load_rulebook(
    checklists: Path | None = None,
    *,
    screener: Screener | None = None,
    visas: VisaTable | None = None,
) -> Rulebook:
    """Read and validate checklists/; raise SourceErrors listing every problem by file:line."""
    folder = checklists or paths.checklists_dir()
    errors: list[SourceError] = []
    policy = countries = None
    rules: list[Rule] = []
    visit_rules: list[Rule] = []
    try:
        policy = load_policy(folder / "policy.yaml")
    except SourceErrors as error:
        errors += error.errors
    except SourceError as error:
        errors.append(error)
    try:
        countries = load_country_book(folder / "countries", policy.elevated_risk if policy else {})
    except SourceErrors as error:
        errors += error.errors
    if policy:
        try:
            contacts = set(policy.contacts)
            rules = load_rules(folder / "items", rule_facts(policy, countries), contacts)
        except SourceErrors as error:
            errors += error.errors
        try:
            visit_rules = load_rules(
                folder / "items" / "visits",
                VISIT_FACTS,
                contacts,
                required_ids=VISIT_ITEM_IDS,
                anchors=VISIT_ANCHORS,
                sources_required=True,
            )
        except SourceErrors as error:
            errors += error.errors
    if errors:
        raise SourceErrors(errors)
    assert policy and countries
    return Rulebook(
        policy, tuple(rules), countries, screener or NoScreening(), visas, visit_rules=tuple(visit_rules)
    )
