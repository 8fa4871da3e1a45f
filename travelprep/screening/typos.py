"""Find vocabulary tokens within one typing error of a query token, without a scan.

Each vocabulary token is filed under itself and under every string made by deleting one of
its characters. Two tokens one substitution, insertion, deletion or swap apart always share
such a key, so a query token's own keys lead to all its near neighbours.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA

MIN_LENGTH = 5  # shorter tokens must agree exactly: one error changes them too much


def deletion_keys(token: str) -> set[str]:
    """The token and each string made by deleting one of its characters."""
    return {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}


class TypoNeighbours:
    """Vocabulary token ids filed by deletion keys."""

    def __init__(self, vocabulary: Iterable[tuple[str, int]]) -> None:
        self._keys: dict[str, int | list[int]] = {}
        for token, token_id in vocabulary:
            if len(token) < MIN_LENGTH:
                continue
            for key in deletion_keys(token):
                filed = self._keys.get(key)
                if filed is None:
                    self._keys[key] = token_id
                elif isinstance(filed, list):
                    filed.append(token_id)
                else:
                    self._keys[key] = [filed, token_id]

    def near(self, token: str, vocabulary: list[str]) -> list[int]:
        """Ids of vocabulary tokens one typing error away from `token` (not itself)."""
        if len(token) < MIN_LENGTH - 1:
            return []
        found: set[int] = set()
        for key in deletion_keys(token):
            filed = self._keys.get(key)
            if filed is not None:
                found.update(filed if isinstance(filed, list) else (filed,))
        return [
            i
            for i in found
            if vocabulary[i] != token and OSA.distance(token, vocabulary[i], score_cutoff=1) <= 1
        ]
