"""The trained model on messages it never saw (tests/data/nlu_heldout.yml)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "current.tar.gz"
RED_FLAG_INTENTS = {"report_emergency", "report_bladder_bowel", "report_weakness"}


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


def test_unseen_messages_are_understood(agent, heldout):
    parsed = parse_all(agent, [m["text"] for m in heldout])
    correct = sum(p["intent"]["name"] == m["intent"] for p, m in zip(parsed, heldout))
    accuracy = correct / len(heldout)
    print(f"held-out intent accuracy {accuracy:.3f} on {len(heldout)} messages")
    assert accuracy >= 0.80


def test_every_parse_carries_the_red_flag_assessment(agent, heldout):
    parsed = parse_all(agent, [m["text"] for m in heldout])
    levels = Counter(p["triage"]["level"] for p in parsed)
    assert set(levels) <= {"routine", "urgent", "emergency"}
    for p, m in zip(parsed, heldout):
        if m["level"] == "emergency":
            assert p["triage"]["level"] == "emergency" or p["intent"]["name"] in RED_FLAG_INTENTS, (
                m["text"]
            )


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
