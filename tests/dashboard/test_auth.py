"""Login, roles, CSRF, lockout, idle logout, cookies and headers."""

from __future__ import annotations

import re
import time

import pytest

from bot.dashboard import create_app
from bot.store import audit, db
from tests.dashboard.conftest import csrf_from


def _routes(app) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        paths.append(re.sub(r"<(?:int:)?[^>]+>", "1", rule.rule))
    return sorted(set(paths))


def test_anonymous_is_sent_to_login_everywhere(app, browser) -> None:
    for path in _routes(app):
        response = browser.get(path)
        if path in ("/login", "/healthz"):
            assert response.status_code == 200, path
        elif path.startswith("/api"):
            assert response.status_code == 401, path
            assert response.json["error"] == "unauthorized"
        elif path.endswith(".json"):
            assert response.status_code == 401, path
        else:
            assert response.status_code == 302, path
            assert "/login" in response.headers["Location"], path
    for rule in app.url_map.iter_rules():  # and every POST-only route
        if rule.methods and "POST" in rule.methods and rule.rule != "/login":
            path = re.sub(r"<(?:int:)?[^>]+>", "1", rule.rule)
            assert browser.client.post(path).status_code in (302, 400), path


def test_login_and_logout(browser, nurse) -> None:
    page = browser.get("/login")
    assert page.status_code == 200 and 'type="password"' in page.text
    wrong = browser.login("nurse@example.org", "not the password")
    assert wrong.status_code == 401 and "Wrong email or password" in wrong.text
    ok = browser.login("nurse@example.org")
    assert ok.status_code == 302 and ok.headers["Location"] == "/"
    assert browser.get("/").status_code == 200
    out = browser.post("/logout")
    assert out.status_code == 302
    assert browser.get("/").status_code == 302


def test_login_redirects_only_to_local_next(browser, nurse) -> None:
    page = browser.get("/login?next=//evil.example/x")
    response = browser.client.post(
        "/login?next=//evil.example/x",
        data={
            "email": "nurse@example.org",
            "password": "correct horse battery",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.headers["Location"] == "/"


def test_session_cookie_flags_and_security_headers(browser, nurse) -> None:
    response = browser.login("nurse@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = browser.get("/")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"


def test_secure_cookie_is_configurable(sqlite_db_url, nurse) -> None:
    from tests.dashboard.conftest import Browser

    app = create_app(
        {"DATABASE_URL": sqlite_db_url, "SECRET_KEY": "k", "SESSION_COOKIE_SECURE": True}
    )
    response = Browser(app.test_client()).login("nurse@example.org")
    assert "Secure" in response.headers["Set-Cookie"]


def test_csrf_rejections(browser, nurse) -> None:
    assert (
        browser.client.post(
            "/login", data={"email": "nurse@example.org", "password": "correct horse battery"}
        ).status_code
        == 400
    )
    browser.login("nurse@example.org")
    assert browser.client.post("/escalations/1/claim").status_code == 400
    assert browser.client.post("/patients/new", data={"name": "X"}).status_code == 400
    assert (
        browser.client.post("/escalations/1/claim", data={"csrf_token": "forged"}).status_code
        == 400
    )


def test_lockout_after_five_failures(browser, nurse, sqlite_db_url) -> None:
    for _ in range(5):
        assert browser.login("nurse@example.org", "wrong password").status_code == 401
    locked = browser.login("nurse@example.org")
    assert locked.status_code == 401 and "locked" in locked.text
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        assert len(audit.entries_for(s, "auth.login_refused_locked")) == 1


def test_roles_admin_only_pages(browser, nurse, admin) -> None:
    browser.login("nurse@example.org")
    for path in ("/audit/", "/nurses/"):
        assert browser.get(path).status_code == 403
    assert (
        browser.post(
            "/nurses/", email="x@example.org", name="X", password="p" * 12, role="admin"
        ).status_code
        == 403
    )
    assert "Audit log" not in browser.get("/").text
    browser.post("/logout")
    browser.login("admin@example.org")
    assert browser.get("/audit/").status_code == 200
    assert browser.get("/nurses/").status_code == 200


def test_admin_adds_and_deactivates_a_nurse(admin_browser, sqlite_db_url) -> None:
    response = admin_browser.post(
        "/nurses/",
        email="New@Example.org",
        name="New Nurse",
        password="long enough pw",
        role="nurse",
    )
    assert response.status_code == 302
    assert "new@example.org" in admin_browser.get("/nurses/").text
    bad = admin_browser.post(
        "/nurses/", email="new@example.org", name="Dup", password="long enough pw", role="nurse"
    )
    assert bad.status_code == 400 and "already exists" in bad.text
    from sqlalchemy import select

    from bot.store.models import Nurse

    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        new_id = s.execute(select(Nurse.id).where(Nurse.email == "new@example.org")).scalar_one()
    admin_browser.post(f"/nurses/{new_id}/active", active="0")
    from tests.dashboard.conftest import Browser

    other = Browser(admin_browser.client.application.test_client())
    assert other.login("new@example.org", "long enough pw").status_code == 401


def test_idle_logout(browser, nurse, sqlite_db_url) -> None:
    browser.login("nurse@example.org")
    with browser.client.session_transaction() as sess:
        sess["last_active"] = time.time() - 29 * 60
    assert browser.get("/queue.json").status_code == 200  # polling is not activity…
    with browser.client.session_transaction() as sess:
        assert sess["last_active"] < time.time() - 28 * 60  # …so it did not refresh the clock
    assert browser.get("/").status_code == 200  # a real page view is activity
    with browser.client.session_transaction() as sess:
        sess["last_active"] = time.time() - 31 * 60
    expired = browser.get("/patients/")
    assert expired.status_code == 302 and "/login" in expired.headers["Location"]
    assert browser.get("/").status_code == 302  # really signed out
    with browser.client.session_transaction() as sess:
        sess["last_active"] = time.time() - 31 * 60
    with db.transaction(db.get_engine(sqlite_db_url)) as s:
        assert len(audit.entries_for(s, "auth.idle_logout")) == 1


def test_idle_poll_gets_json_401(browser, nurse) -> None:
    browser.login("nurse@example.org")
    with browser.client.session_transaction() as sess:
        sess["last_active"] = time.time() - 3600
    response = browser.get("/queue.json")
    assert response.status_code == 401 and response.json["error"] == "session expired"


def test_refuses_to_start_on_an_old_schema(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(db.SchemaOutOfDate, match="recovery-bot db upgrade"):
        create_app({"DATABASE_URL": url, "SECRET_KEY": "k"})
    db.dispose_engine(url)


def test_healthz(browser) -> None:
    assert browser.get("/healthz").json == {"ok": True}
