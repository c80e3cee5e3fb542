"""The escalation path: what the patient reads first, and what reaches the nurse queue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.red_flag import ActionRedFlag
from bot.content import load
from bot.escalations import EscalationRequest, EscalationResult
from tests.conftest import make_tracker, texts

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
REASSURING = [str(r[0]["text"]) for name, r in DOMAIN["responses"].items()
              if name in {"utter_site_pain", "utter_numbness", "utter_swelling",
                          "utter_glad_improving", "utter_recovery_time"}]


@pytest.fixture
def raised(monkeypatch: pytest.MonkeyPatch) -> list[EscalationRequest]:
    calls: list[EscalationRequest] = []

    def fake(request: EscalationRequest) -> EscalationResult:
        calls.append(request)
        return EscalationResult(escalation_id=41 + len(calls), created=True,
                                severity=request.severity)

    monkeypatch.setattr("actions.red_flag.raise_escalation", fake)
    return calls


def run(tracker: Any, dispatcher: Any, domain: dict[str, Any]) -> list[dict[str, Any]]:
    return ActionRedFlag().run(dispatcher, tracker, domain)


def test_emergency_says_911_first_and_records_an_emergency(raised, dispatcher, domain):
    tracker = make_tracker("my legs gave out and I peed myself without feeling it",
                           intent="ask_numbness", channel="sms")
    run(tracker, dispatcher, domain)
    said = texts(dispatcher)
    assert "911" in said[0]
    assert len(raised) == 1
    request = raised[0]
    assert request.severity == "emergency"
    assert request.channel == "sms"
    assert request.sender_id == "patient-1"
    assert request.findings, "the nurse must see why"
    assert any(f["level"] == "emergency" for f in request.findings)
    assert request.excerpt.startswith("my legs gave out")


def test_self_harm_adds_the_988_lifeline(raised, dispatcher, domain):
    tracker = make_tracker("honestly i just want to kill myself, this pain never ends",
                           intent="ask_site_pain")
    run(tracker, dispatcher, domain)
    said = texts(dispatcher)
    assert "911" in said[0]
    assert any("988" in t for t in said)
    assert raised[0].severity == "emergency"


def test_urgent_tells_the_patient_a_nurse_will_call_today(raised, dispatcher, domain):
    tracker = make_tracker("temp is 101.3 and the incision is red and warm",
                           intent="ask_infection")
    events = run(tracker, dispatcher, domain)
    said = texts(dispatcher)
    assert "today" in said[0].lower()
    assert raised[0].severity == "urgent"
    assert {"event": "slot", "name": "escalation_id", "value": 42.0} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    ids = {f["id"] for f in raised[0].findings if f.get("counts", True)}
    assert "fever" in ids


def test_intent_floor_escalates_a_red_flag_intent_the_rules_missed(raised, dispatcher, domain):
    tracker = make_tracker("something is really wrong, please help", intent="report_emergency",
                           confidence=0.93)
    run(tracker, dispatcher, domain)
    assert "911" in texts(dispatcher)[0]
    assert raised[0].severity == "emergency"


def test_a_red_flag_is_never_paired_with_reassurance(raised, dispatcher, domain):
    tracker = make_tracker("feeling great today! but there is yellow gunk coming out of my cut",
                           intent="report_improving")
    run(tracker, dispatcher, domain)
    said = " ".join(texts(dispatcher))
    for reassurance in REASSURING:
        assert reassurance not in said
    assert "expected" not in said.lower() and "normal" not in said.lower()


def test_a_red_flag_cancels_the_running_form(raised, dispatcher, domain):
    tracker = make_tracker("I cant breathe and my chest hurts", intent="inform",
                           active_loop="callback_form")
    events = run(tracker, dispatcher, domain)
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"
    ]


def test_if_the_queue_is_down_the_patient_still_gets_the_instruction(monkeypatch, dispatcher,
                                                                     domain):
    def broken(request: EscalationRequest) -> EscalationResult:
        raise RuntimeError("database is locked")

    monkeypatch.setattr("actions.red_flag.raise_escalation", broken)
    tracker = make_tracker("fever of 102 and chills", intent="ask_infection")
    run(tracker, dispatcher, domain)
    said = texts(dispatcher)
    assert "today" in said[0].lower()
    assert load("messages")["escalation_failed"] in said
    assert load("messages")["urgent_nurse_will_call"] not in said


def test_the_red_flag_message_is_not_kept_as_the_forms_answer(raised, dispatcher, domain):
    tracker = make_tracker("also my temp is 101.5 now", intent="ask_infection",
                           active_loop="callback_form",
                           slots={"requested_slot": "callback_window",
                                  "callback_window": "also my temp is 101.5 now",
                                  "callback_number": "+16175550100"})
    events = run(tracker, dispatcher, domain)
    slot_events = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slot_events["callback_window"] is None
    assert "callback_number" not in slot_events
