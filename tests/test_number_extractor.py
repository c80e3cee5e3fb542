"""Numbers patients write, as entities."""

from __future__ import annotations

import pytest

from bot.nlu.number_extractor import extract


@pytest.mark.parametrize(
    "text, expected",
    [
        ("temp 101.4 this morning", [("temperature", "101.4")]),
        ("Thermometer says 38.9 and I keep shivering", [("temperature", "38.9")]),
        ("running a fever of a hundred and one", [("temperature", "101")]),
        ("pain is a 7 today", [("pain_score", "7")]),
        ("8/10 pain in my back", [("pain_score", "8")]),
        ("my pain is an eight", [("pain_score", "8")]),
        ("had it done 3 days ago", [("days_since_procedure", "3")]),
        ("day 5 after the procedure and still sore", [("days_since_procedure", "5")]),
        ("call me at 617 555 0100", []),
        ("see you at 10:30", []),
    ],
)
def test_numbers_become_entities(text, expected):
    assert [(e["entity"], e["value"]) for e in extract(text)] == expected
