"""The statistical backstop: it raises wordings no rule knows, defers where the rules understood
the message, never lowers a level, and its model is plain JSON trained from the example files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.triage import Engine, TriageConfigError, assess, load_rules
from bot.triage.backstop import Backstop, load_or_train, read_examples, train
from bot.triage.ruleset import DEFAULT_RULES_DIR, load_ruleset
from tests.triage import rules_only

EXAMPLES = DEFAULT_RULES_DIR.parent / "examples"


def test_a_wording_no_rule_knows_is_raised_with_a_finding_that_says_so() -> None:
    text = "i feel like an elephant is sitting on me"
    assert rules_only.assess(text).level == "routine"
    result = assess(text)
    assert result.level == "emergency"
    (finding,) = result.findings
    assert finding.rule == "backstop" and finding.unit == "probability"
    assert 0.8 <= (finding.value or 0) <= 1.0
    assert "no rule matched" in result.reason


@pytest.mark.parametrize(
    "text",
    [
        "the bottom of my foot is numb",  # the rules found numbness and judged it
        "pain is a 7",  # a reading under its threshold is the rules' call
        "no fever no chills just tired",
        "I can pee by myself now",  # an 'unless' understood it
        "can I drive yet?",
        "thanks, see you at the follow-up",
    ],
)
def test_it_defers_where_the_rules_understood_the_message(text: str) -> None:
    assert assess(text).level == "routine", assess(text).to_dict()


@pytest.mark.parametrize("text", ["Y", "k", "?", "y 👍"])
def test_it_does_not_read_a_reply_too_short_to_have_wording(text: str) -> None:
    """A one-letter check-in reply has nothing a statistical reading could go on."""
    assert assess(text).level == "routine", assess(text).to_dict()


def test_it_never_lowers_what_the_rules_found() -> None:
    engine = Engine(load_rules())
    for text in ["I can't feel anything down there", "temp is 101.5", "my legs gave out"]:
        assert engine.assess(text).level == rules_only.assess(text).level != "routine"


def test_model_is_json_and_the_cache_gives_the_same_answers(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRIAGE_CACHE_DIR", str(tmp_path))
    files = sorted(EXAMPLES.glob("*.jsonl"))
    first = load_or_train(files)
    (cached,) = list((tmp_path / "triage-backstop").glob("*.json"))
    data = json.loads(cached.read_text())  # plain JSON: loading a model runs no code
    lines = [line for f in files for line in f.read_text().splitlines()]
    assert data["examples"] == sum(1 for line in lines if line.strip())
    again = load_or_train(files)  # from the cache this time
    text = "woke up and the bed was soaked, didn't feel a thing"
    assert again.probabilities(text) == pytest.approx(first.probabilities(text))
    assert Backstop.from_json(data).probabilities(text) == pytest.approx(first.probabilities(text))


def test_training_is_deterministic() -> None:
    rows = read_examples([EXAMPLES / "r3_a.jsonl"])
    a, b = train(rows), train(rows)
    assert a.probabilities("cant stop bleeding") == b.probabilities("cant stop bleeding")


def test_a_bad_example_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "clinic.jsonl"
    bad.write_text('{"text": "fine", "level": "routine"}\n{"text": "x", "level": "severe"}\n')
    with pytest.raises(TriageConfigError, match=r"clinic.jsonl:2: 'level' must be"):
        read_examples([bad])


def test_backstop_settings_are_validated_with_file_and_line(rules: Path) -> None:
    settings = rules / "settings.yml"
    text = settings.read_text()
    settings.write_text(text.replace("urgent_probability: 0.8", "urgent_probability: 0.2"))
    with pytest.raises(
        TriageConfigError, match=r"settings.yml:\d+: backstop: 'urgent_probability'"
    ):
        load_ruleset(rules)
    settings.write_text(text.replace("examples: ../examples", "examples: ../nowhere"))
    with pytest.raises(TriageConfigError, match=r"settings.yml:\d+: backstop: no labelled"):
        load_ruleset(rules)


def test_rules_without_a_backstop_section_run_rules_only(rules: Path) -> None:
    settings = rules / "settings.yml"
    lines = settings.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("backstop:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n"))
    settings.write_text("".join(lines[:start] + lines[end:]))
    engine = Engine(load_ruleset(rules))
    assert engine.backstop is None
    assert engine.assess("i feel like an elephant is sitting on me").level == "routine"
