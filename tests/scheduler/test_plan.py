"""The clinic-editable plan is validated with errors that name the file and the entry."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.content import ContentError
from bot.scheduler.plan import PLAN_FILE, load_plan, parse_plan

RAW = yaml.safe_load(PLAN_FILE.read_text())


def broken(**changes):  # type: ignore[no-untyped-def]
    data = copy.deepcopy(RAW)
    for dotted, value in changes.items():
        *path, last = dotted.split("__")
        target = data
        for key in path:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[last] = value
    return data


def test_shipped_plan_loads() -> None:
    plan = load_plan()
    assert [d.day for d in plan.days] == [1, 2, 3, 7, 14]
    assert plan.asks_on(14) == ("pain", "numbness", "fever", "incision")
    assert plan.is_quiet(__import__("datetime").time(22, 30))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"checkins__0__asks": ["pain", "mood"]}, "checkins[0].asks: no question named 'mood'"),
        ({"checkins__1__day": 1}, "checkins[1].day: day 1 is listed twice"),
        ({"window__start": "7:00"}, "window.start: expected a time"),
        ({"window__start": "07:00"}, "window: the send window overlaps quiet_hours"),
        ({"window__end": "09:00"}, "window: end must be later than start"),
        ({"texts__intro": "Day {daye} check-in"}, "texts.intro: unknown or broken placeholder"),
        ({"questions__fever__kind": "text"}, "questions.fever.kind: expected one of"),
        ({"trends__pain_rise__severity": "emergency"}, "trends.pain_rise.severity"),
        ({"answer_hours": 0}, "answer_hours: expected a whole number"),
    ],
)
def test_broken_plans_fail_clearly(changes, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as err:
        parse_plan(broken(**changes), Path("checkin.yml"))
    assert f"checkin.yml: {message}" in str(err.value)


def test_cli_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scheduler", "--check"]) == 0
    assert "check-in plan OK" in capsys.readouterr().out
