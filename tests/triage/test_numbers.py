"""Temperatures, pain scores and durations."""

from __future__ import annotations

import pytest

from bot.triage.numbers import find_numbers
from tests.triage.rules_only import assess


@pytest.mark.parametrize(
    "text,value",
    [
        ("101.5F", 101.5),
        ("38,9 °C", 38.9),
        ("a hundred and one", 101.0),
        ("one oh one", 101.0),
        ("one hundred point four", 100.4),
        ("thirty eight point five", 38.5),
        ("ninety nine point two", 99.2),
        ("38 point 4", 38.4),
        ("an eight", 8.0),
        ("7-8/10", 8.0),
        ("10 out of 10", 10.0),
    ],
)
def test_find_numbers(text: str, value: float) -> None:
    assert [n.value for n in find_numbers(text)][-1] == value


def test_times_and_dates_are_not_numbers() -> None:
    assert find_numbers("at 10:30 on 11/25") == []


def fever_finding(text: str):
    return [f for f in assess(text).findings if f.unit in ("°F", "°C")]


@pytest.mark.parametrize(
    "text,level,unit",
    [
        ("temp 100.4", "urgent", "°F"),
        ("temp 100.3", "routine", "°F"),
        ("it's 38.0 C", "urgent", "°C"),
        ("37.9 on the thermometer", "routine", "°C"),
        ("Thermometer says 38.9 and I keep shivering", "urgent", "°C"),
        ("running a temp of a hundred and one", "urgent", "°F"),
        ("thermometer says one oh two", "urgent", "°F"),
        ("102 degrees", "urgent", "°F"),
        ("temp 99.2 this am", "routine", "°F"),
        ("low grade fever of 99.9", "routine", "°F"),
    ],
)
def test_temperatures(text: str, level: str, unit: str) -> None:
    result = assess(text)
    assert result.level == level, result.to_dict()
    [reading] = fever_finding(text)
    assert reading.unit == unit


def test_temperature_value_and_reason() -> None:
    result = assess("Thermometer says 38.9 and I keep shivering")
    fever = next(f for f in result.findings if f.id == "fever")
    assert fever.value == 38.9 and fever.unit == "°C" and fever.rule == "fever/number"
    assert result.reason.startswith("Fever 38.9 °C")


def test_numbers_that_are_not_temperatures() -> None:
    assert assess("took 100 mg of something").level == "routine"
    assert assess("I walked 102 steps").level == "routine"


@pytest.mark.parametrize(
    "text,level",
    [
        ("pain is 8/10", "urgent"),
        ("pain is a 9", "urgent"),
        ("10 out of 10", "urgent"),
        ("pain about an eight", "urgent"),
        ("pain is a 7", "routine"),
        ("pain about a 3 today, was 5 yesterday", "routine"),
        ("pain was a 9 yesterday, now a 4", "routine"),
        ("hurts like a 2/10", "routine"),
    ],
)
def test_pain_scores(text: str, level: str) -> None:
    assert assess(text).level == level, assess(text).to_dict()


@pytest.mark.parametrize(
    "text,level",
    [
        ("numb for 4 days", "urgent"),
        ("my foot has been numb for 2 days", "routine"),
        ("numb since Monday and not improving", "urgent"),
        ("still numb 5 days after the procedure", "urgent"),
        ("tingling for a couple of weeks", "urgent"),
        ("numb for 4 days but getting better every day", "routine"),
        ("leg numb since yesterday", "routine"),
    ],
)
def test_numbness_durations(text: str, level: str) -> None:
    assert assess(text).level == level, assess(text).to_dict()


def test_persistent_numbness_reports_days() -> None:
    finding = next(f for f in assess("numb for 4 days").findings if f.counts)
    assert finding.id == "numbness_persistent"
    assert finding.value == 4 and finding.unit == "days"
