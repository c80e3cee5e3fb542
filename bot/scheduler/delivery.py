"""The scheduler's two ways out: Rasa's ``trigger_intent`` (to a patient) and the on-call alerts.

Patients are reached through Rasa, so the check-in conversation (and the safety net on every
answer) runs in the bot: ``POST /conversations/<patient id>/trigger_intent?output_channel=<sms|
webchat>``. The on-call clinician gets an SMS through the same Twilio client as the patients
(``bot.channels.twilio_api.send_sms``) and, optionally, a JSON webhook. Neither carries message
text or patient names: ids and a link to the dashboard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import quote

import requests

logger = logging.getLogger(__name__)

TRIGGER_TIMEOUT_SECONDS = 30.0
WEBHOOK_TIMEOUT_SECONDS = 10.0


class DeliveryError(RuntimeError):
    """The message could not be handed over (safe to log: no message text)."""


class Trigger(Protocol):
    def trigger(
        self, conversation_id: str, intent: str, entities: dict[str, Any], output_channel: str
    ) -> None: ...

    def delivered(self, conversation_id: str, checkin_id: int) -> bool | None: ...


class RasaTrigger:
    """Rasa's HTTP API (``--enable-api --auth-token``)."""

    def __init__(self, rasa_url: str, token: str, timeout: float = TRIGGER_TIMEOUT_SECONDS) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.http = requests.Session()

    def _url(self, conversation_id: str, tail: str) -> str:
        return f"{self.rasa_url}/conversations/{quote(conversation_id, safe='')}/{tail}"

    def trigger(
        self, conversation_id: str, intent: str, entities: dict[str, Any], output_channel: str
    ) -> None:
        """Inject ``intent`` into the conversation; the bot's reply goes to ``output_channel``."""
        try:
            response = self.http.post(
                self._url(conversation_id, "trigger_intent"),
                params={"output_channel": output_channel, "token": self.token},
                json={"name": intent, "entities": entities},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise DeliveryError(f"Rasa unreachable: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise DeliveryError(f"Rasa answered HTTP {response.status_code}")

    def delivered(self, conversation_id: str, checkin_id: int) -> bool | None:
        """Does the conversation already hold the trigger for ``checkin_id``? None: can't tell.

        Used after a crash between sending and recording: Rasa's tracker is the receipt.
        """
        try:
            response = self.http.get(
                self._url(conversation_id, "tracker"),
                params={"token": self.token, "include_events": "ALL"},
                timeout=self.timeout,
            )
        except requests.RequestException:
            return None
        if response.status_code != 200:
            return None
        return tracker_has_checkin(response.json(), checkin_id)


def tracker_has_checkin(tracker: dict[str, Any], checkin_id: int) -> bool:
    """True if a user event in ``tracker`` is an EXTERNAL_* trigger carrying ``checkin_id``."""
    for event in tracker.get("events") or []:
        if event.get("event") != "user":
            continue
        parse = event.get("parse_data") or {}
        if not str((parse.get("intent") or {}).get("name", "")).startswith("EXTERNAL_"):
            continue
        for entity in parse.get("entities") or []:
            if entity.get("entity") == "checkin_id" and str(entity.get("value")) == str(checkin_id):
                return True
    return False


SmsSender = Callable[[str, str], Any]


def default_sms_sender() -> SmsSender:
    """``bot.channels.twilio_api.send_sms``, imported when first needed (the channels package
    may be absent in a partial install; then on-call SMS fails loudly, per notification)."""

    def send(to: str, body: str) -> Any:
        from bot.channels.twilio_api import send_sms

        return send_sms(to, body)

    return send


class OnCallNotifier:
    """Alerts for the on-call clinician: SMS to ``number`` and/or a POST to ``webhook_url``."""

    def __init__(
        self,
        number: str = "",
        webhook_url: str = "",
        send_sms: SmsSender | None = None,
        timeout: float = WEBHOOK_TIMEOUT_SECONDS,
    ) -> None:
        self.number = number.strip()
        self.webhook_url = webhook_url.strip()
        self.send_sms = send_sms or default_sms_sender()
        self.timeout = timeout

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(
            name for name, on in (("sms", self.number), ("webhook", self.webhook_url)) if on
        )

    def send(self, channel: str, text: str, payload: dict[str, Any]) -> None:
        if channel == "sms":
            try:
                self.send_sms(self.number, text)
            except Exception as exc:  # noqa: BLE001 - any client failure is a failed alert
                raise DeliveryError(f"on-call SMS failed: {type(exc).__name__}") from None
        elif channel == "webhook":
            try:
                response = requests.post(
                    self.webhook_url, json={**payload, "text": text}, timeout=self.timeout
                )
            except requests.RequestException as exc:
                raise DeliveryError(f"webhook unreachable: {type(exc).__name__}") from None
            if response.status_code >= 300:
                raise DeliveryError(f"webhook answered HTTP {response.status_code}")
        else:
            raise ValueError(f"unknown on-call channel {channel!r}")
