"""A nurse changes their own password; an admin (or the CLI) resets one and forces a change.

Real app, real SQLite database, the login form and CSRF tokens as a browser sends them.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys

import pytest

from bot.cli import main as cli_main
from bot.store import audit, db
from bot.store.models import Nurse
from tests.dashboard.conftest import PASSWORD, Browser, csrf_from, nurse_row

NEW_PASSWORD = "a brand new passphrase"
TEMPORARY = "temporary pass 42"


def _actions(url: str) -> list[str]:
    with db.transaction(db.get_engine(url)) as s:
        return [e.action for e in audit.entries_for(s)]


def _change(browser: Browser, current: str, new: str, confirm: str | None = None):
    """Post the change form; after a success follow the redirect as a browser would (the
    session, and with it the CSRF token, is new) and keep that page as ``.followed``."""
    response = browser.post(
        "/account",
        current_password=current,
        new_password=new,
        confirm_password=new if confirm is None else confirm,
    )
    if response.status_code == 302:
        response.followed = browser.get(response.headers["Location"])
        browser.token = csrf_from(response.followed.text)
    return response


def test_account_page_is_linked_from_the_nav(nurse_browser) -> None:
    home = nurse_browser.get("/")
    assert 'href="/account"' in home.text
    page = nurse_browser.get("/account")
    assert page.status_code == 200
    for field in ("current_password", "new_password", "confirm_password"):
        assert f'name="{field}"' in page.text
    assert 'autocomplete="current-password"' in page.text
    assert 'minlength="10"' in page.text  # the store's policy, not a copy


def test_change_password_success(nurse_browser, sqlite_db_url) -> None:
    before = nurse_row(sqlite_db_url, "nurse@example.org")
    response = _change(nurse_browser, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "Password changed" in response.followed.text
    assert nurse_browser.get("/").status_code == 200  # still signed in here

    after = nurse_row(sqlite_db_url, "nurse@example.org")
    assert after.password_hash.startswith("$argon2id$")
    assert after.password_hash != before.password_hash
    assert after.credential_version == before.credential_version + 1
    assert after.password_changed_at is not None and not after.must_change_password

    nurse_browser.post("/logout")
    assert nurse_browser.login("nurse@example.org", PASSWORD).status_code == 401
    assert nurse_browser.login("nurse@example.org", NEW_PASSWORD).status_code == 302


def test_wrong_current_password_counts_like_a_failed_login(nurse_browser, sqlite_db_url) -> None:
    wrong = _change(nurse_browser, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 400 and "current password is wrong" in wrong.text
    assert nurse_row(sqlite_db_url, "nurse@example.org").failed_logins == 1
    for _ in range(3):
        _change(nurse_browser, "not my password", NEW_PASSWORD)
    locked = _change(nurse_browser, "still not it", NEW_PASSWORD)  # the fifth: locks
    assert locked.status_code == 400 and "locked" in locked.text
    row = nurse_row(sqlite_db_url, "nurse@example.org")
    assert row.locked_until is not None and row.failed_logins == 0
    # the right password is refused now, on this form and at the login page …
    refused = _change(nurse_browser, PASSWORD, NEW_PASSWORD)
    assert refused.status_code == 400 and "locked" in refused.text
    assert nurse_browser.fresh().login("nurse@example.org").status_code == 401
    # … but this browser keeps its session (the queue stays reachable on a shift)
    assert nurse_browser.get("/").status_code == 200
    assert nurse_row(sqlite_db_url, "nurse@example.org").password_hash == row.password_hash
    actions = _actions(sqlite_db_url)
    assert actions.count("auth.password_change_failed") == 5
    assert actions.count("auth.password_change_refused_locked") == 1
    assert "nurse.password_change" not in actions


def test_right_current_password_clears_the_failure_count(nurse_browser, sqlite_db_url) -> None:
    _change(nurse_browser, "not my password", NEW_PASSWORD)
    _change(nurse_browser, PASSWORD, NEW_PASSWORD)
    assert nurse_row(sqlite_db_url, "nurse@example.org").failed_logins == 0


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("short", "short", "at least 10 characters"),
        ("", "", "at least 10 characters"),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "do not match"),
        (PASSWORD, PASSWORD, "must differ from the current one"),
    ],
)
def test_refused_new_passwords(nurse_browser, sqlite_db_url, new, confirm, message) -> None:
    before = nurse_row(sqlite_db_url, "nurse@example.org")
    response = _change(nurse_browser, PASSWORD, new, confirm)
    assert response.status_code == 400 and message in response.text
    after = nurse_row(sqlite_db_url, "nurse@example.org")
    assert (after.password_hash, after.credential_version) == (
        before.password_hash,
        before.credential_version,
    )
    assert nurse_browser.get("/").status_code == 200


def test_change_password_needs_the_csrf_token(nurse_browser, sqlite_db_url) -> None:
    before = nurse_row(sqlite_db_url, "nurse@example.org").password_hash
    fields = {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    assert nurse_browser.client.post("/account", data=fields).status_code == 400
    forged = {**fields, "csrf_token": "forged"}
    assert nurse_browser.client.post("/account", data=forged).status_code == 400
    assert nurse_row(sqlite_db_url, "nurse@example.org").password_hash == before


def test_other_sessions_end_and_this_one_is_rotated(nurse_browser, sqlite_db_url) -> None:
    other = nurse_browser.fresh()
    assert other.login("nurse@example.org").status_code == 302
    assert other.get("/").status_code == 200
    old_cookie = nurse_browser.client.get_cookie("recovery_dashboard")
    assert old_cookie is not None
    old_token = nurse_browser.token

    assert _change(nurse_browser, PASSWORD, NEW_PASSWORD).status_code == 302

    new_cookie = nurse_browser.client.get_cookie("recovery_dashboard")
    assert new_cookie is not None and new_cookie.value != old_cookie.value
    assert nurse_browser.get("/").status_code == 200  # this browser: still signed in

    ended = other.get("/")  # the other browser: signed out at its next request
    assert ended.status_code == 302 and "/login" in ended.headers["Location"]
    assert "password was changed" in other.get("/login").text
    assert other.get("/").status_code == 302
    assert other.get("/queue.json").status_code == 401

    # this browser's own cookie from before the change is dead too (a copied cookie)
    replay = nurse_browser.fresh()
    replay.client.set_cookie("recovery_dashboard", old_cookie.value)
    assert replay.get("/").status_code == 302
    # the form's old CSRF token belonged to the old session; the new one works
    fields = {"current_password": NEW_PASSWORD, "new_password": "x" * 12, "confirm_password": ""}
    stale = nurse_browser.client.post("/account", data={**fields, "csrf_token": old_token})
    assert stale.status_code == 400 and "CSRF" in stale.text
    assert _change(nurse_browser, NEW_PASSWORD, "and another one again").status_code == 302


def test_admin_reset_forces_a_change_at_next_login(admin_browser, nurse, sqlite_db_url) -> None:
    nurse_session = admin_browser.fresh()
    assert nurse_session.login("nurse@example.org").status_code == 302

    page = admin_browser.get("/nurses/")
    assert f'action="/nurses/{nurse}/reset-password"' in page.text
    response = admin_browser.post(f"/nurses/{nurse}/reset-password", password=TEMPORARY)
    assert response.status_code == 302
    listing = admin_browser.get("/nurses/")
    assert "must change it at next sign-in" in listing.text
    assert "must change password" in listing.text
    assert TEMPORARY not in listing.text

    # the nurse's open session ends; the old password no longer works
    assert nurse_session.get("/").status_code == 302
    assert nurse_session.login("nurse@example.org", PASSWORD).status_code == 401
    login = nurse_session.login("nurse@example.org", TEMPORARY)
    assert login.status_code == 302 and login.headers["Location"] == "/account"
    # every page but the change form and sign-out leads to the change form
    for path in ("/", "/patients/", "/history", "/login"):
        bounced = nurse_session.get(path)
        assert bounced.status_code == 302 and bounced.headers["Location"] == "/account", path
    polled = nurse_session.get("/queue.json")
    assert polled.status_code == 403 and polled.json["error"] == "password change required"
    assert "temporary password" in nurse_session.get("/account").text
    # the temporary password cannot be kept
    same = _change(nurse_session, TEMPORARY, TEMPORARY)
    assert same.status_code == 400 and "must differ" in same.text

    done = _change(nurse_session, TEMPORARY, NEW_PASSWORD)
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert done.followed.status_code == 200 and "Password changed" in done.followed.text
    assert not nurse_row(sqlite_db_url, "nurse@example.org").must_change_password
    nurse_session.post("/logout")
    assert nurse_session.login("nurse@example.org", NEW_PASSWORD).headers["Location"] == "/"


def test_forced_change_allows_sign_out(admin_browser, nurse) -> None:
    admin_browser.post(f"/nurses/{nurse}/reset-password", password=TEMPORARY)
    nurse_session = admin_browser.fresh()
    nurse_session.login("nurse@example.org", TEMPORARY)
    out = nurse_session.post("/logout")
    assert out.status_code == 302 and out.headers["Location"] == "/login"
    assert nurse_session.get("/account").status_code == 302  # signed out for real


def test_admin_reset_generates_a_password_shown_once(admin_browser, nurse, sqlite_db_url) -> None:
    with db.transaction(db.get_engine(sqlite_db_url), write=True) as s:
        row = s.get(Nurse, nurse)
        row.locked_until = db.utcnow().replace(year=2100)  # a locked nurse is unlocked by it
    shown = admin_browser.post(f"/nurses/{nurse}/reset-password", password="")
    assert shown.status_code == 200
    match = re.search(r'<code id="temporary-password"[^>]*>([^<]+)</code>', shown.text)
    assert match, "the generated password is on the page"
    generated = match.group(1)
    assert len(generated) >= 10
    assert generated not in admin_browser.get("/nurses/").text  # only that once
    nurse_session = admin_browser.fresh()
    assert nurse_session.login("nurse@example.org", generated).headers["Location"] == "/account"


def test_admin_reset_applies_the_password_policy(admin_browser, nurse, sqlite_db_url) -> None:
    before = nurse_row(sqlite_db_url, "nurse@example.org").password_hash
    response = admin_browser.post(f"/nurses/{nurse}/reset-password", password="short")
    assert response.status_code == 302
    assert "at least 10 characters" in admin_browser.get("/nurses/").text
    assert nurse_row(sqlite_db_url, "nurse@example.org").password_hash == before


def test_admin_cannot_reset_their_own_password_there(admin_browser, admin, sqlite_db_url) -> None:
    before = nurse_row(sqlite_db_url, "admin@example.org").password_hash
    response = admin_browser.post(f"/nurses/{admin}/reset-password", password=TEMPORARY)
    assert response.status_code == 302
    assert "Account page" in admin_browser.get("/nurses/").text
    assert nurse_row(sqlite_db_url, "admin@example.org").password_hash == before


def test_non_admin_cannot_reset(nurse_browser, admin, sqlite_db_url) -> None:
    before = nurse_row(sqlite_db_url, "admin@example.org").password_hash
    response = nurse_browser.post(f"/nurses/{admin}/reset-password", password=TEMPORARY)
    assert response.status_code == 403
    assert nurse_row(sqlite_db_url, "admin@example.org").password_hash == before
    assert "nurse.password_reset" not in _actions(sqlite_db_url)
    assert 'action="/nurses/' not in nurse_browser.get("/").text


def test_audit_rows_name_who_and_never_the_password(
    admin_browser, nurse, admin, sqlite_db_url
) -> None:
    admin_browser.post(f"/nurses/{nurse}/reset-password", password=TEMPORARY)
    nurse_session = admin_browser.fresh()
    nurse_session.login("nurse@example.org", TEMPORARY)
    _change(nurse_session, "wrong guess here", NEW_PASSWORD)
    _change(nurse_session, TEMPORARY, NEW_PASSWORD)

    hashes = {nurse_row(sqlite_db_url, "nurse@example.org").password_hash}
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        entries = audit.entries_for(s)
        by_action = {e.action: e for e in entries}
        reset = by_action["nurse.password_reset"]
        assert (reset.actor_type, reset.actor_id, reset.object_id) == ("nurse", admin, str(nurse))
        failed = by_action["auth.password_change_failed"]
        assert (failed.actor_id, failed.object_id) == (nurse, str(nurse))
        assert failed.detail == {"reason": "wrong current password", "locked": False}
        change = by_action["nurse.password_change"]
        assert (change.actor_id, change.object_id, change.detail) == (
            nurse,
            str(nurse),
            {"forced": True},
        )
        dumped = json.dumps(
            [[e.actor_label, e.action, e.object_id, e.detail] for e in entries], default=str
        )
    for secret in (PASSWORD, TEMPORARY, NEW_PASSWORD, "wrong guess here", *hashes):
        assert secret not in dumped


def test_no_password_or_hash_in_logs(admin_browser, nurse, sqlite_db_url, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    admin_browser.post(f"/nurses/{nurse}/reset-password", password=TEMPORARY)
    generated_page = admin_browser.post(f"/nurses/{nurse}/reset-password", password="")
    generated = re.search(r'id="temporary-password"[^>]*>([^<]+)<', generated_page.text).group(1)
    nurse_session = admin_browser.fresh()
    nurse_session.login("nurse@example.org", generated)
    _change(nurse_session, "wrong guess here", NEW_PASSWORD)
    _change(nurse_session, generated, "short")
    _change(nurse_session, generated, NEW_PASSWORD)
    hash_now = nurse_row(sqlite_db_url, "nurse@example.org").password_hash

    messages = [r.getMessage() for r in caplog.records]
    assert any("changed their password" in m for m in messages)  # it did log, by id
    assert any("reset by nurse" in m for m in messages)
    for secret in (PASSWORD, TEMPORARY, generated, NEW_PASSWORD, "wrong guess here", hash_now):
        assert secret not in caplog.text


def test_cli_reset_password_prints_a_one_time_password(
    sqlite_db_url, nurse, app, capsys, monkeypatch
) -> None:
    assert cli_main(["nurse", "reset-password", "Nurse@Example.org"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert "nurse@example.org" in out[0] and "shown only now" in out[1]
    one_time = out[-1]
    assert len(one_time) >= 10
    browser = Browser(app.test_client())
    assert browser.login("nurse@example.org", PASSWORD).status_code == 401
    assert browser.login("nurse@example.org", one_time).headers["Location"] == "/account"
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        [entry] = audit.entries_for(s, "nurse.password_reset")
        assert (entry.actor_type, entry.actor_label) == ("system", "cli")

    monkeypatch.setattr(sys, "stdin", io.StringIO(TEMPORARY + "\n"))
    assert cli_main(["nurse", "reset-password", "nurse@example.org", "--password-stdin"]) == 0
    assert TEMPORARY not in capsys.readouterr().out
    assert browser.fresh().login("nurse@example.org", TEMPORARY).status_code == 302

    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert cli_main(["nurse", "reset-password", "nurse@example.org", "--password-stdin"]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    assert cli_main(["nurse", "reset-password", "ghost@example.org"]) == 1
    assert "No nurse" in capsys.readouterr().err
