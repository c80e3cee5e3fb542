"""Nurses (dashboard users): argon2id passwords, lockout after failures, password changes and
admin resets, first-run admin.

A password that someone chose for another person (an admin adding a nurse, an admin reset, the
generated first-run admin password) is only ever temporary: the account carries
``must_change_password`` and the dashboard lets it do nothing but choose its own password.

Nothing here logs or audits a password or a hash; audit rows and log lines name the nurse by id.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store import audit
from bot.store.db import get_engine, transaction, utcnow
from bot.store.models import ROLES, Nurse

logger = logging.getLogger(__name__)

# argon2-cffi's defaults are argon2id (RFC 9106 low-memory profile).
_hasher = PasswordHasher()
# Verified against when the email is unknown, so both paths take about as long.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
MIN_PASSWORD_LENGTH = 10


class NurseError(ValueError):
    """Invalid nurse data (safe to show)."""


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``; the one place the password policy is enforced."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise NurseError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    return _hasher.hash(password)


def add(
    session: Session,
    actor: audit.Actor,
    *,
    email: str,
    name: str,
    password: str,
    role: str = "nurse",
    must_change_password: bool = True,
) -> Nurse:
    """Add a nurse (or admin) with an initial password.

    The initial password was chosen by whoever adds the account (an admin on the Nurses page,
    the operator at ``recovery-bot nurse add``), not by the nurse, so by default the account
    must choose its own password at the first sign-in, exactly as after ``reset_password``.
    ``must_change_password=False`` is for callers whose password *is* the account owner's
    own choice or that need a ready-to-use account: ``bootstrap_admin`` with the operator's
    ``DASHBOARD_ADMIN_PASSWORD``, test fixtures and benchmark scripts. Nothing user-facing
    passes it.
    """
    email = (email or "").strip().lower()
    if "@" not in email:
        raise NurseError("A valid email address is required.")
    if role not in ROLES:
        raise NurseError(f"Role must be one of {', '.join(ROLES)}.")
    if session.execute(select(Nurse.id).where(Nurse.email == email)).first():
        raise NurseError("A nurse with this email already exists.")
    nurse = Nurse(
        email=email,
        name=(name or email).strip(),
        role=role,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    session.add(nurse)
    session.flush()
    audit.write(
        session,
        actor,
        "nurse.add",
        "nurse",
        nurse.id,
        {"role": role, "must_change_password": bool(must_change_password)},
    )
    return nurse


def get(session: Session, nurse_id: int) -> Nurse | None:
    return session.get(Nurse, nurse_id)


def by_email(session: Session, email: str) -> Nurse | None:
    """The nurse with this email (any case), or None."""
    email = (email or "").strip().lower()
    return session.execute(select(Nurse).where(Nurse.email == email)).scalar_one_or_none()


def all_nurses(session: Session) -> list[Nurse]:
    return list(session.execute(select(Nurse).order_by(Nurse.name)).scalars())


@dataclass
class LoginResult:
    nurse: Nurse | None
    ok: bool
    locked: bool = False


def authenticate(
    session: Session,
    email: str,
    password: str,
    *,
    max_failures: int = 5,
    lockout: dt.timedelta = dt.timedelta(minutes=15),
) -> LoginResult:
    """Check a password, counting failures; ``max_failures`` in a row lock the account.

    Audits success, failure and lockout. A locked account fails even with the right password.
    """
    nurse = by_email(session, email)
    now = utcnow()
    if nurse is None or not nurse.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        audit.write(
            session,
            audit.SYSTEM,
            "auth.login_failed",
            "nurse",
            nurse.id if nurse else "",
            {"reason": "unknown or inactive"},
        )
        return LoginResult(None, False)
    actor = audit.Actor("nurse", nurse.id, nurse.email)
    if nurse.locked_until and nurse.locked_until > now:
        audit.write(session, actor, "auth.login_refused_locked", "nurse", nurse.id)
        return LoginResult(nurse, False, locked=True)
    if not _password_matches(nurse, password):
        locked = _count_failure(nurse, now, max_failures, lockout)
        audit.write(session, actor, "auth.login_failed", "nurse", nurse.id, {"locked": locked})
        return LoginResult(nurse, False, locked=locked)
    if _hasher.check_needs_rehash(nurse.password_hash):
        nurse.password_hash = _hasher.hash(password)
    nurse.failed_logins = 0
    nurse.locked_until = None
    nurse.last_login_at = now
    audit.write(session, actor, "auth.login", "nurse", nurse.id)
    return LoginResult(nurse, True)


def _password_matches(nurse: Nurse, password: str) -> bool:
    try:
        return bool(_hasher.verify(nurse.password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _count_failure(
    nurse: Nurse, now: dt.datetime, max_failures: int, lockout: dt.timedelta
) -> bool:
    """One more wrong password for ``nurse``; return True when this one locks the account.

    Wrong passwords at login and on the change-password form share this counter, so a stolen
    session cannot guess the current password any faster than the login page allows.
    """
    nurse.failed_logins = (nurse.failed_logins or 0) + 1
    if nurse.failed_logins < max_failures:
        return False
    nurse.locked_until = now + lockout
    nurse.failed_logins = 0
    logger.warning("nurse %s locked out after %s failed password checks", nurse.id, max_failures)
    return True


def _set_password(nurse: Nurse, password: str, *, must_change: bool) -> None:
    """Store a new hash (the policy is ``hash_password``'s) and end every existing session."""
    nurse.password_hash = hash_password(password)
    nurse.credential_version = (nurse.credential_version or 0) + 1
    nurse.must_change_password = must_change
    nurse.password_changed_at = utcnow()


def _for_update(session: Session, nurse_id: int) -> Nurse | None:
    # Row lock on PostgreSQL (SQLite write transactions already hold the database lock), so
    # two concurrent changes cannot hand out the same credential version.
    return session.execute(
        select(Nurse).where(Nurse.id == nurse_id).with_for_update()
    ).scalar_one_or_none()


@dataclass
class ChangeResult:
    """Outcome of ``change_password``: ``error`` is safe to show; ``locked`` means the wrong
    current password just locked the account (or it already was)."""

    ok: bool
    error: str = ""
    locked: bool = False
    credential_version: int = 0


def change_password(
    session: Session,
    nurse_id: int,
    current_password: str,
    new_password: str,
    confirm_password: str,
    *,
    max_failures: int = 5,
    lockout: dt.timedelta = dt.timedelta(minutes=15),
) -> ChangeResult:
    """A signed-in nurse replaces their own password.

    The current password is checked first and a wrong one counts like a failed login (same
    counter, same lockout). On success the new argon2id hash is stored, the credential version
    goes up (ending the nurse's other sessions), a pending forced change is cleared and the
    change is audited, without the password or the hash.
    """
    nurse = _for_update(session, nurse_id)
    if nurse is None or not nurse.active:
        return ChangeResult(False, "This account is not active.")
    actor = audit.Actor("nurse", nurse.id, nurse.email)
    now = utcnow()
    if nurse.locked_until and nurse.locked_until > now:
        audit.write(session, actor, "auth.password_change_refused_locked", "nurse", nurse.id)
        return ChangeResult(False, "This account is locked.", locked=True)
    if not _password_matches(nurse, current_password):
        locked = _count_failure(nurse, now, max_failures, lockout)
        audit.write(
            session,
            actor,
            "auth.password_change_failed",
            "nurse",
            nurse.id,
            {"reason": "wrong current password", "locked": locked},
        )
        return ChangeResult(False, "The current password is wrong.", locked=locked)
    nurse.failed_logins = 0
    if new_password != confirm_password:
        return ChangeResult(False, "The new password and its confirmation do not match.")
    if new_password == current_password:
        return ChangeResult(False, "The new password must differ from the current one.")
    try:
        forced = bool(nurse.must_change_password)
        _set_password(nurse, new_password, must_change=False)
    except NurseError as exc:
        return ChangeResult(False, str(exc))
    audit.write(session, actor, "nurse.password_change", "nurse", nurse.id, {"forced": forced})
    logger.info("nurse %s changed their password", nurse.id)
    return ChangeResult(True, credential_version=int(nurse.credential_version))


def reset_password(
    session: Session, actor: audit.Actor, nurse_id: int, temporary_password: str | None = None
) -> str:
    """An admin (or the CLI) sets a temporary password that must be changed at the next login.

    Generates a one-time password when none is given and returns it (the caller shows it once).
    Ends the nurse's sessions and clears a lockout. Raises ``NurseError`` for an unknown nurse
    or a password that fails the policy.
    """
    nurse = _for_update(session, nurse_id)
    if nurse is None:
        raise NurseError("No such nurse.")
    password = temporary_password or secrets.token_urlsafe(12)
    _set_password(nurse, password, must_change=True)
    nurse.failed_logins = 0
    nurse.locked_until = None
    audit.write(session, actor, "nurse.password_reset", "nurse", nurse.id)
    by = actor.id if actor.id is not None else actor.label
    logger.info("password of nurse %s reset by %s %s", nurse.id, actor.type, by)
    return password


def unlock(session: Session, actor: audit.Actor, nurse_id: int) -> None:
    nurse = session.get(Nurse, nurse_id)
    if nurse is None:
        raise NurseError("No such nurse.")
    nurse.failed_logins = 0
    nurse.locked_until = None
    audit.write(session, actor, "nurse.unlock", "nurse", nurse_id)


def set_active(session: Session, actor: audit.Actor, nurse_id: int, active: bool) -> None:
    nurse = session.get(Nurse, nurse_id)
    if nurse is None:
        raise NurseError("No such nurse.")
    nurse.active = active
    audit.write(
        session, actor, "nurse.activate" if active else "nurse.deactivate", "nurse", nurse_id
    )


@dataclass(frozen=True)
class AdminCredentials:
    """What to print once so someone can log in to a fresh dashboard."""

    email: str
    password: str | None  # None when it came from the environment (we do not echo it)
    generated: bool

    def instructions(self, url: str) -> str:
        if self.generated:
            return (
                f"Dashboard: {url}  first-run admin login: {self.email} / {self.password}\n"
                "  (one-time password, shown only now: you choose your own at the first sign-in;\n"
                "  then add nurses on the Nurses page or with `recovery-bot nurse add`)"
            )
        return (
            f"Dashboard: {url}  admin login: {self.email} with the password in "
            "DASHBOARD_ADMIN_PASSWORD"
        )


def bootstrap_admin(url: str | None = None) -> AdminCredentials | None:
    """On first run create an admin; return what to print, or None when an admin exists.

    Uses ``DASHBOARD_ADMIN_EMAIL``/``DASHBOARD_ADMIN_PASSWORD`` when set, otherwise generates a
    one-time password for ``admin@localhost``, which the caller prints once.

    The generated password is printed to the terminal (and so may sit in scroll-back or a log of
    ``make run``), so the admin must replace it at the first sign-in, like any password someone
    else chose. A password from the environment is the operator's own deliberate choice, kept
    in their secret store for unattended deployments, so it is not forced to change (forcing it
    would leave ``DASHBOARD_ADMIN_PASSWORD`` silently stale after the first sign-in).
    """
    from bot.config import get_settings

    settings = get_settings()
    engine = get_engine(url or settings.database_url)
    with transaction(engine, write=True) as s:
        admins = s.execute(
            select(func.count()).select_from(Nurse).where(Nurse.role == "admin", Nurse.active)
        ).scalar_one()
        if admins:
            return None
        email = settings.dashboard_admin_email.strip().lower()
        password = settings.dashboard_admin_password
        generated = not (email and password)
        if generated:
            email = email or "admin@localhost"
            password = secrets.token_urlsafe(12)
        existing = s.execute(select(Nurse).where(Nurse.email == email)).scalar_one_or_none()
        if existing is not None:  # an inactive or demoted account with that email: reinstate it
            existing.role, existing.active = "admin", True
            _set_password(existing, password, must_change=generated)
            audit.write(
                s, audit.Actor.system("bootstrap"), "nurse.bootstrap_admin", "nurse", existing.id
            )
        else:
            add(
                s,
                audit.Actor.system("bootstrap"),
                email=email,
                name="Administrator",
                password=password,
                role="admin",
                must_change_password=generated,
            )
    logger.info("created the first-run dashboard admin account")
    return AdminCredentials(email, password if generated else None, generated)
