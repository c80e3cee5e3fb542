"""Decide how urgently a patient message must be handled.

The deterministic red-flag engine (``bot.triage``) decides first; a confidently predicted
red-flag intent can only raise the level, never lower it. Used by both the Rasa safety policy
(to choose the escalation path) and the red-flag action (to choose the words), so the two agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot import content
from bot.escalations import SEVERITIES, severity_rank

ESCALATING = ("urgent", "emergency")


@dataclass(frozen=True)
class SafetyConfig:
    intent_floors: dict[str, str]
    intent_floor_min_confidence: float
    symptom_terms: tuple[str, ...]


@lru_cache(maxsize=1)
def safety_config() -> SafetyConfig:
    """Load and validate ``bot/content/safety.yml``."""
    raw = content.load("safety")
    floors = raw.get("intent_floors") or {}
    for intent, level in floors.items():
        if level not in SEVERITIES:
            raise content.ContentError(
                f"bot/content/safety.yml: intent_floors.{intent}: unknown level {level!r}"
            )
    try:
        min_conf = float(raw.get("intent_floor_min_confidence", 0.4))
    except (TypeError, ValueError) as exc:
        raise content.ContentError(
            "bot/content/safety.yml: intent_floor_min_confidence must be a number"
        ) from exc
    terms = tuple(str(t).lower() for t in raw.get("symptom_terms") or ())
    return SafetyConfig(dict(floors), min_conf, terms)


@dataclass
class SafetyDecision:
    """The level a message is handled at, and why."""

    level: str
    reason: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    source: str = "triage"  # "triage" | "intent"
    self_harm: bool = False

    @property
    def escalates(self) -> bool:
        return self.level in ESCALATING


def triage_of(parse_data: dict[str, Any]) -> dict[str, Any]:
    """The red-flag assessment attached by the NLU component, computed here if it is missing
    (e.g. a message injected as ``/intent`` skips the NLU pipeline)."""
    triage = parse_data.get("triage")
    if isinstance(triage, dict) and "level" in triage:
        return triage
    from bot.triage import assess

    return assess(str(parse_data.get("text") or "")).to_dict()


def decide(parse_data: dict[str, Any]) -> SafetyDecision:
    """Combine the red-flag assessment with the predicted intent into one level."""
    cfg = safety_config()
    triage = triage_of(parse_data)
    findings = list(triage.get("findings") or [])
    counting = [f for f in findings if f.get("counts", not f.get("negated"))]
    level = triage.get("level", "routine")
    decision = SafetyDecision(
        level=level,
        reason=triage.get("reason") or "",
        findings=findings,
        self_harm=any(f.get("id") == "self_harm" for f in counting),
    )
    intent = parse_data.get("intent") or {}
    floor = cfg.intent_floors.get(intent.get("name") or "")
    only_discounted = bool(findings) and not counting
    if (
        floor
        and float(intent.get("confidence") or 0.0) >= cfg.intent_floor_min_confidence
        and not only_discounted
        and severity_rank(floor) > severity_rank(level)
    ):
        decision.level = floor
        decision.source = "intent"
        decision.reason = decision.reason or _intent_reason(intent["name"])
    return decision


def _intent_reason(intent: str) -> str:
    return {
        "report_emergency": "Patient describes a possible emergency",
        "report_bladder_bowel": "Possible bladder or bowel control problem",
        "report_weakness": "Leg weakness reported",
        "report_worsening": "Patient reports getting worse",
    }.get(intent, intent.replace("_", " "))


_WORD = re.compile(r"[a-z']+")


def prepare_triage() -> None:
    """Build the red-flag engine now (rules and backstop take tens of seconds to load), so the
    first patient whose message no intent fitted does not wait for it."""
    from bot.triage import get_engine

    get_engine()


def mentions_symptoms(text: str) -> bool:
    """True when a message talks about the body or symptoms (used to never guess on those)."""
    lowered = text.lower()
    words = set(_WORD.findall(lowered))
    for term in safety_config().symptom_terms:
        if (" " in term and term in lowered) or term in words:
            return True
    from bot.triage import assess

    return bool(assess(text).findings)
