"""Stable 64-bit keys of short texts, so string lookups can live in plain numpy arrays.

Python's own `hash` of a string changes with every process, so it cannot be written to a
file that other processes read. These keys are two checksums side by side; two texts may
share a key, so every lookup through them checks the text it finds.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np


def text_key(text: str) -> int:
    """The key of one text."""
    data = text.encode("utf-8", "surrogatepass")
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def text_keys(texts: Iterable[str]) -> np.ndarray:
    """The keys of many texts, in order, as uint64."""
    return np.fromiter((text_key(t) for t in texts), dtype=np.uint64)


def sorted_key_table(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys sorted, with their values in the same order: the shape `lookup` searches."""
    order = np.argsort(keys, kind="stable")
    return keys[order], values[order].astype(np.int32)


def lookup(sorted_keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Every value filed under any of the `wanted` keys (texts sharing a key included)."""
    if len(sorted_keys) == 0 or len(wanted) == 0:
        return values[:0]
    starts = np.searchsorted(sorted_keys, wanted, side="left")
    ends = np.searchsorted(sorted_keys, wanted, side="right")
    spans = [values[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True) if e > s]
    return np.concatenate(spans) if spans else values[:0]
