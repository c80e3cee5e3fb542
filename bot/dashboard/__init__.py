"""The nurse dashboard: a Flask app over the app database (``bot.store``).

``create_app()`` refuses to start when the schema is behind the migrations. Every route needs a
logged-in nurse (admins for the audit log and nurse management) except the login page, static
files, a health probe and ``/api`` (which takes ``Authorization: Bearer <token>`` instead). A
nurse whose password an admin reset reaches only the account page until they change it.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from flask import Flask, Response, jsonify, redirect, request, url_for
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot.store import db

logger = logging.getLogger(__name__)

csrf = CSRFProtect()
login_manager = LoginManager()

# Endpoints reachable without a nurse session (the API authenticates with its own tokens).
PUBLIC_ENDPOINTS = {"auth.login", "auth.healthz", "static"}
# Requests that do not count as nurse activity for the idle timeout (background polling).
PASSIVE_ENDPOINTS = {"queue.queue_json", "static"}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the dashboard app from settings (``test_config`` overrides any config key)."""
    from bot.config import get_settings

    settings = get_settings()
    app = Flask(__name__)
    ephemeral_secret = secrets.token_urlsafe(32)
    secret = settings.secret_key or ephemeral_secret
    app.config.from_mapping(
        SECRET_KEY=secret,
        DATABASE_URL=settings.database_url,
        RASA_URL=settings.rasa_url,
        RASA_TOKEN=settings.rasa_token,
        IDLE_TIMEOUT_MINUTES=settings.dashboard_idle_minutes,
        LOGIN_MAX_FAILURES=settings.login_max_failures,
        LOGIN_LOCKOUT_MINUTES=settings.login_lockout_minutes,
        SESSION_COOKIE_NAME="recovery_dashboard",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.dashboard_secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.dashboard_secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the (idle-limited) session
        QUEUE_POLL_SECONDS=3,
        TRANSCRIPT_TIMEOUT_SECONDS=3.0,
        CHECK_SCHEMA=True,
    )
    if test_config:
        app.config.update(test_config)
    if settings.dashboard_behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=1, x_proto=1, x_host=1
        )
    if app.config["SECRET_KEY"] == ephemeral_secret:
        logger.warning("SECRET_KEY is not set: dashboard sessions will not survive a restart")

    engine = db.get_engine(app.config["DATABASE_URL"])
    if app.config["CHECK_SCHEMA"]:
        db.check_schema(engine)  # raises SchemaOutOfDate with the command that fixes it
    app.extensions["store_engine"] = engine

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    from bot.dashboard import admin, api, audit_views, auth, patients, queue
    from bot.dashboard.helpers import register_template_helpers

    for blueprint in (auth.bp, queue.bp, patients.bp, audit_views.bp, admin.bp, api.bp):
        app.register_blueprint(blueprint)
    from bot.dashboard import checkins  # check-in history, no-response list, overdue

    app.register_blueprint(checkins.bp)
    csrf.exempt(api.bp)
    register_template_helpers(app)

    app.before_request(_require_login)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError) -> tuple[str, int]:
        return f"Bad request: {exc.description} Reload the page and try again.", 400

    @app.errorhandler(403)
    def _forbidden(_exc: Exception) -> tuple[str, int]:
        return "Forbidden: your role does not allow this page.", 403

    app.after_request(_security_headers)
    return app


def _wants_json() -> bool:
    return request.path.endswith(".json") or request.accept_mimetypes.best == "application/json"


def _require_login() -> Any:
    """Default-deny: everything but the public endpoints and the API needs a nurse session."""
    endpoint = request.endpoint or ""
    if endpoint in PUBLIC_ENDPOINTS or endpoint.startswith("api."):
        return None
    if not current_user.is_authenticated:
        if _wants_json():
            return jsonify(error="login required", login=url_for("auth.login")), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


@login_manager.unauthorized_handler
def _unauthorized() -> Any:
    if _wants_json():
        return jsonify(error="login required", login=url_for("auth.login")), 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _security_headers(response: Response) -> Response:
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'",
    )
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
