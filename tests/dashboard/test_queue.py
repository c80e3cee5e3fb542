"""The queue, escalation detail (with a Rasa transcript), claim/note/resolve and history."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.dashboard.helpers import highlight
from bot.escalations import EscalationRequest, raise_escalation
from bot.store import audit, db
from bot.store import patients as patient_store
from tests.dashboard.conftest import SYS


def _patient(url: str, days_ago: int = 4) -> int:
    with db.transaction(db.get_engine(url), write=True) as s:
        return patient_store.enroll(
            s,
            SYS,
            name="Ada Lovelace",
            phone="555-201-0001",
            procedure_date=dt.date.today() - dt.timedelta(days=days_ago),
        ).id


FEVER = dict(
    reason="Fever 101.5 F",
    excerpt="I feel hot, fever of 101.5 and <b>chills</b>",
    findings=[
        {"id": "fever", "level": "urgent", "label": "Fever", "start": 12, "end": 26},
        {
            "id": "chills",
            "level": "urgent",
            "label": "Chills",
            "start": 34,
            "end": 40,
            "negated": True,
        },
    ],
)


def _actions(url: str) -> list[str]:
    with db.transaction(db.get_engine(url)) as s:
        return [e.action for e in audit.entries_for(s)]


def test_highlight_escapes_and_marks_spans() -> None:
    html = str(highlight(FEVER["excerpt"], FEVER["findings"]))
    assert '<mark class="flag flag-urgent" title="Fever">fever of 101.5</mark>' in html
    assert '<mark class="flag-negated" title="negated: Chills">chills</mark>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    # bad offsets are ignored, not fatal
    assert str(highlight("abc", [{"start": 5, "end": 9}, {"start": "x"}, {}])) == "abc"


def test_queue_shows_patient_days_reason_highlight_and_unknown_sender(
    nurse_browser, sqlite_db_url
) -> None:
    pid = _patient(sqlite_db_url, days_ago=4)
    raise_escalation(EscalationRequest("urgent", str(pid), "sms", **FEVER))
    raise_escalation(
        EscalationRequest(
            "emergency",
            "+15550009999",
            "webchat",
            reason="Can't move legs",
            excerpt="cant move my legs",
            callback_number="555-201-7777",
        )
    )
    page = nurse_browser.get("/")
    text = page.text
    assert page.status_code == 200
    assert "Ada Lovelace" in text and "day 4" in text and "Fever 101.5 F" in text
    assert '<mark class="flag flag-urgent" title="Fever">fever of 101.5</mark>' in text
    assert "Unknown sender (webchat)" in text and "+15552017777" in text
    # the emergency is first, in a red banner and in the title
    assert text.index("Can&#39;t move legs") < text.index("Fever 101.5 F")
    assert 'id="emergency-banner"' in text and "EMERGENCY escalation waiting" in text
    assert "<title>🚨 1 EMERGENCY · (2) Queue" in text
    assert 'aria-live="assertive"' in text
    assert "queue.view" in _actions(sqlite_db_url)


def test_queue_json_for_polling(nurse_browser, sqlite_db_url) -> None:
    empty = nurse_browser.get("/queue.json").json
    assert (empty["count"], empty["emergencies"], empty["items"]) == (0, 0, [])
    result = raise_escalation(EscalationRequest("emergency", "77", "sms", reason="Numb legs"))
    data = nurse_browser.get("/queue.json").json
    assert data["count"] == 1 and data["emergencies"] == 1
    assert data["items"] == [
        {
            "id": result.escalation_id,
            "severity": "emergency",
            "status": "open",
            "who": "Unknown sender (sms)",
            "reason": "Numb legs",
        }
    ]
    assert f'data-id="{result.escalation_id}"' in data["rows_html"]
    assert 'name="csrf_token"' in data["rows_html"]


def test_claim_note_resolve_through_the_forms(nurse_browser, sqlite_db_url) -> None:
    pid = _patient(sqlite_db_url)
    eid = raise_escalation(EscalationRequest("urgent", str(pid), "sms", **FEVER)).escalation_id
    assert nurse_browser.post(f"/escalations/{eid}/claim").status_code == 302
    detail = nurse_browser.get(f"/escalations/{eid}").text
    assert "claimed by Nurse" in detail
    assert nurse_browser.post(f"/escalations/{eid}/note", text="Voicemail left").status_code == 302
    assert "Voicemail left" in nurse_browser.get(f"/escalations/{eid}").text
    bad = nurse_browser.post(f"/escalations/{eid}/resolve", outcome="")
    assert bad.status_code == 302
    assert "Outcome must be one of" in nurse_browser.get(bad.headers["Location"]).text
    done = nurse_browser.post(f"/escalations/{eid}/resolve", outcome="sent_to_er", note="ER")
    assert done.headers["Location"] == "/"
    assert nurse_browser.get("/queue.json").json["count"] == 0
    history = nurse_browser.get("/history?outcome=sent_to_er").text
    assert "Fever 101.5 F" in history and "Sent to ER" in history
    assert "Fever 101.5 F" not in nurse_browser.get("/history?outcome=advised").text
    assert "Fever 101.5 F" in nurse_browser.get(f"/history?patient={pid}&severity=urgent").text
    today = dt.date.today().isoformat()
    assert "Fever 101.5 F" in nurse_browser.get(f"/history?from={today}&to={today}").text
    actions = _actions(sqlite_db_url)
    for action in (
        "escalation.claim",
        "escalation.view",
        "escalation.note",
        "escalation.resolve",
        "escalation.history_view",
    ):
        assert action in actions


def test_second_nurse_cannot_claim_a_claimed_escalation(app, nurse_browser, sqlite_db_url):
    from tests.dashboard.conftest import Browser, make_nurse

    eid = raise_escalation(EscalationRequest("urgent", "s1", "sms", reason="r")).escalation_id
    nurse_browser.post(f"/escalations/{eid}/claim")
    make_nurse(sqlite_db_url, "other@example.org")
    other = Browser(app.test_client())
    other.login("other@example.org")
    response = other.post(f"/escalations/{eid}/claim")
    assert "Already claimed by Nurse" in other.get(response.headers["Location"]).text


class _FakeRasa(BaseHTTPRequestHandler):
    tracker: dict = {}
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        type(self).seen.append(self.path)
        body = json.dumps(self.tracker).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def fake_rasa():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_detail_shows_the_transcript_with_flagged_messages(
    app, nurse_browser, sqlite_db_url, fake_rasa
) -> None:
    pid = _patient(sqlite_db_url)
    eid = raise_escalation(EscalationRequest("urgent", str(pid), "sms", **FEVER)).escalation_id
    _FakeRasa.tracker = {
        "sender_id": str(pid),
        "events": [
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "hi there", "timestamp": 1700000000.0},
            {"event": "bot", "text": "Hello! How are you feeling today?", "timestamp": 1700000001},
            {"event": "user", "text": FEVER["excerpt"], "timestamp": 1700000060.0},
            {"event": "bot", "text": "I am asking a nurse to call you.", "timestamp": 1700000061},
            {"event": "slot", "name": "x", "value": 1},
        ],
    }
    app.config.update(RASA_URL=fake_rasa, RASA_TOKEN="sekrit")
    page = nurse_browser.get(f"/escalations/{eid}").text
    assert _FakeRasa.seen[-1] == f"/conversations/{pid}/tracker?token=sekrit"
    lines = page.split('<ol class="transcript">')[1]
    assert lines.index("hi there") < lines.index("Hello! How are you") < lines.index("chills")
    assert lines.count("flagged") == 2  # one line: its class and its badge
    assert "line-patient flagged" in lines
    assert "Transcript unavailable" not in page


def test_detail_survives_rasa_being_down(nurse_browser, sqlite_db_url) -> None:
    eid = raise_escalation(EscalationRequest("urgent", "x", "sms", **FEVER)).escalation_id
    page = nurse_browser.get(f"/escalations/{eid}")
    assert page.status_code == 200
    assert "Transcript unavailable" in page.text
    assert "fever of 101.5</mark>" in page.text  # the stored flagged message is still shown


@pytest.mark.postgres
def test_dashboard_on_postgresql(request, tmp_path, monkeypatch) -> None:
    """The same nurse journey with PostgreSQL as the app database."""
    from bot.dashboard import create_app
    from tests import pg
    from tests.dashboard.conftest import Browser, make_nurse

    for url in pg.fresh_database(request, "postgresql", tmp_path):
        monkeypatch.setenv("DATABASE_URL", url)
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "k",
                "RASA_URL": "http://127.0.0.1:9",
                "TRANSCRIPT_TIMEOUT_SECONDS": 0.5,
            }
        )
        make_nurse(url, "pg@example.org")
        browser = Browser(app.test_client())
        assert browser.login("pg@example.org").status_code == 302
        pid = _patient(url)
        eid = raise_escalation(
            EscalationRequest("emergency", str(pid), "sms", **FEVER)
        ).escalation_id
        assert "fever of 101.5</mark>" in browser.get("/").text
        assert browser.get("/queue.json").json["emergencies"] == 1
        browser.post(f"/escalations/{eid}/claim")
        browser.post(f"/escalations/{eid}/resolve", outcome="advised")
        assert "Advised" in browser.get("/history?severity=emergency").text
        assert "Ada Lovelace" in browser.get("/patients/").text
        assert {"escalation.claim", "escalation.resolve", "patient.list"} <= set(_actions(url))
