"""The index's vocabulary as arrays: token texts in sorted order, and a key table to find them.

Token ids are positions in sorted order, so the tokens a cut-short word begins are found by
bisection, and a token's text is a slice of one UTF-8 blob. Nothing here is a Python object
per token, so the table can be memory-mapped from a file and shared by every worker.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from travelprep.screening.text_keys import sorted_key_table, text_keys

DECODED_KEPT = 1 << 16


def token_table_arrays(sorted_tokens: Sequence[str]) -> dict[str, np.ndarray]:
    """The arrays of a vocabulary given in sorted order."""
    encoded = [t.encode("utf-8", "surrogatepass") for t in sorted_tokens]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    keys, ids = sorted_key_table(text_keys(sorted_tokens), np.arange(len(encoded), dtype=np.int32))
    return {
        "token_prefixes": prefix_keys(encoded),
        "token_text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "token_offsets": offsets,
        "token_keys": keys,
        "token_key_ids": ids,
    }


def prefix_keys(encoded: Sequence[bytes]) -> np.ndarray:
    """Each text's first 8 UTF-8 bytes as a big-endian number: sorted texts give sorted keys."""
    padded = b"".join(e[:8].ljust(8, b"\0") for e in encoded)
    return np.frombuffer(padded, dtype=">u8").astype(np.uint64)


class TokenTable(Sequence[str]):
    """Token texts by id, in sorted order, and the id of a text."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._text = arrays["token_text"]
        self._offsets = arrays["token_offsets"]
        self._keys, self._ids = arrays["token_keys"], arrays["token_key_ids"]
        self._prefixes = arrays["token_prefixes"]
        # Recently read texts, kept: a query reads the same few tokens many times.
        self._text_of = lru_cache(maxsize=DECODED_KEPT)(self._decode)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, token_id):  # noqa: ANN001 - an int; slices are not needed
        return self._text_of(int(token_id))

    def _decode(self, token_id: int) -> str:
        start, end = self._offsets[token_id], self._offsets[token_id + 1]
        return self._text[start:end].tobytes().decode("utf-8", "surrogatepass")

    def ids_of(self, texts: Sequence[str], keys: np.ndarray | None = None) -> list[int | None]:
        """The id of each text, None for those not in the vocabulary (one search for all);
        `keys` are the texts' `text_keys`, when already known."""
        wanted = text_keys(texts) if keys is None else keys
        starts = np.searchsorted(self._keys, wanted, side="left").tolist()
        ends = np.searchsorted(self._keys, wanted, side="right").tolist()
        found: list[int | None] = []
        for text, start, end in zip(texts, starts, ends, strict=True):
            ids = (int(i) for i in self._ids[start:end]) if end > start else ()
            found.append(next((i for i in ids if self[i] == text), None))
        return found

    def starts_of(self, prefixes: Sequence[str], keys: np.ndarray | None = None) -> list[int]:
        """For each prefix, the id of the first token not sorting before it; `keys` are the
        prefixes' `prefix_keys`, when already known."""
        encoded = [p.encode("utf-8", "surrogatepass") for p in prefixes]
        wanted = prefix_keys(encoded) if keys is None else keys
        lows = np.searchsorted(self._prefixes, wanted, side="left").tolist()
        highs = np.searchsorted(self._prefixes, wanted, side="right").tolist()
        # Tokens sharing the first 8 bytes are told apart by their texts.
        return [
            low if len(e) <= 8 or high == low else bisect_left(self, p, low, high)
            for p, e, low, high in zip(prefixes, encoded, lows, highs, strict=True)
        ]
