"""An inverted index over normalized name forms that proposes candidates, not a scan.

Each indexed form (a "record") is a tuple of tokens. Postings are kept as compact numpy
arrays (compressed sparse rows), so a million names with their aliases fit in a few hundred
megabytes. A query gathers the postings of its tokens, of vocabulary words one typing error
away and of words it may have cut short; it skips the most common tokens when they alone
could not lift a record to the hit threshold (prefix filtering), and keeps the records
whose best possible score reaches the floor, best first. A typo of two letters in a long
word still scores, but the record must then be reached through another of its words.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Iterable, Mapping

import numpy as np

from travelprep.screening.index_build import IndexBuilder
from travelprep.screening.scoring import (
    BETA_SQUARED,
    MIN_TRUNCATION,
    MIN_TRUNCATION_SHARE,
    allowed_edits,
    query_pieces,
    score_upper_bound,
)
from travelprep.screening.token_table import TokenTable
from travelprep.screening.typos import TypoNeighbours
from travelprep.screening.weights import token_weight

# Beyond this many postings a query stops gathering common tokens, trading a little recall
# on names made only of common words for a bounded query time.
POSTINGS_BUDGET = 200_000


class NameIndex:
    """Token postings over records; each record is one normalized form of one name.

    Made over plain arrays (`IndexBuilder.arrays`, or the same read back from a file), so
    processes that map one file share its pages. Only the per-query scratch is private.
    """

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.record_offsets = arrays["record_offsets"]
        self.record_tokens = arrays["record_tokens"]
        self.token_weights = arrays["token_weights"]
        self.record_weights = arrays["record_weights"]
        self.postings = arrays["postings"]
        self.posting_offsets = arrays["posting_offsets"]
        self.tokens = TokenTable(arrays)  # texts by id, ids in sorted order of the texts
        self.typos = TypoNeighbours(arrays["typo_keys"], arrays["typo_ids"])
        # Zero pages are only allocated where queries write: reused by every query, under a lock.
        self._shared = np.zeros(len(self), dtype=np.float32)
        self._lock = threading.Lock()
        self.last_gathered = 0

    @classmethod
    def of_forms(cls, forms: Iterable[str]) -> NameIndex:
        """An index of forms given as their tokens joined by spaces, built in memory."""
        builder = IndexBuilder()
        for form in forms:
            builder.add(form)
        return cls(builder.arrays())

    def __len__(self) -> int:
        return len(self.record_offsets) - 1

    def record_form(self, record: int) -> tuple[str, ...]:
        """The tokens of one record."""
        start, end = self.record_offsets[record], self.record_offsets[record + 1]
        return tuple(self.tokens[i] for i in self.record_tokens[start:end])

    def _lookups(self, form: tuple[str, ...]) -> dict[int, float]:
        """Vocabulary ids that agree with some query piece, with the weight they can add."""
        gains: dict[int, float] = {}
        weights = [token_weight(t) for t in form]
        for piece in query_pieces(form):
            query_side = sum(weights[p] for p in piece.positions)
            found = self.tokens.id_of(piece.text)
            ids = [] if found is None else [found]
            if allowed_edits(len(piece.text) + 1) > 0:
                ids += self.typos.near(piece.text, self.tokens)
                ids += self._extensions(piece.text)
            for token_id in ids:
                gain = max(query_side, float(self.token_weights[token_id]))
                gains[token_id] = max(gains.get(token_id, 0.0), gain)
        return gains

    def _extensions(self, prefix: str) -> list[int]:
        """Ids of longer vocabulary tokens that `prefix` could be a cut-short form of."""
        if len(prefix) < MIN_TRUNCATION:
            return []
        longest = int(len(prefix) / MIN_TRUNCATION_SHARE)
        found = []
        start = bisect_left(self.tokens, prefix)  # ids are in sorted order of the texts
        for token_id in range(start, min(start + 64, len(self.tokens))):
            token = self.tokens[token_id]
            if not token.startswith(prefix):
                break
            if len(prefix) < len(token) <= longest:
                found.append(token_id)
        return found

    def candidates(
        self, form: tuple[str, ...], *, floor: float, complete_above: float, limit: int
    ) -> list[int]:
        """Records whose score against `form` can reach `floor`, best possible first.

        Every record that can reach `complete_above` (the hit threshold) is proposed; records
        between `floor` and it (near misses) only when they share one of the rarer tokens.
        """
        query_weight = sum(token_weight(t) for t in form)
        gains = self._lookups(form)
        if not gains or query_weight == 0:
            return []
        size = {t: int(self.posting_offsets[t + 1] - self.posting_offsets[t]) for t in gains}
        # Most common first: skip them while records sharing only skipped tokens stay
        # below `complete_above`, or while the rest would still exceed the postings budget.
        ordered = sorted(gains, key=lambda t: size[t], reverse=True)
        remaining = sum(size.values())
        skipped: list[int] = []
        kept: list[int] = []
        for position, token_id in enumerate(ordered):
            skipped_gain = sum(gains[t] for t in skipped) + gains[token_id]
            # A record sharing only skipped tokens has recall at most 1 and this precision.
            harmless = score_upper_bound(skipped_gain, query_weight, skipped_gain) < complete_above
            last = position == len(ordered) - 1
            if not last and (harmless or remaining > POSTINGS_BUDGET):
                skipped.append(token_id)
                remaining -= size[token_id]
            else:
                kept.append(token_id)
        with self._lock:
            touched, shared = self._gather(kept, gains)
        listed = self.record_weights[touched].astype(np.float64)
        # Optimistic first: each record might hold every skipped token.
        bound = _f2_bound(shared + sum(gains[t] for t in skipped), query_weight, listed)
        keep = np.nonzero(bound >= floor)[0]
        # A record reached through several tokens appears once per token: keep it once.
        _, first = np.unique(touched[keep], return_index=True)
        keep = keep[first]
        if len(keep) > limit and skipped:
            # Too many hopefuls to score: count the skipped tokens each one really holds.
            held = self._held_gain(touched[keep], skipped, gains)
            bound[keep] = _f2_bound(shared[keep] + held, query_weight, listed[keep])
            keep = keep[bound[keep] >= floor]
        if len(keep) > limit:
            keep = keep[np.argpartition(-bound[keep], limit - 1)[:limit]]
        keep = keep[np.argsort(-bound[keep], kind="stable")]
        return touched[keep].tolist()

    def _held_gain(self, records: np.ndarray, skipped: list[int], gains: dict[int, float]):
        """For each record, the gain of the skipped tokens it contains."""
        starts = self.record_offsets[records]
        lengths = self.record_offsets[records + 1] - starts
        owner = np.repeat(np.arange(len(records)), lengths)
        # Positions of every token of every record, in one vector.
        firsts = np.cumsum(lengths) - lengths
        positions = np.arange(int(lengths.sum())) - np.repeat(firsts - starts, lengths)
        tokens = self.record_tokens[positions]
        ids = np.array(sorted(skipped), dtype=np.int32)
        token_gain = np.array([gains[t] for t in ids], dtype=np.float64)
        where = np.minimum(np.searchsorted(ids, tokens), len(ids) - 1)
        contribution = np.where(ids[where] == tokens, token_gain[where], 0.0)
        return np.bincount(owner, weights=contribution, minlength=len(records))

    def _gather(self, kept: list[int], gains: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
        """The records in the kept tokens' postings, and the gain each record shares."""
        slices = []
        for token_id in kept:
            postings = self.postings[self.posting_offsets[token_id] : self.posting_offsets[token_id + 1]]
            self._shared[postings] += gains[token_id]
            slices.append(postings)
        touched = np.concatenate(slices)
        shared = self._shared[touched].astype(np.float64)
        self._shared[touched] = 0.0
        self.last_gathered = len(touched)  # postings touched, for the benchmark's report
        return touched, shared


def _f2_bound(shared: np.ndarray, query_weight: float, listed: np.ndarray) -> np.ndarray:
    """The best F2 score records can reach when at most `shared` of their weight agrees."""
    precision = np.minimum(1.0, shared / query_weight)
    recall = np.minimum(1.0, shared / np.maximum(listed, 1e-9))
    return (1 + BETA_SQUARED) * precision * recall / np.maximum(BETA_SQUARED * precision + recall, 1e-9)
