"""An inverted index over normalized name forms that proposes candidates, not a scan.

Each indexed form (a "record") is a tuple of tokens. Postings are kept as compact numpy
arrays (compressed sparse rows), so a million names with their aliases fit in a few hundred
megabytes. A query looks up its tokens, vocabulary words one typing error away and words
it may have cut short. A hit needs every distinctive word of the listed name in the query,
so the rarest of them too: each record is filed once more under its rarest distinctive
word, and a query reads the records filed under its own words. A common word
("technology") then costs the few names with no rarer word, not its 60,000 records. Near
misses (reported, explained, never hits) come from the records of the query's distinctive
words, filed fewest distinctive words first, within budgets. The records read are bounded
by their own tokens, and those whose best possible score reaches the floor are proposed,
best first. A typo of two letters in a long word still scores, but the record must then be
reached through the query's rarest word.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

import numpy as np

from travelprep.screening.probe import QueryProbe
from travelprep.screening.scoring import BETA_SQUARED, MIN_TRUNCATION_SHARE
from travelprep.screening.token_table import TokenTable
from travelprep.screening.typos import TypoNeighbours
from travelprep.screening.weights import FULL_WEIGHT

# Near misses (ruled out, reported for context) read among the records of the query's
# distinctive tokens may lack up to this many distinctive tokens of the listed name (a token
# a name repeats, like a Han name's leading bigram, counts twice).
NEAR_MISS_LACKING = 2
# At most this many records of the rarest token, and of each other token, are read for near
# misses (hits never depend on it): the fewest-distinctive-token ones, likeliest look-alikes.
NEAR_MISS_BUDGET = 20_000
NEAR_MISS_PER_TOKEN = 1_000


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
        self.posting_caps = arrays["posting_caps"]
        self.rare_postings, self.rare_offsets = arrays["rare_postings"], arrays["rare_offsets"]
        self.tokens = TokenTable(arrays)  # texts by id, ids in sorted order of the texts
        self.typos = TypoNeighbours(arrays["typo_keys"], arrays["typo_ids"])
        # Each query's gain per token, reused by every query (under the lock): the only
        # per-process array, one float per distinct token.
        self._token_gain = np.zeros(len(self.tokens), dtype=np.float32)
        self._lock = threading.Lock()
        self.last_gathered = 0

    def __len__(self) -> int:
        return len(self.record_offsets) - 1

    def record_form(self, record: int) -> tuple[str, ...]:
        """The tokens of one record."""
        start, end = self.record_offsets[record], self.record_offsets[record + 1]
        return tuple(self.tokens[i] for i in self.record_tokens[start:end])

    def _lookups(self, probe: QueryProbe) -> dict[int, float]:
        """Vocabulary ids that agree with some query piece, with the weight they can add."""
        gains: dict[int, float] = {}
        texts = [piece.text for piece in probe.pieces]
        found: list[list[int]] = [[] if i is None else [i] for i in self.tokens.ids_of(texts, probe.keys)]
        fuzzy = [texts[n] for n in probe.fuzzy]
        near = self.typos.near_each(fuzzy, self.tokens, probe.deletion_owners, probe.deletion_keys)
        cut = [fuzzy[p] for p in probe.cut]
        for p, start in zip(probe.cut, self.tokens.starts_of(cut, probe.cut_keys), strict=True):
            near[p] += self._extensions(fuzzy[p], start)
        for n, ids in zip(probe.fuzzy, near, strict=True):
            found[n] += ids
        for side, ids in zip(probe.sides, found, strict=True):
            for token_id in ids:
                gain = max(side, float(self.token_weights[token_id]))
                gains[token_id] = max(gains.get(token_id, 0.0), gain)
        return gains

    def _extensions(self, prefix: str, start: int) -> list[int]:
        """Ids of longer vocabulary tokens that `prefix` could be a cut-short form of; `start`
        is the first id not sorting before it: the tokens it begins follow each other."""
        longest = int(len(prefix) / MIN_TRUNCATION_SHARE)
        found = []
        for token_id in range(start, min(start + 64, len(self.tokens))):
            token = self.tokens[token_id]
            if not token.startswith(prefix):
                break
            if len(prefix) < len(token) <= longest:
                found.append(token_id)
        return found

    def candidates(
        self,
        form: tuple[str, ...],
        *,
        floor: float,
        complete_above: float,
        limit: int,
        probe: QueryProbe | None = None,
    ) -> list[int]:
        """Records whose score against `form` can reach `floor`, best possible first.

        Every possible hit is proposed: a record filed (in `rare_postings`) under one of
        the query's tokens, holding all its distinctive tokens. Near misses (ruled out, or
        below `complete_above`) are looked for among the records of the query's rarest
        distinctive tokens, most of them among its rarest one's.
        """
        del complete_above  # every possible hit is proposed, whatever its bound
        probe = probe or QueryProbe.of(form)
        query_weight = probe.weight
        gains = self._lookups(probe)
        if not gains or query_weight == 0:
            return []
        near_misses = self._near_miss_postings(gains)
        slices = [near_misses]
        for token_id in gains:
            slices.append(self.rare_postings[self.rare_offsets[token_id] : self.rare_offsets[token_id + 1]])
        touched = np.concatenate(slices)
        self.last_gathered = len(touched)  # postings read, for the benchmark's report
        with self._lock:
            shared, lacking = self._agreement_bounds(touched, gains)
        bound = _f2_bound(shared, query_weight, self.record_weights[touched].astype(np.float64))
        near_miss = np.arange(len(touched)) < len(near_misses)
        possible = (lacking == 0) | (near_miss & (lacking <= NEAR_MISS_LACKING))
        keep = np.nonzero(possible & (bound >= floor))[0]
        # A record reached twice (near miss and possible hit) is kept once.
        _, first = np.unique(touched[keep], return_index=True)
        keep = keep[first]
        if len(keep) > limit:
            keep = keep[np.argpartition(-bound[keep], limit - 1)[:limit]]
        keep = keep[np.argsort(-bound[keep], kind="stable")]
        return touched[keep].tolist()

    def _near_miss_postings(self, gains: dict[int, float]) -> np.ndarray:
        """Records of the query's distinctive tokens that could be near misses.

        Filed fewest distinctive tokens first, so those holding more than one beyond the
        query's count are cut off. The rarest token's records are read up to
        NEAR_MISS_BUDGET, every other token's up to NEAR_MISS_PER_TOKEN: shared common
        words alone make the weakest look-alikes.
        """
        distinctive = [t for t in gains if self.token_weights[t] >= FULL_WEIGHT]
        if not distinctive:
            return self.postings[:0]
        size = {t: int(self.posting_offsets[t + 1] - self.posting_offsets[t]) for t in distinctive}
        distinctive.sort(key=lambda t: (size[t], t))
        most = len(distinctive) + 1  # distinctive tokens a near miss may hold
        slices = []
        for position, token_id in enumerate(distinctive):
            caps = self.posting_caps[token_id]
            reach = size[token_id] if most >= len(caps) - 1 else int(caps[most])
            budget = NEAR_MISS_BUDGET if position == 0 else NEAR_MISS_PER_TOKEN
            start = self.posting_offsets[token_id]
            slices.append(self.postings[start : start + min(reach, budget)])
        return np.concatenate(slices)

    def _agreement_bounds(
        self, records: np.ndarray, gains: dict[int, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """For each record, the most weight it can share with the query, and how many of its
        distinctive tokens the query has nothing for (a repeated token counts each time)."""
        starts = self.record_offsets[records]
        lengths = self.record_offsets[records + 1] - starts
        owner = np.repeat(np.arange(len(records)), lengths)
        # Positions of every token of every record, in one vector.
        firsts = np.cumsum(lengths) - lengths
        tokens = self.record_tokens[np.arange(int(lengths.sum())) - np.repeat(firsts - starts, lengths)]
        ids = np.fromiter(gains, dtype=np.int64, count=len(gains))
        self._token_gain[ids] = np.fromiter(gains.values(), dtype=np.float32, count=len(gains))
        try:
            gain = self._token_gain[tokens]
        finally:
            self._token_gain[ids] = 0.0
        unmatched = (gain == 0.0) & (self.token_weights[tokens] >= FULL_WEIGHT)
        shared = np.bincount(owner, weights=gain, minlength=len(records))
        return shared, np.bincount(owner, weights=unmatched, minlength=len(records))


def _f2_bound(shared: np.ndarray, query_weight: float, listed: np.ndarray) -> np.ndarray:
    """The best F2 score records can reach when at most `shared` of their weight agrees."""
    precision = np.minimum(1.0, shared / query_weight)
    recall = np.minimum(1.0, shared / np.maximum(listed, 1e-9))
    return (1 + BETA_SQUARED) * precision * recall / np.maximum(BETA_SQUARED * precision + recall, 1e-9)
