"""The in-memory screener: candidates from the index, scored and explained per entity."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from travelprep.screening import Match, ScreeningResult
from travelprep.screening.continuation import beyond_the_name
from travelprep.screening.entities import ListedEntity
from travelprep.screening.explain import (
    abbreviation_reason,
    agreement_reason,
    ruled_out_reason,
)
from travelprep.screening.indexed_list import IndexedList, NameForms
from travelprep.screening.normalize import acronym_key, name_forms
from travelprep.screening.probe import QueryProbe
from travelprep.screening.scoring import Agreement, agree
from travelprep.screening.specificity import merge_same_party, rule_out_subsumed

# Calibrated on tests/screening/labelled_names.yaml: see tests/screening/test_labelled.py.
THRESHOLD = 0.85
# Near misses down to this score are listed for context; only hits fire the checklist item.
REPORT_FLOOR = 0.65
CANDIDATES_PER_FORM = 50
MATCHES_PER_QUERY = 10
RULED_OUT_PER_QUERY = 5  # the closest look-alikes ruled out, each explained
# No institution's name is this long: longer text is answered at once with no match (and a
# note), so pasted paragraphs cannot slow the screener down.
MAX_QUERY_CHARS = 300
MAX_QUERY_TOKENS = 30
_PART_SEPARATORS = re.compile(r"[,;()\[\]（）、，；/]")
_HAN_KIND_SUFFIX = re.compile("大学|大學|学院|學院|研究院|研究所")
# "Harbin Engineering University College of Shipbuilding Engineering": a sub-unit that
# follows its parent without a comma, as the Chinese suffixes above do.
_LATIN_KIND_THEN_UNIT = re.compile(
    r"\b(?:university|univ\.?|institute|inst\.?|academy)(?=\s+(?:college|school|faculty|department|dept\.?|"
    r"graduate|campus|hospital|laboratory|lab|center|centre)\b)",
    re.IGNORECASE,
)
_CAPITALIZED_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")


class IndexScreener:
    """Screens names against fixed lists of entities, each an `IndexedList`.

    Entities are numbered across the lists in order, so ties go to the list loaded first.
    """

    def __init__(
        self, entries: Iterable[tuple[ListedEntity, NameForms]], *, threshold: float = THRESHOLD
    ) -> None:
        """A screener over one list built in memory from `entries`."""
        self._use([IndexedList.of(entries)], threshold)

    @classmethod
    def over(cls, lists: Sequence[IndexedList], *, threshold: float = THRESHOLD) -> IndexScreener:
        """A screener over lists already indexed (built in memory, or mapped from files)."""
        screener = cls.__new__(cls)
        screener._use(list(lists), threshold)
        return screener

    def _use(self, lists: list[IndexedList], threshold: float) -> None:
        self.threshold = threshold
        self.lists = lists
        self._firsts = np.cumsum([0, *(len(part) for part in lists)]).tolist()
        self.entities = _AllEntities(lists, self._firsts)

    def __len__(self) -> int:
        return len(self.entities)

    def screen(self, names: Sequence[str]) -> list[ScreeningResult]:
        """One result per name, in input order, matches best first."""
        return [self.screen_one(name) for name in names]

    def screen_one(self, query: str) -> ScreeningResult:
        """The candidate matches for one name, and the look-alikes ruled out."""
        refused = _refusal(query)
        if refused:
            return ScreeningResult(query=query, threshold=self.threshold, note=refused)
        best: dict[str, Match] = {}  # by entity id: each entity once, at its best alias
        ruled_out: dict[str, Match] = {}
        # Ruled-out records are explained only if they make the report: (score, record,
        # agreement, text), the best per entity.
        pending: dict[str, tuple[float, _Record, Agreement, str]] = {}
        seen: dict[str, int] = {}  # the entities met: their number, by id
        for form, part in _query_forms(query):
            for record, agreement in self._agreements(form):
                number, name_number = self._entity_and_name(record)
                key = self.entities[number].entity_id
                seen[key] = number
                if agreement.passes(self.threshold):
                    alias, country = self._names(number)[name_number], self.entities[number].country
                    agreement = beyond_the_name(agreement, part or query, query, alias, country)
                if agreement.ruled_out:
                    if key not in pending or agreement.score > pending[key][0]:
                        pending[key] = (agreement.score, record, agreement, part or query)
                else:
                    self._keep(best, self._match_from_record(record, agreement, part))
        worded = set(best)  # entities matched by their words, not by an abbreviation alone
        for number, abbreviation in self._acronym_hits(query):
            entity = self.entities[number]
            seen[entity.entity_id] = number
            found = best.get(entity.entity_id)
            if found is None or found.score < self.threshold:
                worded.discard(entity.entity_id)
                self._keep(
                    best,
                    _match(
                        entity,
                        abbreviation,
                        self.threshold,
                        (abbreviation.lower(),),
                        abbreviation_reason(abbreviation, entity),
                    ),
                    replace=True,
                )
        names_of = {key: self._names(number) for key, number in seen.items()}
        by_words = [m for key, m in best.items() if key in worded and m.score >= self.threshold]
        if len(by_words) > 1:
            _, subsumed = rule_out_subsumed(query, by_words, names_of)
            for match in subsumed:
                del best[match.entity_id]
                ruled_out[match.entity_id] = match
        order = seen.get  # ties go to the list loaded first
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.name, order(m.entity_id, 0)))
        ranked = merge_same_party(ranked, names_of)[:MATCHES_PER_QUERY]
        # An entity that matched through another alias is not also reported as ruled out.
        waiting = sorted((v[0], k) for k, v in pending.items() if k not in best and k not in ruled_out)
        for _, key in waiting[-2 * RULED_OUT_PER_QUERY :]:  # room for parties on several lists
            _, record, agreement, text = pending[key]
            ruled_out[key] = self._ruled_out_from_record(record, agreement, text)
        excluded = [m for key, m in ruled_out.items() if key not in best]
        excluded = sorted(excluded, key=lambda m: (-m.score, m.name, order(m.entity_id, 0)))
        excluded = merge_same_party(excluded, names_of)[:RULED_OUT_PER_QUERY]
        return ScreeningResult(
            query=query, matches=tuple(ranked), threshold=self.threshold, ruled_out=tuple(excluded)
        )

    def _agreements(self, form: tuple[str, ...]) -> Iterator[tuple[_Record, Agreement]]:
        """The records of every list that agree with `form` at least at the report floor."""
        probe = QueryProbe.of(form)  # looked up the same way in every list
        for list_number, part in enumerate(self.lists):
            candidates = part.index.candidates(
                form,
                floor=REPORT_FLOOR,
                complete_above=self.threshold,
                limit=CANDIDATES_PER_FORM,
                probe=probe,
            )
            for record in candidates:
                agreement = agree(form, probe.pieces, part.index.record_form(record))
                if agreement.score >= REPORT_FLOOR:
                    yield (list_number, record), agreement

    def _entity_and_name(self, record: _Record) -> tuple[int, int]:
        """The number of a record's entity (across lists) and which of its names it is."""
        list_number, local = record
        part = self.lists[list_number]
        return self._firsts[list_number] + int(part.record_entity[local]), int(part.record_name[local])

    def _names(self, number: int) -> tuple[str, ...]:
        entity = self.entities[number]
        return (entity.name, *entity.aliases)

    def _ruled_out_from_record(self, record: _Record, agreement: Agreement, text: str) -> Match:
        entity_number, number = self._entity_and_name(record)
        entity = self.entities[entity_number]
        alias = entity.name if number == 0 else entity.aliases[number - 1]
        tokens = agreement.matched + tuple(listed for _, listed in agreement.approximate)
        why, missing = ruled_out_reason(agreement, text, alias, entity)
        return _match(entity, alias, agreement.score, tokens, why).model_copy(update={"missing": missing})

    def _match_from_record(self, record: _Record, agreement: Agreement, part: str | None) -> Match:
        entity_number, number = self._entity_and_name(record)
        entity = self.entities[entity_number]
        alias = entity.name if number == 0 else entity.aliases[number - 1]
        tokens = agreement.matched + tuple(listed for _, listed in agreement.approximate)
        reason = agreement_reason(agreement, alias, entity, self.threshold)
        if part is not None:
            reason = f"In the part '{part}': {reason}"
        return _match(entity, alias, agreement.score, tokens, reason)

    @staticmethod
    def _keep(best: dict[str, Match], match: Match, *, replace: bool = False) -> None:
        known = best.get(match.entity_id)
        if replace or known is None or match.score > known.score:
            best[match.entity_id] = match

    def _acronym_hits(self, query: str) -> list[tuple[int, str]]:
        """Entities whose abbreviation is the whole query, or a capitalized word in it."""
        whole = acronym_key(query)
        if len(query.split()) == 1:
            numbers = self._with_abbreviation(whole)
            if numbers:
                return [(n, _spelled(self.entities[n], whole)) for n in numbers]
        hits = []
        for word in _CAPITALIZED_ACRONYM.findall(query):
            for number in self._with_abbreviation(word):
                hits.append((number, _spelled(self.entities[number], word)))
        return hits

    def _with_abbreviation(self, key: str) -> list[int]:
        found = []
        for part, first in zip(self.lists, self._firsts, strict=False):
            found += [first + n for n in part.with_abbreviation(key)]
        return found


# A record of one of the lists: (which list, which record in it).
_Record = tuple[int, int]


class _AllEntities(Sequence[ListedEntity]):
    """The entities of several lists, numbered across them in order."""

    def __init__(self, lists: list[IndexedList], firsts: list[int]) -> None:
        self._lists, self._firsts = lists, firsts

    def __len__(self) -> int:
        return self._firsts[-1]

    def __getitem__(self, number):  # noqa: ANN001 - an int; slices are not needed
        list_number = bisect_right(self._firsts, number) - 1
        if not 0 <= number < len(self):
            raise IndexError(number)
        return self._lists[list_number].entities[number - self._firsts[list_number]]

    def __iter__(self) -> Iterator[ListedEntity]:
        for part in self._lists:
            yield from part.entities


def _refusal(query: str) -> str:
    """Why a query cannot be an institution's name, or "" when it can be screened."""
    if len(query) > MAX_QUERY_CHARS:
        return (
            f"Not screened: {len(query):,} characters is too long for an institution's name "
            f"(at most {MAX_QUERY_CHARS}); enter the institution's name alone."
        )
    if len(query.split()) > MAX_QUERY_TOKENS:
        return (
            f"Not screened: {len(query.split())} words is too many for an institution's name "
            f"(at most {MAX_QUERY_TOKENS}); enter the institution's name alone."
        )
    if not name_forms(query):
        return "Not screened: the name has no letters or characters to compare."
    return ""


def _query_forms(query: str) -> list[tuple[tuple[str, ...], str | None]]:
    """Forms of the whole query, then of each comma- or bracket-separated part of it.

    "School of Computer Science, Beihang University" names a department of a listed
    university: its last part matches in full, though the whole has many extra words.
    Each form comes with its part's text, or None for the whole query.
    """
    forms: list[tuple[tuple[str, ...], str | None]] = [(f, None) for f in name_forms(query)]
    seen = {f for f, _ in forms}
    parts = [p.strip() for p in _PART_SEPARATORS.split(query) if p.strip()]
    # A Chinese sub-unit follows its parent without a separator: "南京理工大学计算机学院".
    parts += [query[: m.end()].strip() for m in _HAN_KIND_SUFFIX.finditer(query)]
    parts += [query[: m.end()].strip() for m in _LATIN_KIND_THEN_UNIT.finditer(query)]
    if len(parts) > 1:
        for part in parts:
            for form in name_forms(part):
                if form not in seen:
                    seen.add(form)
                    forms.append((form, part))
    return forms


def _spelled(entity: ListedEntity, key: str) -> str:
    return next((a for a in entity.abbreviations if acronym_key(a) == key), key)


def _match(entity: ListedEntity, alias: str, score: float, tokens: tuple[str, ...], why: str) -> Match:
    return Match(
        name=entity.name,
        alias=alias,
        list=entity.list_name,
        source=entity.source,
        as_of=entity.as_of,
        score=score,
        matched_tokens=tokens,
        why=why,
        entity_id=entity.entity_id,
        group=entity.group,
    )


def forms_of(entity: ListedEntity) -> NameForms:
    """Normalized forms of each of an entity's names, primary name first."""
    return [[" ".join(form) for form in name_forms(name)] for name in (entity.name, *entity.aliases)]
