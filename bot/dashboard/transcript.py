"""Conversation transcripts, read from Rasa's HTTP API (never from Rasa's tables)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from urllib.parse import quote

import requests

logger = logging.getLogger(__name__)


@dataclass
class TranscriptLine:
    speaker: str  # "patient" | "assistant"
    text: str
    at: dt.datetime | None
    flagged: bool = False


class TranscriptUnavailable(RuntimeError):
    pass


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def is_flagged(text: str, excerpts: list[str]) -> bool:
    """Does a patient message match one of the escalation's stored excerpts (maybe truncated)?"""
    message = _norm(text)
    if not message:
        return False
    for excerpt in excerpts:
        e = _norm(excerpt)
        if e and (message == e or message.startswith(e) or e in message):
            return True
    return False


def fetch(
    rasa_url: str, token: str, sender_id: str, excerpts: list[str], timeout: float = 3.0
) -> list[TranscriptLine]:
    """User and bot messages of ``sender_id`` in order; flagged ones marked.

    Raises ``TranscriptUnavailable`` when Rasa cannot be reached or answers with an error.
    """
    url = f"{rasa_url.rstrip('/')}/conversations/{quote(sender_id, safe='')}/tracker"
    try:
        response = requests.get(url, params={"token": token}, timeout=timeout)
        response.raise_for_status()
        events = response.json().get("events") or []
    except (requests.RequestException, ValueError, AttributeError) as exc:
        # No sender id in the log: for SMS strangers it can be their phone number.
        logger.warning("conversation transcript unavailable: %s", type(exc).__name__)
        raise TranscriptUnavailable(str(type(exc).__name__)) from None
    lines: list[TranscriptLine] = []
    for event in events:
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        text = event.get("text") or ""
        if not text:
            continue
        stamp = event.get("timestamp")
        at = (
            dt.datetime.fromtimestamp(float(stamp), dt.timezone.utc).replace(tzinfo=None)
            if isinstance(stamp, (int, float))
            else None
        )
        speaker = "patient" if kind == "user" else "assistant"
        lines.append(
            TranscriptLine(speaker, text, at, speaker == "patient" and is_flagged(text, excerpts))
        )
    return lines
