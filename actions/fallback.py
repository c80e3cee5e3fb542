"""What the assistant says when it is not sure what the patient means."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_text
from bot.content import message
from bot.safety import mentions_symptoms


class ActionFallback(Action):
    """Never guess on a low-confidence message about symptoms: hand it to a nurse instead.

    The rules follow this action with the nurse offer (``utter_offer_nurse``).
    """

    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if mentions_symptoms(latest_text(tracker)):
            dispatcher.utter_message(text=message("fallback_symptom"))
        else:
            dispatcher.utter_message(text=message("fallback_general"))
        return []
