"""A newly added nurse must choose their own password at the first sign-in.

The initial password was chosen by an admin (Nurses page) or the operator (``recovery-bot nurse
add``), so, exactly as after an admin reset, it only opens the Account page until replaced.
Real app, real SQLite database, the login form and CSRF tokens as a browser sends them.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys

from sqlalchemy import select

from bot.cli import main as cli_main
from bot.store import audit, db
from bot.store.models import Nurse
from tests.dashboard.conftest import PASSWORD, Browser, csrf_from, nurse_row

INITIAL = "initial pass from admin"
OWN = "my very own passphrase"


def _tablenurse_row(page: str, email: str) -> str:
    """The Nurses table row (``<tr>…</tr>``) of ``email``."""
    rows = [r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if f"<td>{email}</td>" in r]
    assert len(rows) == 1, f"no single row for {email}"
    return rows[0]


MARKER = 'class="badge badge-must-change"'


def _first_sign_in_then_work(browser: Browser, email: str, password: str) -> None:
    """Sign in with the initial password, be held on Account, choose one's own, then work."""
    login = browser.login(email, password)
    assert login.status_code == 302 and login.headers["Location"] == "/account"
    account = browser.get("/account")
    assert account.status_code == 200 and "temporary password" in account.text
    for path in ("/", "/patients/", "/history"):
        held = browser.get(path)
        assert held.status_code == 302 and held.headers["Location"] == "/account", path
    assert browser.get("/queue.json").status_code == 403
    # the initial password cannot be kept
    same = browser.post(
        "/account", current_password=password, new_password=password, confirm_password=password
    )
    assert same.status_code == 400 and "must differ" in same.text

    done = browser.post(
        "/account", current_password=password, new_password=OWN, confirm_password=OWN
    )
    assert done.status_code == 302 and done.headers["Location"] == "/"
    queue = browser.get("/")
    assert queue.status_code == 200 and "Open escalations" in queue.text
    browser.token = csrf_from(queue.text)  # the session (and its CSRF token) is new
    assert browser.get("/queue.json").status_code == 200
    assert browser.get("/patients/").status_code == 200

    browser.post("/logout")
    assert browser.login(email, password).status_code == 401  # the admin's choice is gone
    again = browser.login(email, OWN)
    assert again.status_code == 302 and again.headers["Location"] == "/"


def test_nurse_added_on_the_web_form_must_change_at_first_sign_in(
    admin_browser, admin, sqlite_db_url
) -> None:
    added = admin_browser.post(
        "/nurses/", email="New@Example.org", name="New Nurse", password=INITIAL, role="nurse"
    )
    assert added.status_code == 302
    listing = admin_browser.get("/nurses/").text
    assert "must choose their own password at the first sign-in" in listing  # the flash
    assert INITIAL not in listing
    row = nurse_row(sqlite_db_url, "new@example.org")
    assert row.must_change_password and row.credential_version == 0

    _first_sign_in_then_work(admin_browser.fresh(), "new@example.org", INITIAL)

    row = nurse_row(sqlite_db_url, "new@example.org")
    assert not row.must_change_password and row.credential_version == 1
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        [add] = [e for e in audit.entries_for(s, "nurse.add") if e.object_id == str(row.id)]
        [change] = audit.entries_for(s, "nurse.password_change")
    assert (add.actor_type, add.actor_id) == ("nurse", admin)
    assert add.detail == {"role": "nurse", "must_change_password": True}
    assert (change.actor_id, change.object_id, change.detail) == (
        row.id,
        str(row.id),
        {"forced": True},
    )


def test_admin_added_on_the_web_form_must_change_too(admin_browser, sqlite_db_url) -> None:
    admin_browser.post(
        "/nurses/", email="boss2@example.org", name="Second Admin", password=INITIAL, role="admin"
    )
    other = admin_browser.fresh()
    _first_sign_in_then_work(other, "boss2@example.org", INITIAL)
    assert other.get("/nurses/").status_code == 200  # and is a working admin afterwards


def test_nurse_added_with_the_cli_must_change_at_first_sign_in(
    sqlite_db_url, app, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(INITIAL + "\n"))
    code = cli_main(
        ["nurse", "add", "--email", "Cli@Example.org", "--name", "Cli Nurse", "--password-stdin"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "added nurse cli@example.org" in out
    assert "must choose their own password at the first sign-in" in out
    assert INITIAL not in out
    assert nurse_row(sqlite_db_url, "cli@example.org").must_change_password

    _first_sign_in_then_work(Browser(app.test_client()), "cli@example.org", INITIAL)

    assert not nurse_row(sqlite_db_url, "cli@example.org").must_change_password
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        [add] = audit.entries_for(s, "nurse.add")
        [change] = audit.entries_for(s, "nurse.password_change")
    assert (add.actor_type, add.actor_label) == ("system", "cli")
    assert add.detail == {"role": "nurse", "must_change_password": True}
    assert change.detail == {"forced": True}


def test_the_nurses_page_marks_accounts_that_must_change(
    admin_browser, admin, nurse, sqlite_db_url
) -> None:
    admin_browser.post("/nurses/", email="new@example.org", name="New", password=INITIAL)
    page = admin_browser.get("/nurses/").text
    assert MARKER in _tablenurse_row(page, "new@example.org")
    assert "must change password" in _tablenurse_row(page, "new@example.org")
    # ready-to-use accounts (the fixtures') carry no marker
    assert MARKER not in _tablenurse_row(page, "nurse@example.org")
    assert MARKER not in _tablenurse_row(page, "admin@example.org")
    # an admin reset marks the nurse too
    admin_browser.post(f"/nurses/{nurse}/reset-password", password="temporary pass 42")
    assert MARKER in _tablenurse_row(admin_browser.get("/nurses/").text, "nurse@example.org")

    # the marker goes once the new nurse has chosen their own password
    _first_sign_in_then_work(admin_browser.fresh(), "new@example.org", INITIAL)
    page = admin_browser.get("/nurses/").text
    assert MARKER not in _tablenurse_row(page, "new@example.org")
    assert MARKER in _tablenurse_row(page, "nurse@example.org")


def test_the_add_form_says_the_password_is_temporary(admin_browser) -> None:
    page = admin_browser.get("/nurses/").text
    assert "They must choose their own password at the first sign-in" in page
    assert 'name="password" type="password" minlength="10"' in page  # the store's policy


def test_a_refused_add_creates_nothing(admin_browser, admin, sqlite_db_url) -> None:
    short = admin_browser.post("/nurses/", email="s@example.org", name="S", password="short")
    assert short.status_code == 400 and "at least 10 characters" in short.text
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        assert s.execute(select(Nurse).where(Nurse.email == "s@example.org")).first() is None
        assert [e.object_id for e in audit.entries_for(s, "nurse.add")] == [str(admin)]


def test_adding_logs_and_audits_no_password(
    admin_browser, sqlite_db_url, app, capsys, monkeypatch, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    admin_browser.post("/nurses/", email="web@example.org", name="Web", password=INITIAL)
    monkeypatch.setattr(sys, "stdin", io.StringIO("cli initial password\n"))
    assert cli_main(["nurse", "add", "--email", "cli@example.org", "--password-stdin"]) == 0
    capsys.readouterr()
    first = admin_browser.fresh()
    first.login("web@example.org", INITIAL)
    first.post("/account", current_password=INITIAL, new_password=OWN, confirm_password=OWN)

    hashes = [
        nurse_row(sqlite_db_url, e).password_hash for e in ("web@example.org", "cli@example.org")
    ]
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        dumped = json.dumps(
            [[e.actor_label, e.action, e.object_id, e.detail] for e in audit.entries_for(s)],
            default=str,
        )
    for secret in (INITIAL, "cli initial password", OWN, PASSWORD, *hashes):
        assert secret not in dumped
        assert secret not in caplog.text
