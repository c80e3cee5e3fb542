"""The trained model on messages it never saw (tests/data/heldout.jsonl), and the level the
assistant acts on (red-flag engine + intent floor) on the same messages."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from bot.safety import decide

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "current.tar.gz"


@pytest.fixture(scope="module")
def agent() -> Any:
    if not MODEL.exists():
        pytest.fail("models/current.tar.gz is missing: run `make model`")
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


@pytest.fixture(scope="module")
def heldout() -> list[dict[str, Any]]:
    lines = (ROOT / "tests" / "data" / "heldout.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def parse_all(agent: Any, texts: list[str]) -> list[dict[str, Any]]:
    async def go() -> list[dict[str, Any]]:
        return [await agent.parse_message(t) for t in texts]

    return asyncio.run(go())


@pytest.fixture(scope="module")
def parsed(agent: Any, heldout: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return parse_all(agent, [m["text"] for m in heldout])


def test_unseen_messages_are_understood(parsed, heldout):
    correct = sum(p["intent"]["name"] == m["intent"]
                  for p, m in zip(parsed, heldout, strict=True))
    accuracy = correct / len(heldout)
    print(f"held-out intent accuracy {accuracy:.3f} on {len(heldout)} messages")
    assert accuracy >= 0.85


def test_the_assistant_escalates_unseen_red_flags(parsed, heldout):
    levels = [decide(p).level for p in parsed]
    gold = [m["level"] for m in heldout]
    red = [lv for lv, g in zip(levels, gold, strict=True) if g != "routine"]
    routine = [lv for lv, g in zip(levels, gold, strict=True) if g == "routine"]
    emergencies = [lv for lv, g in zip(levels, gold, strict=True) if g == "emergency"]
    recall = sum(lv != "routine" for lv in red) / len(red)
    over = sum(lv != "routine" for lv in routine) / len(routine)
    print(f"held-out: red flags escalated {recall:.1%}, routine escalated {over:.1%}, "
          f"emergencies told 911 {emergencies.count('emergency')}/{len(emergencies)}")
    assert "routine" not in emergencies, "an emergency got a routine answer"
    assert recall >= 0.90
    assert over <= 0.05


def test_entities_carry_numbers(agent):
    parsed = parse_all(agent, ["pain is a 7 today", "temp 101.4 this morning"])
    pain = [e for e in parsed[0]["entities"] if e["entity"] == "pain_score"]
    temp = [e for e in parsed[1]["entities"] if e["entity"] == "temperature"]
    assert pain and pain[0]["value"] == "7"
    assert temp and temp[0]["value"] == "101.4"


@pytest.mark.parametrize("junk", ["", " ", "🙂" * 50, "\x00\x01binary\xff", "a" * 20000])
def test_junk_never_breaks_parsing(agent, junk):
    parsed = parse_all(agent, [junk])[0]
    assert parsed["triage"]["level"] in {"routine", "urgent", "emergency"}
