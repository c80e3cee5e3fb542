"""Fakes at the network edge only: a fake Rasa HTTP API, a fake Twilio REST API and a webhook
receiver, each a real HTTP server on a free loopback port."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse


class _Server:
    def __init__(self, handler_cls: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_cls)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))


class FakeRasa(_Server):
    """Records ``trigger_intent`` calls and answers ``GET …/tracker`` with them as user events."""

    def __init__(self, token: str = "rasa-token") -> None:  # noqa: S107
        self.token = token
        self.calls: list[dict[str, Any]] = []
        self.fail_with: int | None = None  # answer every trigger with this HTTP status
        super().__init__(_RasaHandler)

    def triggers(self) -> list[tuple[str, str, dict[str, Any], str]]:
        """(conversation id, intent, entities, output channel) in arrival order."""
        with self.lock:
            return [(c["conversation"], c["name"], c["entities"], c["channel"]) for c in self.calls]


class _RasaHandler(_Handler):
    def _route(self) -> tuple[str, str, dict[str, list[str]]]:
        parsed = urlparse(self.path)
        parts = parsed.path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "conversations":
            return "", "", {}
        return unquote(parts[1]), parts[2], parse_qs(parsed.query)

    def do_POST(self) -> None:  # noqa: N802
        fake: FakeRasa = self.server.owner  # type: ignore[attr-defined]
        conversation, tail, query = self._route()
        if tail != "trigger_intent":
            return self._send(404, {})
        if query.get("token", [""])[0] != fake.token:
            return self._send(401, {"message": "bad token"})
        body = json.loads(self._body() or b"{}")
        if fake.fail_with:
            return self._send(fake.fail_with, {"message": "failing on purpose"})
        with fake.lock:
            fake.calls.append(
                {
                    "conversation": conversation,
                    "name": body.get("name"),
                    "entities": body.get("entities") or {},
                    "channel": query.get("output_channel", [""])[0],
                }
            )
        self._send(200, {"tracker": {}, "messages": []})

    def do_GET(self) -> None:  # noqa: N802
        fake: FakeRasa = self.server.owner  # type: ignore[attr-defined]
        conversation, tail, query = self._route()
        if tail != "tracker" or query.get("token", [""])[0] != fake.token:
            return self._send(404, {})
        with fake.lock:
            events = [
                {
                    "event": "user",
                    "parse_data": {
                        "intent": {"name": c["name"]},
                        "entities": [{"entity": k, "value": v} for k, v in c["entities"].items()],
                    },
                }
                for c in fake.calls
                if c["conversation"] == conversation
            ]
        self._send(200, {"sender_id": conversation, "events": events})


class FakeTwilio(_Server):
    """Twilio's Messages endpoint: checks basic auth, records (To, From, Body), returns a SID."""

    def __init__(self, sid: str = "ACtest", auth_token: str = "twilio-secret") -> None:  # noqa: S107
        self.sid = sid
        self.auth_token = auth_token
        self.messages: list[dict[str, str]] = []
        super().__init__(_TwilioHandler)

    def sent(self) -> list[tuple[str, str]]:
        with self.lock:
            return [(m["To"], m["Body"]) for m in self.messages]


class _TwilioHandler(_Handler):
    def do_POST(self) -> None:  # noqa: N802
        fake: FakeTwilio = self.server.owner  # type: ignore[attr-defined]
        expected = "Basic " + base64.b64encode(f"{fake.sid}:{fake.auth_token}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self._send(401, {"code": 20003, "message": "Authenticate"})
        if urlparse(self.path).path != f"/2010-04-01/Accounts/{fake.sid}/Messages.json":
            return self._send(404, {"code": 20404})
        form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
        with fake.lock:
            fake.messages.append(form)
        self._send(201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued"})


class FakeWebhook(_Server):
    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.status = 200
        super().__init__(_WebhookHandler)


class _WebhookHandler(_Handler):
    def do_POST(self) -> None:  # noqa: N802
        fake: FakeWebhook = self.server.owner  # type: ignore[attr-defined]
        body = json.loads(self._body() or b"{}")
        with fake.lock:
            fake.posts.append(body)
        self._send(fake.status, {})
