"""The index's vocabulary as arrays: token texts in sorted order, and a key table to find them.

Token ids are positions in sorted order, so the tokens a cut-short word begins are found by
bisection, and a token's text is a slice of one UTF-8 blob. Nothing here is a Python object
per token, so the table can be memory-mapped from a file and shared by every worker.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from travelprep.screening.text_keys import lookup, sorted_key_table, text_key, text_keys


def token_table_arrays(sorted_tokens: Sequence[str]) -> dict[str, np.ndarray]:
    """The arrays of a vocabulary given in sorted order."""
    encoded = [t.encode("utf-8", "surrogatepass") for t in sorted_tokens]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    keys, ids = sorted_key_table(text_keys(sorted_tokens), np.arange(len(encoded), dtype=np.int32))
    return {
        "token_text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "token_offsets": offsets,
        "token_keys": keys,
        "token_key_ids": ids,
    }


class TokenTable(Sequence[str]):
    """Token texts by id, in sorted order, and the id of a text."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._text = arrays["token_text"]
        self._offsets = arrays["token_offsets"]
        self._keys, self._ids = arrays["token_keys"], arrays["token_key_ids"]

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, token_id):  # noqa: ANN001 - an int; slices are not needed
        start, end = self._offsets[token_id], self._offsets[token_id + 1]
        return self._text[start:end].tobytes().decode("utf-8", "surrogatepass")

    def id_of(self, text: str) -> int | None:
        """The id of `text`, or None when it is not in the vocabulary."""
        for token_id in lookup(self._keys, self._ids, np.array([text_key(text)], dtype=np.uint64)).tolist():
            if self[token_id] == text:
                return token_id
        return None
