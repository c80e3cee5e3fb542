"""Check-in answers: parse, store per patient per day, and open escalations for bad trends.

The action server calls ``record_answer`` after each question, so a conversation cut short still
leaves what was said. Trend rules (``trends`` in the plan) are evaluated on each pain score:

- ``pain_rise``: the score is ``points`` or more above any of the previous ``over`` scores;
- ``no_improvement``: on the first answered check-in on or after ``by_day``, the score is not
  below the patient's first score.

A yes to a question with ``escalate_on_yes`` opens an escalation too. Each rule fires once per
patient per day (a ``notifications`` row is the claim), through ``bot.escalations``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.escalations import EscalationRequest, raise_escalation, severity_rank
from bot.scheduler.plan import QUESTIONS, Plan, load_plan
from bot.store import audit
from bot.store import checkins as store
from bot.store.checkins import Checkin, CheckinAnswer
from bot.store.db import get_engine, transaction, utcnow
from bot.store.models import Patient

logger = logging.getLogger(__name__)

ACTION_SERVER = audit.Actor.system("action-server")
MAX_WORDS = 500

_NUMBER_WORDS = {
    "zero": 0,
    "none": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_YES = re.compile(
    r"^\s*(y|yes|yeah|yep|yup|ya|sure|i do|i have|a little|a bit|some|slight(ly)?|"
    r"kind of|kinda|sort of|still)\b",
    re.I,
)
_NO = re.compile(
    r"^\s*(n|no|nope|nah|not really|none|nothing|not at all|i don'?t|i do not|negative|"
    r"no\s+(numbness|swelling|fever|redness|drainage|tingling|chills))\b",
    re.I,
)


def parse_pain(text: str) -> int | None:
    """A 0-10 score from '7', '7/10', 'about a 6', 'seven'; None when there is no clear one."""
    lowered = (text or "").lower()
    numbers = [float(n) for n in re.findall(r"(?<![\d.])\d+(?:\.\d+)?", lowered)]
    numbers = [n for n in numbers if not (n == 10 and "/10" in lowered and len(numbers) > 1)]
    candidates = [n for n in numbers if 0 <= n <= 10]
    if len(candidates) == 1 and len(numbers) == 1:
        return int(round(candidates[0]))
    if len(candidates) == 1 and "/10" in lowered:
        return int(round(candidates[0]))
    if not numbers:
        words = [_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", lowered) if w in _NUMBER_WORDS]
        if len(set(words)) == 1:
            return words[0]
    return None


def parse_yes_no(text: str) -> str:
    """'yes', 'no', or 'unclear' (the patient's words are kept either way)."""
    if _NO.search(text or ""):
        return "no"
    if _YES.search(text or ""):
        return "yes"
    return "unclear"


@dataclass
class AnswerOutcome:
    stored: bool
    escalations: list[int] = field(default_factory=list)
    severity: str | None = None  # the highest severity opened, if any


def record_answer(
    sender_id: str,
    day: int,
    question: str,
    value: Any,
    text: str,
    *,
    checkin_id: int | None = None,
    channel: str = "",
    plan: Plan | None = None,
    url: str | None = None,
    now: dt.datetime | None = None,
) -> AnswerOutcome:
    """Store one answer for the patient behind ``sender_id`` on check-in day ``day``.

    ``value`` is the parsed answer (an int score, or 'yes' / 'no' / 'unclear'); ``text`` the
    patient's words. Unknown senders (not enrolled) are not stored.
    """
    if question not in QUESTIONS:
        raise ValueError(f"unknown check-in question {question!r}")
    plan = plan or load_plan()
    now = now or utcnow()
    engine = get_engine(url)
    sid = (sender_id or "").strip()
    if not sid.isdigit() or len(sid) > 12:
        return AnswerOutcome(stored=False)
    patient_id = int(sid)
    requests: list[tuple[str, str, str]] = []  # (severity, reason, kind of rule)
    for attempt in range(3):
        try:
            with transaction(engine, write=True) as s:
                patient = s.get(Patient, patient_id)
                if patient is None:
                    return AnswerOutcome(stored=False)
                channel = channel or patient.preferred_channel
                _store(s, patient_id, day, question, value, text, checkin_id, now)
                requests = _rules(s, plan, patient_id, day, question, value, now)
            break
        except IntegrityError:  # two answers for a new day raced to insert the row
            if attempt == 2:
                raise
    outcome = AnswerOutcome(stored=True)
    for severity, reason, _rule in requests:
        try:
            result = raise_escalation(
                EscalationRequest(
                    severity=severity,
                    sender_id=str(patient_id),
                    channel=channel,
                    reason=reason,
                    excerpt=(text or "")[:MAX_WORDS],
                    kind="checkin",
                )
            )
        except Exception:
            logger.exception("check-in escalation for patient %s could not be stored", patient_id)
            continue
        outcome.escalations.append(result.escalation_id)
        if outcome.severity is None or severity_rank(severity) > severity_rank(outcome.severity):
            outcome.severity = severity
    return outcome


def _store(
    s: Session,
    patient_id: int,
    day: int,
    question: str,
    value: Any,
    text: str,
    checkin_id: int | None,
    now: dt.datetime,
) -> None:
    answer = store.answer_for_day(s, patient_id, day)
    if answer is None:
        answer = CheckinAnswer(
            patient_id=patient_id,
            day=day,
            checkin_id=checkin_id,
            free_text="{}",
            created_at=now,
        )
        s.add(answer)
    words = _words(answer.free_text)
    words[question] = (text or "").strip()[:MAX_WORDS]
    answer.free_text = json.dumps(words)
    if question == "pain":
        answer.pain_score = value if isinstance(value, int) and 0 <= value <= 10 else None
    else:
        setattr(answer, question, str(value) if value in ("yes", "no", "unclear") else "unclear")
    if checkin_id and not answer.checkin_id:
        answer.checkin_id = checkin_id
    answer.updated_at = now
    s.flush()
    # The check-in this answers is answered (even late, after it was counted unanswered).
    target = Checkin.id == checkin_id if checkin_id else Checkin.key == f"day-{day}"
    s.execute(
        update(Checkin)
        .where(Checkin.patient_id == patient_id, target)
        .where(Checkin.status.in_(("sent", "unanswered", "sending")))
        .values(status="answered", answered_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def _words(raw: str | None) -> dict[str, str]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def answer_words(answer: CheckinAnswer) -> dict[str, str]:
    """The patient's own words per question."""
    return _words(answer.free_text)


def _rules(
    s: Session,
    plan: Plan,
    patient_id: int,
    day: int,
    question: str,
    value: Any,
    now: dt.datetime,
) -> list[tuple[str, str, str]]:
    fired: list[tuple[str, str, str]] = []
    q = plan.questions.get(question)
    if q and q.escalate_on_yes and value == "yes":
        fired.append((q.escalate_on_yes, q.reason, f"yes_{question}"))
    if question == "pain" and isinstance(value, int):
        fired += _pain_trends(s, plan, patient_id, day, value)
    claimed = []
    for severity, reason, rule in fired:
        key = f"trend:{patient_id}:{rule}:{day}"
        if (
            store.claim_notification(
                s,
                key,
                kind="trend",
                channel="escalation",
                worker="action-server",
                now=now,
                patient_id=patient_id,
            )
            is not None
        ):
            audit.write(
                s,
                ACTION_SERVER,
                "checkin.trend",
                "patient",
                patient_id,
                {"rule": rule, "day": day, "severity": severity},
            )
            claimed.append((severity, reason, rule))
    return claimed


def _pain_trends(
    s: Session, plan: Plan, patient_id: int, day: int, score: int
) -> list[tuple[str, str, str]]:
    earlier = [
        (d, p)
        for d, p in s.execute(
            select(CheckinAnswer.day, CheckinAnswer.pain_score)
            .where(CheckinAnswer.patient_id == patient_id, CheckinAnswer.day < day)
            .where(CheckinAnswer.pain_score.is_not(None))
            .order_by(CheckinAnswer.day)
        ).all()
    ]
    fired: list[tuple[str, str, str]] = []
    recent = earlier[-plan.pain_rise_over :]
    if recent:
        low_day, low = min(recent, key=lambda dp: dp[1])
        if score - low >= plan.pain_rise_points:
            fired.append(
                (
                    plan.pain_rise_severity,
                    f"Check-in: pain up from {low}/10 (day {low_day}) to {score}/10 (day {day})",
                    "pain_rise",
                )
            )
    if day >= plan.no_improvement_by_day and earlier:
        first_day, first = earlier[0]
        already_past = any(d >= plan.no_improvement_by_day for d, _ in earlier)
        if not already_past and score >= first:
            fired.append(
                (
                    plan.no_improvement_severity,
                    f"Check-in: no improvement by day {day} (pain {first}/10 on day {first_day}, "
                    f"{score}/10 now)",
                    "no_improvement",
                )
            )
    return fired


def no_response_patients(s: Session, after: int) -> list[tuple[Patient, dt.datetime | None]]:
    """Patients whose last ``after`` closed check-ins all went unanswered (with the last sent)."""
    from sqlalchemy import case, func

    ranked = (
        select(
            Checkin.patient_id,
            Checkin.status,
            Checkin.sent_at,
            func.row_number()
            .over(
                partition_by=Checkin.patient_id, order_by=(Checkin.due_at.desc(), Checkin.id.desc())
            )
            .label("rn"),
        )
        .where(Checkin.kind == "checkin", Checkin.status.in_(("answered", "unanswered")))
        .subquery()
    )
    streaks = (
        select(ranked.c.patient_id, func.max(ranked.c.sent_at).label("last_sent"))
        .where(ranked.c.rn <= after)
        .group_by(ranked.c.patient_id)
        .having(func.sum(case((ranked.c.status == "unanswered", 1), else_=0)) == after)
        .subquery()
    )
    rows = s.execute(
        select(Patient, streaks.c.last_sent)
        .join(streaks, streaks.c.patient_id == Patient.id)
        .where(Patient.opted_out.is_(False))
        .order_by(streaks.c.last_sent.desc())
    ).all()
    return [(p, last) for p, last in rows]
