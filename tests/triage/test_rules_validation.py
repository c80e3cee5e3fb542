"""The clinic-editable YAML is validated with errors naming the file, line and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage import TriageConfigError, assess, load_rules
from bot.triage.ruleset import load_ruleset
from tests.triage.rules_only import edit_first as edit


def test_default_rules_load() -> None:
    rules = load_rules()
    assert rules.thresholds["fever_f"] == 100.4
    assert rules.thresholds["fever_c"] == 38.0
    assert rules.thresholds["severe_pain"] == 8
    assert rules.thresholds["numbness_days"] == 3


def test_unknown_level_names_file_line_and_finding(rules: Path) -> None:
    old = "  - id: fever\n    level: urgent"
    line = edit(rules / "findings.yml", old, old + "t")
    with pytest.raises(TriageConfigError) as err:
        load_ruleset(rules)
    message = str(err.value)
    assert f"findings.yml:{line + 1}:" in message
    assert "finding 'fever'" in message and "unknown level 'urgentt'" in message


def test_yaml_syntax_error(rules: Path) -> None:
    line = edit(rules / "settings.yml", "thresholds:", "thresholds: [unclosed")
    with pytest.raises(TriageConfigError, match=r"settings\.yml:\d+: invalid YAML") as err:
        load_ruleset(rules)
    assert int(str(err.value).split("settings.yml:")[1].split(":")[0]) >= line


def test_unknown_lexicon_group(rules: Path) -> None:
    line = edit(rules / "findings.yml", '"@NUMB ~4 @SADDLE"', '"@NUMB ~4 @SADDEL"')
    with pytest.raises(TriageConfigError, match=rf"findings\.yml:{line}: .*'@SADDEL'"):
        load_ruleset(rules)


def test_unknown_key_is_reported(rules: Path) -> None:
    line = edit(rules / "findings.yml", "    label: Fever\n", "    lable: Fever\n")
    with pytest.raises(TriageConfigError, match=r"findings\.yml:\d+: .*'lable'") as err:
        load_ruleset(rules)
    assert f":{line}:" in str(err.value) or "missing 'label'" in str(err.value)


def test_threshold_must_be_number(rules: Path) -> None:
    line = edit(rules / "settings.yml", "fever_f: 100.4", "fever_f: high")
    with pytest.raises(TriageConfigError, match=rf"settings\.yml:{line}: .*'fever_f' must be"):
        load_ruleset(rules)


def test_yaml_no_is_not_text(rules: Path) -> None:
    edit(rules / "context.yml", '["no", not,', "[no, not,")
    with pytest.raises(TriageConfigError, match=r"context\.yml:\d+: negation_pre: entries"):
        load_ruleset(rules)


def test_combination_of_unknown_finding(rules: Path) -> None:
    line = edit(rules / "findings.yml", "[[minor_bleeding,", "[[minor_bleedin,")
    with pytest.raises(TriageConfigError, match=rf"findings\.yml:{line}: .*'minor_bleedin'"):
        load_ruleset(rules)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(TriageConfigError, match="rules directory not found"):
        load_ruleset(tmp_path / "nope")


def test_clinic_can_tighten_a_threshold(rules: Path) -> None:
    assert assess("temp 100.1").level == "routine"
    edit(rules / "settings.yml", "fever_f: 100.4", "fever_f: 100.0")
    assert assess("temp 100.1", rules).level == "urgent"


def test_env_var_points_at_clinic_rules(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(rules / "settings.yml", "severe_pain: 8", "severe_pain: 6")
    monkeypatch.setenv("TRIAGE_RULES_DIR", str(rules))
    assert load_rules().thresholds["severe_pain"] == 6
    assert assess("pain is a 6").level == "urgent"


def test_excluded_word_slot_must_be_single_words(rules: Path) -> None:
    old = '      - "hit the floor"'
    line = edit(rules / "findings.yml", old, '      - "hit the !floor|red-dress"')
    with pytest.raises(TriageConfigError) as err:
        load_ruleset(rules)
    assert f"findings.yml:{line}:" in str(err.value) and "one word" in str(err.value)


def test_list_scope_words_are_clinic_editable(rules: Path) -> None:
    # without "or" as a list conjunction, "no fever, chills or sweats" negates only the fever
    edit(
        rules / "context.yml",
        'list_conjunctions: [and, or, nor, plus, "y", "o", "ni", "ou"]',
        "list_conjunctions: [nor]",
    )
    from bot.triage.engine import Engine

    engine = Engine(load_ruleset(rules))
    assert engine.assess("no fever, chills or sweats").level == "urgent"
    assert assess("no fever, chills or sweats").level == "routine"


def test_respellings_are_clinic_editable(rules: Path) -> None:
    # "cyaan ketch mi breath" reads as "can not catch my breath" only through fuzzy.respell
    assert assess("mi cyaan ketch mi breath").level == "emergency"
    edit(rules / "settings.yml", 'respell: {cyaan: "can not", ', "respell: {")
    from bot.triage.engine import Engine

    assert (
        Engine(load_ruleset(rules), backstop=None).assess("mi cyaan ketch mi breath").level
        == "routine"
    )


def test_a_respelling_must_be_one_word(rules: Path) -> None:
    line = edit(rules / "settings.yml", "respell: {cyaan:", "respell: {cy aan:")
    with pytest.raises(TriageConfigError) as err:
        load_ruleset(rules)
    assert f"settings.yml:{line}:" in str(err.value) and "one lowercase word" in str(err.value)


def test_no_list_in_the_shipped_rules_repeats_an_entry() -> None:
    """A clinic editing a list should find each wording once (accents and case aside)."""
    import yaml

    from bot.triage.normalize import fold_accents

    def repeats(node: object) -> list[str]:
        found: list[str] = []
        if isinstance(node, dict):
            for value in node.values():
                found += repeats(value)
        elif isinstance(node, list):
            keys = [fold_accents(str(x)).lower() for x in node if not isinstance(x, dict | list)]
            found += sorted({k for k in keys if keys.count(k) > 1})
            for value in node:
                found += repeats(value)
        return found

    rules = Path(__file__).resolve().parents[2] / "bot" / "triage" / "rules"
    for name in ("findings.yml", "context.yml", "settings.yml"):
        data = yaml.safe_load((rules / name).read_text(encoding="utf-8"))
        assert repeats(data) == [], name
