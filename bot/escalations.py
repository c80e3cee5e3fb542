"""The one service every part of the assistant uses to put a patient in front of a nurse.

Actions (red flags, callback requests), channels and the scheduler call ``raise_escalation``;
it stores the escalation in the app database (``bot.store``), where the nurse queue reads it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

SEVERITIES = ("routine", "urgent", "emergency")  # ascending


def severity_rank(severity: str) -> int:
    """0 for routine, 1 for urgent, 2 for emergency (unknown values raise)."""
    return SEVERITIES.index(severity)


@dataclass
class EscalationRequest:
    """What a nurse needs to call the patient back, and why."""

    severity: str  # one of SEVERITIES
    sender_id: str  # Rasa conversation id (the patient id when known)
    channel: str  # "sms", "webchat", "rest", ...
    reason: str  # plain words for the nurse, e.g. "Fever 101.2 F"
    excerpt: str = ""  # the triggering message (truncated by the store)
    findings: list[dict[str, Any]] = field(default_factory=list)
    callback_number: str | None = None
    callback_window: str | None = None
    kind: str = "red_flag"  # "red_flag" | "callback" | "checkin" | ...

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}; expected one of {SEVERITIES}")


@dataclass
class EscalationResult:
    escalation_id: int
    created: bool  # False when it was merged into the patient's open escalation
    severity: str


def raise_escalation(request: EscalationRequest) -> EscalationResult:
    """Store (or merge into the sender's open) escalation and return its id.

    Never logs message text or phone numbers: only ids and the severity.
    """
    from bot.store import escalations as store_escalations  # the store owns persistence

    result = store_escalations.record(request)
    # Enrolled patients' conversation ids are their numeric patient ids; any other sender id (an
    # SMS stranger's is their phone number) stays out of the log.
    sid = request.sender_id
    logger.info(
        "escalation %s %s severity=%s kind=%s sender=%s",
        result.escalation_id,
        "opened" if result.created else "updated",
        result.severity,
        request.kind,
        sid if sid.isdigit() and len(sid) <= 9 else "(not enrolled)",
    )
    return result
