"""Login, logout, idle timeout, the session user and the nurse's own account page.

A session names the nurse *and* the credential version it was signed in with
(``DashboardUser.get_id`` -> ``"<id>:<version>"``). Changing or resetting a password bumps the
version, so every other session of that nurse (other browsers, a copied cookie) ends at its next
request, while the browser that made the change gets a fresh session.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from bot.dashboard import PASSIVE_ENDPOINTS, _wants_json, login_manager
from bot.dashboard.helpers import actor, tx
from bot.store import audit, db
from bot.store import nurses as nurse_store
from bot.store.models import Nurse

bp = Blueprint("auth", __name__)


# What a nurse with a temporary password (``must_change_password``) may still reach (everything
# else redirects to the change-password page).
PASSWORD_CHANGE_ENDPOINTS = {"auth.account", "auth.logout", "auth.healthz", "static"}


@dataclass
class DashboardUser:
    """The session's nurse, detached from the database session."""

    id: int
    email: str
    name: str
    role: str
    credential_version: int = 0
    must_change_password: bool = False
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    @classmethod
    def from_nurse(cls, nurse: Nurse) -> DashboardUser:
        return cls(
            nurse.id,
            nurse.email,
            nurse.name,
            nurse.role,
            int(nurse.credential_version or 0),
            bool(nurse.must_change_password),
        )

    def get_id(self) -> str:
        return f"{self.id}:{self.credential_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@login_manager.user_loader
def load_user(user_id: str) -> DashboardUser | None:
    nurse_id, _, version = user_id.partition(":")
    if not (nurse_id.isdigit() and version.isdigit()):
        return None  # includes sessions from before credential versions: sign in again
    with tx() as s:
        nurse = nurse_store.get(s, int(nurse_id))
        if nurse is None or not nurse.active:
            return None
        if int(nurse.credential_version or 0) != int(version):
            # The password changed since this session signed in (here or by an admin reset).
            # Drop the stale login so the message is shown once, not on every redirect.
            session.clear()
            flash("Your password was changed, so this session was signed out.", "info")
            return None
        return DashboardUser.from_nurse(nurse)


def _start_session(user: DashboardUser) -> None:
    """A fresh session for ``user`` (no session fixation; the CSRF token is new too)."""
    session.clear()
    login_user(user)
    session.permanent = True
    session["last_active"] = time.time()


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("queue.index")


@bp.before_app_request
def enforce_idle_timeout() -> Any:
    """Log out a nurse whose last real activity is older than IDLE_TIMEOUT_MINUTES.

    Background polling of the queue does not count as activity, so an unattended screen still
    signs out.
    """
    if not current_user.is_authenticated:
        return None
    now = time.time()
    limit = float(current_app.config["IDLE_TIMEOUT_MINUTES"]) * 60
    last = session.get("last_active")
    if last is not None and now - float(last) > limit:
        with tx(write=True) as s:
            audit.write(s, actor(), "auth.idle_logout", "nurse", current_user.id)
        logout_user()
        session.clear()
        if _wants_json():
            return jsonify(error="session expired", login=url_for("auth.login")), 401
        flash("You were signed out after a period of inactivity.", "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if request.endpoint not in PASSIVE_ENDPOINTS:
        session["last_active"] = now
    return None


@bp.before_app_request
def enforce_password_change() -> Any:
    """A temporary password (a new account's initial one, an admin reset, the generated first-run
    admin password) only opens the change-password page."""
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    endpoint = request.endpoint or ""
    if endpoint in PASSWORD_CHANGE_ENDPOINTS or endpoint.startswith("api."):
        return None
    if _wants_json():
        return jsonify(error="password change required", account=url_for("auth.account")), 403
    return redirect(url_for("auth.account"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("queue.index"))
    error = ""
    if request.method == "POST":
        email = request.form.get("email", "")
        password = request.form.get("password", "")
        with tx(write=True) as s:
            result = nurse_store.authenticate(
                s,
                email,
                password,
                max_failures=int(current_app.config["LOGIN_MAX_FAILURES"]),
                lockout=dt.timedelta(minutes=int(current_app.config["LOGIN_LOCKOUT_MINUTES"])),
            )
            user = None
            if result.ok and result.nurse is not None:
                user = DashboardUser.from_nurse(result.nurse)
        if user is not None:
            _start_session(user)
            if user.must_change_password:
                # A new account's initial password, an admin reset or the generated first-run
                # admin password: all were chosen by someone else.
                flash(
                    "You signed in with a temporary password: choose your own to continue.", "info"
                )
                return redirect(url_for("auth.account"))
            return redirect(_safe_next(request.args.get("next")))
        if result.locked:
            error = (
                "This account is locked after too many failed attempts. Try again in "
                f"{current_app.config['LOGIN_LOCKOUT_MINUTES']} minutes or ask an admin."
            )
        else:
            error = "Wrong email or password."
        return render_template("login.html", error=error, email=email), 401
    return render_template("login.html", error=error, email="")


@bp.route("/account", methods=["GET", "POST"])
def account() -> Any:
    """The signed-in nurse's account: change the password (current, new, confirm).

    A wrong current password counts like a failed login. When that locks the account the
    nurse stays signed in here (the queue must stay reachable on a shift), but cannot sign in
    elsewhere or change the password until the lock expires or an admin unlocks it.
    """
    error = ""
    if request.method == "POST":
        forced = bool(current_user.must_change_password)
        with tx(write=True) as s:
            result = nurse_store.change_password(
                s,
                int(current_user.id),
                request.form.get("current_password", ""),
                request.form.get("new_password", ""),
                request.form.get("confirm_password", ""),
                max_failures=int(current_app.config["LOGIN_MAX_FAILURES"]),
                lockout=dt.timedelta(minutes=int(current_app.config["LOGIN_LOCKOUT_MINUTES"])),
            )
        if result.ok:
            user = DashboardUser(
                int(current_user.id),
                current_user.email,
                current_user.name,
                current_user.role,
                result.credential_version,
            )
            _start_session(user)  # this browser stays signed in, on a new session
            flash("Password changed. Any other sessions of yours were signed out.", "ok")
            return redirect(url_for("queue.index") if forced else url_for("auth.account"))
        error = result.error
        if result.locked:
            error = (
                "This account is locked after too many wrong passwords. Try again in "
                f"{current_app.config['LOGIN_LOCKOUT_MINUTES']} minutes or ask an admin to "
                "unlock it. You stay signed in here."
            )
    return render_template(
        "account.html", error=error, min_length=nurse_store.MIN_PASSWORD_LENGTH
    ), (400 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    if current_user.is_authenticated:
        with tx(write=True) as s:
            audit.write(s, actor(), "auth.logout", "nurse", current_user.id)
    logout_user()
    session.clear()
    flash("Signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/healthz")
def healthz() -> Any:
    """Liveness for the supervisor: the app is up and its schema is current."""
    engine = current_app.extensions["store_engine"]
    try:
        db.check_schema(engine)
    except db.SchemaOutOfDate:
        return jsonify(ok=False, error="schema out of date"), 503
    return jsonify(ok=True)
