"""The escalation store on real databases: lifecycle, merge, unknown senders, races, queue."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.escalations import EscalationRequest, raise_escalation
from bot.store import audit, db
from bot.store import escalations as esc_store
from bot.store import nurses as nurse_store
from bot.store import patients as patient_store
from bot.store.models import AuditEntry, Escalation, EscalationMessage

REPO = Path(__file__).resolve().parents[2]
SYS = audit.Actor.system("test")


def _patient(url: str, name: str = "Ada Lovelace", phone: str = "555-201-0001") -> int:
    with db.transaction(db.get_engine(url), write=True) as s:
        return patient_store.enroll(
            s, SYS, name=name, phone=phone, procedure_date=dt.date.today() - dt.timedelta(days=3)
        ).id


def _nurse(url: str, email: str = "nurse@example.org", role: str = "nurse") -> int:
    with db.transaction(db.get_engine(url), write=True) as s:
        return nurse_store.add(
            s, SYS, email=email, name=email.split("@")[0].title(), password="x" * 12, role=role
        ).id


def _req(severity: str, sender: str, **kw) -> EscalationRequest:
    kw.setdefault("channel", "sms")
    kw.setdefault("reason", f"{severity} symptom")
    return EscalationRequest(severity=severity, sender_id=sender, **kw)


def test_lifecycle_open_claimed_resolved(app_db_url: str) -> None:
    pid = _patient(app_db_url)
    nurse_a = _nurse(app_db_url, "a@example.org")
    nurse_b = _nurse(app_db_url, "b@example.org")
    result = raise_escalation(
        _req(
            "urgent",
            str(pid),
            reason="Fever 101.2 F",
            excerpt="I have a fever of 101.2",
            findings=[{"id": "fever", "level": "urgent", "start": 9, "end": 23}],
        )
    )
    assert result.created and result.severity == "urgent"
    engine = db.get_engine(app_db_url)
    actor_a = audit.Actor("nurse", nurse_a, "a")

    with db.transaction(engine) as s:
        esc = esc_store.get(s, result.escalation_id)
        assert esc is not None
        assert (esc.status, esc.patient_id, esc.channel) == ("open", pid, "sms")
        assert esc.findings[0]["id"] == "fever"
        assert [m.excerpt for m in esc.messages] == ["I have a fever of 101.2"]

    with db.transaction(engine, write=True) as s:
        esc_store.claim(s, actor_a, result.escalation_id, nurse_a)
    with (
        pytest.raises(esc_store.EscalationError, match="Already claimed by A"),
        db.transaction(engine, write=True) as s,
    ):
        esc_store.claim(s, audit.Actor("nurse", nurse_b, "b"), result.escalation_id, nurse_b)
    with db.transaction(engine, write=True) as s:
        esc_store.add_note(s, actor_a, result.escalation_id, nurse_a, "Left voicemail")
    with (
        pytest.raises(esc_store.EscalationError, match="Outcome"),
        db.transaction(engine, write=True) as s,
    ):
        esc_store.resolve(s, actor_a, result.escalation_id, nurse_a, "vanished")
    with db.transaction(engine, write=True) as s:
        esc_store.resolve(s, actor_a, result.escalation_id, nurse_a, "called_back", "All fine")
    with (
        pytest.raises(esc_store.EscalationError, match="already resolved"),
        db.transaction(engine, write=True) as s,
    ):
        esc_store.resolve(s, actor_a, result.escalation_id, nurse_a, "advised")

    with db.transaction(engine) as s:
        esc = esc_store.get(s, result.escalation_id)
        assert esc is not None
        assert (esc.status, esc.outcome, esc.claimed_by, esc.resolved_by) == (
            "resolved",
            "called_back",
            nurse_a,
            nurse_a,
        )
        assert esc.claimed_at <= esc.resolved_at
        assert [n.text for n in esc.notes] == ["Left voicemail", "All fine"]
        actions = [e.action for e in audit.entries_for(s)]
    assert actions[-5:] == [
        "escalation.open",
        "escalation.claim",
        "escalation.note",
        "escalation.resolve",
        "escalation.note",
    ]

    # After resolution a new red flag opens a new escalation.
    again = raise_escalation(_req("routine", str(pid)))
    assert again.created and again.escalation_id != result.escalation_id


def test_resolve_straight_from_open_records_the_resolver_as_claimer(app_db_url: str) -> None:
    nurse = _nurse(app_db_url)
    result = raise_escalation(_req("routine", "web-123", channel="webchat"))
    with db.transaction(db.get_engine(app_db_url), write=True) as s:
        esc_store.resolve(s, audit.Actor("nurse", nurse), result.escalation_id, nurse, "no_answer")
    with db.transaction(db.get_engine(app_db_url)) as s:
        esc = s.get(Escalation, result.escalation_id)
        assert (esc.status, esc.claimed_by) == ("resolved", nurse)


def test_second_message_merges_and_raises_severity(app_db_url: str) -> None:
    pid = _patient(app_db_url)
    first = raise_escalation(
        _req("routine", str(pid), reason="Mild soreness", excerpt="a bit sore")
    )
    second = raise_escalation(
        _req(
            "emergency",
            str(pid),
            reason="New leg weakness",
            excerpt="my legs are numb",
            findings=[{"id": "numb", "start": 12, "end": 16}],
            callback_number="(555) 201-0099",
            callback_window="now",
        )
    )
    third = raise_escalation(_req("urgent", str(pid), reason="Fever", excerpt="fever too"))
    assert not second.created and not third.created
    assert first.escalation_id == second.escalation_id == third.escalation_id
    assert (second.severity, third.severity) == ("emergency", "emergency")  # never lowered

    with db.transaction(db.get_engine(app_db_url)) as s:
        esc = esc_store.get(s, first.escalation_id)
        assert esc is not None
        assert esc.severity == "emergency"
        # the queue shows the most severe message
        assert (esc.reason, esc.excerpt) == ("New leg weakness", "my legs are numb")
        assert esc.message_count == 3
        assert [m.severity for m in esc.messages] == ["routine", "emergency", "urgent"]
        assert (esc.callback_number, esc.callback_window) == ("+15552010099", "now")
        count = s.execute(select(func.count()).select_from(Escalation)).scalar_one()
        assert count == 1
        merges = audit.entries_for(s, "escalation.merge")
        assert [m.detail["raised"] for m in merges] == [True, False]


def test_unknown_sender_keeps_sender_and_channel(app_db_url: str) -> None:
    _patient(app_db_url)  # enrolled patients do not capture strangers
    result = raise_escalation(
        _req(
            "urgent", "+15550001111", channel="sms", callback_number="555 201 1111", kind="callback"
        )
    )
    other = raise_escalation(_req("urgent", "999999", channel="webchat"))  # no such patient id
    with db.transaction(db.get_engine(app_db_url)) as s:
        esc = s.get(Escalation, result.escalation_id)
        assert (esc.patient_id, esc.sender_id, esc.channel, esc.kind) == (
            None,
            "+15550001111",
            "sms",
            "callback",
        )
        assert esc.callback_number == "+15552011111"
        assert s.get(Escalation, other.escalation_id).patient_id is None


def test_excerpt_is_truncated_and_findings_kept_as_plain_data(app_db_url: str) -> None:
    result = raise_escalation(
        _req(
            "routine",
            "long",
            excerpt="x" * 5000,
            findings=[{"id": "a", "start": 0, "end": 1, "when": dt.date(2025, 1, 2)}],
        )
    )
    with db.transaction(db.get_engine(app_db_url)) as s:
        esc = s.get(Escalation, result.escalation_id)
        assert len(esc.excerpt) == esc_store.MAX_EXCERPT
        assert esc.findings == [{"id": "a", "start": 0, "end": 1, "when": "2025-01-02"}]


def test_concurrent_workers_never_duplicate(app_db_url: str) -> None:
    """Eight threads (own connections) report the same sender at the same instant."""
    severities = [
        "routine",
        "urgent",
        "routine",
        "emergency",
        "urgent",
        "routine",
        "urgent",
        "routine",
    ]
    barrier = threading.Barrier(len(severities))
    results: list[object] = []
    errors: list[BaseException] = []

    def worker(severity: str) -> None:
        try:
            barrier.wait()
            results.append(raise_escalation(_req(severity, "race-1")))
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(sev,)) for sev in severities]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sum(1 for r in results if r.created) == 1  # type: ignore[attr-defined]
    with db.transaction(db.get_engine(app_db_url)) as s:
        rows = list(s.execute(select(Escalation).where(Escalation.sender_id == "race-1")).scalars())
        assert len(rows) == 1
        assert rows[0].severity == "emergency"
        assert rows[0].message_count == len(severities)
        n_messages = s.execute(
            select(func.count())
            .select_from(EscalationMessage)
            .where(EscalationMessage.escalation_id == rows[0].id)
        ).scalar_one()
        assert n_messages == len(severities)


WORKER = """
import sys, time
from bot.escalations import EscalationRequest
from bot.store.escalations import record
url, start, severity = sys.argv[1], float(sys.argv[2]), sys.argv[3]
time.sleep(max(0.0, start - time.time()))
for i in range(10):
    record(EscalationRequest(severity=severity, sender_id=f"proc-{i}", channel="sms",
                             reason="r"), url=url)
"""


def test_two_processes_at_once(app_db_url: str) -> None:
    """Two action-server processes report the same ten senders at the same moments."""
    start = time.time() + 2.0
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, app_db_url, str(start), sev], cwd=REPO)
        for sev in ("urgent", "emergency")
    ]
    assert [p.wait(90) for p in procs] == [0, 0]
    with db.transaction(db.get_engine(app_db_url)) as s:
        rows = list(s.execute(select(Escalation).order_by(Escalation.sender_id)).scalars())
    assert len(rows) == 10
    assert {r.severity for r in rows} == {"emergency"}
    assert {r.message_count for r in rows} == {2}


def test_queue_order_emergency_first_then_oldest(app_db_url: str) -> None:
    ids = {}
    for sender, severity in [
        ("a", "routine"),
        ("b", "emergency"),
        ("c", "urgent"),
        ("d", "emergency"),
        ("e", "routine"),
    ]:
        ids[sender] = raise_escalation(_req(severity, sender)).escalation_id
    nurse = _nurse(app_db_url)
    engine = db.get_engine(app_db_url)
    with db.transaction(engine, write=True) as s:
        esc_store.claim(s, audit.Actor("nurse", nurse), ids["c"], nurse)  # claimed stays listed
        esc_store.resolve(s, audit.Actor("nurse", nurse), ids["e"], nurse, "advised")
    with db.transaction(engine) as s:
        order = [e.sender_id for e in esc_store.open_queue(s)]
    assert order == ["b", "d", "c", "a"]


def test_resolved_history_filters(app_db_url: str) -> None:
    pid = _patient(app_db_url)
    nurse = _nurse(app_db_url)
    engine = db.get_engine(app_db_url)
    made = [
        raise_escalation(_req("emergency", str(pid))).escalation_id,
    ]
    with db.transaction(engine, write=True) as s:
        esc_store.resolve(s, audit.Actor("nurse", nurse), made[0], nurse, "sent_to_er")
    made.append(raise_escalation(_req("routine", "stranger")).escalation_id)
    with db.transaction(engine, write=True) as s:
        esc_store.resolve(s, audit.Actor("nurse", nurse), made[1], nurse, "advised")
    raise_escalation(_req("urgent", "still-open"))
    today = db.utcnow().date()
    with db.transaction(engine) as s:

        def ids(**kw) -> list[int]:
            rows, total = esc_store.resolved_history(s, esc_store.HistoryFilter(**kw))
            assert total == len(rows)
            return sorted(e.id for e in rows)

        assert ids() == sorted(made)
        assert ids(severity="emergency") == [made[0]]
        assert ids(outcome="advised") == [made[1]]
        assert ids(patient_id=pid) == [made[0]]
        assert ids(date_from=today, date_to=today) == sorted(made)
        assert ids(date_from=today + dt.timedelta(days=1)) == []


def test_audit_log_is_append_only(app_db_url: str) -> None:
    raise_escalation(_req("routine", "someone"))
    engine = db.get_engine(app_db_url)
    with pytest.raises(Exception, match="append-only"), db.transaction(engine, write=True) as s:
        entry = s.execute(select(AuditEntry)).scalars().first()
        entry.action = "tampered"
        s.flush()
    with pytest.raises(Exception, match="append-only"), db.transaction(engine, write=True) as s:
        s.delete(s.execute(select(AuditEntry)).scalars().first())
        s.flush()
    with db.transaction(engine) as s:
        assert [e.action for e in audit.entries_for(s)] == ["escalation.open"]


def test_audit_details_never_hold_message_text(app_db_url: str) -> None:
    raise_escalation(
        _req("urgent", "x", excerpt="SECRET-SYMPTOM-TEXT", callback_number="5552010123")
    )
    raise_escalation(_req("urgent", "x", excerpt="SECRET-SYMPTOM-TEXT-2"))
    with db.transaction(db.get_engine(app_db_url)) as s:
        dumped = repr([e.detail for e in audit.entries_for(s)])
    assert "SECRET" not in dumped and "5552010123" not in dumped


def test_logs_hold_neither_message_text_nor_phone_numbers(app_db_url: str, caplog) -> None:
    import logging

    caplog.set_level(logging.INFO)
    raise_escalation(
        _req("urgent", "+15552019876", excerpt="SECRET-TEXT", callback_number="555-201-9876")
    )
    raise_escalation(_req("emergency", "+15552019876", excerpt="SECRET-TEXT-2"))
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert "escalation" in logged
    assert "SECRET" not in logged and "9876" not in logged
