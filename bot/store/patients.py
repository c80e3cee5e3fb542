"""Enrolled patients: enroll, edit, look up, opt-out; every change writes an audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.phone import InvalidPhone, normalize_phone
from bot.store import audit
from bot.store.db import utcnow
from bot.store.models import CHANNELS, OPEN_STATUSES, Escalation, Patient

EDITABLE = (
    "name",
    "phone",
    "procedure_date",
    "clinician",
    "preferred_channel",
    "timezone",
    "followup_date",
)


class PatientError(ValueError):
    """Invalid patient data (message is safe to show to the nurse)."""


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in EDITABLE:
            raise PatientError(f"unknown field {key}")
        if key == "name":
            value = (value or "").strip()
            if not value:
                raise PatientError("Name is required.")
        elif key == "phone":
            try:
                value = normalize_phone(value)
            except InvalidPhone as exc:
                raise PatientError(f"Phone: {exc}.") from None
        elif key in ("procedure_date", "followup_date"):
            if isinstance(value, str):
                if not value and key == "followup_date":
                    value = None
                else:
                    try:
                        value = dt.date.fromisoformat(value)
                    except ValueError:
                        raise PatientError("Dates must look like 2025-01-31.") from None
            if key == "procedure_date" and value is None:
                raise PatientError("Procedure date is required.")
        elif key == "preferred_channel":
            if value not in CHANNELS:
                raise PatientError(f"Preferred channel must be one of {', '.join(CHANNELS)}.")
        elif key in ("clinician", "timezone"):
            value = (value or "").strip()
        out[key] = value
    return out


def phone_taken(session: Session, phone: str, except_id: int | None = None) -> bool:
    query = select(Patient.id).where(Patient.phone == phone)
    if except_id is not None:
        query = query.where(Patient.id != except_id)
    return session.execute(query).first() is not None


def enroll(
    session: Session,
    actor: audit.Actor,
    *,
    name: str,
    phone: str,
    procedure_date: dt.date | str,
    clinician: str = "",
    preferred_channel: str = "sms",
    timezone: str = "America/New_York",
) -> Patient:
    """Create a patient (phone normalised to E.164, unique) and audit it."""
    values = _clean(
        {
            "name": name,
            "phone": phone,
            "procedure_date": procedure_date,
            "clinician": clinician,
            "preferred_channel": preferred_channel,
            "timezone": timezone or "America/New_York",
        }
    )
    if phone_taken(session, values["phone"]):
        raise PatientError("A patient with this phone number is already enrolled.")
    patient = Patient(**values)
    session.add(patient)
    session.flush()
    audit.write(session, actor, "patient.enroll", "patient", patient.id)
    return patient


def update(session: Session, actor: audit.Actor, patient_id: int, **fields: Any) -> Patient:
    """Edit a patient; the audit row names the changed fields (not their values)."""
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise PatientError("No such patient.")
    values = _clean(fields)
    if "phone" in values and phone_taken(session, values["phone"], except_id=patient_id):
        raise PatientError("A patient with this phone number is already enrolled.")
    changed = sorted(k for k, v in values.items() if getattr(patient, k) != v)
    for key in changed:
        setattr(patient, key, values[key])
    if changed:
        patient.updated_at = utcnow()
        audit.write(session, actor, "patient.update", "patient", patient_id, {"fields": changed})
    return patient


def set_opt_out(
    session: Session, actor: audit.Actor, patient_id: int, opted_out: bool = True
) -> Patient:
    """Record that a patient opted out of (or back into) messages."""
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise PatientError("No such patient.")
    patient.opted_out = opted_out
    patient.opted_out_at = utcnow() if opted_out else None
    patient.updated_at = utcnow()
    audit.write(
        session, actor, "patient.opt_out" if opted_out else "patient.opt_in", "patient", patient_id
    )
    return patient


def get(session: Session, patient_id: int) -> Patient | None:
    return session.get(Patient, patient_id)


def for_sender(session: Session, sender_id: str) -> Patient | None:
    """The patient whose Rasa conversation id is ``sender_id`` (their id as a string), if any."""
    sid = (sender_id or "").strip()
    if not sid.isdigit() or len(sid) > 12:
        return None
    return session.get(Patient, int(sid))


def by_phone(session: Session, phone: str) -> Patient | None:
    try:
        e164 = normalize_phone(phone)
    except InvalidPhone:
        return None
    return session.execute(select(Patient).where(Patient.phone == e164)).scalar_one_or_none()


def list_with_open_counts(session: Session, search: str = "") -> list[tuple[Patient, int]]:
    """Every patient (newest procedure first) with their number of open escalations."""
    open_counts = (
        select(Escalation.patient_id, func.count().label("n"))
        .where(Escalation.status.in_(OPEN_STATUSES))
        .group_by(Escalation.patient_id)
        .subquery()
    )
    query = (
        select(Patient, func.coalesce(open_counts.c.n, 0))
        .outerjoin(open_counts, open_counts.c.patient_id == Patient.id)
        .order_by(Patient.procedure_date.desc(), Patient.id.desc())
    )
    if search:
        query = query.where(func.lower(Patient.name).contains(search.lower()))
    return [(p, int(n)) for p, n in session.execute(query).all()]
