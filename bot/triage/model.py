"""The result types of the triage engine: one ``Assessment`` holding its ``Finding`` list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS: tuple[str, ...] = ("routine", "urgent", "emergency")  # ascending
LEVEL_RANK: dict[str, int] = {name: rank for rank, name in enumerate(LEVELS)}


@dataclass
class Finding:
    """One sign detected in a message, with the context that decides whether it counts."""

    id: str
    level: str
    label: str
    text: str
    start: int
    end: int
    rule: str
    negated: bool = False
    hypothetical: bool = False
    resolved: bool = False
    historical: bool = False  # "before the procedure", "two years ago"
    other_person: bool = False  # someone who is not the patient ("our cat", "my grandson")
    value: float | None = None
    unit: str | None = None

    @property
    def counts(self) -> bool:
        """True when the sign is the patient's, now: not negated, hypothetical, resolved,
        historical or someone else's."""
        return not (
            self.negated
            or self.hypothetical
            or self.resolved
            or self.historical
            or self.other_person
        )

    @property
    def is_red_flag(self) -> bool:
        return self.counts and self.level != "routine"

    def describe(self) -> str:
        """Plain words for a nurse, e.g. ``Fever 38.9 °C``."""
        if self.value is None:
            return self.label
        number = f"{self.value:g}"
        if self.unit == "/10":
            return f"{self.label} {number}/10"
        if self.unit:
            return f"{self.label} {number} {self.unit}"
        return f"{self.label} {number}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "label": self.label,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "resolved": self.resolved,
            "historical": self.historical,
            "other_person": self.other_person,
            "counts": self.counts,
            "rule": self.rule,
            "value": self.value,
            "unit": self.unit,
        }


@dataclass
class Assessment:
    """The level of one message and the findings that justify it."""

    level: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def red_flags(self) -> list[Finding]:
        """Findings that count and are urgent or emergency."""
        return [f for f in self.findings if f.is_red_flag]

    @property
    def reason(self) -> str:
        """Plain words for a nurse ("" when routine), most serious first."""
        if self.level == "routine":
            return ""
        flags = sorted(self.red_flags, key=lambda f: (-LEVEL_RANK[f.level], f.start))
        parts: list[str] = []
        for flag in flags:
            words = flag.describe()
            if words not in parts:
                parts.append(words)
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "reason": self.reason,
            "findings": [f.to_dict() for f in self.findings],
        }
