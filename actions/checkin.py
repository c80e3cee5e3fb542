"""The scheduled check-in conversation: one question at a time, every answer stored at once.

The scheduler starts it with ``trigger_intent EXTERNAL_checkin`` (entities ``checkin_day``,
``checkin_id``). Questions and texts come from ``bot/content/checkin.yml``; storage and trend
escalations from ``bot.scheduler.answers``. Free text is accepted at every question (the slots
are ``from_text``); the red-flag safety policy still runs on every answer before this form does.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import channel_of
from bot.scheduler.answers import parse_pain, parse_yes_no, record_answer
from bot.scheduler.plan import QUESTIONS, load_plan

logger = logging.getLogger(__name__)

FORM = "checkin_form"
SLOT_PREFIX = "checkin_"
ANSWER_SLOTS = [SLOT_PREFIX + q for q in QUESTIONS]
RETRY_SLOT = "checkin_retry"
ESCALATED_SLOT = "checkin_escalated"
SKIPPED = "(no score)"


def _entity(tracker: Tracker, name: str) -> Any:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == name:
            return entity.get("value")
    return None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def checkin_day(tracker: Tracker) -> int | None:
    return _int_or_none(tracker.get_slot("checkin_day"))


class ActionStartCheckin(Action):
    """Greets with the day's intro and clears the previous check-in's answers."""

    def name(self) -> str:
        return "action_start_checkin"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        plan = load_plan()
        day = _int_or_none(_entity(tracker, "checkin_day") or tracker.get_slot("checkin_day"))
        checkin_id = _int_or_none(_entity(tracker, "checkin_id") or tracker.get_slot("checkin_id"))
        dispatcher.utter_message(text=plan.text("intro", day=day if day is not None else "today's"))
        events: list[EventType] = [SlotSet(slot, None) for slot in ANSWER_SLOTS]
        events += [
            SlotSet("checkin_day", float(day) if day is not None else None),
            SlotSet("checkin_id", float(checkin_id) if checkin_id is not None else None),
            SlotSet(RETRY_SLOT, None),
            SlotSet(ESCALATED_SLOT, None),
        ]
        return events


class _AskQuestion(Action):
    question = ""

    def name(self) -> str:
        return f"action_ask_{SLOT_PREFIX}{self.question}"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        q = load_plan().questions[self.question]
        retry = tracker.get_slot(RETRY_SLOT) == self.question
        dispatcher.utter_message(text=q.retry if retry else q.text)
        return []


class ActionAskCheckinPain(_AskQuestion):
    question = "pain"


class ActionAskCheckinNumbness(_AskQuestion):
    question = "numbness"


class ActionAskCheckinSwelling(_AskQuestion):
    question = "swelling"


class ActionAskCheckinFever(_AskQuestion):
    question = "fever"


class ActionAskCheckinIncision(_AskQuestion):
    question = "incision"


class ValidateCheckinForm(FormValidationAction):
    """Requires the domain's ``checkin_form`` with the ``checkin_<question>`` slots (``from_text``
    while the form asks for them), ``checkin_day``, ``checkin_id``, ``checkin_retry`` and
    ``checkin_escalated``. Asks only the questions the plan lists for the day."""

    def name(self) -> str:
        return "validate_checkin_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        day = checkin_day(tracker)
        asks = load_plan().asks_on(day) if day is not None else QUESTIONS
        return [SLOT_PREFIX + q for q in asks if SLOT_PREFIX + q in domain_slots]

    def _store(self, tracker: Tracker, question: str, value: Any, text: str) -> dict[str, Any]:
        day = checkin_day(tracker)
        if day is None:
            return {}
        try:
            outcome = record_answer(
                tracker.sender_id,
                day,
                question,
                value,
                text,
                checkin_id=_int_or_none(tracker.get_slot("checkin_id")),
                channel=channel_of(tracker),
            )
        except Exception:  # the conversation goes on; the nurse sees the transcript
            logger.exception("check-in answer not stored (sender %s)", tracker.sender_id)
            return {}
        if outcome.severity:
            return {ESCALATED_SLOT: outcome.severity}
        return {}

    def validate_checkin_pain(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        score = parse_pain(text)
        if score is None and tracker.get_slot(RETRY_SLOT) != "pain":
            # Ask once more for a number; the patient's words are kept either way.
            self._store(tracker, "pain", None, text)
            return {"checkin_pain": None, RETRY_SLOT: "pain"}
        slots = self._store(tracker, "pain", score, text)
        return {
            "checkin_pain": str(score) if score is not None else SKIPPED,
            RETRY_SLOT: None,
            **slots,
        }

    def _yes_no(self, question: str, value: Any, tracker: Tracker) -> dict[str, Any]:
        text = str(value or "")
        answer = parse_yes_no(text)
        slots = self._store(tracker, question, answer, text)
        return {SLOT_PREFIX + question: answer, **slots}

    def validate_checkin_numbness(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._yes_no("numbness", value, tracker)

    def validate_checkin_swelling(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._yes_no("swelling", value, tracker)

    def validate_checkin_fever(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._yes_no("fever", value, tracker)

    def validate_checkin_incision(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._yes_no("incision", value, tracker)


class ActionSubmitCheckin(Action):
    """Thanks the patient (and says a nurse will call when an answer opened an escalation)."""

    def name(self) -> str:
        return "action_submit_checkin"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        plan = load_plan()
        escalated = tracker.get_slot(ESCALATED_SLOT)
        dispatcher.utter_message(text=plan.text("thanks_nurse" if escalated else "thanks"))
        dispatcher.utter_message(text=plan.text("call_if_worse"))
        return [SlotSet(RETRY_SLOT, None), SlotSet(ESCALATED_SLOT, None)]


class ActionFollowupReminder(Action):
    """The day-before reminder of the follow-up visit (``followup_date`` entity, ISO date)."""

    def name(self) -> str:
        return "action_followup_reminder"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        import datetime as dt

        raw = str(_entity(tracker, "followup_date") or "")
        try:
            date = dt.date.fromisoformat(raw).strftime("%A, %B %-d")
        except ValueError:
            date = "see your discharge papers"
        dispatcher.utter_message(text=load_plan().text("followup_reminder", date=date))
        return []
