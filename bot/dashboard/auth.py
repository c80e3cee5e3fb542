"""Login, logout, idle timeout and the session user."""

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

bp = Blueprint("auth", __name__)


@dataclass
class DashboardUser:
    """The session's nurse, detached from the database session."""

    id: int
    email: str
    name: str
    role: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@login_manager.user_loader
def load_user(user_id: str) -> DashboardUser | None:
    if not user_id.isdigit():
        return None
    with tx() as s:
        nurse = nurse_store.get(s, int(user_id))
        if nurse is None or not nurse.active:
            return None
        return DashboardUser(nurse.id, nurse.email, nurse.name, nurse.role)


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
                n = result.nurse
                user = DashboardUser(n.id, n.email, n.name, n.role)
        if user is not None:
            session.clear()  # no session fixation: a fresh session for the signed-in nurse
            login_user(user)
            session.permanent = True
            session["last_active"] = time.time()
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
