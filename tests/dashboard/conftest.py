import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests import pg  # noqa: E402

# The shared fixtures (real SQLite and PostgreSQL databases) live in tests/pg.py.
isolated_settings = pg.isolated_settings
pg_server = pg.pg_server
pg_template = pg.pg_template
sqlite_template = pg.sqlite_template
app_db_url = pg.app_db_url
sqlite_db_url = pg.sqlite_db_url

import re  # noqa: E402

import pytest  # noqa: E402

from bot.store import audit, db  # noqa: E402
from bot.store import nurses as nurse_store  # noqa: E402

PASSWORD = "correct horse battery"
SYS = audit.Actor.system("test")


def make_nurse(url: str, email: str, role: str = "nurse", *, must_change: bool = False) -> int:
    """A nurse through the store. Ready to use by default (``must_change_password=False``):
    accounts added on the Nurses page or with ``recovery-bot nurse add`` must change the
    initial password first, which tests/dashboard/test_first_sign_in.py covers."""
    with db.transaction(db.get_engine(url), write=True) as s:
        return nurse_store.add(
            s,
            SYS,
            email=email,
            name=email.split("@")[0].title(),
            password=PASSWORD,
            role=role,
            must_change_password=must_change,
        ).id


def nurse_row(url: str, email: str):
    """The stored ``Nurse`` row of ``email`` (detached, for assertions)."""
    with db.transaction(db.get_engine(url)) as s:
        return nurse_store.by_email(s, email)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class Browser:
    """A test client that logs in through the form and posts forms with their CSRF token."""

    def __init__(self, client):
        self.client = client
        self.token = ""

    def login(self, email: str, password: str = PASSWORD):
        page = self.client.get("/login")
        response = self.client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": csrf_from(page.text)},
        )
        if response.status_code == 302:
            # follow redirects: a nurse who must change the password lands on /account
            self.token = csrf_from(self.client.get("/", follow_redirects=True).text)
        return response

    def fresh(self) -> "Browser":
        """Another browser (no cookies) on the same app."""
        return Browser(self.client.application.test_client())

    def post(self, path: str, **data):
        return self.client.post(path, data={**data, "csrf_token": self.token})

    def get(self, path: str, **kw):
        return self.client.get(path, **kw)


@pytest.fixture
def app(sqlite_db_url: str):
    from bot.dashboard import create_app

    return create_app(
        {
            "DATABASE_URL": sqlite_db_url,
            "SECRET_KEY": "test-secret",
            "RASA_URL": "http://127.0.0.1:9",  # nothing listens: transcript unavailable
            "RASA_TOKEN": "t",
            "TRANSCRIPT_TIMEOUT_SECONDS": 0.5,
        }
    )


@pytest.fixture
def nurse(sqlite_db_url: str) -> int:
    return make_nurse(sqlite_db_url, "nurse@example.org")


@pytest.fixture
def admin(sqlite_db_url: str) -> int:
    return make_nurse(sqlite_db_url, "admin@example.org", role="admin")


@pytest.fixture
def browser(app) -> Browser:
    return Browser(app.test_client())


@pytest.fixture
def nurse_browser(browser: Browser, nurse: int) -> Browser:
    assert browser.login("nurse@example.org").status_code == 302
    return browser


@pytest.fixture
def admin_browser(browser: Browser, admin: int) -> Browser:
    assert browser.login("admin@example.org").status_code == 302
    return browser
