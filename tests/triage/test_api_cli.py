"""The public API contract and the ``recovery-bot triage`` command."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.triage import Assessment, Finding, assess

ROOT = Path(__file__).resolve().parents[2]


def test_assessment_shape() -> None:
    result = assess("Thermometer says 38.9 and I keep shivering")
    assert isinstance(result, Assessment)
    assert result.level == "urgent"
    assert all(isinstance(f, Finding) for f in result.findings)
    data = result.to_dict()
    assert set(data) == {"level", "reason", "findings"}
    json.dumps(data)
    finding = data["findings"][0]
    for key in (
        "id",
        "level",
        "label",
        "text",
        "start",
        "end",
        "negated",
        "hypothetical",
        "resolved",
        "counts",
        "rule",
        "value",
        "unit",
    ):
        assert key in finding
    text = "Thermometer says 38.9 and I keep shivering"
    for f in result.findings:
        assert text[f.start : f.end] == f.text or f.rule.startswith("combination/")


def test_routine_has_empty_reason() -> None:
    assert assess("hello").reason == ""


@pytest.mark.parametrize("bad", [None, 12, b"fever", ["fever"]])
def test_non_str_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        assess(bad)  # type: ignore[arg-type]


def test_threads_agree() -> None:
    texts = ["my groin is numb", "temp 101", "hello", "no fever"] * 50
    expected = [assess(t).level for t in texts]
    results: list[list[str]] = []

    def worker() -> None:
        results.append([assess(t).level for t in texts])

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def run_cli(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "triage", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_plain_json_blank_and_invalid_lines() -> None:
    stdin = (
        "\n".join(
            [
                "temp 101.5",
                json.dumps({"text": "no fever", "id": 7, "level": "routine"}),
                "",
                "{not json",
                "my husband can't feel his legs",
            ]
        )
        + "\n"
    )
    proc = run_cli(stdin)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["level"] for r in rows] == ["urgent", "routine", "routine", "routine", "emergency"]
    assert rows[1]["id"] == 7 and rows[1]["text"] == "no fever"
    assert rows[3]["text"] == "{not json"
    assert rows[0]["reason"] == "Fever 101.5 °F"
    assert all({"text", "level", "findings", "reason"} <= set(r) for r in rows)


def test_cli_rules_option_reports_bad_rules(tmp_path: Path) -> None:
    proc = run_cli("hello\n", "--rules", str(tmp_path / "missing"))
    assert proc.returncode == 2
    assert "rules directory not found" in proc.stderr
