"""The clinic-editable check-in plan (``bot/content/checkin.yml``), loaded and validated.

``load_plan()`` raises ``ContentError`` naming the file and the bad entry, so a typo stops the
scheduler and the action server at start-up instead of silently skipping a check-in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.content import CONTENT_DIR, ContentError

PLAN_FILE = CONTENT_DIR / "checkin.yml"
QUESTION_KINDS = ("score", "yes_no")
QUESTIONS = ("pain", "numbness", "swelling", "fever", "incision")  # the answer table's columns
SEVERITIES = ("routine", "urgent")
TEXT_KEYS = {
    "intro": {"day"},
    "thanks": set(),
    "thanks_nurse": set(),
    "call_if_worse": set(),
    "followup_reminder": {"date"},
    "oncall_emergency": {"escalation_id", "patient_id", "dashboard_url"},
    "oncall_overdue": {"escalation_id", "patient_id", "minutes", "dashboard_url"},
}
DEFAULT_TIMEZONE = "America/New_York"


@dataclass(frozen=True)
class Question:
    name: str
    kind: str
    text: str
    retry: str = ""
    escalate_on_yes: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class CheckinDay:
    day: int
    asks: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    days: tuple[CheckinDay, ...]
    window_start: dt.time
    window_end: dt.time
    quiet_start: dt.time
    quiet_end: dt.time
    answer_hours: int
    no_response_after: int
    pain_rise_points: int
    pain_rise_over: int
    pain_rise_severity: str
    no_improvement_by_day: int
    no_improvement_severity: str
    followup_days_before: int
    questions: dict[str, Question]
    texts: dict[str, str]
    version: str  # a hash of the file: a changed plan rebuilds pending schedules

    def day(self, number: int) -> CheckinDay | None:
        return next((d for d in self.days if d.day == number), None)

    def asks_on(self, number: int) -> tuple[str, ...]:
        """The questions for plan day ``number`` (every question for an unplanned day)."""
        found = self.day(number)
        return found.asks if found else QUESTIONS

    def text(self, key: str, **values: Any) -> str:
        return self.texts[key].format(**values)

    def is_quiet(self, local: dt.time) -> bool:
        """Is ``local`` (the patient's wall-clock time) inside quiet hours?"""
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end

    def window_utc(self, local_date: dt.date, tz_name: str) -> tuple[dt.datetime, dt.datetime]:
        """The send window on ``local_date`` in ``tz_name`` as naive UTC (start, end)."""
        tz = zone(tz_name)
        start = dt.datetime.combine(local_date, self.window_start, tzinfo=tz)
        end = dt.datetime.combine(local_date, self.window_end, tzinfo=tz)
        return _naive_utc(start), _naive_utc(end)


def _naive_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None)


@cache
def zone(name: str) -> ZoneInfo:
    """The patient's time zone; an unknown name falls back to the clinic default."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def _fail(path: Path, where: str, problem: str) -> ContentError:
    return ContentError(f"{path}: {where}: {problem}")


def _time(path: Path, where: str, value: Any) -> dt.time:
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        raise _fail(path, where, f'expected a time like "10:00", got {value!r}') from None


def _int(path: Path, where: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(path, where, f"expected a whole number from {low} to {high}, got {value!r}")
    return value


def _mapping(path: Path, where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, where, "expected a mapping")
    return value


def parse_plan(data: Any, path: Path = PLAN_FILE) -> Plan:
    """Validate the YAML document ``data`` (already parsed) and build the plan."""
    data = _mapping(path, "top level", data)
    questions: dict[str, Question] = {}
    for name, raw in _mapping(path, "questions", data.get("questions")).items():
        where = f"questions.{name}"
        if name not in QUESTIONS:
            raise _fail(path, where, f"unknown question; expected one of {', '.join(QUESTIONS)}")
        raw = _mapping(path, where, raw)
        kind = raw.get("kind")
        if kind not in QUESTION_KINDS:
            raise _fail(path, f"{where}.kind", f"expected one of {QUESTION_KINDS}, got {kind!r}")
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _fail(path, f"{where}.text", "the question text is missing")
        escalate = raw.get("escalate_on_yes")
        if escalate is not None and (kind != "yes_no" or escalate not in SEVERITIES):
            raise _fail(
                path,
                f"{where}.escalate_on_yes",
                f"expected one of {SEVERITIES} on a yes_no question",
            )
        questions[name] = Question(
            name=name,
            kind=kind,
            text=text.strip(),
            retry=str(raw.get("retry") or "").strip() or text.strip(),
            escalate_on_yes=escalate,
            reason=str(raw.get("reason") or f"Check-in: {name}").strip(),
        )

    raw_days = data.get("checkins")
    if not isinstance(raw_days, list) or not raw_days:
        raise _fail(path, "checkins", "expected a non-empty list of {day, asks}")
    days: list[CheckinDay] = []
    for index, raw in enumerate(raw_days):
        where = f"checkins[{index}]"
        raw = _mapping(path, where, raw)
        number = _int(path, f"{where}.day", raw.get("day"), 0, 365)
        asks = raw.get("asks")
        if not isinstance(asks, list) or not asks:
            raise _fail(path, f"{where}.asks", "expected a non-empty list of question names")
        for name in asks:
            if name not in questions:
                raise _fail(path, f"{where}.asks", f"no question named {name!r} under questions")
        if len(set(asks)) != len(asks):
            raise _fail(path, f"{where}.asks", "a question is listed twice")
        if any(d.day == number for d in days):
            raise _fail(path, f"{where}.day", f"day {number} is listed twice")
        days.append(CheckinDay(number, tuple(asks)))
    days.sort(key=lambda d: d.day)

    window = _mapping(path, "window", data.get("window"))
    quiet = _mapping(path, "quiet_hours", data.get("quiet_hours"))
    window_start = _time(path, "window.start", window.get("start"))
    window_end = _time(path, "window.end", window.get("end"))
    if window_end <= window_start:
        raise _fail(path, "window", "end must be later than start (same day)")
    quiet_start = _time(path, "quiet_hours.start", quiet.get("start"))
    quiet_end = _time(path, "quiet_hours.end", quiet.get("end"))

    trends = _mapping(path, "trends", data.get("trends"))
    rise = _mapping(path, "trends.pain_rise", trends.get("pain_rise"))
    flat = _mapping(path, "trends.no_improvement", trends.get("no_improvement"))
    for where, raw in (("trends.pain_rise", rise), ("trends.no_improvement", flat)):
        if raw.get("severity") not in SEVERITIES:
            raise _fail(path, f"{where}.severity", f"expected one of {SEVERITIES}")
    followup = _mapping(path, "followup_reminder", data.get("followup_reminder"))

    texts_raw = _mapping(path, "texts", data.get("texts"))
    texts: dict[str, str] = {}
    for key, allowed in TEXT_KEYS.items():
        text = texts_raw.get(key)
        if not isinstance(text, str) or not text.strip():
            raise _fail(path, f"texts.{key}", "the text is missing")
        try:
            text.format(**{name: "x" for name in allowed})
        except (KeyError, IndexError, ValueError) as exc:
            raise _fail(path, f"texts.{key}", f"unknown or broken placeholder {exc}") from None
        texts[key] = text.strip()

    plan = Plan(
        days=tuple(days),
        window_start=window_start,
        window_end=window_end,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        answer_hours=_int(path, "answer_hours", data.get("answer_hours"), 1, 24 * 14),
        no_response_after=_int(path, "no_response_after", data.get("no_response_after"), 1, 20),
        pain_rise_points=_int(path, "trends.pain_rise.points", rise.get("points"), 1, 10),
        pain_rise_over=_int(path, "trends.pain_rise.over", rise.get("over"), 1, 10),
        pain_rise_severity=str(rise["severity"]),
        no_improvement_by_day=_int(
            path, "trends.no_improvement.by_day", flat.get("by_day"), 1, 365
        ),
        no_improvement_severity=str(flat["severity"]),
        followup_days_before=_int(
            path, "followup_reminder.days_before", followup.get("days_before"), 0, 14
        ),
        questions=questions,
        texts=texts,
        version=hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[
            :16
        ],
    )
    last_minute = (dt.datetime.combine(dt.date.min, window_end) - dt.timedelta(minutes=1)).time()
    if plan.is_quiet(window_start) or plan.is_quiet(last_minute):
        raise _fail(path, "window", "the send window overlaps quiet_hours")
    return plan


def load_plan_file(path: Path) -> Plan:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: invalid YAML: {exc}") from None
    return parse_plan(data, path)


@cache
def load_plan() -> Plan:
    """The plan from ``bot/content/checkin.yml`` (cached; validated on first use)."""
    return load_plan_file(PLAN_FILE)
