"""Escalation follow-through: emergencies reach the on-call clinician at once (SMS through the
real Twilio client to a fake Twilio server, and a webhook), overdue urgent ones are re-alerted and
marked overdue, each alert exactly once."""

from __future__ import annotations

import threading

from bot.escalations import EscalationRequest, raise_escalation
from bot.scheduler.delivery import OnCallNotifier
from bot.store import audit, db
from bot.store import checkins as checkin_store
from bot.store import escalations as esc_store
from bot.store import nurses as nurse_store
from tests.scheduler.conftest import ON_CALL, enroll

SYS = audit.Actor.system("test")


def escalate(pid: int, severity: str, reason: str = "test") -> int:
    return raise_escalation(
        EscalationRequest(
            severity=severity,
            sender_id=str(pid),
            channel="sms",
            reason=reason,
            excerpt="my legs are numb and I can't hold my bladder",
        )
    ).escalation_id


def notifier(webhook) -> OnCallNotifier:  # type: ignore[no-untyped-def]
    return OnCallNotifier(ON_CALL, f"{webhook.url}/hook")


def test_emergency_alerts_on_call_once(
    sqlite_db_url, make_scheduler, fake_twilio, fake_webhook, clock
) -> None:
    pid = enroll(sqlite_db_url, "+16175550201")
    sched = make_scheduler(sqlite_db_url, notifier(fake_webhook))
    esc_id = escalate(pid, "emergency")
    clock.set(db.utcnow())

    result = sched.run_alerts()
    for _ in range(3):
        assert sched.run_alerts().sent == []

    assert sorted(result.sent) == [
        f"escalation:{esc_id}:emergency:sms",
        f"escalation:{esc_id}:emergency:webhook",
    ]
    assert fake_twilio.sent() == [
        (
            ON_CALL,
            f"Recovery assistant: EMERGENCY escalation #{esc_id} (patient #{pid}). "
            f"Open the nurse dashboard now. http://dash.example/escalations/{esc_id}",
        )
    ]
    assert len(fake_webhook.posts) == 1
    post = fake_webhook.posts[0]
    assert post["event"] == "escalation.emergency" and post["escalation_id"] == esc_id
    assert "bladder" not in str(post)  # no message text leaves the system
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        actions = [e.action for e in audit.entries_for(s) if e.action.startswith("oncall")]
    assert actions == ["oncall.alert", "oncall.alert"]


def test_two_sweeps_at_once_alert_once(
    app_db_url, make_scheduler, fake_twilio, fake_webhook, clock
) -> None:
    pids = [enroll(app_db_url, f"+1617555030{i}") for i in range(5)]
    for pid in pids:
        escalate(pid, "emergency")
    clock.set(db.utcnow())
    barrier = threading.Barrier(3)

    def one(n: int) -> None:
        sched = make_scheduler(app_db_url, notifier(fake_webhook), worker=f"w{n}")
        barrier.wait()
        sched.run_alerts()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(fake_twilio.sent()) == 5
    assert len(fake_webhook.posts) == 5
    assert len({p["escalation_id"] for p in fake_webhook.posts}) == 5


def test_urgent_unclaimed_past_sla_is_realerted_once_and_overdue(
    sqlite_db_url, make_scheduler, fake_twilio, fake_webhook, clock
) -> None:
    late = enroll(sqlite_db_url, "+16175550211")
    claimed = enroll(sqlite_db_url, "+16175550212")
    late_id = escalate(late, "urgent")
    claimed_id = escalate(claimed, "urgent")
    engine = db.get_engine(sqlite_db_url)
    with db.transaction(engine, write=True) as s:
        nurse = nurse_store.add(s, SYS, email="n@example.org", name="N", password="pw-123456789")
        esc_store.claim(s, SYS, claimed_id, nurse.id)
    sched = make_scheduler(sqlite_db_url, notifier(fake_webhook))

    clock.set(db.utcnow() + __import__("datetime").timedelta(minutes=29))
    assert sched.run_alerts().sent == []
    clock.advance(minutes=2)
    result = sched.run_alerts()
    assert result.overdue == [late_id]
    clock.advance(minutes=30)
    assert sched.run_alerts().sent == [] and sched.run_alerts().overdue == []

    assert fake_twilio.sent() == [
        (
            ON_CALL,
            f"Recovery assistant: URGENT escalation #{late_id} (patient #{late}) unclaimed "
            f"for 31 min. Please claim it in the nurse dashboard. "
            f"http://dash.example/escalations/{late_id}",
        )
    ]
    assert [p["event"] for p in fake_webhook.posts] == ["escalation.overdue"]
    with db.transaction(engine) as s:
        keys = checkin_store.notification_keys(s, "escalation:")
    assert keys == {
        f"escalation:{late_id}:overdue",
        f"escalation:{late_id}:overdue:sms",
        f"escalation:{late_id}:overdue:webhook",
    }


def test_failed_webhook_is_retried_until_it_gets_through(
    sqlite_db_url, make_scheduler, fake_twilio, fake_webhook, clock
) -> None:
    pid = enroll(sqlite_db_url, "+16175550221")
    escalate(pid, "emergency")
    clock.set(db.utcnow())
    sched = make_scheduler(sqlite_db_url, notifier(fake_webhook))
    fake_webhook.status = 503
    first = sched.run_alerts()
    assert len(first.failed) == 1 and len(fake_twilio.sent()) == 1
    fake_webhook.status = 200
    second = sched.run_alerts()
    assert len(second.sent) == 1
    assert sched.run_alerts().sent == []
    assert len(fake_webhook.posts) == 2 and len(fake_twilio.sent()) == 1
