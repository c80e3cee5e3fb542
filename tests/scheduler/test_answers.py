"""Check-in answers: parsing, storage per patient per day, trend escalations, the no-response
list, and the check-in form's actions (as the action server runs them)."""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.checkin import (
    ActionAskCheckinPain,
    ActionFollowupReminder,
    ActionStartCheckin,
    ActionSubmitCheckin,
    ValidateCheckinForm,
)
from bot.scheduler.answers import no_response_patients, parse_pain, parse_yes_no, record_answer
from bot.scheduler.plan import load_plan
from bot.store import checkins as checkin_store
from bot.store import db
from bot.store.models import Escalation
from tests.conftest import make_tracker, texts
from tests.scheduler.conftest import enroll, utc


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("4", 4),
        ("7/10", 7),
        ("about a 6 today", 6),
        ("seven", 7),
        ("0", 0),
        ("10", 10),
        ("it hurts", None),
        ("between 4 and 6", None),
        ("15", None),
    ],
)
def test_parse_pain(text: str, score: int | None) -> None:
    assert parse_pain(text) == score


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes", "yes"),
        ("Yeah a bit", "yes"),
        ("no", "no"),
        ("nope, all good", "no"),
        ("no swelling", "no"),
        ("hard to say, it's sore", "unclear"),
    ],
)
def test_parse_yes_no(text: str, answer: str) -> None:
    assert parse_yes_no(text) == answer


def escalations(url: str) -> list[tuple[str, str, str]]:
    from sqlalchemy import select

    with db.transaction(db.get_engine(url)) as s:
        return [(e.severity, e.kind, e.reason) for e in s.execute(select(Escalation)).scalars()]


def test_answers_are_stored_per_day_and_trends_escalate_once(sqlite_db_url) -> None:
    pid = enroll(sqlite_db_url, "+16175550301")
    sid = str(pid)
    assert record_answer(sid, 1, "pain", 2, "2").escalations == []
    assert record_answer(sid, 1, "numbness", "yes", "a little in my toes").stored
    assert record_answer(sid, 2, "pain", 3, "3").escalations == []
    # day 3: 6 is 4 points above day 1's 2 (within the last two check-ins): urgent
    outcome = record_answer(sid, 3, "pain", 6, "about a 6")
    assert outcome.severity == "urgent" and len(outcome.escalations) == 1
    # the same answer again (edited) does not open a second alert for the day
    assert record_answer(sid, 3, "pain", 6, "6").escalations == []

    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        rows = checkin_store.answers_for(s, pid)
    assert [(a.day, a.pain_score, a.numbness) for a in rows] == [
        (1, 2, "yes"),
        (2, 3, None),
        (3, 6, None),
    ]
    assert json.loads(rows[0].free_text) == {"pain": "2", "numbness": "a little in my toes"}
    assert escalations(sqlite_db_url) == [
        ("urgent", "checkin", "Check-in: pain up from 2/10 (day 1) to 6/10 (day 3)")
    ]


def test_no_improvement_by_day_7_and_yes_answers(sqlite_db_url) -> None:
    pid = enroll(sqlite_db_url, "+16175550302")
    sid = str(pid)
    record_answer(sid, 1, "pain", 5, "5")
    record_answer(sid, 3, "pain", 4, "4")
    outcome = record_answer(sid, 7, "pain", 5, "5")
    assert outcome.severity == "routine"
    assert escalations(sqlite_db_url) == [
        ("routine", "checkin", "Check-in: no improvement by day 7 (pain 5/10 on day 1, 5/10 now)")
    ]
    fever = record_answer(sid, 7, "fever", "yes", "yes, chills last night")
    assert fever.severity == "urgent"  # merged into the patient's open escalation, raised
    assert escalations(sqlite_db_url)[0][0] == "urgent"
    assert record_answer(sid, 14, "pain", 5, "5").escalations == []  # day 7 rule fires once


def test_unknown_sender_is_not_stored(sqlite_db_url) -> None:
    assert not record_answer("patient-1", 1, "pain", 3, "3").stored
    assert not record_answer("999", 1, "pain", 3, "3").stored


def test_no_response_list(sqlite_db_url, make_scheduler, clock) -> None:
    quiet = enroll(sqlite_db_url, "+16175550303")
    chatty = enroll(sqlite_db_url, "+16175550304")
    sched = make_scheduler(sqlite_db_url)
    while clock.now() < utc(2026, 3, 6):
        sched.run_checkins()
        if clock.now() == utc(2026, 3, 4, 16):
            record_answer(str(chatty), 2, "pain", 3, "3")
        clock.advance(hours=1)
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        listed = [(p.id, last) for p, last in no_response_patients(s, 2)]
        statuses = {c.key: c.status for c in checkin_store.checkins_for(s, chatty)}
    assert listed == [(quiet, utc(2026, 3, 4, 15))]  # day 1 and day 2 unanswered
    assert statuses["day-2"] == "answered"


# --- the form's actions ------------------------------------------------------------------------


def run(action, tracker, domain=None):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, domain or {})
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return dispatcher, result


def test_start_and_questions_come_from_the_plan() -> None:
    plan = load_plan()
    tracker = make_tracker(
        "",
        intent="EXTERNAL_checkin",
        with_triage=False,
        entities=[{"entity": "checkin_day", "value": 3}, {"entity": "checkin_id", "value": 17}],
    )
    dispatcher, events = run(ActionStartCheckin(), tracker)
    assert texts(dispatcher) == [plan.text("intro", day=3)]
    slots = {e["name"]: e["value"] for e in events}
    assert slots["checkin_day"] == 3.0 and slots["checkin_id"] == 17.0
    assert slots["checkin_pain"] is None

    dispatcher, _ = run(ActionAskCheckinPain(), make_tracker("", slots={"checkin_retry": None}))
    assert texts(dispatcher) == [plan.questions["pain"].text]
    dispatcher, _ = run(ActionAskCheckinPain(), make_tracker("", slots={"checkin_retry": "pain"}))
    assert texts(dispatcher) == [plan.questions["pain"].retry]


def test_form_asks_only_the_days_questions() -> None:
    form = ValidateCheckinForm()
    domain_slots = [f"checkin_{q}" for q in ("pain", "numbness", "swelling", "fever", "incision")]
    tracker = make_tracker("", slots={"checkin_day": 14.0})
    asked = asyncio.run(form.required_slots(domain_slots, CollectingDispatcher(), tracker, {}))
    assert asked == ["checkin_pain", "checkin_numbness", "checkin_fever", "checkin_incision"]


def test_form_validation_stores_answers_and_retries_pain_once(sqlite_db_url) -> None:
    pid = enroll(sqlite_db_url, "+16175550305")
    form = ValidateCheckinForm()
    slots = {"checkin_day": 2.0, "checkin_id": None, "checkin_retry": None}
    tracker = make_tracker("it hurts", sender_id=str(pid), slots=slots)
    first = form.validate_checkin_pain("it hurts", CollectingDispatcher(), tracker, {})
    assert first == {"checkin_pain": None, "checkin_retry": "pain"}
    tracker = make_tracker(
        "still sore", sender_id=str(pid), slots={**slots, "checkin_retry": "pain"}
    )
    second = form.validate_checkin_pain("still sore", CollectingDispatcher(), tracker, {})
    assert second["checkin_pain"] == "(no score)" and second["checkin_retry"] is None
    fever = form.validate_checkin_fever("yes since last night", CollectingDispatcher(), tracker, {})
    assert fever == {"checkin_fever": "yes", "checkin_escalated": "urgent"}
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        answer = checkin_store.answer_for_day(s, pid, 2)
    assert answer is not None
    assert (answer.pain_score, answer.fever) == (None, "yes")
    assert json.loads(answer.free_text)["pain"] == "still sore"

    dispatcher, _ = run(
        ActionSubmitCheckin(), make_tracker("", slots={"checkin_escalated": "urgent"})
    )
    plan = load_plan()
    assert texts(dispatcher) == [plan.text("thanks_nurse"), plan.text("call_if_worse")]


def test_followup_reminder_text() -> None:
    tracker = make_tracker(
        "",
        intent="EXTERNAL_followup_reminder",
        with_triage=False,
        entities=[{"entity": "followup_date", "value": "2026-03-20"}],
    )
    dispatcher, _ = run(ActionFollowupReminder(), tracker)
    assert texts(dispatcher) == [load_plan().text("followup_reminder", date="Friday, March 20")]
