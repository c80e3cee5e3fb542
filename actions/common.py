"""Small helpers shared by the actions: who is talking, and over which channel."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def channel_of(tracker: Tracker) -> str:
    """The input channel of the latest message ("rest", "sms", "webchat", ...)."""
    return str(tracker.get_latest_input_channel() or "unknown")


def metadata_of(tracker: Tracker) -> dict[str, Any]:
    """Metadata the channel attached to the latest message (e.g. the sender's phone for SMS)."""
    latest = tracker.latest_message or {}
    meta = latest.get("metadata") or {}
    return meta if isinstance(meta, dict) else {}


def known_phone(tracker: Tracker) -> str | None:
    """The sender's phone number when the channel knows it (SMS, enrolled patient)."""
    phone = metadata_of(tracker).get("phone")
    return str(phone) if phone else None


def latest_text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")
