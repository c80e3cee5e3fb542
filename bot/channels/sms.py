"""Twilio SMS as a Rasa input channel (``/webhooks/sms/webhook``), fit for real patients.

What Rasa's stock Twilio channel does not do, this one does:

- every request's ``X-Twilio-Signature`` is checked against ``PUBLIC_BASE_URL`` + path (403 and
  nothing stored otherwise);
- the message is stored before the webhook answers, under a unique ``MessageSid`` (a replay from
  Twilio's retry is answered and dropped), and the webhook answers at once with empty TwiML;
- the turn runs in the background, one at a time per conversation in arrival order
  (``TurnQueue``); pending messages survive a restart and are processed on start-up;
- replies go through the Twilio REST API (``twilio_api.send_sms``: SMS-sized parts, retries,
  never to an opted-out number); STOP/START/HELP are handled here, not by the assistant;
- MMS ``MediaUrlN`` references are stored with the message, passed to the assistant in the
  metadata and added to the conversation's open escalation (never fetched here).

The conversation id is the enrolled patient's id (shared with the web chat) or, for a number
nobody enrolled, ``sms-`` + a keyed hash of the number, so numbers stay out of ids and logs.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.channels import optout, twilio_api
from bot.config import Settings, get_settings
from bot.phone import InvalidPhone, normalize_phone
from bot.store import channels as channel_store
from bot.store import patients as patient_store
from bot.store.db import get_engine, transaction

logger = logging.getLogger(__name__)

CHANNEL = "sms"
MAX_MEDIA = 10  # Twilio sends at most 10 MediaUrlN per message
MAX_CONCURRENT_TURNS = 8  # turns of different conversations running at once in this process
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
FAILED_TURN_TEXT = (
    "Sorry, I could not answer just now. If this is an emergency, call 911. "
    "Otherwise please call the clinic{phone}."
)
PHOTO_ONLY_TEXT = "(photo)"
WORKER_RETRY_SECONDS = 2.0


def twiml(message: str | None = None) -> HTTPResponse:
    """A TwiML answer: empty, or one ``<Message>`` (used for keyword confirmations)."""
    if not message:
        return response.text(EMPTY_TWIML, content_type="text/xml")
    from xml.sax.saxutils import escape

    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<Response><Message>{escape(message)}</Message></Response>"
    )
    return response.text(body, content_type="text/xml")


def stranger_conversation_id(phone: str, secret: str) -> str:
    """An opaque, stable conversation id for a number that is not an enrolled patient."""
    key = (secret or "mild-recovery-bot").encode()
    return "sms-" + hmac.new(key, phone.encode(), hashlib.sha256).hexdigest()[:16]


def media_of(form: dict[str, str]) -> list[dict[str, str]]:
    """``MediaUrlN``/``MediaContentTypeN`` pairs of an MMS, as stored and passed on."""
    try:
        count = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    media = []
    for i in range(count):
        url = form.get(f"MediaUrl{i}")
        if url:
            media.append({"url": url, "content_type": form.get(f"MediaContentType{i}", "")})
    return media


class SmsOutput(OutputChannel):
    """Sends the assistant's messages to a conversation's number (proactive check-ins via
    ``trigger_intent?output_channel=sms``). Nothing is sent to an opted-out number."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        phone = await asyncio.to_thread(phone_for_conversation, recipient_id)
        if phone is None:
            logger.warning("sms: no phone number for conversation %s; not sent", recipient_id)
            return
        await deliver(self.settings, recipient_id, phone, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, with_button_titles(text, buttons))


def with_button_titles(text: str, buttons: list[dict[str, Any]]) -> str:
    titles = [str(b.get("title") or "") for b in buttons if b.get("title")]
    return f"{text}\n\nReply: {' / '.join(titles)}" if titles else text


def phone_for_conversation(conversation_id: str) -> str | None:
    """The number to text for a conversation: the patient's, or the stranger's last number."""
    with transaction(get_engine()) as session:
        patient = patient_store.for_sender(session, conversation_id)
        if patient is not None:
            return str(patient.phone)
        return channel_store.phone_for_conversation(session, conversation_id)


async def deliver(settings: Settings, conversation_id: str, phone: str, text: str) -> list[str]:
    """Text ``text`` to ``phone``; opted-out numbers and Twilio failures are logged, not raised."""
    if not text.strip():
        return []
    try:
        return await asyncio.to_thread(twilio_api.send_sms, phone, text, settings=settings)
    except twilio_api.OptedOut:
        logger.info("sms: conversation %s opted out; reply not sent", conversation_id)
    except twilio_api.TwilioError as exc:
        logger.error("sms: reply to conversation %s failed: %s", conversation_id, exc)
    return []


class TurnQueue:
    """Runs stored inbound messages through the assistant: one at a time per conversation, in
    row (arrival) order, several conversations at once.

    The database is the queue; ``notify`` only wakes the conversation's worker, which always
    takes the oldest pending row, so a wake-up that arrives out of order changes nothing.
    """

    def __init__(
        self,
        settings: Settings,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        max_concurrent: int = MAX_CONCURRENT_TURNS,
    ) -> None:
        self.settings = settings
        self.on_new_message = on_new_message
        self.max_concurrent = max_concurrent
        self._wakeups: dict[str, asyncio.Event] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._slots: asyncio.Semaphore | None = None

    def notify(self, conversation_id: str) -> None:
        """A message for ``conversation_id`` was stored: make sure its worker runs."""
        event = self._wakeups.setdefault(conversation_id, asyncio.Event())
        event.set()
        if conversation_id not in self._workers:
            self._workers[conversation_id] = asyncio.create_task(self._work(conversation_id))

    async def recover(self) -> None:
        """Start-up: resume messages stored but not answered before a restart."""
        conversations = await asyncio.to_thread(_recover_interrupted)
        if conversations:
            logger.info("sms: resuming %d conversation(s) with pending messages",
                        len(conversations))
        for conversation_id in conversations:
            self.notify(conversation_id)

    async def drain(self) -> None:
        """Wait until every worker has nothing left (tests, shutdown)."""
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)

    async def _work(self, conversation_id: str) -> None:
        event = self._wakeups[conversation_id]
        try:
            while True:
                event.clear()
                try:
                    inbound_id = await asyncio.to_thread(_next_pending, conversation_id)
                    if inbound_id is None:
                        if event.is_set():
                            continue  # a message arrived while we looked
                        return  # (no await between this check and the clean-up below)
                    await self._process(inbound_id)
                except Exception:
                    # The rows stay in the database; try again shortly rather than lose them.
                    logger.exception("sms: worker for conversation %s failed", conversation_id)
                    await asyncio.sleep(WORKER_RETRY_SECONDS)
        finally:
            self._workers.pop(conversation_id, None)
            self._wakeups.pop(conversation_id, None)

    async def _process(self, inbound_id: int) -> None:
        row = await asyncio.to_thread(_claim, inbound_id)
        if row is None:
            return  # another worker (another replica) has it
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_concurrent)
        conversation_id = row["conversation_id"]
        collector = CollectingOutputChannel()
        metadata: dict[str, Any] = {
            "phone": row["from_phone"],
            "patient_id": row["patient_id"],
            "media": row["media"],
            "message_sid": row["message_sid"],
        }
        message = UserMessage(
            row["body"] or (PHOTO_ONLY_TEXT if row["media"] else ""),
            collector,
            conversation_id,
            input_channel=CHANNEL,
            metadata=metadata,
            message_id=row["message_sid"],
        )
        status, error = "done", None
        async with self._slots:
            try:
                await self.on_new_message(message)
                text = "\n\n".join(_texts(collector.messages))
            except Exception as exc:  # the patient still gets a safe answer
                logger.exception("sms: turn for message %s failed", inbound_id)
                status, error = "failed", f"turn failed: {type(exc).__name__}"
                text = FAILED_TURN_TEXT.format(phone=_clinic_phone(self.settings))
        if row["media"]:
            await asyncio.to_thread(_attach_media, conversation_id, row["media"])
        sids = await deliver(self.settings, conversation_id, row["from_phone"], text)
        await asyncio.to_thread(_finish, inbound_id, status, sids, error)


def _clinic_phone(settings: Settings) -> str:
    from bot.phone import pretty

    return f" at {pretty(settings.clinic_phone)}" if settings.clinic_phone else ""


def _texts(messages: list[dict[str, Any]]) -> list[str]:
    out = []
    for m in messages:
        text = str(m.get("text") or "")
        if m.get("buttons"):
            text = with_button_titles(text, m["buttons"])
        if m.get("image"):
            text = f"{text}\n{m['image']}".strip()
        if text:
            out.append(text)
    return out


# --- database steps (run in a worker thread) ----------------------------------------------------


def _recover_interrupted() -> list[str]:
    with transaction(get_engine(), write=True) as session:
        return channel_store.recover_interrupted(session)


def _next_pending(conversation_id: str) -> int | None:
    with transaction(get_engine()) as session:
        return channel_store.next_pending(session, conversation_id)


def _claim(inbound_id: int) -> dict[str, Any] | None:
    with transaction(get_engine(), write=True) as session:
        row = channel_store.claim(session, inbound_id)
        if row is None:
            return None
        return {
            "conversation_id": row.conversation_id,
            "patient_id": row.patient_id,
            "from_phone": row.from_phone,
            "body": row.body,
            "media": list(row.media or []),
            "message_sid": row.message_sid,
        }


def _finish(inbound_id: int, status: str, sids: list[str], error: str | None) -> None:
    with transaction(get_engine(), write=True) as session:
        channel_store.finish(session, inbound_id, status=status, reply_sids=sids, error=error)


def _attach_media(conversation_id: str, media: list[dict[str, str]]) -> None:
    with transaction(get_engine(), write=True) as session:
        escalation_id = channel_store.attach_media(session, conversation_id, media)
    if escalation_id is not None:
        logger.info("sms: %d photo reference(s) added to escalation %s", len(media), escalation_id)


def _store_inbound(
    settings: Settings, phone: str, message_sid: str, body: str, media: list[dict[str, str]],
    status: str,
) -> tuple[int | None, str]:
    """Store the message (or find it is a replay): (row id or None, conversation id)."""
    with transaction(get_engine(), write=True) as session:
        patient = patient_store.by_phone(session, phone)
        if patient is not None:
            conversation_id, patient_id = str(patient.id), int(patient.id)
        else:
            conversation_id = stranger_conversation_id(phone, settings.patient_link_secret)
            patient_id = None
        inbound_id = channel_store.insert_inbound(
            session,
            message_sid=message_sid,
            conversation_id=conversation_id,
            patient_id=patient_id,
            from_phone=phone,
            body=body,
            media=media,
            status=status,
        )
    return inbound_id, conversation_id


# --- the input channel --------------------------------------------------------------------------


class SmsInput(InputChannel):
    """``bot.channels.sms.SmsInput`` in credentials.yml; configured from the environment."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        # Settings come from the environment (.env), so credentials.yml holds no secrets and
        # Rasa's ${VAR} expansion cannot fail on a fresh machine without Twilio.
        return cls(get_settings())

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.queue: TurnQueue | None = None
        self.validator = (
            RequestValidator(self.settings.twilio_auth_token)
            if self.settings.twilio_auth_token
            else None
        )
        if self.validator is None or not self.settings.public_base_url:
            logger.warning(
                "SMS channel not configured (TWILIO_AUTH_TOKEN / PUBLIC_BASE_URL missing): "
                "the webhook answers 403 to every request"
            )
        elif not (self.settings.twilio_account_sid and self.settings.twilio_number):
            logger.warning(
                "SMS channel: TWILIO_ACCOUNT_SID / TWILIO_NUMBER missing: replies cannot be sent"
            )

    def webhook_url(self, request: Request) -> str:
        """The URL Twilio signed: the public base URL (what Twilio called, maybe through a
        proxy) + this path + the query string."""
        url = self.settings.public_base_url.rstrip("/") + request.path
        if request.query_string:
            url += "?" + request.query_string
        return url

    def signature_ok(self, request: Request, form: dict[str, str]) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        if self.validator is None or not self.settings.public_base_url or not signature:
            return False
        return bool(self.validator.validate(self.webhook_url(request), form, signature))

    def get_output_channel(self) -> OutputChannel:
        return SmsOutput(self.settings)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("sms_webhook", __name__)
        self.queue = TurnQueue(self.settings, on_new_message)
        queue = self.queue

        @bp.listener("after_server_start")
        async def resume_pending(app: Any, loop: Any) -> None:
            await queue.recover()

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            form = {key: request.form.get(key) for key in request.form or {}}
            if not self.signature_ok(request, form):
                logger.warning("sms webhook: missing or invalid Twilio signature (403)")
                return response.text("invalid signature", status=403)
            message_sid = form.get("MessageSid") or form.get("SmsSid") or ""
            try:
                phone = normalize_phone(form.get("From") or "")
            except InvalidPhone:
                logger.warning("sms webhook: message %s from a non-phone sender ignored",
                               message_sid)
                return twiml()
            if not message_sid:
                return response.text("MessageSid missing", status=400)
            body = (form.get("Body") or "").replace("¡", "@")  # some carriers mangle @
            media = media_of(form)
            keyword = optout.keyword_of(body) if not media else None
            status = "keyword" if keyword else "pending"
            inbound_id, conversation_id = await asyncio.to_thread(
                _store_inbound, self.settings, phone, message_sid, body, media, status
            )
            if inbound_id is None:
                logger.info("sms webhook: message %s is a replay; ignored", message_sid)
                return twiml()
            if keyword:
                return await self._keyword(keyword, phone, conversation_id)
            queue.notify(conversation_id)
            return twiml()

        return bp

    async def _keyword(self, keyword: str, phone: str, conversation_id: str) -> HTTPResponse:
        """STOP/START/HELP: recorded here and confirmed in the TwiML answer (when Twilio's own
        opt-out handling is on, Twilio sends its confirmation instead and ignores ours)."""
        logger.info("sms keyword %s from conversation %s", keyword, conversation_id)
        if keyword in optout.OPT_OUT_KEYWORDS:
            await asyncio.to_thread(optout.opt_out, phone, keyword)
            return twiml(optout.stop_text(self.settings))
        if keyword in optout.OPT_IN_KEYWORDS:
            await asyncio.to_thread(optout.opt_in, phone)
            return twiml(optout.start_text(self.settings))
        return twiml(optout.help_text(self.settings))
