"""Personal API tokens: created once in plain text, stored as SHA-256, revocable."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from travelprep.db.models import ApiToken, User, utcnow

TOKEN_PREFIX = "tp_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, *, user: User) -> tuple[ApiToken, str]:
    """A new token for `user`; the plain text is returned here and never again."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, token_hash=_digest(plain), prefix=plain[:10])
    session.add(token)
    session.flush()
    return token, plain


def authenticate(session: Session, *, plain: str) -> User | None:
    """The owner of an unrevoked token, or None."""
    row = session.execute(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _digest(plain), ApiToken.revoked_at.is_(None))
    ).first()
    return row[0] if row else None


def revoke(session: Session, *, plain_or_prefix: str) -> int:
    """Revoke the token given in full or by its shown prefix; returns how many were revoked."""
    if plain_or_prefix.startswith(TOKEN_PREFIX) and len(plain_or_prefix) > 10:
        where = ApiToken.token_hash == _digest(plain_or_prefix)
    else:
        where = ApiToken.prefix == plain_or_prefix
    tokens = session.scalars(select(ApiToken).where(where, ApiToken.revoked_at.is_(None))).all()
    for token in tokens:
        token.revoked_at = utcnow()
    return len(tokens)


def list_for(session: Session, *, user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))
    )
