"""The escalation queue: live list, detail with transcript, claim / note / resolve, history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from bot.dashboard import transcript
from bot.dashboard.helpers import actor, plain_reason, tx, who
from bot.store import audit
from bot.store import escalations as esc_store
from bot.store import patients as patient_store
from bot.store.models import OUTCOMES, SEVERITIES

bp = Blueprint("queue", __name__)


def _summary(rows: list[Any]) -> dict[str, Any]:
    emergencies = sum(1 for e in rows if e.severity == "emergency")
    return {"count": len(rows), "emergencies": emergencies}


@bp.route("/")
def index() -> Any:
    # Render outside the transaction: on SQLite a write transaction holds the database's write
    # lock, which the action server needs to record the next red flag.
    with tx(write=True) as s:
        rows = esc_store.open_queue(s)
        audit.write(s, actor(), "queue.view", "escalation", "", {"count": len(rows)})
    return render_template(
        "queue.html",
        rows=rows,
        summary=_summary(rows),
        poll_seconds=current_app.config["QUEUE_POLL_SECONDS"],
    )


@bp.route("/queue.json")
def queue_json() -> Any:
    """What the page polls: counts, items for announcements, and the rendered rows.

    Not audited per poll (it would flood the log every few seconds); the page load is.
    """
    with tx() as s:
        rows = esc_store.open_queue(s)
        items = [
            {
                "id": e.id,
                "severity": e.severity,
                "status": e.status,
                "who": who(e),
                "reason": plain_reason(e),
            }
            for e in rows
        ]
        rows_html = render_template("_queue_rows.html", rows=rows)
    return jsonify(**_summary(rows), items=items, rows_html=rows_html)


def _load_or_404(s: Any, escalation_id: int) -> Any:
    esc = esc_store.get(s, escalation_id)
    if esc is None:
        abort(404)
    return esc


@bp.route("/escalations/<int:escalation_id>")
def detail(escalation_id: int) -> Any:
    with tx(write=True) as s:
        esc = _load_or_404(s, escalation_id)
        audit.write(
            s, actor(), "escalation.view", "escalation", esc.id, {"patient_id": esc.patient_id}
        )
    # Rasa is asked outside any database transaction (it may be slow or down).
    excerpts = [m.excerpt for m in esc.messages] or [esc.excerpt]
    lines: list[transcript.TranscriptLine] | None
    try:
        lines = transcript.fetch(
            current_app.config["RASA_URL"],
            current_app.config["RASA_TOKEN"],
            esc.sender_id,
            excerpts,
            timeout=float(current_app.config["TRANSCRIPT_TIMEOUT_SECONDS"]),
        )
    except transcript.TranscriptUnavailable:
        lines = None
    return render_template("escalation.html", esc=esc, transcript=lines, outcomes=OUTCOMES)


def _back(escalation_id: int) -> Any:
    target = request.form.get("next") or ""
    if target == "queue":
        return redirect(url_for("queue.index"))
    return redirect(url_for("queue.detail", escalation_id=escalation_id))


@bp.route("/escalations/<int:escalation_id>/claim", methods=["POST"])
def claim(escalation_id: int) -> Any:
    try:
        with tx(write=True) as s:
            esc_store.claim(s, actor(), escalation_id, int(current_user.id))
        flash("Claimed. It is yours to call back.", "ok")
    except esc_store.EscalationError as exc:
        flash(str(exc), "error")
    return _back(escalation_id)


@bp.route("/escalations/<int:escalation_id>/note", methods=["POST"])
def note(escalation_id: int) -> Any:
    try:
        with tx(write=True) as s:
            esc_store.add_note(
                s, actor(), escalation_id, int(current_user.id), request.form.get("text", "")
            )
        flash("Note added.", "ok")
    except esc_store.EscalationError as exc:
        flash(str(exc), "error")
    return _back(escalation_id)


@bp.route("/escalations/<int:escalation_id>/resolve", methods=["POST"])
def resolve(escalation_id: int) -> Any:
    try:
        with tx(write=True) as s:
            esc_store.resolve(
                s,
                actor(),
                escalation_id,
                int(current_user.id),
                request.form.get("outcome", ""),
                request.form.get("note", ""),
            )
        flash("Resolved.", "ok")
        return redirect(url_for("queue.index"))
    except esc_store.EscalationError as exc:
        flash(str(exc), "error")
    return _back(escalation_id)


def _date_arg(name: str) -> dt.date | None:
    value = request.args.get(name, "")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/history")
def history() -> Any:
    patient_arg = request.args.get("patient", "")
    filters = esc_store.HistoryFilter(
        severity=request.args.get("severity", ""),
        outcome=request.args.get("outcome", ""),
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
        patient_id=int(patient_arg) if patient_arg.isdigit() else None,
        page=max(request.args.get("page", 1, type=int) or 1, 1),
    )
    with tx(write=True) as s:
        rows, total = esc_store.resolved_history(s, filters)
        patients = [p for p, _ in patient_store.list_with_open_counts(s)]
        names = esc_store.nurse_names(s)
        audit.write(
            s,
            actor(),
            "escalation.history_view",
            "escalation",
            "",
            {"filters": {k: v for k, v in request.args.items() if k != "page"}, "rows": len(rows)},
        )
    return render_template(
        "history.html",
        rows=rows,
        total=total,
        filters=filters,
        args=request.args,
        patients=patients,
        names=names,
        severities=SEVERITIES,
        outcomes=OUTCOMES,
        pages=max((total + filters.per_page - 1) // filters.per_page, 1),
    )
