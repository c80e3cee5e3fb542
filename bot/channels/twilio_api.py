"""Sending SMS through Twilio's REST API: opt-out check, SMS-sized parts, retries with backoff.

``send_sms(to, body)`` is the one way anything here texts a number: the SMS channel's replies,
proactive check-ins and the scheduler's on-call alerts. It talks to ``TWILIO_API_BASE`` (Twilio
itself by default; tests point it at a fake on loopback) with plain HTTPS + basic auth.
Nothing here logs message text or phone numbers above DEBUG.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

import requests

from bot.config import Settings, get_settings
from bot.phone import InvalidPhone, mask_phone, normalize_phone

logger = logging.getLogger(__name__)

GSM7_PART = 160  # one SMS segment of the GSM 7-bit alphabet
UCS2_PART = 70  # one segment when any character needs UCS-2 (emoji, most non-Latin scripts)
ATTEMPTS = 4
BACKOFF_SECONDS = 0.5  # 0.5, 1, 2 ... between attempts (Retry-After wins when Twilio sends it)
MAX_BACKOFF_SECONDS = 30.0
TIMEOUT_SECONDS = 15.0
UNSUBSCRIBED_CODE = 21610  # Twilio: "Attempt to send to unsubscribed recipient"

_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class TwilioError(RuntimeError):
    """Twilio refused the message or could not be reached after every retry."""

    def __init__(self, message: str, status: int | None = None, code: int | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class TwilioNotConfigured(TwilioError):
    """TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or TWILIO_NUMBER is missing."""


class OptedOut(Exception):
    """The number texted STOP (or was opted out by a nurse); nothing may be sent to it."""


# --- splitting ----------------------------------------------------------------------------------


def part_limit(text: str) -> int:
    """Characters per SMS for this text: 160 in the GSM alphabet, otherwise 70."""
    return GSM7_PART if all(ch in _GSM7 for ch in text) else UCS2_PART


def split_sms(text: str, limit: int | None = None) -> list[str]:
    """Split ``text`` into SMS-sized parts, at sentence boundaries where possible.

    Sentences are packed greedily; a sentence longer than one SMS is split between words, and a
    word longer than one SMS (a long link) is cut. Paragraph breaks that fit are kept.
    """
    text = (text or "").strip()
    if not text:
        return []
    limit = limit or part_limit(text)
    units: list[str] = []  # sentences, and "" where a line break was
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        sentence = text[pos : match.start()].strip()
        if sentence:
            units.append(sentence)
        pos = match.end()
        if "\n" in match.group(0) and units:
            units.append("")
    tail = text[pos:].strip()
    if tail:
        units.append(tail)

    parts: list[str] = []
    current = ""
    pending_sep = " "
    for sentence in units:
        if not sentence:
            pending_sep = "\n"
            continue
        for piece in _fit(sentence, limit):
            joiner = pending_sep if current else ""
            if current and len(current) + len(joiner) + len(piece) <= limit:
                current += joiner + piece
            else:
                if current:
                    parts.append(current)
                current = piece
            pending_sep = " "
    if current:
        parts.append(current)
    return parts


def _fit(sentence: str, limit: int) -> list[str]:
    """One sentence as pieces of at most ``limit`` characters, split between words."""
    if len(sentence) <= limit:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for word in sentence.split():
        while len(word) > limit:  # a long link or a run of characters without spaces
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:limit])
            word = word[limit:]
        if not word:
            continue
        if current and len(current) + 1 + len(word) <= limit:
            current += " " + word
        else:
            if current:
                pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces


# --- opt-out state ------------------------------------------------------------------------------


def is_opted_out(phone: str, database_url: str | None = None) -> bool:
    """Has ``phone`` (E.164) opted out of messages? Reads the app database."""
    from bot.store import channels as channel_store
    from bot.store.db import get_engine, transaction

    with transaction(get_engine(database_url)) as session:
        return channel_store.is_opted_out(session, phone)


def record_unsubscribed(phone: str, database_url: str | None = None) -> None:
    """Twilio says the number unsubscribed (it handled STOP itself): record it here too."""
    from bot.channels import optout

    optout.opt_out(phone, keyword="TWILIO", database_url=database_url)


# --- sending ------------------------------------------------------------------------------------

_local = threading.local()


def _http() -> requests.Session:
    session = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        _local.session = session
    return session


def _retry_delay(attempt: int, response: requests.Response | None) -> float:
    if response is not None:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.isdigit():
            return min(float(retry_after), MAX_BACKOFF_SECONDS)
    return float(min(BACKOFF_SECONDS * (2 ** (attempt - 1)), MAX_BACKOFF_SECONDS))


def _post_message(settings: Settings, to: str, body: str) -> str:
    """POST one message; retry network errors, 429 and 5xx with backoff; return its SID."""
    url = (
        f"{settings.twilio_api_base.rstrip('/')}/2010-04-01/Accounts/"
        f"{settings.twilio_account_sid}/Messages.json"
    )
    data = {"To": to, "From": settings.twilio_number, "Body": body}
    auth = (settings.twilio_account_sid, settings.twilio_auth_token)
    last_error = "no attempt made"
    for attempt in range(1, ATTEMPTS + 1):
        response: requests.Response | None = None
        try:
            response = _http().post(url, data=data, auth=auth, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as exc:
            last_error = f"network error: {type(exc).__name__}"
        else:
            if response.status_code in (200, 201):
                payload: dict[str, Any] = response.json()
                return str(payload.get("sid", ""))
            code = _error_code(response)
            if response.status_code == 429 or response.status_code >= 500:
                last_error = f"HTTP {response.status_code}"
            else:
                if code == UNSUBSCRIBED_CODE:
                    raise OptedOut("Twilio reports the recipient unsubscribed")
                raise TwilioError(
                    f"Twilio refused the message: HTTP {response.status_code} code {code}",
                    status=response.status_code,
                    code=code,
                )
        if attempt < ATTEMPTS:
            delay = _retry_delay(attempt, response)
            logger.warning(
                "twilio send attempt %d/%d failed (%s); retrying in %.1f s",
                attempt, ATTEMPTS, last_error, delay,
            )
            time.sleep(delay)
    raise TwilioError(f"Twilio unreachable after {ATTEMPTS} attempts ({last_error})")


def _error_code(response: requests.Response) -> int | None:
    try:
        code = response.json().get("code")
    except ValueError:
        return None
    return int(code) if isinstance(code, int) else None


def send_sms(
    to: str,
    body: str,
    *,
    settings: Settings | None = None,
    check_opt_out: bool = True,
) -> list[str]:
    """Text ``body`` to ``to`` as SMS-sized parts, in order; return the Twilio message SIDs.

    Raises ``OptedOut`` (and sends nothing) when the number has opted out, ``TwilioNotConfigured``
    when the Twilio settings are missing and ``TwilioError`` when Twilio refuses a part or stays
    unreachable after the retries (parts already sent stay sent).
    """
    settings = settings or get_settings()
    if not (settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_number):
        raise TwilioNotConfigured(
            "set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_NUMBER to send SMS"
        )
    try:
        number = normalize_phone(to)
    except InvalidPhone as exc:
        raise TwilioError(f"not a phone number: {exc}") from None
    if check_opt_out and is_opted_out(number, settings.database_url):
        raise OptedOut("the recipient opted out of messages")
    sids: list[str] = []
    for part in split_sms(body):
        try:
            sids.append(_post_message(settings, number, part))
        except OptedOut:
            record_unsubscribed(number, settings.database_url)
            raise
    logger.info("sms sent in %d part(s): %s", len(sids), ",".join(sids))
    logger.debug("sms recipient %s", mask_phone(number))
    return sids
