"""The escalation path for red flags: 911 advice or a same-day nurse, and a record for the nurse."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel_of, known_phone, latest_text
from bot.content import message
from bot.escalations import EscalationRequest, raise_escalation
from bot.safety import decide

logger = logging.getLogger(__name__)


class ActionRedFlag(Action):
    """Predicted by the safety policy whenever a message is urgent or emergency.

    The first words the patient reads are the instruction (call 911 / a nurse will call today);
    nothing reassuring is ever said in this turn. The escalation is recorded even when the
    patient is in the middle of a form, and the form is cancelled for emergencies.
    """

    def name(self) -> str:
        return "action_red_flag"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        parse_data = dict(tracker.latest_message or {})
        decision = decide(parse_data)
        if decision.level == "emergency":
            dispatcher.utter_message(text=message("emergency_call_911"))
            if decision.self_harm:
                dispatcher.utter_message(text=message("emergency_988"))
        else:
            dispatcher.utter_message(text=message("urgent_nurse_today"))

        events: list[dict[str, Any]] = []
        escalation_id = self._record(tracker, decision, parse_data)
        if escalation_id is not None:
            events.append(SlotSet("escalation_id", float(escalation_id)))

        if decision.level == "emergency":
            if escalation_id is not None:
                dispatcher.utter_message(text=message("emergency_nurse_alerted"))
        else:
            if escalation_id is not None:
                dispatcher.utter_message(text=message("urgent_nurse_will_call"))
            else:
                dispatcher.utter_message(text=message("escalation_failed"))
            dispatcher.utter_message(text=message("urgent_911_if_worse"))
        # Whatever form was running is interrupted; the safety policy decides what comes next.
        if (tracker.active_loop or {}).get("name"):
            requested = tracker.get_slot("requested_slot")
            if requested:
                # The slot mapping already took this message as the answer to the form's
                # question ("when can we call?"); it was a red flag, not an answer.
                events.append(SlotSet(requested, None))
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return events

    @staticmethod
    def _record(tracker: Tracker, decision: Any, parse_data: dict[str, Any]) -> int | None:
        request = EscalationRequest(
            severity=decision.level,
            sender_id=tracker.sender_id,
            channel=channel_of(tracker),
            reason=decision.reason,
            excerpt=latest_text(tracker),
            findings=decision.findings,
            callback_number=known_phone(tracker),
            kind="red_flag",
        )
        try:
            return raise_escalation(request).escalation_id
        except Exception:
            # The patient already has the safety instruction; the failure must be loud for IT.
            logger.exception(
                "could not record %s escalation for sender %s", decision.level, tracker.sender_id
            )
            return None
