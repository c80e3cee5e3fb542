"""Fixtures shared by the whole suite: Rasa SDK trackers for action tests, and a running stack
(Rasa server + action server on free loopback ports, temporary databases) for end-to-end tests."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "current.tar.gz"


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    text: str = "",
    intent: str = "out_of_scope",
    confidence: float = 0.9,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    channel: str = "rest",
    metadata: dict[str, Any] | None = None,
    sender_id: str = "patient-1",
    with_triage: bool = True,
) -> Tracker:
    """A tracker whose latest message is ``text``, parsed as Rasa would (with the red-flag
    assessment the NLU component attaches)."""
    latest: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "metadata": metadata or {},
    }
    if with_triage:
        from bot.triage import assess

        latest["triage"] = assess(text).to_dict()
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": latest, "input_channel": channel,
         "metadata": metadata or {}},
    ]
    return Tracker(
        sender_id=sender_id,
        slots=slots or {},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@pytest.fixture
def tracker_for() -> Callable[..., Tracker]:
    return make_tracker


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    """What the patient reads, in order."""
    return [m.get("text") or m.get("response") or "" for m in dispatcher.messages]


def fetch_tracker(rasa_url: str, token: str, conversation_id: str) -> dict[str, Any]:
    """A conversation's tracker from a running Rasa server's HTTP API."""
    import requests

    resp = requests.get(
        f"{rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": token},
        timeout=10,
    )
    resp.raise_for_status()
    return dict(resp.json())


@dataclass
class RunningStack:
    rasa_url: str
    token: str
    dashboard_url: str | None
    database_url: str
    var_dir: Path

    def send(self, sender: str, message: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        import requests

        resp = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        resp.raise_for_status()
        return list(resp.json())

    def tracker(self, sender: str) -> dict[str, Any]:
        return fetch_tracker(self.rasa_url, self.token, sender)


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """The trained model served by a real Rasa server and action server (and the dashboard when
    it exists), on free loopback ports, with a fresh SQLite app database and tracker store."""
    if not MODEL.exists():
        pytest.fail("models/current.tar.gz is missing: run `make model` (make test does)")
    from bot.supervisor import Stack, StackConfig, free_port

    var_dir = tmp_path_factory.mktemp("stack")
    database_url = f"sqlite:///{var_dir / 'app.db'}"
    token = secrets.token_hex(16)
    env = {
        "DATABASE_URL": database_url,
        "RASA_TOKEN": token,
        "SECRET_KEY": secrets.token_urlsafe(16),
        "RECOVERY_BOT_ENV_FILE": str(var_dir / "none.env"),
    }
    os.environ.update(env)  # this process (tests reading the store) uses the same database
    from bot.supervisor import _prepare_app_database

    _prepare_app_database()
    cfg = StackConfig(
        rasa_port=free_port(), action_port=free_port(), dashboard_port=free_port(),
        var_dir=var_dir, rasa_token=token, extra_env=env, with_scheduler=False,
        log_dir=var_dir / "logs",
    )
    stack = Stack(cfg)
    try:
        stack.start(timeout=180)
    except Exception:
        stack.stop()
        for log in sorted((var_dir / "logs").glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    has_dashboard = any(s.name == "nurse dashboard" for s in stack.services)
    try:
        yield RunningStack(
            rasa_url=f"http://127.0.0.1:{cfg.rasa_port}",
            token=token,
            dashboard_url=f"http://127.0.0.1:{cfg.dashboard_port}" if has_dashboard else None,
            database_url=database_url,
            var_dir=var_dir,
        )
    finally:
        stack.stop()
