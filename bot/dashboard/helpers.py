"""Shared bits of the dashboard: sessions, the current actor, roles, template filters."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import Flask, abort, current_app
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import Session

from bot.phone import mask_phone
from bot.store import audit, db
from bot.store.models import OUTCOMES, Escalation

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def tx(write: bool = False) -> Iterator[Session]:
    """One short transaction on the app database."""
    with db.transaction(current_app.extensions["store_engine"], write=write) as session:
        yield session


def actor() -> audit.Actor:
    """The logged-in nurse as an audit actor."""
    return audit.Actor("nurse", int(current_user.id), current_user.email)


def roles_required(*roles: str) -> Callable[[F], F]:
    """403 unless the logged-in nurse has one of ``roles`` (login is checked app-wide)."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated or current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def highlight(excerpt: str, findings: list[dict[str, Any]] | None) -> Markup:
    """The excerpt, HTML-escaped, with each finding's [start, end) span in a <mark>.

    Negated findings ("no fever") are marked differently: they did not trigger the escalation.
    """
    text = excerpt or ""
    spans: list[tuple[int, int, dict[str, Any]]] = []
    for finding in findings or []:
        try:
            start, end = int(finding.get("start", -1)), int(finding.get("end", -1))
        except (TypeError, ValueError):
            continue
        start, end = max(start, 0), min(end, len(text))
        if end > start:
            spans.append((start, end, finding))
    spans.sort(key=lambda s: (s[0], -s[1]))
    out = Markup("")  # adding plain str to Markup escapes it
    pos = 0
    for start, end, finding in spans:
        if start < pos:
            continue  # overlapping spans: keep the first
        out += text[pos:start]
        negated = bool(finding.get("negated"))
        label = finding.get("label") or finding.get("id") or "red flag"
        level = str(finding.get("level", "")).lower() or "any"
        css = "flag-negated" if negated else f"flag flag-{level}"
        title = f"{'negated: ' if negated else ''}{label}"
        out += Markup('<mark class="{}" title="{}">{}</mark>').format(css, title, text[start:end])
        pos = end
    out += text[pos:]
    return out


def waiting(since: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """'just now', '12 min', '2 h 05 min', '3 d 4 h'."""
    if since is None:
        return ""
    seconds = int(((now or db.utcnow()) - since).total_seconds())
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def iso(value: dt.datetime | None) -> str:
    return value.isoformat(timespec="seconds") + "Z" if value else ""


def timestamp(value: dt.datetime | None) -> Markup:
    """A <time> element in UTC that the page script rewrites in the nurse's local time."""
    if value is None:
        return Markup("")
    return Markup('<time datetime="{}">{} UTC</time>').format(iso(value), f"{value:%Y-%m-%d %H:%M}")


def who(esc: Escalation) -> str:
    """The patient's name, or 'Unknown sender (sms)'."""
    if esc.patient is not None:
        return str(esc.patient.name)
    return f"Unknown sender ({esc.channel or 'unknown channel'})"


def days_since(esc: Escalation) -> str:
    if esc.patient is None:
        return "—"
    days = esc.patient.days_since_procedure()
    return f"day {days}" if days >= 0 else f"in {-days} d"


def plain_reason(esc: Any) -> str:
    """The reason the triage gave, or the finding labels when it gave none."""
    if esc.reason:
        return str(esc.reason)
    labels = [
        str(f.get("label") or f.get("id")) for f in esc.findings or [] if not f.get("negated")
    ]
    return ", ".join(dict.fromkeys(labels)) or "Needs a call back"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        highlight=highlight, waiting=waiting, timestamp=timestamp, iso=iso, mask_phone=mask_phone
    )
    app.jinja_env.globals.update(
        who=who, days_since=days_since, plain_reason=plain_reason, OUTCOMES=OUTCOMES
    )
