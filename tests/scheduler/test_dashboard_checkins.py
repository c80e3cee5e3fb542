"""The nurse dashboard's check-in pages: history with the pain chart, no-response list, overdue
urgent escalations; each view audited."""

from __future__ import annotations

import datetime as dt
import re

from bot.escalations import EscalationRequest, raise_escalation
from bot.scheduler.answers import record_answer
from bot.store import audit, db
from tests.dashboard.conftest import app, browser, nurse, nurse_browser  # noqa: F401
from tests.scheduler.conftest import enroll, utc

__all__ = ["app", "browser", "nurse", "nurse_browser"]


def audited(url: str, action: str) -> int:
    with db.transaction(db.get_engine(url)) as s:
        return len(audit.entries_for(s, action))


def test_history_shows_answers_and_pain_chart(sqlite_db_url, nurse_browser) -> None:
    pid = enroll(sqlite_db_url, "+16175550401", name="Ada Lovelace")
    for day, score in ((1, 6), (2, 4), (3, 3)):
        record_answer(str(pid), day, "pain", score, f"{score}")
    record_answer(str(pid), 2, "numbness", "unclear", "only in the morning")

    page = nurse_browser.get(f"/checkins/patients/{pid}")
    assert page.status_code == 200
    html = page.text
    assert "Check-ins: Ada Lovelace" in html
    points = re.findall(r'class="pain-point"[^>]*data-day="(\d+)" data-score="(\d+)"', html)
    assert points == [("1", "6"), ("2", "4"), ("3", "3")]
    assert "Pain score by day: day 1: 6, day 2: 4, day 3: 3" in html
    assert "only in the morning" in html
    assert "<script" not in html.split("<main", 1)[1]  # the chart is plain SVG, CSP-safe
    assert audited(sqlite_db_url, "checkin.history_view") == 1


def test_no_response_list(sqlite_db_url, nurse_browser, make_scheduler, clock) -> None:
    silent = enroll(sqlite_db_url, "+16175550402", name="Silent Sam")
    chatty = enroll(sqlite_db_url, "+16175550403", name="Chatty Cathy")
    sched = make_scheduler(sqlite_db_url)
    while clock.now() < utc(2026, 3, 6):
        sched.run_checkins()
        if clock.now() == utc(2026, 3, 3, 16):
            record_answer(str(chatty), 1, "pain", 3, "3")  # Cathy answered day 1
        clock.advance(hours=1)
    html = nurse_browser.get("/checkins/no-response").text
    rows = re.findall(r'<tr data-patient="(\d+)">', html)
    assert rows == [str(silent)]
    assert "Silent Sam" in html and "Chatty Cathy" not in html
    assert audited(sqlite_db_url, "checkin.no_response_view") == 1


def test_overdue_urgent_escalations(sqlite_db_url, nurse_browser, make_scheduler, clock) -> None:
    late = enroll(sqlite_db_url, "+16175550404", name="Late Larry")
    fresh = enroll(sqlite_db_url, "+16175550405", name="Fresh Fran")
    ids = {}
    for pid in (late, fresh):
        ids[pid] = raise_escalation(
            EscalationRequest(
                severity="urgent", sender_id=str(pid), channel="sms", reason="Fever 101.2 F"
            )
        ).escalation_id
    # Larry's escalation is 45 minutes old
    from sqlalchemy import update

    from bot.store.models import Escalation, EscalationMessage

    old = db.utcnow() - dt.timedelta(minutes=45)
    with db.transaction(db.get_engine(sqlite_db_url), write=True) as s:
        s.execute(update(Escalation).where(Escalation.id == ids[late]).values(created_at=old))
        s.execute(
            update(EscalationMessage)
            .where(EscalationMessage.escalation_id == ids[late])
            .values(created_at=old)
        )
    html = nurse_browser.get("/checkins/overdue").text
    assert re.findall(r'<tr class="sev-urgent overdue" data-id="(\d+)">', html) == [str(ids[late])]
    assert "at the next sweep" in html

    clock.set(db.utcnow())
    assert make_scheduler(sqlite_db_url).run_alerts().overdue == [ids[late]]
    html = nurse_browser.get("/checkins/overdue").text
    assert "at the next sweep" not in html and "OVERDUE" in html
    assert audited(sqlite_db_url, "escalation.overdue_view") == 2
