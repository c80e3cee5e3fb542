"""The check-in sweep with a controllable clock, the real scheduler code, a real database and a
fake Rasa HTTP API: what is sent, when, once, and never to opted-out patients."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from bot.scheduler.checkins import STALE_CLAIM_AFTER
from bot.store import checkins as checkin_store
from bot.store import db
from bot.store import patients as patient_store
from bot.store.checkins import Checkin
from tests.scheduler.conftest import SYS, enroll, utc

CHECKIN_DAYS = [1, 2, 3, 7, 14]


def statuses(url: str, patient_id: int) -> dict[str, str]:
    with db.transaction(db.get_engine(url)) as s:
        return {c.key: c.status for c in checkin_store.checkins_for(s, patient_id)}


def run_until(sched, clock, end: dt.datetime, step=dt.timedelta(hours=1)):  # type: ignore[no-untyped-def]
    """Sweep every ``step`` until ``end``; returns [(clock time, sent check-in ids)]."""
    log = []
    while clock.now() < end:
        result = sched.run_checkins()
        if result.sent:
            log.append((clock.now(), result.sent))
        clock.advance(seconds=step.total_seconds())
    return log


def test_walk_through_the_plan(sqlite_db_url, make_scheduler, fake_rasa, clock) -> None:
    pid = enroll(sqlite_db_url, "+16175550101", followup_date="2026-03-20")
    sched = make_scheduler(sqlite_db_url)

    log = run_until(sched, clock, utc(2026, 3, 21))

    # 10:00 local each time: EST (UTC-5) before 8 March, EDT (UTC-4) after.
    assert [t for t, _ in log] == [
        utc(2026, 3, 3, 15),
        utc(2026, 3, 4, 15),
        utc(2026, 3, 5, 15),
        utc(2026, 3, 9, 14),
        utc(2026, 3, 16, 14),
        utc(2026, 3, 19, 14),  # the follow-up reminder, the day before the visit
    ]
    triggers = fake_rasa.triggers()
    assert [(c, n, e.get("checkin_day"), ch) for c, n, e, ch in triggers] == [
        (str(pid), "EXTERNAL_checkin", day, "sms") for day in CHECKIN_DAYS
    ] + [(str(pid), "EXTERNAL_followup_reminder", 17, "sms")]
    assert triggers[-1][2]["followup_date"] == "2026-03-20"
    ids = [i for _, sent in log for i in sent]
    assert [e["checkin_id"] for _, _, e, _ in triggers] == ids
    # nobody answered: all sent check-ins end unanswered after the answer window
    assert statuses(sqlite_db_url, pid) == {
        **{f"day-{d}": "unanswered" for d in CHECKIN_DAYS},
        "followup-2026-03-20": "unanswered",
    }


def test_enrolled_late_and_date_changes(sqlite_db_url, make_scheduler, fake_rasa, clock) -> None:
    clock.set(utc(2026, 3, 4, 20))  # day 2 afternoon: day 1's window is long gone
    pid = enroll(sqlite_db_url, "+16175550102")
    sched = make_scheduler(sqlite_db_url)
    sched.run_checkins()
    assert fake_rasa.triggers() == [
        (str(pid), "EXTERNAL_checkin", fake_rasa.calls[0]["entities"], "sms")
    ]
    assert fake_rasa.calls[0]["entities"]["checkin_day"] == 2
    assert statuses(sqlite_db_url, pid)["day-1"] == "skipped"

    # The procedure is moved a week later: pending check-ins move, the sent one stays.
    with db.transaction(db.get_engine(sqlite_db_url), write=True) as s:
        patient_store.update(s, SYS, pid, procedure_date="2026-03-09")
    assert sched.run_checkins().scheduled == 1
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        rows = {c.key: c for c in checkin_store.checkins_for(s, pid)}
    assert rows["day-2"].status == "sent"
    assert rows["day-3"].status == "due" and rows["day-3"].local_date == dt.date(2026, 3, 12)
    assert rows["day-3"].due_at == utc(2026, 3, 12, 14)  # EDT by then


def test_restart_mid_plan_sends_nothing_twice_and_nothing_missed_in_window(
    sqlite_db_url, make_scheduler, fake_rasa, clock
) -> None:
    pid = enroll(sqlite_db_url, "+16175550103")
    first = make_scheduler(sqlite_db_url, worker="before-restart")
    run_until(first, clock, utc(2026, 3, 4, 16))  # day 1 and day 2 sent
    assert [e["checkin_day"] for _, _, e, _ in fake_rasa.triggers()] == [1, 2]

    # Down from day 2 until day 7 at 17:00 local: day 3's window closed unsent; day 7's is open.
    clock.set(utc(2026, 3, 9, 21))
    second = make_scheduler(sqlite_db_url, worker="after-restart")
    second.run_checkins()
    second.run_checkins()  # and again: still once
    run_until(second, clock, utc(2026, 3, 17))

    assert [e["checkin_day"] for _, _, e, _ in fake_rasa.triggers()] == [1, 2, 7, 14]
    assert statuses(sqlite_db_url, pid)["day-3"] == "missed"


@pytest.mark.parametrize("sweeps", [2, 4])
def test_concurrent_sweeps_send_each_checkin_once(
    app_db_url, make_scheduler, fake_rasa, clock, sweeps
) -> None:
    ids = [enroll(app_db_url, f"+1617555{1000 + i:04d}") for i in range(30)]
    make_scheduler(app_db_url).run_checkins()  # schedule everyone (nothing due yet)
    clock.set(utc(2026, 3, 3, 15, 5))
    barrier = threading.Barrier(sweeps)
    results: list = []
    errors: list = []

    def one(n: int) -> None:
        sched = make_scheduler(app_db_url, worker=f"sweep-{n}")
        try:
            barrier.wait()
            results.append(sched.run_checkins())
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(sweeps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    conversations = [c for c, _, _, _ in fake_rasa.triggers()]
    assert sorted(conversations) == sorted(str(i) for i in ids)  # each exactly once
    assert sum(len(r.sent) for r in results) == 30


def test_opted_out_patients_receive_nothing(
    sqlite_db_url, make_scheduler, fake_rasa, clock
) -> None:
    pid = enroll(sqlite_db_url, "+16175550104", followup_date="2026-03-10")
    other = enroll(sqlite_db_url, "+16175550105")
    with db.transaction(db.get_engine(sqlite_db_url), write=True) as s:
        patient_store.set_opt_out(s, SYS, pid, True)
    run_until(make_scheduler(sqlite_db_url), clock, utc(2026, 3, 17))
    assert {c for c, _, _, _ in fake_rasa.triggers()} == {str(other)}
    assert set(statuses(sqlite_db_url, pid).values()) == {"skipped"}


def test_crash_mid_send_is_recovered_from_rasas_tracker(
    sqlite_db_url, make_scheduler, fake_rasa, clock
) -> None:
    delivered = enroll(sqlite_db_url, "+16175550106")
    lost = enroll(sqlite_db_url, "+16175550107")
    sched = make_scheduler(sqlite_db_url)
    sched.run_checkins()
    clock.set(utc(2026, 3, 3, 15))
    engine = db.get_engine(sqlite_db_url)
    with db.transaction(engine) as s:
        ids = {
            c.patient_id: c.id
            for c in s.execute(select(Checkin).where(Checkin.key == "day-1")).scalars()
        }
    # A sweep claims both, delivers one, then dies before recording anything.
    with db.transaction(engine, write=True) as s:
        assert checkin_store.claim(s, ids[delivered], "dead-worker", clock.now())
        assert checkin_store.claim(s, ids[lost], "dead-worker", clock.now())
    sched.trigger.trigger(
        str(delivered), "EXTERNAL_checkin", {"checkin_id": ids[delivered], "checkin_day": 1}, "sms"
    )

    assert sched.run_checkins().sent == []  # claims are fresh: nobody else touches them
    clock.advance(seconds=STALE_CLAIM_AFTER.total_seconds() + 60)
    result = sched.run_checkins()
    assert result.recovered == 2
    assert result.sent == [ids[lost]]  # re-sent in this sweep, its window being open
    assert sorted(c for c, _, _, _ in fake_rasa.triggers()) == sorted([str(delivered), str(lost)])
    assert statuses(sqlite_db_url, delivered)["day-1"] == "sent"
    assert statuses(sqlite_db_url, lost)["day-1"] == "sent"


def test_rasa_down_retries_then_fails(sqlite_db_url, make_scheduler, fake_rasa, clock) -> None:
    pid = enroll(sqlite_db_url, "+16175550108")
    sched = make_scheduler(sqlite_db_url)
    clock.set(utc(2026, 3, 3, 15))
    fake_rasa.fail_with = 500
    assert sched.run_checkins().retried == 1
    assert statuses(sqlite_db_url, pid)["day-1"] == "due"
    sched.run_checkins()
    assert sched.run_checkins().failed == 1
    assert statuses(sqlite_db_url, pid)["day-1"] == "failed"
    fake_rasa.fail_with = None
    clock.set(utc(2026, 3, 4, 15))
    assert len(sched.run_checkins().sent) == 1  # the next day's goes out as usual


def test_quiet_hours_and_time_zone(sqlite_db_url, make_scheduler, fake_rasa, clock) -> None:
    # Honolulu (UTC-10): 10:00 local is 20:00 UTC; at 15:00 UTC it is 05:00 there: nothing.
    pid = enroll(sqlite_db_url, "+16175550109", timezone="Pacific/Honolulu")
    sched = make_scheduler(sqlite_db_url)
    clock.set(utc(2026, 3, 3, 15))
    assert sched.run_checkins().sent == []
    clock.set(utc(2026, 3, 3, 20))
    assert len(sched.run_checkins().sent) == 1
    assert fake_rasa.triggers()[0][0] == str(pid)
