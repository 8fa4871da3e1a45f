"""Build a `NameIndex`'s arrays from normalized name forms, streamed one at a time.

The arrays are the whole index: a `NameIndex` made over them in memory and one made over
the same arrays read back from a file (`index_file`) answer every query alike.
"""

from __future__ import annotations

from array import array

import numpy as np

from travelprep.screening.token_table import token_table_arrays
from travelprep.screening.typos import typo_arrays
from travelprep.screening.weights import FULL_WEIGHT, token_weight

# Records are filed by how many distinctive (full-weight) tokens they have, up to this many.
DISTINCT_CAP = 11


class IndexBuilder:
    """Collects forms given as their tokens joined by spaces; `arrays` builds the index."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._record_tokens = array("i")
        self._offsets = array("q", [0])

    def add(self, form: str) -> None:
        """Index one more form as the next record."""
        vocabulary = self._vocabulary
        # setdefault's default is computed first: a new token gets the next id.
        self._record_tokens.extend([vocabulary.setdefault(t, len(vocabulary)) for t in form.split(" ")])
        self._offsets.append(len(self._record_tokens))

    def arrays(self) -> dict[str, np.ndarray]:
        """The index's arrays; token ids are renumbered in sorted order of their texts."""
        first_seen = list(self._vocabulary)
        self._vocabulary = {}
        order = sorted(range(len(first_seen)), key=first_seen.__getitem__)
        sorted_tokens = [first_seen[i] for i in order]
        del first_seen
        renumber = np.empty(len(order), dtype=np.int32)
        renumber[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
        record_tokens = renumber[np.frombuffer(self._record_tokens, dtype=np.int32)]
        record_offsets = np.frombuffer(self._offsets, dtype=np.int64).copy()
        self._record_tokens, self._offsets = array("i"), array("q", [0])
        token_weights = np.fromiter(
            (token_weight(t) for t in sorted_tokens), dtype=np.float32, count=len(sorted_tokens)
        )
        found = {
            "record_offsets": record_offsets,
            "record_tokens": record_tokens,
            "token_weights": token_weights,
            "record_weights": _record_weights(record_offsets, record_tokens, token_weights),
            **_postings(record_offsets, record_tokens, token_weights),
            **token_table_arrays(sorted_tokens),
            **typo_arrays(sorted_tokens),
        }
        return found


def _record_weights(offsets: np.ndarray, tokens: np.ndarray, weights: np.ndarray) -> np.ndarray:
    sums = np.concatenate(([0.0], np.cumsum(weights[tokens], dtype=np.float64)))
    return (sums[offsets[1:]] - sums[offsets[:-1]]).astype(np.float32)


def _postings(offsets: np.ndarray, tokens: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Each token's records, those with the fewest distinctive tokens first; and each record
    filed once more, under its rarest distinctive token (`rare_postings`).

    `posting_caps[t, d]` counts the records of token t with at most d distinctive tokens
    (DISTINCT_CAP or more count as DISTINCT_CAP), so a query can take just that prefix.
    A hit holds every distinctive token of its listed name, so the rarest of them too: the
    records filed under the query's tokens in `rare_postings` are all its possible hits.
    """
    vocabulary = len(weights)
    lengths = np.diff(offsets)
    records = max(len(lengths), 1)
    record_ids = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    # One key per (token, record) pair, each pair once even if a record repeats a token,
    # so a query can add a token's gain to its records without double counting.
    pairs = np.sort(tokens.astype(np.int64) * records + record_ids)
    del record_ids
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
    pair_tokens, pair_records = pairs // records, pairs % records
    del pairs
    distinctive = weights[pair_tokens] >= FULL_WEIGHT
    rare = _rare_postings(pair_tokens, pair_records, distinctive, vocabulary)
    per_record = np.bincount(pair_records[distinctive], minlength=records)
    buckets = np.minimum(per_record, DISTINCT_CAP)[pair_records]
    del per_record, distinctive
    keys = np.sort((pair_tokens * (DISTINCT_CAP + 1) + buckets) * records + pair_records)
    del pair_tokens, pair_records, buckets
    counts = np.bincount(keys // records, minlength=vocabulary * (DISTINCT_CAP + 1))
    counts = counts.reshape(vocabulary, DISTINCT_CAP + 1)
    return {
        "postings": (keys % records).astype(np.int32),
        "posting_offsets": np.concatenate(([0], np.cumsum(counts.sum(axis=1)))).astype(np.int64),
        "posting_caps": np.cumsum(counts, axis=1).astype(np.int32),
        **rare,
    }


def _rare_postings(
    pair_tokens: np.ndarray, pair_records: np.ndarray, distinctive: np.ndarray, vocabulary: int
) -> dict[str, np.ndarray]:
    """Each record under its rarest distinctive token (its rarest token when it has none)."""
    frequency = np.bincount(pair_tokens, minlength=vocabulary)
    # Per record, the first pair in (distinctive first, rarest first, lowest id) order: one
    # sort key, record in the high bits; pairs come sorted by token, and the sort is stable.
    priority = ((~distinctive).astype(np.int64) << 32) | frequency[pair_tokens]
    order = np.argsort((pair_records << 33) | priority, kind="stable")
    del priority
    ordered = pair_records[order]
    firsts = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(order) else order == 0
    chosen = order[firsts]
    del order, ordered, firsts
    # Chosen pairs keep the (token, record) order of `pairs`: already grouped by token.
    chosen.sort()
    counts = np.bincount(pair_tokens[chosen], minlength=vocabulary)
    return {
        "rare_postings": pair_records[chosen].astype(np.int32),
        "rare_offsets": np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
    }
