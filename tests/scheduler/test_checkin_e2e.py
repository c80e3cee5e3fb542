"""End to end: the real scheduler sweep triggers a check-in on the real Rasa server (and action
server); the patient answers over REST in the same conversation; the answers land in the app
database. (The reply to the trigger goes to the SMS channel, which logs and drops it here because
the stack has no Twilio settings: the bot's side is read back from Rasa's tracker.)"""

from __future__ import annotations

from bot.scheduler.clock import ManualClock
from bot.scheduler.delivery import OnCallNotifier, RasaTrigger
from bot.scheduler.plan import load_plan
from bot.scheduler.service import Scheduler
from bot.store import checkins as checkin_store
from bot.store import db
from tests.scheduler.conftest import enroll, utc


def bot_texts(tracker: dict) -> list[str]:
    return [e.get("text") or "" for e in tracker["events"] if e.get("event") == "bot"]


def test_checkin_conversation_through_real_rasa(rasa_stack) -> None:
    url = rasa_stack.database_url
    pid = enroll(url, "+16175550501")
    plan = load_plan()
    sched = Scheduler(
        engine=db.get_engine(url),
        plan=plan,
        trigger=RasaTrigger(rasa_stack.rasa_url, rasa_stack.token),
        notifier=OnCallNotifier(),
        clock=ManualClock(utc(2026, 3, 5, 15, 5)),  # day 3, 10:05 in New York
        worker="e2e",
    )
    result = sched.run_checkins()
    assert len(result.sent) == 1 and result.failed == 0
    q = plan.questions
    assert bot_texts(rasa_stack.tracker(str(pid))) == [plan.text("intro", day=3), q["pain"].text]

    def reply(message: str) -> list[str]:
        return [m.get("text", "") for m in rasa_stack.send(str(pid), message)]

    assert reply("5") == [q["numbness"].text]
    assert reply("a little tingling in my toes") == [q["swelling"].text]
    assert reply("no") == [q["fever"].text]
    assert reply("no") == [q["incision"].text]
    assert reply("no") == [plan.text("thanks"), plan.text("call_if_worse")]

    with db.transaction(db.get_engine(url)) as s:
        answer = checkin_store.answer_for_day(s, pid, 3)
        statuses = {c.key: c.status for c in checkin_store.checkins_for(s, pid)}
    assert answer is not None
    assert (answer.pain_score, answer.numbness, answer.swelling, answer.fever, answer.incision) == (
        5,
        "yes",
        "no",
        "no",
        "no",
    )
    assert statuses["day-3"] == "answered"
    assert sched.run_checkins().sent == []  # and never twice
