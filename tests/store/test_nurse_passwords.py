"""Password changes and admin resets in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.store import audit, db
from bot.store import nurses as nurse_store
from bot.store.models import Nurse

SYS = audit.Actor.system("test")
PASSWORD = "correct horse battery"


@pytest.fixture
def nurse_id(app_db_url: str) -> int:
    with db.transaction(db.get_engine(app_db_url), write=True) as s:
        return nurse_store.add(
            s, SYS, email="n@example.org", name="N", password=PASSWORD, must_change_password=False
        ).id


def _change(url: str, nurse_id: int, current: str, new: str, confirm: str | None = None):
    with db.transaction(db.get_engine(url), write=True) as s:
        return nurse_store.change_password(
            s, nurse_id, current, new, new if confirm is None else confirm, max_failures=5
        )


def _login(url: str, password: str) -> nurse_store.LoginResult:
    with db.transaction(db.get_engine(url), write=True) as s:
        return nurse_store.authenticate(s, "n@example.org", password, max_failures=5)


def _nurse(url: str, nurse_id: int) -> Nurse:
    with db.transaction(db.get_engine(url)) as s:
        nurse = s.get(Nurse, nurse_id)
        assert nurse is not None
        return nurse


def test_change_password_bumps_the_credential_version(app_db_url: str, nurse_id: int) -> None:
    assert _nurse(app_db_url, nurse_id).credential_version == 0
    result = _change(app_db_url, nurse_id, PASSWORD, "a new passphrase")
    assert result.ok and result.credential_version == 1
    row = _nurse(app_db_url, nurse_id)
    assert row.credential_version == 1 and row.password_hash.startswith("$argon2id$")
    assert not _login(app_db_url, PASSWORD).ok
    assert _login(app_db_url, "a new passphrase").ok


def test_the_policy_is_the_one_nurse_add_uses(app_db_url: str, nurse_id: int) -> None:
    short = "x" * (nurse_store.MIN_PASSWORD_LENGTH - 1)
    with pytest.raises(nurse_store.NurseError) as refused_add:
        nurse_store.hash_password(short)
    result = _change(app_db_url, nurse_id, PASSWORD, short)
    assert not result.ok and result.error == str(refused_add.value)
    with (
        pytest.raises(nurse_store.NurseError, match=str(refused_add.value)),
        db.transaction(db.get_engine(app_db_url), write=True) as s,
    ):
        nurse_store.reset_password(s, SYS, nurse_id, short)
    assert _nurse(app_db_url, nurse_id).credential_version == 0


def test_wrong_current_passwords_share_the_login_lockout(app_db_url: str, nurse_id: int) -> None:
    for _ in range(3):
        assert not _login(app_db_url, "wrong").ok
    assert not _change(app_db_url, nurse_id, "wrong", "a new passphrase").locked
    last = _change(app_db_url, nurse_id, "wrong", "a new passphrase")
    assert last.locked  # 3 at the login page + 2 here = 5
    assert _login(app_db_url, PASSWORD).locked
    with db.transaction(db.get_engine(app_db_url)) as s:
        actions = [e.action for e in audit.entries_for(s) if e.action != "nurse.add"]
    assert actions == ["auth.login_failed"] * 3 + ["auth.password_change_failed"] * 2 + [
        "auth.login_refused_locked"
    ]


def test_reset_forces_a_change_unlocks_and_ends_sessions(app_db_url: str, nurse_id: int) -> None:
    engine = db.get_engine(app_db_url)
    with db.transaction(engine, write=True) as s:
        row = s.get(Nurse, nurse_id)
        row.failed_logins, row.locked_until = 3, db.utcnow() + dt.timedelta(minutes=10)
    admin = audit.Actor("nurse", 99, "boss@example.org")
    with db.transaction(engine, write=True) as s:
        generated = nurse_store.reset_password(s, admin, nurse_id)
    row = _nurse(app_db_url, nurse_id)
    assert row.must_change_password and row.credential_version == 1
    assert (row.failed_logins, row.locked_until) == (0, None)
    assert len(generated) >= nurse_store.MIN_PASSWORD_LENGTH
    login = _login(app_db_url, generated)
    assert login.ok and login.nurse is not None and login.nurse.must_change_password
    assert _change(app_db_url, nurse_id, generated, "my own passphrase").ok
    row = _nurse(app_db_url, nurse_id)
    assert not row.must_change_password and row.credential_version == 2
    with db.transaction(engine) as s:
        [reset] = audit.entries_for(s, "nurse.password_reset")
        [change] = audit.entries_for(s, "nurse.password_change")
    assert (reset.actor_id, reset.object_id, reset.detail) == (99, str(nurse_id), {})
    assert change.detail == {"forced": True}
    with (
        pytest.raises(nurse_store.NurseError, match="No such nurse"),
        db.transaction(engine, write=True) as s,
    ):
        nurse_store.reset_password(s, admin, 12345)


def test_inactive_nurse_cannot_change(app_db_url: str, nurse_id: int) -> None:
    with db.transaction(db.get_engine(app_db_url), write=True) as s:
        nurse_store.set_active(s, SYS, nurse_id, False)
    result = _change(app_db_url, nurse_id, PASSWORD, "a new passphrase")
    assert not result.ok and "not active" in result.error


def test_a_new_account_must_change_the_initial_password(app_db_url: str) -> None:
    """``add`` treats the initial password as someone else's choice unless told otherwise."""
    engine = db.get_engine(app_db_url)
    admin = audit.Actor("nurse", 99, "boss@example.org")
    with db.transaction(engine, write=True) as s:
        new_id = nurse_store.add(s, admin, email="n@example.org", name="N", password=PASSWORD).id
        ready_id = nurse_store.add(
            s, SYS, email="r@example.org", name="R", password=PASSWORD, must_change_password=False
        ).id
    assert _nurse(app_db_url, new_id).must_change_password
    assert not _nurse(app_db_url, ready_id).must_change_password
    login = _login(app_db_url, PASSWORD)  # the password works, flagged for the dashboard
    assert login.ok and login.nurse is not None and login.nurse.must_change_password
    assert _change(app_db_url, new_id, PASSWORD, "my own passphrase").ok
    row = _nurse(app_db_url, new_id)
    assert not row.must_change_password and row.credential_version == 1
    with db.transaction(engine) as s:
        added = {e.object_id: e for e in audit.entries_for(s, "nurse.add")}
        [change] = audit.entries_for(s, "nurse.password_change")
    assert (added[str(new_id)].actor_id, added[str(new_id)].detail) == (
        99,
        {"role": "nurse", "must_change_password": True},
    )
    assert added[str(ready_id)].detail == {"role": "nurse", "must_change_password": False}
    assert (change.object_id, change.detail) == (str(new_id), {"forced": True})
