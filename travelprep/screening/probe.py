"""What a query form is looked up by, computed once for every list it is screened against.

Its pieces (tokens, and adjacent tokens joined), the weight each can add, and the keys of
their texts, of their one-deletion variants (typos) and of their first bytes (cut-short
words): each index then only searches its own arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from travelprep.screening.scoring import MIN_TRUNCATION, Piece, allowed_edits, query_pieces
from travelprep.screening.text_keys import text_keys
from travelprep.screening.token_table import prefix_keys
from travelprep.screening.typos import MIN_LENGTH, deletion_keys
from travelprep.screening.weights import token_weight


@dataclass(frozen=True)
class QueryProbe:
    form: tuple[str, ...]
    pieces: list[Piece]
    weight: float  # the query form's weight
    sides: list[float]  # per piece, the query weight it covers
    keys: np.ndarray  # per piece, the key of its text
    fuzzy: list[int]  # pieces long enough to be looked up with a typo or cut short
    deletion_owners: list[int]  # per deletion key, the position in `fuzzy` it belongs to
    deletion_keys: np.ndarray
    cut: list[int]  # positions in `fuzzy` of the pieces long enough to be cut short
    cut_keys: np.ndarray  # their first 8 bytes as numbers

    @classmethod
    def of(cls, form: tuple[str, ...]) -> QueryProbe:
        weights = [token_weight(t) for t in form]
        pieces = query_pieces(form)
        texts = [piece.text for piece in pieces]
        fuzzy = [n for n, text in enumerate(texts) if allowed_edits(len(text) + 1) > 0]
        owners, deleted = [], []
        for position, n in enumerate(fuzzy):
            if len(texts[n]) >= MIN_LENGTH - 1:
                keys = deletion_keys(texts[n])
                deleted += keys
                owners += [position] * len(keys)
        cut = [p for p, n in enumerate(fuzzy) if len(texts[n]) >= MIN_TRUNCATION]
        # Sorted, the keys are found in one sweep of the index's keys rather than one
        # search each: numpy narrows each search from the last one's place.
        deleted_keys = text_keys(deleted)
        in_order = np.argsort(deleted_keys, kind="stable")
        return cls(
            form=form,
            pieces=pieces,
            weight=sum(weights),
            sides=[sum(weights[p] for p in piece.positions) for piece in pieces],
            keys=text_keys(texts),
            fuzzy=fuzzy,
            deletion_owners=[owners[i] for i in in_order.tolist()],
            deletion_keys=deleted_keys[in_order],
            cut=cut,
            cut_keys=prefix_keys([texts[fuzzy[p]].encode("utf-8", "surrogatepass") for p in cut]),
        )

    def text(self, piece: int) -> str:
        return self.pieces[piece].text
