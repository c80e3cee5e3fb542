"""Check-ins for nurses: a patient's check-in history with a pain trend chart (inline SVG), the
"no response" list, and urgent escalations overdue for a claim. Every page view is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, render_template
from markupsafe import Markup
from sqlalchemy import func, select

from bot.dashboard.helpers import actor, tx
from bot.scheduler.answers import answer_words, no_response_patients
from bot.scheduler.followthrough import overdue_key
from bot.scheduler.plan import QUESTIONS, load_plan
from bot.store import audit, db
from bot.store import checkins as checkin_store
from bot.store import patients as patient_store
from bot.store.checkins import Notification
from bot.store.models import Escalation, EscalationMessage

bp = Blueprint("checkins", __name__, url_prefix="/checkins")

CHART_W, CHART_H, PAD = 560, 220, 36


def pain_chart(points: list[tuple[int, int]], last_day: int) -> Markup:
    """An accessible inline SVG line chart of pain (0-10) by day since the procedure."""
    if not points:
        return Markup('<p class="muted">No pain scores yet.</p>')
    max_day = max(last_day, max(d for d, _ in points), 1)
    inner_w, inner_h = CHART_W - 2 * PAD, CHART_H - 2 * PAD

    def x(day: int) -> float:
        return round(PAD + inner_w * day / max_day, 1)

    def y(score: int) -> float:
        return round(PAD + inner_h * (10 - score) / 10, 1)

    summary = ", ".join(f"day {d}: {s}" for d, s in points)
    parts = [
        Markup(
            '<svg class="pain-chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            'xmlns="http://www.w3.org/2000/svg" aria-labelledby="pain-chart-title">'
            '<title id="pain-chart-title">Pain score by day: {summary}</title>'
        ).format(w=CHART_W, h=CHART_H, summary=summary)
    ]
    for score in (0, 5, 10):
        parts.append(
            Markup(
                '<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="#ddd"/>'
                '<text x="{tx}" y="{ty}" font-size="11" text-anchor="end" fill="#555">{s}</text>'
            ).format(x1=PAD, x2=CHART_W - PAD, y=y(score), tx=PAD - 6, ty=y(score) + 4, s=score)
        )
    ticks = sorted({d for d, _ in points} | {0, max_day})
    for day in ticks:
        parts.append(
            Markup(
                '<text x="{x}" y="{y}" font-size="11" text-anchor="middle" fill="#555">'
                "{label}</text>"
            ).format(x=x(day), y=CHART_H - PAD + 16, label=f"d{day}")
        )
    path = " ".join(f"{x(d)},{y(s)}" for d, s in points)
    parts.append(
        Markup('<polyline points="{p}" fill="none" stroke="#1f4e79" stroke-width="2"/>').format(
            p=path
        )
    )
    for day, score in points:
        color = "#b00020" if score >= 8 else "#1f4e79"
        parts.append(
            Markup(
                '<circle class="pain-point" cx="{cx}" cy="{cy}" r="4" fill="{c}" '
                'data-day="{d}" data-score="{s}"><title>Day {d}: {s}/10</title></circle>'
            ).format(cx=x(day), cy=y(score), c=color, d=day, s=score)
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _sla_minutes() -> int:
    from bot.config import get_settings

    return int(current_app.config.get("URGENT_SLA_MINUTES") or get_settings().urgent_sla_minutes)


@bp.route("/patients/<int:patient_id>")
def history(patient_id: int) -> Any:
    plan = load_plan()
    with tx(write=True) as s:
        patient = patient_store.get(s, patient_id)
        if patient is None:
            abort(404)
        checkins = checkin_store.checkins_for(s, patient_id)
        answers = checkin_store.answers_for(s, patient_id)
        audit.write(s, actor(), "checkin.history_view", "patient", patient_id)
    points = [(a.day, a.pain_score) for a in answers if a.pain_score is not None]
    last_day = max([c.day for c in checkins if c.kind == "checkin"] or [14])
    rows = [{"answer": a, "words": answer_words(a)} for a in answers]
    return render_template(
        "checkins_history.html",
        patient=patient,
        checkins=checkins,
        answers=rows,
        chart=pain_chart(points, last_day),
        questions=QUESTIONS,
        plan=plan,
    )


@bp.route("/no-response")
def no_response() -> Any:
    plan = load_plan()
    with tx(write=True) as s:
        rows = no_response_patients(s, plan.no_response_after)
        audit.write(s, actor(), "checkin.no_response_view", "patient", "", {"count": len(rows)})
    return render_template("checkins_no_response.html", rows=rows, after=plan.no_response_after)


def overdue_escalations(s: Any, now: dt.datetime, sla_minutes: int) -> list[dict[str, Any]]:
    """Open urgent escalations unclaimed for longer than the SLA (since they became urgent),
    with when the scheduler marked them overdue and re-alerted the on-call clinician."""
    urgent_since = (
        select(func.min(EscalationMessage.created_at))
        .where(
            EscalationMessage.escalation_id == Escalation.id,
            EscalationMessage.severity.in_(("urgent", "emergency")),
        )
        .scalar_subquery()
    )
    rows = s.execute(
        select(Escalation, urgent_since)
        .where(Escalation.status == "open", Escalation.severity == "urgent")
        .order_by(Escalation.created_at)
    ).all()
    marks = {
        n.escalation_id: n
        for n in s.execute(
            select(Notification).where(Notification.key.like("escalation:%:overdue"))
        ).scalars()
    }
    out = []
    for esc, since in rows:
        since = since or esc.created_at
        minutes = int((now - since).total_seconds() // 60)
        mark = marks.get(esc.id)
        if minutes >= sla_minutes or mark is not None:
            out.append(
                {"esc": esc, "minutes": minutes, "marked_at": mark.created_at if mark else None}
            )
    return out


@bp.route("/overdue")
def overdue() -> Any:
    sla = _sla_minutes()
    with tx(write=True) as s:
        rows = overdue_escalations(s, db.utcnow(), sla)
        audit.write(s, actor(), "escalation.overdue_view", "escalation", "", {"count": len(rows)})
    return render_template("checkins_overdue.html", rows=rows, sla=sla, overdue_key=overdue_key)
