"""Answer activity questions (driving, showering, lifting ...)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import content
from bot.content import message


class ActionAnswerActivity(Action):
    """The documented expectation first, then the sub-topic: the guide gives no exact rules for
    driving, showering or lifting, so those point to the discharge instructions."""

    def name(self) -> str:
        return "action_answer_activity"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        labels: dict[str, str] = content.load("safety").get("activity_labels") or {}
        # Only an activity mentioned in this message counts, not one from an earlier question.
        mentioned = [
            e.get("value")
            for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") == "activity"
        ]
        topic = next((m for m in mentioned if m in labels), None)
        dispatcher.utter_message(text=message("activity_general"))
        if topic:
            dispatcher.utter_message(text=message("activity_specific", activity=labels[topic]))
        else:
            dispatcher.utter_message(text=message("activity_unknown"))
        return [SlotSet("activity", topic)]
