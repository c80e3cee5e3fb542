"""API tokens for integrations: only a SHA-256 of each token is stored."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store import audit
from bot.store.db import utcnow
from bot.store.models import ApiToken

TOKEN_PREFIX = "rbt_"  # noqa: S105 - a marker, not a secret


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(
    session: Session, actor: audit.Actor, name: str, created_by: int | None = None
) -> tuple[ApiToken, str]:
    """Make a token; returns the row and the plain token (shown once, never stored)."""
    name = (name or "").strip()
    if not name:
        raise ValueError("a token needs a name")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name, token_sha256=_digest(plain), created_by=created_by)
    session.add(row)
    session.flush()
    audit.write(session, actor, "token.create", "api_token", row.id, {"name": name})
    return row, plain


def verify(session: Session, plain: str) -> ApiToken | None:
    """The live token matching ``plain`` (and stamp its last use), or None."""
    if not plain or not plain.startswith(TOKEN_PREFIX):
        return None
    row = session.execute(
        select(ApiToken).where(ApiToken.token_sha256 == _digest(plain))
    ).scalar_one_or_none()
    if row is None or row.revoked:
        return None
    row.last_used_at = utcnow()
    return row


def revoke(session: Session, actor: audit.Actor, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise ValueError("no such token")
    row.revoked = True
    row.revoked_at = utcnow()
    audit.write(session, actor, "token.revoke", "api_token", token_id)
