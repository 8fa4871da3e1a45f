"""The quick check's answers carried in a link, through sign-in, into the new-trip form.

Nothing is stored: the itinerary as typed travels in the URL (compact JSON, base64url), is
only ever shown again in the form to review, and is validated like any other when saved.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import quote

MAX_DRAFT = 6000  # characters of the encoded draft: a two-page itinerary fits, a URL stays sane


def encode_draft(itinerary_data: dict[str, Any]) -> str | None:
    """The itinerary as typed (CONTRACT.md's shape), for a URL; None when too long to carry."""
    raw = json.dumps(itinerary_data, separators=(",", ":"), ensure_ascii=False).encode()
    encoded = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return encoded if len(encoded) <= MAX_DRAFT else None


def decode_draft(encoded: str) -> dict[str, Any] | None:
    """The itinerary data of a draft link; None when it is not one (then the form starts blank)."""
    if not encoded or len(encoded) > MAX_DRAFT:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (binascii.Error, ValueError):
        return None
    return data if isinstance(data, dict) else None


def save_links(encoded: str | None) -> tuple[str, str]:
    """(the new-trip form with the draft, the sign-in page leading there)."""
    target = f"/trips/new?draft={encoded}" if encoded else "/trips/new"
    return target, f"/signin?next={quote(target, safe='')}"
