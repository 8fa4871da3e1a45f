"""Checklist rules (checklists/items/*.yaml): what each item says, when it fires, when it is due."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from travelprep.engine.facts.country_files import Url
from travelprep.engine.facts.sourced_yaml import SourceError, SourceErrors, load_yaml, validate_document
from travelprep.engine.rules.conditions import ALWAYS, Condition, ConditionCompiler
from travelprep.engine.rules.fact_definition import FactDef

# The ids CONTRACT.md promises; `travelprep rules check` fails if one is missing.
REQUIRED_IDS = frozenset(
    {
        "register-trip",
        "loaner-device",
        "device-hygiene",
        "export-controlled-data",
        "tmp-bag-exception",
        "sanctions-license",
        "elevated-risk-review",
        "informal-collaboration-review",
        "foreign-compensation-disclosure",
        "talent-program-warning",
        "recruitment-role-warning",
        "paid-recommendation-warning",
        "restricted-party-match",
        "customs-equipment",
        "visa",
        "reentry-documents",
        "return-device",
        "contact-compliance",
    }
)


class Category(StrEnum):
    registration = "registration"
    device = "device"
    data = "data"
    export_control = "export_control"
    sanctions = "sanctions"
    customs = "customs"
    visa = "visa"
    compliance = "compliance"
    health_safety = "health_safety"
    return_ = "return"


class Priority(StrEnum):
    required = "required"
    recommended = "recommended"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(_Strict):
    title: Annotated[str, Field(min_length=1)]
    url: Url


class Lead(_Strict):
    """Whole days before departure, or after return; for a visit item, before the visitor's arrival."""

    days: Annotated[int, Field(ge=0, le=365)]
    before: Literal["departure", "arrival"] | None = None
    after: Literal["return"] | None = None

    @model_validator(mode="after")
    def _one_anchor(self) -> Lead:
        if (self.before is None) == (self.after is None):
            raise ValueError("give exactly one of 'before: departure' or 'after: return'")
        return self

    @property
    def anchor(self) -> str:
        return self.before or self.after or ""


class ItemSource(_Strict):
    """Where an item's advice comes from: the regulation or the institute's page, and how sure we are."""

    title: Annotated[str, Field(min_length=1)]
    url: Url
    as_of: date
    confidence: Literal["normal", "low"] = "normal"


class ItemSpec(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    category: Category
    priority: Priority
    title: Annotated[str, Field(min_length=1, max_length=120)]
    body: Annotated[str, Field(min_length=1)]
    why: Annotated[str, Field(min_length=1)]
    late: str | None = None
    contact: str
    links: list[Link] = []
    lead: Lead | None = None
    # The lead time holds only where this condition does (the visa item: where a visa is known
    # to be needed); elsewhere the item has no due date and `undated` says what to do now.
    lead_when: Any = None
    undated: str | None = None
    # What to do now when the trip has already begun and the item was due before departure.
    abroad: str | None = None
    when: Any = None
    required_when: Any = None
    # The regulation or policy behind the advice (visit items must give one).
    sources: list[ItemSource] = []

    @model_validator(mode="after")
    def _late_advice_for_long_leads(self) -> ItemSpec:
        if self.lead and self.lead.before and self.lead.days > 0 and not self.late:
            raise ValueError("an item due before departure needs 'late': what to do when time is short")
        undated_pair = (self.lead_when is None) == (self.undated is None)
        if not undated_pair or (self.lead_when is not None and not self.lead):
            raise ValueError("'lead_when' needs a 'lead' and 'undated': what to do when no due date applies")
        return self


class ItemsFile(_Strict):
    items: Annotated[list[ItemSpec], Field(min_length=1)]


@dataclass(frozen=True)
class Rule:
    """One compiled checklist item rule."""

    spec: ItemSpec
    when: Condition
    required_when: Condition | None
    origin: str  # file:line, for messages
    lead_when: Condition | None = None  # where the item's lead time applies (None: everywhere)
    # False: the rule as it reads where its `lead_when` holds on no leg where it fires. The visa
    # item's 90 days are a visa's: where no requirement is known (no visa table, or none for
    # this passport) nothing is known to be needed, so no deadline can make it overdue or short
    # notice, and `undated` says what to do now. The evaluator chooses (Rule.undated).
    dated: bool = True
    # Read once from the spec, for every checklist: the lead time's days and the day it counts
    # from, before ("departure", "arrival") or after ("return").
    lead_days: int | None = field(init=False, repr=False, compare=False)
    before: str | None = field(init=False, repr=False, compare=False)
    after: str | None = field(init=False, repr=False, compare=False)
    # The fields of the rule's checklist item (model.ChecklistItem's, in its order) as every
    # checklist starts them: what it says, undated. A checklist copies it and fills in the rest.
    item: Mapping[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spec = self.spec
        item = {
            "id": spec.id,
            "category": spec.category,
            "priority": spec.priority,
            "title": spec.title,
            "body": spec.body,
            "due": None,
            "overdue": False,
            "short_notice": False,
            "reasons": [],
            "links": spec.links,
            "late_advice": None if self.dated else spec.undated,
            "lead_days": None,
            "due_anchor": None,
            "contact": None,
            "needs_answer": False,
        }
        object.__setattr__(self, "item", MappingProxyType(item))  # read-only: copy it
        lead = spec.lead if self.dated else None
        object.__setattr__(self, "lead_days", lead.days if lead else None)
        object.__setattr__(self, "before", lead.before if lead else None)
        object.__setattr__(self, "after", lead.after if lead else None)

    def undated(self) -> Rule:
        """The rule where its lead time does not hold: the same item without a due date."""
        return replace(self, dated=False)


TRIP_ANCHORS = frozenset({"departure", "return"})
VISIT_ANCHORS = frozenset({"arrival"})


def load_rules(
    folder: Path,
    facts: Mapping[str, FactDef],
    contacts: set[str],
    *,
    required_ids: frozenset[str] = REQUIRED_IDS,
    anchors: frozenset[str] = TRIP_ANCHORS,
    sources_required: bool = False,
) -> list[Rule]:
    """Load and compile every items file; gather all errors (file:line) before raising.

    Trip items count from departure or return; visit items (another folder, other facts) from
    the visitor's arrival, and each names its sources.
    """
    rules: list[Rule] = []
    errors: list[SourceError] = []
    seen: dict[str, str] = {}
    unreadable = False
    for path in sorted(folder.glob("*.yaml")):
        try:
            raw = load_yaml(path)
            document = validate_document(ItemsFile, raw, path)
        except SourceErrors as error:
            errors += error.errors
            unreadable = True
            continue
        except SourceError as error:
            errors.append(error)
            unreadable = True
            continue
        compiler = ConditionCompiler(facts, path)
        for raw_item, spec in zip(raw["items"], document.items, strict=True):
            line = raw_item.line
            try:
                rules.append(_compile(spec, raw_item, compiler, f"{path}:{line}"))
            except SourceError as error:
                errors.append(error)
            if spec.id in seen:
                first = seen[spec.id]
                errors.append(SourceError(path, line, f"duplicate item id {spec.id!r} (first at {first})"))
            seen.setdefault(spec.id, f"{path}:{line}")
            if spec.lead and spec.lead.anchor not in anchors:
                where = raw_item.key_lines.get("lead", line)
                message = f"lead counts from {spec.lead.anchor!r}; here use: {', '.join(sorted(anchors))}"
                errors.append(SourceError(path, where, message))
            if sources_required and not spec.sources:
                errors.append(
                    SourceError(path, line, f"item {spec.id!r} needs 'sources': where its advice comes from")
                )
            if spec.contact not in contacts:
                where = raw_item.key_lines.get("contact", line)
                known = sorted(contacts)
                message = f"unknown contact {spec.contact!r}; policy.yaml has {known}"
                errors.append(SourceError(path, where, message))
    missing = sorted(required_ids - set(seen))
    if missing and not unreadable:  # a file that failed to load would report its ids missing too
        errors.append(SourceError(folder, 0, f"missing required item ids: {', '.join(missing)}"))
    if errors:
        raise SourceErrors(errors)
    return rules


def _compile(spec: ItemSpec, raw: Any, compiler: ConditionCompiler, origin: str) -> Rule:
    when = compiler.compile(raw["when"]) if spec.when is not None else ALWAYS
    required_when = compiler.compile(raw["required_when"]) if spec.required_when is not None else None
    lead_when = compiler.compile(raw["lead_when"]) if spec.lead_when is not None else None
    return Rule(spec, when, required_when, origin, lead_when)
