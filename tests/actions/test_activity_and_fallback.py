"""Answers the patient guide does not document point to the discharge instructions."""

from __future__ import annotations

import re

import pytest

from actions.activity import ActionAnswerActivity
from actions.fallback import ActionFallback
from bot.content import load
from tests.conftest import make_tracker, texts


def test_driving_points_to_discharge_instructions_without_inventing_a_rule(dispatcher, domain):
    tracker = make_tracker(
        "when can i drive again", intent="ask_activity",
        entities=[{"entity": "activity", "value": "driving", "start": 15, "end": 20}],
    )
    events = ActionAnswerActivity().run(dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert "few days" in said[0]  # the documented expectation
    assert "driving" in said[1] and "discharge instructions" in said[1]
    assert not re.search(r"\d", " ".join(said)), "no invented numbers (days, pounds ...)"
    assert events[0]["value"] == "driving"


def test_activity_without_a_known_topic(dispatcher, domain):
    tracker = make_tracker("what am i allowed to do", intent="ask_activity")
    ActionAnswerActivity().run(dispatcher, tracker, domain)
    assert texts(dispatcher)[1] == load("messages")["activity_unknown"]


@pytest.mark.parametrize(
    "text, key",
    [
        ("my foot feels funny and kinda hot", "fallback_symptom"),
        ("the thing on my back is weird", "fallback_symptom"),
        ("blorp zzz", "fallback_general"),
        ("what's the wifi password", "fallback_general"),
    ],
)
def test_fallback_never_guesses_about_symptoms(text, key, dispatcher, domain):
    ActionFallback().run(dispatcher, make_tracker(text, intent="nlu_fallback"), domain)
    assert texts(dispatcher) == [load("messages")[key]]
