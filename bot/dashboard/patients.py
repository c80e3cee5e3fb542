"""Patients: list, enroll, view, edit, opt-out. Every view and change is audited."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.dashboard.helpers import actor, tx
from bot.store import audit
from bot.store import patients as patient_store
from bot.store.models import CHANNELS, Escalation

bp = Blueprint("patients", __name__, url_prefix="/patients")

FORM_FIELDS = ("name", "phone", "procedure_date", "clinician", "preferred_channel", "timezone")


@bp.route("/")
def index() -> Any:
    search = request.args.get("q", "").strip()
    with tx(write=True) as s:
        rows = patient_store.list_with_open_counts(s, search)
        audit.write(s, actor(), "patient.list", "patient", "", {"count": len(rows)})
    return render_template("patients.html", rows=rows, search=search)


@bp.route("/new", methods=["GET", "POST"])
def enroll() -> Any:
    form = {k: request.form.get(k, "") for k in FORM_FIELDS}
    if request.method == "POST":
        try:
            with tx(write=True) as s:
                patient = patient_store.enroll(
                    s,
                    actor(),
                    name=form["name"],
                    phone=form["phone"],
                    procedure_date=form["procedure_date"],
                    clinician=form["clinician"],
                    preferred_channel=form["preferred_channel"] or "sms",
                    timezone=form["timezone"] or "America/New_York",
                )
                pid = patient.id
            flash("Patient enrolled.", "ok")
            return redirect(url_for("patients.show", patient_id=pid))
        except patient_store.PatientError as exc:
            return render_template(
                "patient_form.html", form=form, error=str(exc), channels=CHANNELS, patient=None
            ), 400
    form["preferred_channel"] = "sms"
    form["timezone"] = "America/New_York"
    return render_template(
        "patient_form.html", form=form, error="", channels=CHANNELS, patient=None
    )


@bp.route("/<int:patient_id>")
def show(patient_id: int) -> Any:
    with tx(write=True) as s:
        patient = patient_store.get(s, patient_id)
        if patient is None:
            abort(404)
        escalations = list(
            s.execute(
                select(Escalation)
                .where(Escalation.patient_id == patient_id)
                .order_by(Escalation.created_at.desc())
                .limit(100)
            ).scalars()
        )
        audit.write(s, actor(), "patient.view", "patient", patient_id)
    return render_template("patient.html", patient=patient, escalations=escalations)


@bp.route("/<int:patient_id>/edit", methods=["GET", "POST"])
def edit(patient_id: int) -> Any:
    with tx(write=True) as s:
        patient = patient_store.get(s, patient_id)
        if patient is None:
            abort(404)
        if request.method == "POST":
            form = {k: request.form.get(k, "") for k in FORM_FIELDS}
            try:
                with s.begin_nested():
                    patient_store.update(s, actor(), patient_id, **form)
            except patient_store.PatientError as exc:
                return render_template(
                    "patient_form.html",
                    form=form,
                    error=str(exc),
                    channels=CHANNELS,
                    patient=patient,
                ), 400
            flash("Patient updated.", "ok")
            return redirect(url_for("patients.show", patient_id=patient_id))
        form = {
            "name": patient.name,
            "phone": patient.phone,
            "procedure_date": patient.procedure_date.isoformat(),
            "clinician": patient.clinician,
            "preferred_channel": patient.preferred_channel,
            "timezone": patient.timezone,
        }
        audit.write(s, actor(), "patient.view", "patient", patient_id, {"form": "edit"})
        return render_template(
            "patient_form.html", form=form, error="", channels=CHANNELS, patient=patient
        )


@bp.route("/<int:patient_id>/opt-out", methods=["POST"])
def opt_out(patient_id: int) -> Any:
    opted_out = request.form.get("opted_out") == "1"
    try:
        with tx(write=True) as s:
            patient_store.set_opt_out(s, actor(), patient_id, opted_out)
    except patient_store.PatientError:
        abort(404)
    flash("Opted out of messages." if opted_out else "Opted back in to messages.", "ok")
    return redirect(url_for("patients.show", patient_id=patient_id))
