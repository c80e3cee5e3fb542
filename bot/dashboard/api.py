"""JSON API for integrations: ``Authorization: Bearer <token>`` (``recovery-bot token create``).

CSRF-exempt (no cookies are used); every call is audited with the token as the actor.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, request

from bot.dashboard.helpers import tx
from bot.store import audit
from bot.store import escalations as esc_store
from bot.store import tokens as token_store
from bot.store.models import STATUSES

bp = Blueprint("api", __name__, url_prefix="/api")


def _unauthorized() -> Any:
    response = jsonify(error="unauthorized", detail="send Authorization: Bearer <token>")
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="recovery-bot"'
    return response


@bp.before_request
def _authenticate() -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _unauthorized()
    with tx(write=True) as s:
        row = token_store.verify(s, token.strip())
        if row is None:
            audit.write(
                s, audit.SYSTEM, "api.unauthorized", "api_token", "", {"path": request.path}
            )
            g.api_actor = None
        else:
            g.api_actor = audit.Actor("token", row.id, row.name)
    if g.api_actor is None:
        return _unauthorized()
    return None


@bp.route("/escalations")
def list_escalations() -> Any:
    """``?status=open`` (also ``claimed``, ``resolved``, comma-separated, or ``all``)."""
    wanted = request.args.get("status", "open")
    statuses = None if wanted == "all" else tuple(x for x in wanted.split(",") if x)
    if statuses and any(x not in STATUSES for x in statuses):
        return jsonify(error=f"status must be one of {', '.join(STATUSES)} or all"), 400
    limit = min(max(request.args.get("limit", 500, type=int) or 500, 1), 5000)
    with tx(write=True) as s:
        rows = esc_store.list_by_status(s, statuses, limit)
        audit.write(
            s,
            g.api_actor,
            "api.escalations.list",
            "escalation",
            "",
            {"status": wanted, "count": len(rows)},
        )
        return jsonify([esc_store.to_json(e) for e in rows])


@bp.route("/escalations/<int:escalation_id>")
def get_escalation(escalation_id: int) -> Any:
    with tx(write=True) as s:
        esc = esc_store.get(s, escalation_id)
        if esc is None:
            return jsonify(error="not found"), 404
        audit.write(s, g.api_actor, "api.escalations.get", "escalation", escalation_id)
        body = esc_store.to_json(esc)
        body["messages"] = [
            {
                "severity": m.severity,
                "kind": m.kind,
                "reason": m.reason,
                "excerpt": m.excerpt,
                "findings": m.findings,
                "created_at": m.created_at.isoformat(timespec="seconds") + "Z",
            }
            for m in esc.messages
        ]
        return jsonify(body)
