"""Signed web chat links: an HS256 JWT names the patient, so the browser never picks an id.

A patient link (``typ=patient``) carries the patient's id and expires after
``PATIENT_LINK_DAYS``; an anonymous visitor gets a short-lived ``typ=anon`` token naming the
random conversation id the server gave them, so a reconnect continues the same conversation.
The token travels in the URL fragment (``#t=…``), which browsers never send to a server.
"""

from __future__ import annotations

import datetime as dt
import secrets

import jwt

from bot.config import Settings

ALGORITHM = "HS256"
AUDIENCE = "mild-recovery-webchat"
ANON_HOURS = 12
WEBCHAT_PATH = "/webhooks/webchat/"


class LinkError(ValueError):
    """The token is missing, forged, expired or of the wrong kind (``reason`` says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "expired" | "invalid"


def _secret(settings: Settings) -> str:
    if not settings.patient_link_secret:
        raise LinkError("invalid")
    return settings.patient_link_secret


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def patient_token(settings: Settings, patient_id: int, days: int | None = None) -> str:
    """A signed token for one patient's chat, valid for ``days`` (default PATIENT_LINK_DAYS)."""
    if not settings.patient_link_secret:
        raise RuntimeError("PATIENT_LINK_SECRET is not set (recovery-bot run generates it in .env)")
    now = _now()
    claims = {
        "sub": str(int(patient_id)),
        "typ": "patient",
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + dt.timedelta(days=days if days is not None else settings.patient_link_days),
    }
    return jwt.encode(claims, settings.patient_link_secret, algorithm=ALGORITHM)


def anonymous_token(settings: Settings, conversation_id: str) -> str:
    now = _now()
    claims = {
        "sub": conversation_id,
        "typ": "anon",
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + dt.timedelta(hours=ANON_HOURS),
    }
    return jwt.encode(claims, _secret(settings), algorithm=ALGORITHM)


def new_anonymous_id() -> str:
    return "web-" + secrets.token_hex(8)


def _decode(settings: Settings, token: str, typ: str) -> str:
    try:
        claims = jwt.decode(
            token,
            _secret(settings),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "sub", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise LinkError("expired") from None
    except jwt.PyJWTError:
        raise LinkError("invalid") from None
    if claims.get("typ") != typ:
        raise LinkError("invalid")
    return str(claims["sub"])


def verify_patient(settings: Settings, token: str) -> int:
    """The patient id a patient link names, or ``LinkError``."""
    sub = _decode(settings, token, "patient")
    if not sub.isdigit():
        raise LinkError("invalid")
    return int(sub)


def verify_anonymous(settings: Settings, token: str) -> str:
    """The conversation id an anonymous visitor was given, or ``LinkError``."""
    sub = _decode(settings, token, "anon")
    if not sub.startswith("web-"):
        raise LinkError("invalid")
    return sub


def base_url(settings: Settings) -> str:
    """Where patients reach the Rasa server: PUBLIC_BASE_URL, else the local address."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    return f"http://{settings.host}:{settings.rasa_port}"


def patient_link(settings: Settings, patient_id: int, days: int | None = None) -> str:
    """The URL to send a patient: the chat page with their signed token in the fragment."""
    return f"{base_url(settings)}{WEBCHAT_PATH}#t={patient_token(settings, patient_id, days)}"
