"""Building each patient's schedule (check-ins and the follow-up reminder) in the database.

Whoever enrolls or edits a patient (dashboard, CLI, API) only writes the ``patients`` row; the
scheduler's sweep notices patients whose procedure date, follow-up date, time zone or plan
version differ from what their schedule was built from (``checkin_plan_sync``) and rebuilds it.
``sync_patient`` does the same for one patient at once. Rows already sent are never touched;
pending ones move with the new dates; rows no longer in the plan are cancelled.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.scheduler.plan import Plan
from bot.store.checkins import Checkin, PlanSync
from bot.store.models import Patient

logger = logging.getLogger(__name__)

PENDING = ("due",)  # rows a rebuild may move or cancel ("sending" is in flight: leave it)


@dataclass(frozen=True)
class Slot:
    """One message a patient's schedule should contain."""

    key: str
    kind: str
    day: int
    local_date: dt.date
    due_at: dt.datetime
    window_end_at: dt.datetime


def planned_slots(patient: Patient, plan: Plan) -> list[Slot]:
    """Every check-in (and the follow-up reminder) the plan gives ``patient``."""
    slots: list[Slot] = []
    for checkin_day in plan.days:
        local_date = patient.procedure_date + dt.timedelta(days=checkin_day.day)
        start, end = plan.window_utc(local_date, patient.timezone)
        slots.append(
            Slot(f"day-{checkin_day.day}", "checkin", checkin_day.day, local_date, start, end)
        )
    if patient.followup_date is not None:
        local_date = patient.followup_date - dt.timedelta(days=plan.followup_days_before)
        start, end = plan.window_utc(local_date, patient.timezone)
        slots.append(
            Slot(
                f"followup-{patient.followup_date.isoformat()}",
                "followup",
                (local_date - patient.procedure_date).days,
                local_date,
                start,
                end,
            )
        )
    return slots


def sync_patient(session: Session, patient: Patient, plan: Plan, now: dt.datetime) -> int:
    """Make ``patient``'s rows match the plan; returns how many rows were added or changed."""
    wanted = {slot.key: slot for slot in planned_slots(patient, plan)}
    existing = {
        row.key: row
        for row in session.execute(
            select(Checkin).where(Checkin.patient_id == patient.id)
        ).scalars()
    }
    changes = 0
    for key, slot in wanted.items():
        row = existing.get(key)
        if row is None:
            late = slot.window_end_at <= now
            session.add(
                Checkin(
                    patient_id=patient.id,
                    kind=slot.kind,
                    key=key,
                    day=slot.day,
                    local_date=slot.local_date,
                    due_at=slot.due_at,
                    window_end_at=slot.window_end_at,
                    status="skipped" if late else "due",
                    detail="its window had closed when it was scheduled" if late else "",
                    created_at=now,
                    updated_at=now,
                )
            )
            changes += 1
        elif row.status in PENDING and (
            row.due_at != slot.due_at or row.window_end_at != slot.window_end_at
        ):
            row.day, row.local_date = slot.day, slot.local_date
            row.due_at, row.window_end_at = slot.due_at, slot.window_end_at
            row.updated_at = now
            if slot.window_end_at <= now:
                row.status, row.detail = "skipped", "moved to a window that had closed"
            changes += 1
    for key, row in existing.items():
        if key not in wanted and row.status in PENDING:
            row.status, row.detail, row.updated_at = "cancelled", "no longer in the plan", now
            changes += 1

    state = session.get(PlanSync, patient.id)
    if state is None:
        state = PlanSync(patient_id=patient.id)
        session.add(state)
    state.procedure_date = patient.procedure_date
    state.followup_date = patient.followup_date
    state.timezone = patient.timezone
    state.plan_version = plan.version
    state.synced_at = now
    return changes


def patients_needing_sync(session: Session, plan: Plan, limit: int = 2000) -> list[Patient]:
    """Patients never scheduled, or whose dates, time zone or plan changed since."""
    query = (
        select(Patient)
        .outerjoin(PlanSync, PlanSync.patient_id == Patient.id)
        .where(
            or_(
                PlanSync.patient_id.is_(None),
                PlanSync.procedure_date != Patient.procedure_date,
                PlanSync.followup_date.is_distinct_from(Patient.followup_date),
                PlanSync.timezone != Patient.timezone,
                PlanSync.plan_version != plan.version,
            )
        )
        .order_by(Patient.id)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def sync_all(session: Session, plan: Plan, now: dt.datetime, limit: int = 2000) -> int:
    """Rebuild the schedules of up to ``limit`` patients that need it; returns how many."""
    patients = patients_needing_sync(session, plan, limit)
    for patient in patients:
        sync_patient(session, patient, plan, now)
    if patients:
        logger.info("scheduled check-ins for %d patient(s)", len(patients))
    return len(patients)
