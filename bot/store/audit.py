"""The append-only audit log: who did or saw what, and when (never message text or phones)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who acts: a nurse, an API token, or the system (action server, CLI, scheduler)."""

    type: str  # nurse | token | system
    id: int | None = None
    label: str = ""

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls("system", None, label)


SYSTEM = Actor.system()


def write(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str = "",
    object_id: object = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit row in the caller's transaction (so it commits with the change it records)."""
    entry = AuditEntry(
        actor_type=actor.type,
        actor_id=actor.id,
        actor_label=actor.label[:254],
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        detail=detail or {},
    )
    session.add(entry)
    return entry


def page(
    session: Session, page_number: int = 1, per_page: int = 50, action: str | None = None
) -> tuple[list[AuditEntry], int]:
    """Newest first; returns (entries, total count)."""
    query = select(AuditEntry)
    count = select(func.count()).select_from(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
        count = count.where(AuditEntry.action == action)
    total = session.execute(count).scalar_one()
    rows = session.execute(
        query.order_by(AuditEntry.id.desc())
        .limit(per_page)
        .offset(max(page_number - 1, 0) * per_page)
    ).scalars()
    return list(rows), int(total)


def entries_for(session: Session, action: str | None = None) -> list[AuditEntry]:
    """All entries (optionally for one action), oldest first — for tests and exports."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(session.execute(query).scalars())
