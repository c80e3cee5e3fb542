"""Settings from the environment (and a git-ignored ``.env`` file), in one place.

Secrets never live in the repository: ``ensure_env_file`` generates the local ones on first run.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Values generated into .env on first run (random secrets), and their env var names.
GENERATED_SECRETS = ("RASA_TOKEN", "SECRET_KEY", "PATIENT_LINK_SECRET")


def load_env_file(path: Path | None = None) -> None:
    """Read KEY=VALUE lines from ``.env`` into ``os.environ`` without overriding what is set."""
    path = path or Path(os.environ.get("RECOVERY_BOT_ENV_FILE", PROJECT_ROOT / ".env"))
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key, value = key.strip(), value.strip().strip('"').strip("'")
        os.environ.setdefault(key, value)


def ensure_env_file(path: Path | None = None) -> Path:
    """Create ``.env`` with fresh random secrets if it is missing or lacks one; return its path."""
    path = path or PROJECT_ROOT / ".env"
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = {ln.partition("=")[0].strip() for ln in existing.splitlines() if "=" in ln}
    missing = [name for name in GENERATED_SECRETS if name not in present and name not in os.environ]
    if missing or not path.exists():
        with path.open("a", encoding="utf-8") as fh:
            if not existing:
                fh.write("# Generated on first run. Keep this file private; it is git-ignored.\n")
            for name in missing:
                fh.write(f"{name}={secrets.token_hex(32)}\n")
        path.chmod(0o600)
    return path


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read once from the environment."""

    host: str = field(default_factory=lambda: _env("BIND_HOST", "127.0.0.1"))
    rasa_port: int = field(default_factory=lambda: int(_env("RASA_PORT", "5005")))
    action_port: int = field(default_factory=lambda: int(_env("ACTION_PORT", "5055")))
    dashboard_port: int = field(default_factory=lambda: int(_env("DASHBOARD_PORT", "8000")))
    rasa_url: str = field(default_factory=lambda: _env("RASA_URL", "http://127.0.0.1:5005"))
    rasa_token: str = field(default_factory=lambda: _env("RASA_TOKEN"))
    secret_key: str = field(default_factory=lambda: _env("SECRET_KEY"))
    patient_link_secret: str = field(default_factory=lambda: _env("PATIENT_LINK_SECRET"))
    database_url: str = field(
        default_factory=lambda: _env("DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'var' / 'app.db'}")
    )
    tracker_db: str = field(
        default_factory=lambda: _env("TRACKER_DB", str(PROJECT_ROOT / "var" / "tracker.db"))
    )
    clinic_name: str = field(default_factory=lambda: _env("CLINIC_NAME", "your clinic"))
    clinic_phone: str = field(default_factory=lambda: _env("CLINIC_PHONE", ""))
    # Nurse dashboard (bot/dashboard): session and login hardening, first-run admin.
    dashboard_idle_minutes: int = field(
        default_factory=lambda: int(_env("DASHBOARD_IDLE_MINUTES", "30"))
    )
    login_max_failures: int = field(default_factory=lambda: int(_env("LOGIN_MAX_FAILURES", "5")))
    login_lockout_minutes: int = field(
        default_factory=lambda: int(_env("LOGIN_LOCKOUT_MINUTES", "15"))
    )
    dashboard_secure_cookies: bool = field(
        default_factory=lambda: (
            _env("DASHBOARD_SECURE_COOKIES", "0").lower() in ("1", "true", "yes")
        )
    )
    # Behind a reverse proxy (nginx, TLS): trust one hop of X-Forwarded-For/-Proto/-Host.
    dashboard_behind_proxy: bool = field(
        default_factory=lambda: _env("DASHBOARD_BEHIND_PROXY", "0").lower() in ("1", "true", "yes")
    )
    dashboard_admin_email: str = field(default_factory=lambda: _env("DASHBOARD_ADMIN_EMAIL"))
    dashboard_admin_password: str = field(default_factory=lambda: _env("DASHBOARD_ADMIN_PASSWORD"))
    # Patient channels (bot/channels): Twilio SMS and the web chat link.
    twilio_account_sid: str = field(default_factory=lambda: _env("TWILIO_ACCOUNT_SID"))
    twilio_auth_token: str = field(default_factory=lambda: _env("TWILIO_AUTH_TOKEN"))
    twilio_number: str = field(default_factory=lambda: _env("TWILIO_NUMBER"))
    twilio_api_base: str = field(
        default_factory=lambda: _env("TWILIO_API_BASE", "https://api.twilio.com")
    )
    public_base_url: str = field(default_factory=lambda: _env("PUBLIC_BASE_URL"))
    patient_link_days: int = field(default_factory=lambda: int(_env("PATIENT_LINK_DAYS", "14")))
    # Scheduler (bot/scheduler): check-ins, follow-up reminders, escalation follow-through.
    on_call_number: str = field(default_factory=lambda: _env("ON_CALL_NUMBER"))
    on_call_webhook_url: str = field(default_factory=lambda: _env("ON_CALL_WEBHOOK_URL"))
    urgent_sla_minutes: int = field(default_factory=lambda: int(_env("URGENT_SLA_MINUTES", "30")))
    scheduler_sweep_seconds: int = field(
        default_factory=lambda: int(_env("SCHEDULER_SWEEP_SECONDS", "30"))
    )
    scheduler_alert_seconds: int = field(
        default_factory=lambda: int(_env("SCHEDULER_ALERT_SECONDS", "5"))
    )
    dashboard_url: str = field(default_factory=lambda: _env("DASHBOARD_URL"))


def get_settings() -> Settings:
    """Load ``.env`` (if any) and return the current settings."""
    load_env_file()
    return Settings()
