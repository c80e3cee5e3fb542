"""The nurse callback form: confirm the best number and time, then put it in the nurse queue."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import channel_of, known_phone, latest_text
from bot.content import message
from bot.escalations import EscalationRequest, raise_escalation
from bot.phone import pretty, to_e164

logger = logging.getLogger(__name__)

SAME_NUMBER_WORDS = ("this number", "this one", "same", "yes", "yep", "yeah", "ok", "this phone")
MAX_WINDOW_CHARS = 120


class ActionAskCallbackNumber(Action):
    """The form's question for ``callback_number``; offers the number we already know."""

    def name(self) -> str:
        return "action_ask_callback_number"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        phone = known_phone(tracker)
        if phone:
            dispatcher.utter_message(text=message("confirm_callback_number", number=pretty(phone)))
        else:
            dispatcher.utter_message(text=message("ask_callback_number"))
        return []


class ActionAskCallbackWindow(Action):
    def name(self) -> str:
        return "action_ask_callback_window"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=message("ask_callback_window"))
        return []


class ValidateCallbackForm(FormValidationAction):
    """Requires the domain's ``callback_form`` with slots ``callback_number`` and
    ``callback_window`` (both ``from_text`` while the form asks for them)."""

    def name(self) -> str:
        return "validate_callback_form"

    def validate_callback_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        number = to_e164(text)
        phone = known_phone(tracker)
        if number is None and phone and any(w in text.lower() for w in SAME_NUMBER_WORDS):
            number = phone
        if number is None:
            dispatcher.utter_message(text=message("invalid_callback_number"))
            return {"callback_number": None}
        return {"callback_number": number}

    def validate_callback_window(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        window = " ".join(str(value or "").split())[:MAX_WINDOW_CHARS]
        return {"callback_window": window or "any time today"}


class ActionSubmitCallback(Action):
    """Queue the callback (or add the details to the red-flag escalation that started it)."""

    def name(self) -> str:
        return "action_submit_callback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        number = tracker.get_slot("callback_number")
        window = tracker.get_slot("callback_window")
        request = EscalationRequest(
            severity="routine",  # merged into an open red-flag escalation, it keeps its severity
            sender_id=tracker.sender_id,
            channel=channel_of(tracker),
            reason="Patient asked for a nurse to call",
            excerpt=latest_text(tracker),
            callback_number=number,
            callback_window=window,
            kind="callback",
        )
        try:
            raise_escalation(request)
        except Exception:
            logger.exception("could not record callback for sender %s", tracker.sender_id)
            dispatcher.utter_message(text=message("escalation_failed"))
            return [SlotSet("callback_window", None)]
        dispatcher.utter_message(
            text=message(
                "callback_confirmed",
                callback_number=pretty(number) if number else "your number",
                callback_window=window or "today",
            )
        )
        dispatcher.utter_message(text=message("callback_while_waiting"))
        # Keep the number for a later callback in this conversation; ask the time again.
        return [SlotSet("callback_window", None)]
