"""Nurse management, for admins only."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from bot.dashboard.helpers import actor, roles_required, tx
from bot.store import audit
from bot.store import nurses as nurse_store
from bot.store.models import ROLES

bp = Blueprint("admin", __name__, url_prefix="/nurses")


@bp.before_request
@roles_required("admin")
def _admins_only() -> None:
    return None


@bp.route("/", methods=["GET", "POST"])
def nurses() -> Any:
    error = ""
    if request.method == "POST":
        try:
            with tx(write=True) as s:
                # The admin typed this password, so it is only temporary: the new nurse must
                # choose their own at the first sign-in (``add``'s default, stated here too).
                nurse_store.add(
                    s,
                    actor(),
                    email=request.form.get("email", ""),
                    name=request.form.get("name", ""),
                    password=request.form.get("password", ""),
                    role=request.form.get("role", "nurse"),
                    must_change_password=True,
                )
            flash("Nurse added; they must choose their own password at the first sign-in.", "ok")
            return redirect(url_for("admin.nurses"))
        except nurse_store.NurseError as exc:
            error = str(exc)
    return _page(error=error, status=400 if error else 200)


def _page(*, error: str = "", status: int = 200, temporary: dict[str, str] | None = None) -> Any:
    with tx(write=True) as s:
        people = nurse_store.all_nurses(s)
        audit.write(s, actor(), "nurse.list", "nurse", "")
    return render_template(
        "nurses.html",
        nurses=people,
        roles=ROLES,
        error=error,
        temporary=temporary,
        min_length=nurse_store.MIN_PASSWORD_LENGTH,
    ), status


@bp.route("/<int:nurse_id>/reset-password", methods=["POST"])
def reset_password(nurse_id: int) -> Any:
    """Set a temporary password (typed by the admin, or generated and shown once on this page);
    the nurse must change it at the next sign-in and is signed out everywhere now."""
    if nurse_id == int(current_user.id):
        flash("Change your own password on the Account page.", "error")
        return redirect(url_for("admin.nurses"))
    typed = request.form.get("password", "")
    try:
        with tx(write=True) as s:
            password = nurse_store.reset_password(s, actor(), nurse_id, typed or None)
            nurse = nurse_store.get(s, nurse_id)
            email = nurse.email if nurse is not None else ""
    except nurse_store.NurseError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.nurses"))
    if typed:
        flash(f"Temporary password set for {email}; they must change it at next sign-in.", "ok")
        return redirect(url_for("admin.nurses"))
    # Rendered, not flashed: a flash would put the password in the (signed, not encrypted)
    # session cookie. The page is no-store, so it is shown this once.
    return _page(temporary={"email": email, "password": password})


@bp.route("/<int:nurse_id>/unlock", methods=["POST"])
def unlock(nurse_id: int) -> Any:
    with tx(write=True) as s:
        nurse_store.unlock(s, actor(), nurse_id)
    flash("Account unlocked.", "ok")
    return redirect(url_for("admin.nurses"))


@bp.route("/<int:nurse_id>/active", methods=["POST"])
def set_active(nurse_id: int) -> Any:
    active = request.form.get("active") == "1"
    if not active and nurse_id == int(current_user.id):
        flash("You cannot deactivate your own account.", "error")
        return redirect(url_for("admin.nurses"))
    with tx(write=True) as s:
        nurse_store.set_active(s, actor(), nurse_id, active)
    flash("Account updated.", "ok")
    return redirect(url_for("admin.nurses"))
