"""Parsers gone wrong, for the parse workers' limits: module-level so a child process can run them."""

from __future__ import annotations


def eats_memory(_data: bytes, **_options) -> None:
    """Allocates until something stops it (a parser blown up by a hostile file)."""
    kept = []
    while True:
        kept.append(bytearray(16 * 2**20))


def never_ends(_data: bytes, **_options) -> None:
    """Computes forever (a parser caught in a hostile file's loop)."""
    count = 0
    while True:
        count += 1
