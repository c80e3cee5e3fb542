"""How the red-flag engine and the intent classifier combine into one level."""

from __future__ import annotations

from bot.safety import decide
from bot.triage import assess


def parse(text: str, intent: str, confidence: float = 0.9) -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": confidence},
            "triage": assess(text).to_dict()}


def test_engine_level_wins_over_a_harmless_intent():
    assert decide(parse("I passed out in the bathroom", "greet")).level == "emergency"


def test_red_flag_intent_raises_the_floor():
    assert decide(parse("please help me something is wrong", "report_emergency")).level == (
        "emergency"
    )
    assert decide(parse("things are going downhill", "report_worsening")).level == "urgent"


def test_low_confidence_intent_does_not_raise_the_floor():
    assert decide(parse("hmm ok", "report_emergency", confidence=0.2)).level == "routine"


def test_hypothetical_red_flag_question_is_not_escalated_by_its_intent():
    decision = decide(parse("what should I do if I can't breathe?", "report_emergency"))
    assert decision.level == "routine"


def test_missing_assessment_is_computed():
    decision = decide({"text": "temp 102.5", "intent": {"name": "inform", "confidence": 1.0}})
    assert decision.level == "urgent"
