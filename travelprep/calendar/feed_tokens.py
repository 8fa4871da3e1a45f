"""A calendar feed token at rest: its SHA-256 to look it up, and a copy sealed with the app secret.

The feed URL carries the plain token. The database keeps its SHA-256 (as for API tokens,
accounts/tokens.py), so a copy of the database alone opens no feed. So that the profile page
can still show the link (calendar apps need it pasted again on a new device), the database
also keeps the token encrypted (Fernet: AES-128-CBC and HMAC-SHA256) under a key derived
from the app's SECRET_KEY. Without the secret the copy is useless; if the secret changes,
or for tokens hashed by migration 0008 (which had no secret to seal with), the copy cannot be
opened, the feed keeps working, and the profile page asks the user to make a new link to see it.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


def digest(token: str) -> str:
    """The SHA-256 (hex, 64 characters) stored for a feed token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(b"travelprep calendar feed token\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(token: str, *, secret: str) -> str:
    """The token encrypted under the app secret, to show the link again later."""
    return _fernet(secret).encrypt(token.encode()).decode()


def unseal(sealed: str | None, *, stored_digest: str | None, secret: str) -> str | None:
    """The plain token from its sealed copy; None if there is none, or it does not open or match."""
    if not sealed or not stored_digest:
        return None
    try:
        token = _fernet(secret).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
    return token if digest(token) == stored_digest else None
