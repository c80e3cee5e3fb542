"""The nurse callback form."""

from __future__ import annotations

import pytest

from actions.callback import ActionAskCallbackNumber, ActionSubmitCallback, ValidateCallbackForm
from bot.content import load
from bot.escalations import EscalationRequest, EscalationResult
from tests.conftest import make_tracker, texts


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("617-555-0100", "+16175550100"),
        ("(617) 555 0100", "+16175550100"),
        ("my cell is 1 617 555 0100", "+16175550100"),
        ("call my daughter at 617.555.0100 pls", "+16175550100"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_as_patients_type_them(typed, expected, dispatcher, domain):
    slots = ValidateCallbackForm().validate_callback_number(
        typed, dispatcher, make_tracker(typed, intent="inform"), domain
    )
    assert slots == {"callback_number": expected}
    assert dispatcher.messages == []


@pytest.mark.parametrize("typed", ["tomorrow", "555-01", "", "🙂🙂", "0" * 200])
def test_not_a_phone_number_is_asked_again(typed, dispatcher, domain):
    slots = ValidateCallbackForm().validate_callback_number(
        typed, dispatcher, make_tracker(typed, intent="inform"), domain
    )
    assert slots == {"callback_number": None}
    assert texts(dispatcher) == [load("messages")["invalid_callback_number"]]


def test_sms_sender_can_confirm_the_number_they_text_from(dispatcher, domain):
    tracker = make_tracker("yes", intent="affirm", channel="sms",
                           metadata={"phone": "+16175550142"})
    ActionAskCallbackNumber().run(dispatcher, tracker, domain)
    assert "(617) 555-0142" in texts(dispatcher)[0]
    slots = ValidateCallbackForm().validate_callback_number("yes", dispatcher, tracker, domain)
    assert slots == {"callback_number": "+16175550142"}


def test_submit_queues_a_routine_callback_with_the_details(monkeypatch, dispatcher, domain):
    calls: list[EscalationRequest] = []

    def fake(request: EscalationRequest) -> EscalationResult:
        calls.append(request)
        return EscalationResult(7, True, request.severity)

    monkeypatch.setattr("actions.callback.raise_escalation", fake)
    tracker = make_tracker("after 3pm", intent="inform",
                           slots={"callback_number": "+16175550100",
                                  "callback_window": "after 3pm"})
    ActionSubmitCallback().run(dispatcher, tracker, domain)
    assert calls[0].severity == "routine"
    assert calls[0].kind == "callback"
    assert calls[0].callback_number == "+16175550100"
    assert calls[0].callback_window == "after 3pm"
    said = texts(dispatcher)
    assert "(617) 555-0100" in said[0] and "after 3pm" in said[0]
    assert "911" in said[1]
