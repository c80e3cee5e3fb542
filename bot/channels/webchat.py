"""The patient web chat: a page served by the Rasa server and a socket.io channel.

``GET /webhooks/webchat/`` serves the page (``static/``); it connects over socket.io at
``/webhooks/webchat/socket.io/`` with the signed token from its link. The server, not the
browser, decides the conversation id: the patient's id from a valid patient link (shared with
SMS), else a random ``web-…`` id for an anonymous visitor (who still gets general answers and
emergency advice; a callback request asks for a number). Messages the assistant sends to the
conversation (replies and proactive check-ins) go to every open socket of that conversation;
when none is open they stay in the conversation and the page shows them on the next visit.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels import links
from bot.config import Settings, get_settings
from bot.phone import pretty
from bot.store import patients as patient_store
from bot.store.db import get_engine, transaction

logger = logging.getLogger(__name__)

CHANNEL = "webchat"
STATIC_DIR = Path(__file__).resolve().parent / "static"
SOCKETIO_PATH = "/webhooks/webchat/socket.io"
MAX_MESSAGE_CHARS = 2000
HISTORY_EVENTS = 60
RATE_WINDOW_SECONDS = 60.0
RATE_MAX_MESSAGES = 30
STATIC_FILES = {
    "chat.js": "application/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
    "vendor/socket.io.min.js": "application/javascript; charset=utf-8",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
FAILED_TURN_TEXT = (
    "Sorry, I could not answer just now. If this is an emergency, call 911. "
    "Otherwise please call the clinic{phone}."
)

_conversation_locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)


class WebChatOutput(OutputChannel):
    """Emits the assistant's messages to every socket in the conversation's room."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    def __init__(self, sio: AsyncServer) -> None:
        self.sio = sio

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.sio.emit("bot_uttered", {"text": text}, room=recipient_id)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        quick = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in buttons
        ]
        await self.sio.emit("bot_uttered", {"text": text, "buttons": quick}, room=recipient_id)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.sio.emit("bot_uttered", {"text": image}, room=recipient_id)


def _patient_contact(patient_id: int) -> dict[str, Any] | None:
    with transaction(get_engine()) as session:
        patient = patient_store.get(session, patient_id)
        if patient is None:
            return None
        return {"patient_id": int(patient.id), "phone": str(patient.phone)}


def render_page(settings: Settings) -> str:
    """The chat page with the clinic's name and phone filled in (escaped)."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    phone = settings.clinic_phone
    clinic_call = (
        f'Clinic: <a href="tel:{html.escape(phone)}">{html.escape(pretty(phone))}</a>'
        if phone
        else ""
    )
    return page.replace("{{CLINIC_NAME}}", html.escape(settings.clinic_name)).replace(
        "{{CLINIC_CALL}}", clinic_call
    )


class WebChatInput(InputChannel):
    """``bot.channels.webchat.WebChatInput`` in credentials.yml; configured from the environment."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(get_settings())

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.sio: AsyncServer | None = None
        self.app: Any = None
        self._recent: dict[str, deque[float]] = defaultdict(deque)
        if not self.settings.patient_link_secret:
            logger.warning("web chat: PATIENT_LINK_SECRET is not set; patient links cannot work")
        if not (STATIC_DIR / "vendor" / "socket.io.min.js").is_file():
            logger.warning(
                "web chat: socket.io client missing; run scripts/build-webchat.sh (make setup)"
            )

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return None
        return WebChatOutput(self.sio)

    # --- who is connecting ---------------------------------------------------------------------

    async def identify(self, auth: dict[str, Any] | None) -> dict[str, Any]:
        """The socket's session: conversation id, patient and link status, from its tokens."""
        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("token")
        link_status = "none"
        if isinstance(token, str) and token:
            try:
                patient_id = links.verify_patient(self.settings, token)
                contact = await asyncio.to_thread(_patient_contact, patient_id)
                if contact is None:
                    raise links.LinkError("invalid")
                return {
                    "conversation_id": str(patient_id),
                    "identified": True,
                    "link": "ok",
                    "metadata": contact,
                }
            except links.LinkError as exc:
                link_status = exc.reason
        resume = auth.get("resume")
        conversation_id = None
        if isinstance(resume, str) and resume:
            try:
                conversation_id = links.verify_anonymous(self.settings, resume)
            except links.LinkError:
                conversation_id = None
        conversation_id = conversation_id or links.new_anonymous_id()
        try:
            resume_token = links.anonymous_token(self.settings, conversation_id)
        except links.LinkError:
            resume_token = ""
        return {
            "conversation_id": conversation_id,
            "identified": False,
            "link": link_status,
            "metadata": {},
            "resume": resume_token,
        }

    def _rate_limited(self, sid: str) -> bool:
        now = time.monotonic()
        recent = self._recent[sid]
        while recent and now - recent[0] > RATE_WINDOW_SECONDS:
            recent.popleft()
        if len(recent) >= RATE_MAX_MESSAGES:
            return True
        recent.append(now)
        return False

    async def history(self, conversation_id: str) -> list[dict[str, str]]:
        """The conversation's recent messages (both channels) for the page to show on open."""
        agent = getattr(getattr(self.app, "ctx", None), "agent", None)
        if agent is None or agent.tracker_store is None:
            return []
        tracker = await agent.tracker_store.retrieve(conversation_id)
        if tracker is None:
            return []
        lines: list[dict[str, str]] = []
        for event in list(tracker.events)[-HISTORY_EVENTS * 4 :]:
            kind = getattr(event, "type_name", "")
            text = getattr(event, "text", None)
            if kind == "user" and text:
                lines.append({"who": "patient", "text": str(text)})
            elif kind == "bot" and text:
                lines.append({"who": "assistant", "text": str(text)})
        return lines[-HISTORY_EVENTS:]

    # --- the blueprint ---------------------------------------------------------------------------

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> SocketBlueprint:
        # Same-origin socket connections only (python-engineio's default; it honours
        # X-Forwarded-Host/Proto from a proxy).
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=None)
        self.sio = sio
        bp = SocketBlueprint(sio, SOCKETIO_PATH, "webchat_webhook", __name__)

        @bp.listener("after_server_start")
        async def keep_app(app: Any, loop: Any) -> None:
            self.app = app

        @bp.route("/", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            headers = {**SECURITY_HEADERS, "Cache-Control": "no-store"}
            return response.html(render_page(self.settings), headers=headers)

        @bp.route("/static/<name:path>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            content_type = STATIC_FILES.get(name)
            path = STATIC_DIR / name
            if content_type is None or not path.is_file():
                return response.text("not found", status=404)
            headers = {**SECURITY_HEADERS, "Cache-Control": "public, max-age=300"}
            return response.raw(path.read_bytes(), content_type=content_type, headers=headers)

        @sio.on("connect")
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            session = await self.identify(auth)
            await sio.save_session(sid, session)
            await sio.enter_room(sid, session["conversation_id"])
            logger.info(
                "web chat: socket connected (%s)",
                "patient " + session["conversation_id"] if session["identified"] else "anonymous",
            )
            return True

        @sio.on("disconnect")
        async def disconnect(sid: str) -> None:
            self._recent.pop(sid, None)

        @sio.on("session_request")
        async def session_request(sid: str, data: Any = None) -> None:
            session = await sio.get_session(sid)
            await sio.emit(
                "session_confirm",
                {
                    "identified": session["identified"],
                    "link": session["link"],
                    "resume": session.get("resume", ""),
                },
                to=sid,
            )
            try:
                lines = await self.history(session["conversation_id"])
            except Exception:
                logger.exception("web chat: could not load the conversation history")
                lines = []
            await sio.emit("history", lines, to=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: Any) -> None:
            text = str((data or {}).get("message", "") if isinstance(data, dict) else "").strip()
            if not text:
                return
            if self._rate_limited(sid):
                await sio.emit(
                    "bot_uttered",
                    {"text": "Please wait a moment before sending more messages. "
                             "If this is an emergency, call 911."},
                    to=sid,
                )
                return
            session = await sio.get_session(sid)
            conversation_id = session["conversation_id"]
            # Other open tabs of the same conversation see the patient's message too.
            await sio.emit("user_echo", {"text": text[:MAX_MESSAGE_CHARS]},
                           room=conversation_id, skip_sid=sid)
            message = UserMessage(
                text[:MAX_MESSAGE_CHARS],
                WebChatOutput(sio),
                conversation_id,
                input_channel=CHANNEL,
                metadata=dict(session["metadata"]),
            )
            async with _conversation_locks[conversation_id]:  # one turn at a time, in order
                try:
                    await on_new_message(message)
                except Exception:
                    logger.exception("web chat: turn for conversation %s failed", conversation_id)
                    phone = self.settings.clinic_phone
                    await sio.emit(
                        "bot_uttered",
                        {"text": FAILED_TURN_TEXT.format(
                            phone=f" at {pretty(phone)}" if phone else "")},
                        to=sid,
                    )
            await sio.emit("turn_done", {}, to=sid)

        return bp
