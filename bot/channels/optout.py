"""SMS keywords carriers and Twilio expect: STOP and friends opt out, START opts back in, HELP.

An enrolled patient's opt-out is ``patients.opted_out`` (the dashboard shows and edits it, with
an audit row); a number nobody enrolled goes into ``sms_opt_outs``. ``send_sms`` refuses both.
"""

from __future__ import annotations

import hashlib
import logging

from bot.config import Settings
from bot.phone import pretty
from bot.store import audit
from bot.store import channels as channel_store
from bot.store import patients as patient_store
from bot.store.db import get_engine, transaction

logger = logging.getLogger(__name__)

OPT_OUT_KEYWORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
OPT_IN_KEYWORDS = frozenset({"START", "UNSTOP"})
HELP_KEYWORDS = frozenset({"HELP", "INFO"})
SMS_ACTOR = audit.Actor.system("sms")


def keyword_of(body: str) -> str | None:
    """The keyword when the whole message is one (``" Stop. "`` → ``"STOP"``), else None.

    Only a message that is just the keyword counts, as carriers do: "I can't stop shaking" is a
    message for the assistant, not an opt-out.
    """
    word = (body or "").strip().strip(".!?").strip().upper()
    if word in OPT_OUT_KEYWORDS or word in OPT_IN_KEYWORDS or word in HELP_KEYWORDS:
        return word
    return None


def opt_out(phone: str, keyword: str = "STOP", database_url: str | None = None) -> None:
    """Record that ``phone`` (E.164) asked to receive nothing more."""
    with transaction(get_engine(database_url), write=True) as session:
        patient = patient_store.by_phone(session, phone)
        if patient is not None:
            if not patient.opted_out:
                patient_store.set_opt_out(session, SMS_ACTOR, patient.id, True)
        else:
            channel_store.opt_out_stranger(session, phone, keyword)
            audit.write(session, SMS_ACTOR, "sms.opt_out", "phone", _phone_ref(phone))
    logger.info("sms opt-out recorded (%s)", f"patient {patient.id}" if patient else "not enrolled")


def opt_in(phone: str, database_url: str | None = None) -> None:
    """Record that ``phone`` texted START: messages may be sent again."""
    with transaction(get_engine(database_url), write=True) as session:
        patient = patient_store.by_phone(session, phone)
        if patient is not None and patient.opted_out:
            patient_store.set_opt_out(session, SMS_ACTOR, patient.id, False)
        channel_store.opt_in_stranger(session, phone)
        if patient is None:
            audit.write(session, SMS_ACTOR, "sms.opt_in", "phone", _phone_ref(phone))
    logger.info("sms opt-in recorded (%s)", f"patient {patient.id}" if patient else "not enrolled")


def _phone_ref(phone: str) -> str:
    # The audit log names the number without storing it: the first 12 hex digits of its SHA-256.
    return "sha256:" + hashlib.sha256(phone.encode()).hexdigest()[:12]


def help_text(settings: Settings) -> str:
    phone = f" at {pretty(settings.clinic_phone)}" if settings.clinic_phone else ""
    return (
        f"{settings.clinic_name} recovery assistant. Call the clinic{phone} with questions. "
        "In an emergency call 911. Reply STOP to stop messages, START to resume."
    )


def stop_text(settings: Settings) -> str:
    phone = f" at {pretty(settings.clinic_phone)}" if settings.clinic_phone else ""
    return (
        f"You will get no more messages from the {settings.clinic_name} recovery assistant. "
        f"Reply START to resume. Call the clinic{phone} with questions; in an emergency call 911."
    )


def start_text(settings: Settings) -> str:
    return (
        f"Messages from the {settings.clinic_name} recovery assistant are back on. "
        "Reply HELP for help, STOP to stop."
    )
