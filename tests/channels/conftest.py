"""Fixtures for the patient channels: a fake Twilio REST API on loopback, and one running stack
(Rasa server with the SMS and web chat channels + action server) configured to use it.

The fake is the only stand-in: webhook requests are signed with twilio's own RequestValidator,
the Rasa server, action server and SQLite databases are real.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from twilio.request_validator import RequestValidator

from tests.conftest import fetch_tracker

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"
PUBLIC_BASE_URL = "https://recovery.example-clinic.test"  # what Twilio "called" (behind a proxy)
WEBHOOK_PATH = "/webhooks/sms/webhook"
TWILIO_NUMBER = "+15005550006"
CLINIC_PHONE = "+16175550199"
CLINIC_NAME = "Harbor Spine Center"
LOAD_PATIENTS = 20


def phone_of(n: int) -> str:
    """Fictional numbers (555-01xx) for enrolled test patients."""
    return f"+1617555{n:04d}"


@dataclass
class SentMessage:
    to: str
    from_: str
    body: str
    sid: str
    at: float


@dataclass
class FakeTwilio:
    """Records what the app POSTs to /2010-04-01/Accounts/{sid}/Messages.json."""

    account_sid: str
    auth_token: str
    url: str = ""
    sent: list[SentMessage] = field(default_factory=list)
    fail_next: int = 0  # answer this many requests with HTTP 500 first (retry tests)
    requests_seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, number: str) -> list[SentMessage]:
        with self.lock:
            return [m for m in self.sent if m.to == number]

    def bodies_to(self, number: str) -> list[str]:
        return [m.body for m in self.to(number)]

    def wait_for(
        self, predicate: Callable[[], bool], timeout: float = 30.0, what: str = "messages"
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def wait_count(self, number: str, count: int, timeout: float = 30.0) -> list[SentMessage]:
        self.wait_for(lambda: len(self.to(number)) >= count, timeout, f"{count} SMS to a number")
        return self.to(number)


def _handler(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    path_re = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")
    expected_auth = "Basic " + base64.b64encode(
        f"{fake.account_sid}:{fake.auth_token}".encode()
    ).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            match = path_re.match(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if not match or match["sid"] != fake.account_sid:
                return self._json(404, {"code": 20404, "message": "not found", "status": 404})
            if self.headers.get("Authorization") != expected_auth:
                return self._json(401, {"code": 20003, "message": "auth", "status": 401})
            with fake.lock:
                fake.requests_seen += 1
                if fake.fail_next > 0:
                    fake.fail_next -= 1
                    failing = True
                else:
                    failing = False
            if failing:
                return self._json(500, {"code": 20500, "message": "oops", "status": 500})
            if not form.get("To") or not form.get("Body") or form.get("From") != TWILIO_NUMBER:
                return self._json(400, {"code": 21604, "message": "bad request", "status": 400})
            sid = "SM" + secrets.token_hex(16)
            with fake.lock:
                fake.sent.append(
                    SentMessage(form["To"], form["From"], form["Body"], sid, time.monotonic())
                )
            now = dt.datetime.now(dt.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")
            self._json(
                201,
                {
                    "sid": sid,
                    "account_sid": fake.account_sid,
                    "to": form["To"],
                    "from": form["From"],
                    "body": form["Body"],
                    "status": "queued",
                    "num_segments": "1",
                    "direction": "outbound-api",
                    "api_version": "2010-04-01",
                    "date_created": now,
                    "uri": f"/2010-04-01/Accounts/{fake.account_sid}/Messages/{sid}.json",
                },
            )

    return Handler


@pytest.fixture(scope="session")
def fake_twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(account_sid="AC" + secrets.token_hex(16), auth_token=secrets.token_hex(16))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class ChannelStack:
    rasa_url: str
    token: str
    database_url: str
    env: dict[str, str]
    twilio: FakeTwilio
    patients: dict[str, int]  # phone -> patient id
    recovered_sid: str  # a message stored "pending" before the server started
    log_dir: Path

    def sms(
        self,
        from_: str,
        body: str,
        message_sid: str | None = None,
        media: list[str] | None = None,
        sign: bool = True,
        signature: str | None = None,
        timeout: float = 10.0,
    ) -> requests.Response:
        """POST what Twilio posts for an incoming SMS/MMS, signed like Twilio signs it."""
        params = {
            "MessageSid": message_sid or "SM" + secrets.token_hex(16),
            "AccountSid": self.twilio.account_sid,
            "From": from_,
            "To": TWILIO_NUMBER,
            "Body": body,
            "NumMedia": str(len(media or [])),
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        for i, url in enumerate(media or []):
            params[f"MediaUrl{i}"] = url
            params[f"MediaContentType{i}"] = "image/jpeg"
        headers = {}
        if sign:
            headers["X-Twilio-Signature"] = signature or RequestValidator(
                self.twilio.auth_token
            ).compute_signature(PUBLIC_BASE_URL + WEBHOOK_PATH, params)
        return requests.post(
            self.rasa_url + WEBHOOK_PATH, data=params, headers=headers, timeout=timeout
        )

    def engine(self) -> Any:
        from bot.store.db import get_engine

        return get_engine(self.database_url)

    def settings(self) -> Any:
        """Settings as the server sees them (for signing patient links in tests)."""
        import os
        from unittest import mock

        from bot.config import Settings

        with mock.patch.dict(os.environ, self.env):
            return Settings()

    def trigger(self, conversation_id: str, intent: str, channel: str) -> requests.Response:
        return requests.post(
            f"{self.rasa_url}/conversations/{conversation_id}/trigger_intent",
            params={"token": self.token, "output_channel": channel},
            json={"name": intent},
            timeout=30,
        )

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        return fetch_tracker(self.rasa_url, self.token, conversation_id)

    def log(self, name: str = "rasa_server.log") -> str:
        path = self.log_dir / name
        return path.read_text(errors="replace") if path.exists() else ""


def _enroll(database_url: str, count: int) -> dict[str, int]:
    from bot.store import audit
    from bot.store import patients as patient_store
    from bot.store.db import get_engine, transaction

    out: dict[str, int] = {}
    with transaction(get_engine(database_url), write=True) as s:
        for n in range(1, count + 1):
            patient = patient_store.enroll(
                s,
                audit.Actor.system("test"),
                name=f"Test Patient {n}",
                phone=phone_of(n),
                procedure_date=dt.date.today() - dt.timedelta(days=2),
                clinician="Dr. Test",
            )
            out[phone_of(n)] = int(patient.id)
    return out


def _store_pending(database_url: str, phone: str, patient_id: int, body: str) -> str:
    """A message that was stored (webhook answered) but not processed before a 'crash'."""
    from bot.store import channels as channel_store
    from bot.store.db import get_engine, transaction

    sid = "SM" + secrets.token_hex(16)
    with transaction(get_engine(database_url), write=True) as s:
        channel_store.insert_inbound(
            s, message_sid=sid, conversation_id=str(patient_id), patient_id=patient_id,
            from_phone=phone, body=body, media=[],
        )
    return sid


@pytest.fixture(scope="session")
def channel_stack(
    tmp_path_factory: pytest.TempPathFactory, fake_twilio: FakeTwilio
) -> Iterator[ChannelStack]:
    """Rasa server (SMS + web chat channels) and action server on free loopback ports, with a
    fresh app database holding enrolled patients and one message left pending by a 'crash'."""
    if not MODEL.exists():
        pytest.fail("models/current.tar.gz is missing: run `make model`")
    from bot.store.db import dispose_engine, upgrade
    from bot.supervisor import Stack, StackConfig, free_port

    var_dir = tmp_path_factory.mktemp("channels")
    database_url = f"sqlite:///{var_dir / 'app.db'}"
    token = secrets.token_urlsafe(16)
    rasa_port = free_port()
    env = {
        "DATABASE_URL": database_url,
        "RASA_TOKEN": token,
        "RASA_PORT": str(rasa_port),
        "SECRET_KEY": secrets.token_urlsafe(16),
        "PATIENT_LINK_SECRET": secrets.token_urlsafe(32),
        "RECOVERY_BOT_ENV_FILE": str(var_dir / "none.env"),
        "TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
        "TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
        "TWILIO_NUMBER": TWILIO_NUMBER,
        "TWILIO_API_BASE": fake_twilio.url,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "CLINIC_NAME": CLINIC_NAME,
        "CLINIC_PHONE": CLINIC_PHONE,
    }
    upgrade(database_url)
    patients = _enroll(database_url, LOAD_PATIENTS + 7)
    recovered_phone = phone_of(LOAD_PATIENTS + 7)
    recovered_sid = _store_pending(
        database_url, recovered_phone, patients[recovered_phone], "is numbness normal?"
    )
    cfg = StackConfig(
        rasa_port=rasa_port, action_port=free_port(), dashboard_port=free_port(),
        var_dir=var_dir, rasa_token=token, extra_env=env, with_dashboard=False,
        with_scheduler=False, log_dir=var_dir / "logs",
    )
    stack = Stack(cfg)
    try:
        stack.start(timeout=240)
    except Exception:
        stack.stop()
        for log in sorted((var_dir / "logs").glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    try:
        yield ChannelStack(
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            token=token,
            database_url=database_url,
            env=env,
            twilio=fake_twilio,
            patients=patients,
            recovered_sid=recovered_sid,
            log_dir=var_dir / "logs",
        )
    finally:
        stack.stop()
        dispose_engine(database_url)
