"""Patients pages (audited), the JSON API with bearer tokens, and the CLI."""

from __future__ import annotations

import io
import sys

from sqlalchemy import select

from bot.cli import main as cli_main
from bot.escalations import EscalationRequest, raise_escalation
from bot.store import audit, db
from bot.store import tokens as token_store
from bot.store.models import Patient
from tests.dashboard.conftest import SYS


def _entries(url: str) -> list[audit.AuditEntry]:  # type: ignore[name-defined]
    with db.transaction(db.get_engine(url)) as s:
        return audit.entries_for(s)


def test_enroll_edit_view_and_list_patients(nurse_browser, nurse, sqlite_db_url) -> None:
    form = nurse_browser.get("/patients/new")
    assert form.status_code == 200
    bad = nurse_browser.post(
        "/patients/new",
        name="Alan Turing",
        phone="123",
        procedure_date="2025-02-01",
        clinician="Dr. K",
        preferred_channel="sms",
        timezone="America/Chicago",
    )
    assert bad.status_code == 400 and "Phone" in bad.text
    response = nurse_browser.post(
        "/patients/new",
        name="Alan Turing",
        phone="(555) 201-0042",
        procedure_date="2025-02-01",
        clinician="Dr. K",
        preferred_channel="webchat",
        timezone="America/Chicago",
    )
    assert response.status_code == 302
    pid = int(response.headers["Location"].rsplit("/", 1)[1])
    page = nurse_browser.get(f"/patients/{pid}").text
    assert "+15552010042" in page and "webchat" in page and "receiving messages" in page
    edit = nurse_browser.post(
        f"/patients/{pid}/edit",
        name="Alan M. Turing",
        phone="555-201-0042",
        procedure_date="2025-02-02",
        clinician="Dr. K",
        preferred_channel="webchat",
        timezone="America/Chicago",
    )
    assert edit.status_code == 302
    nurse_browser.post(f"/patients/{pid}/opt-out", opted_out="1")
    raise_escalation(EscalationRequest("urgent", str(pid), "webchat", reason="Fever"))
    listing = nurse_browser.get("/patients/").text
    assert "Alan M. Turing" in listing and "opted out" in listing
    assert '<strong class="open-count">1</strong>' in listing
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        patient = s.execute(select(Patient)).scalar_one()
        assert patient.procedure_date.isoformat() == "2025-02-02" and patient.opted_out
    rows = [(e.actor_type, e.actor_id, e.action, e.object_id) for e in _entries(sqlite_db_url)]
    for action in (
        "patient.enroll",
        "patient.view",
        "patient.update",
        "patient.opt_out",
        "patient.list",
    ):
        assert ("nurse", nurse, action) in [(t, i, a) for t, i, a, _ in rows], action
    assert ("nurse", nurse, "patient.view", str(pid)) in rows


def test_admin_reads_the_audit_log_with_paging(admin_browser, sqlite_db_url) -> None:
    with db.transaction(db.get_engine(sqlite_db_url), write=True) as s:
        for i in range(120):
            audit.write(s, SYS, "test.filler", "thing", i)
    first = admin_browser.get("/audit/").text
    assert "Page 1 of 3" in first and "test.filler" in first
    assert "Page 3 of 3" in admin_browser.get("/audit/?page=3").text
    assert "Page 1 of 1" in admin_browser.get("/audit/?action=auth.login").text


def _token(url: str, name: str = "ehr") -> str:
    with db.transaction(db.get_engine(url), write=True) as s:
        return token_store.create(s, SYS, name)[1]


def test_api_requires_a_bearer_token(app, sqlite_db_url) -> None:
    client = app.test_client()
    plain = _token(sqlite_db_url)
    for headers in (
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": f"Basic {plain}"},
        {"Authorization": "Bearer "},
    ):
        response = client.get("/api/escalations?status=open", headers=headers)
        assert response.status_code == 401, headers
        assert response.json["error"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    with db.transaction(db.get_engine(sqlite_db_url), write=True) as s:
        token_store.revoke(s, SYS, 1)
    assert (
        client.get("/api/escalations", headers={"Authorization": f"Bearer {plain}"}).status_code
        == 401
    )


def test_api_lists_escalations_and_audits_the_token(app, sqlite_db_url, nurse) -> None:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {_token(sqlite_db_url, 'ehr-sync')}"}
    made = raise_escalation(
        EscalationRequest(
            "urgent",
            "abc",
            "sms",
            reason="Fever",
            excerpt="fever",
            findings=[{"id": "fever", "start": 0, "end": 5}],
        )
    )
    raise_escalation(EscalationRequest("routine", "other", "webchat", reason="Question"))
    data = client.get("/api/escalations?status=open", headers=headers).json
    assert len(data) == 2
    item = next(d for d in data if d["id"] == made.escalation_id)
    for key in (
        "id",
        "severity",
        "status",
        "reason",
        "findings",
        "sender_id",
        "patient_id",
        "created_at",
    ):
        assert key in item
    assert (item["severity"], item["status"], item["sender_id"], item["patient_id"]) == (
        "urgent",
        "open",
        "abc",
        None,
    )
    assert item["findings"] == [{"id": "fever", "start": 0, "end": 5}]
    assert item["created_at"].endswith("Z")
    assert client.get("/api/escalations?status=resolved", headers=headers).json == []
    assert client.get("/api/escalations?status=bogus", headers=headers).status_code == 400
    one = client.get(f"/api/escalations/{made.escalation_id}", headers=headers).json
    assert one["messages"][0]["excerpt"] == "fever"
    assert client.get("/api/escalations/999", headers=headers).status_code == 404
    # no CSRF for the API, and no session cookie is needed or set
    assert "Set-Cookie" not in client.get("/api/escalations", headers=headers).headers
    api_rows = [e for e in _entries(sqlite_db_url) if e.action.startswith("api.")]
    assert {e.actor_type for e in api_rows} == {"token"}
    assert api_rows[0].actor_label == "ehr-sync"


def test_cli_commands(sqlite_db_url, tmp_path, monkeypatch, capsys) -> None:
    fresh = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", fresh)
    assert cli_main(["patient", "list"]) == 1  # schema behind: a clear error
    assert "recovery-bot db upgrade" in capsys.readouterr().err
    assert cli_main(["db", "upgrade"]) == 0
    assert cli_main(["db", "current"]) == 0
    assert (
        cli_main(
            [
                "patient",
                "enroll",
                "--name",
                "Cli Patient",
                "--phone",
                "5552010777",
                "--procedure-date",
                "2025-03-01",
                "--clinician",
                "Dr. C",
            ]
        )
        == 0
    )
    assert "enrolled patient 1" in capsys.readouterr().out
    assert (
        cli_main(
            [
                "patient",
                "enroll",
                "--name",
                "Dup",
                "--phone",
                "555-201-0777",
                "--procedure-date",
                "2025-03-01",
            ]
        )
        == 1
    )
    assert cli_main(["patient", "list"]) == 0
    assert "Cli Patient" in capsys.readouterr().out
    assert cli_main(["patient", "show", "1"]) == 0
    assert "+15552010777" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    assert (
        cli_main(
            ["nurse", "add", "--email", "cli@example.org", "--role", "admin", "--password-stdin"]
        )
        == 0
    )
    assert cli_main(["token", "create", "--name", "integration"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("rbt_")
    with db.transaction(db.get_engine(fresh), write=True) as s:
        assert token_store.verify(s, token) is not None
        actions = [e.action for e in audit.entries_for(s)]
    assert actions[:2] == ["patient.enroll", "patient.list"]
    assert "patient.view" in actions and "nurse.add" in actions and "token.create" in actions
    db.dispose_engine(fresh)
