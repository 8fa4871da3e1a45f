"""Find vocabulary tokens within one typing error of a query token, without a scan.

Each vocabulary token is filed under itself and under every string made by deleting one of
its characters. Two tokens one substitution, insertion, deletion or swap apart always share
such a key, so a query token's own keys lead to all its near neighbours. The filing is two
arrays (keys sorted, token ids), so it can be saved to a file and shared between processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz.distance import OSA

from travelprep.screening.text_keys import sorted_key_table, text_key

MIN_LENGTH = 5  # shorter tokens must agree exactly: one error changes them too much


def deletion_keys(token: str) -> set[str]:
    """The token and each string made by deleting one of its characters."""
    return {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}


def typo_arrays(tokens: Iterable[str]) -> dict[str, np.ndarray]:
    """The filing of `tokens` (numbered in order) by their deletion keys."""
    keys: list[int] = []
    ids: list[int] = []
    for token_id, token in enumerate(tokens):
        if len(token) < MIN_LENGTH:
            continue
        for key in deletion_keys(token):
            keys.append(text_key(key))
            ids.append(token_id)
    sorted_keys, sorted_ids = sorted_key_table(
        np.asarray(keys, dtype=np.uint64), np.asarray(ids, dtype=np.int32)
    )
    return {"typo_keys": sorted_keys, "typo_ids": sorted_ids}


def _one_error_apart(token: str, other: str) -> bool:
    return other != token and OSA.distance(token, other, score_cutoff=1) <= 1


class TypoNeighbours:
    """Vocabulary token ids filed by deletion keys."""

    def __init__(self, keys: np.ndarray, ids: np.ndarray) -> None:
        self._keys, self._ids = keys, ids

    def near_each(
        self, tokens: Sequence[str], vocabulary: Sequence[str], owners: list[int], keys: np.ndarray
    ) -> list[list[int]]:
        """For each of `tokens`, the ids of vocabulary tokens one typing error away from it
        (not itself). `keys` are the `text_keys` of the tokens' `deletion_keys`, and `owners`
        says which token each belongs to: one search for all."""
        found: list[set[int]] = [set() for _ in tokens]
        if len(keys) and len(self._keys):
            starts = np.searchsorted(self._keys, keys, side="left").tolist()
            ends = np.searchsorted(self._keys, keys, side="right").tolist()
            for owner, start, end in zip(owners, starts, ends, strict=True):
                if end > start:
                    found[owner].update(self._ids[start:end].tolist())
        pairs = zip(tokens, found, strict=True)
        return [[i for i in ids if _one_error_apart(token, vocabulary[i])] for token, ids in pairs]
