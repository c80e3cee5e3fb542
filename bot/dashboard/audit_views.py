"""The audit log, for admins only."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from bot.dashboard.helpers import actor, roles_required, tx
from bot.store import audit

bp = Blueprint("audit", __name__, url_prefix="/audit")
PER_PAGE = 50


@bp.before_request
@roles_required("admin")
def _admins_only() -> None:
    return None


@bp.route("/")
def index() -> Any:
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    action = request.args.get("action", "").strip() or None
    with tx(write=True) as s:
        entries, total = audit.page(s, page, PER_PAGE, action)
        audit.write(s, actor(), "audit.view", "audit_log", "", {"page": page})
    return render_template(
        "audit.html",
        entries=entries,
        page=page,
        pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
        total=total,
        action=action or "",
    )
