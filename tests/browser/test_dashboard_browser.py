"""A nurse works an escalation in headless Chromium against the dashboard served by waitress."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.escalations import EscalationRequest, raise_escalation
from bot.store import audit, db
from bot.store import escalations as esc_store
from bot.store import nurses as nurse_store
from bot.store import patients as patient_store

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SYS = audit.Actor.system("browser-test")
PASSWORD = "browser test password"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed"),
]


@pytest.fixture
def dashboard_url(sqlite_db_url: str) -> Iterator[str]:
    """The real app on a free loopback port, served by waitress in a thread."""
    from waitress.server import create_server

    from bot.dashboard import create_app

    app = create_app(
        {
            "DATABASE_URL": sqlite_db_url,
            "SECRET_KEY": "browser-test",
            "QUEUE_POLL_SECONDS": 1,
            "RASA_URL": "http://127.0.0.1:9",
            "TRANSCRIPT_TIMEOUT_SECONDS": 0.5,
        }
    )
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(5)


@pytest.fixture
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def _add_account(db_url: str, email: str, name: str, role: str = "nurse") -> None:
    """A ready-to-use account (no forced password change) for a test to sign in with."""
    with db.transaction(db.get_engine(db_url), write=True) as s:
        nurse_store.add(
            s, SYS, email=email, name=name, password=PASSWORD, role=role, must_change_password=False
        )


def _sign_in(page, email: str, password: str) -> None:
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def _change_password(page, current: str, new: str) -> None:
    page.fill("input[name=current_password]", current)
    page.fill("input[name=new_password]", new)
    page.fill("input[name=confirm_password]", new)
    page.get_by_role("button", name="Change password").click()


def test_nurse_sees_a_new_escalation_without_reload_then_claims_and_resolves(
    dashboard_url: str, sqlite_db_url: str, page
) -> None:
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(exist_ok=True)
    engine = db.get_engine(sqlite_db_url)
    _add_account(sqlite_db_url, "rn@example.org", "Riley Nurse")
    with db.transaction(engine, write=True) as s:
        pid = patient_store.enroll(
            s,
            SYS,
            name="Pat Example",
            phone="555-201-0100",
            procedure_date=dt.date.today() - dt.timedelta(days=2),
            clinician="Dr. Spine",
        ).id

    page.goto(dashboard_url + "/")
    expect(page).to_have_url(f"{dashboard_url}/login?next=/")
    _sign_in(page, "rn@example.org", PASSWORD)
    expect(page.locator("h1")).to_contain_text("Open escalations")
    expect(page.locator("#queue-rows")).to_contain_text("No open escalations")
    expect(page.locator("#emergency-banner")).to_be_hidden()
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    excerpt = "I suddenly can't feel my legs and can't hold my bladder"
    result = raise_escalation(
        EscalationRequest(
            severity="emergency",
            sender_id=str(pid),
            channel="sms",
            reason="New numbness in legs and loss of bladder control",
            excerpt=excerpt,
            findings=[
                {
                    "id": "numbness",
                    "level": "emergency",
                    "label": "Leg numbness",
                    "start": excerpt.index("can't feel"),
                    "end": excerpt.index(" and"),
                },
                {
                    "id": "bladder",
                    "level": "emergency",
                    "label": "Bladder control",
                    "start": excerpt.index("can't hold"),
                    "end": len(excerpt),
                },
            ],
        )
    )
    row = page.locator(f'tr[data-id="{result.escalation_id}"]')
    expect(row).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True  # arrived without a reload
    expect(row).to_contain_text("Pat Example")
    expect(row).to_contain_text("day 2")
    expect(row.locator("mark.flag")).to_have_count(2)
    expect(row.locator("mark.flag").first).to_have_text("can't feel my legs")
    banner = page.locator("#emergency-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("1 EMERGENCY escalation waiting")
    expect(page).to_have_title("🚨 1 EMERGENCY · (1) Queue · Recovery dashboard")
    expect(page.locator("#announcer")).to_contain_text("New emergency escalation: Pat Example")
    page.screenshot(path=str(SCREENSHOTS / "queue-new-emergency.png"), full_page=True)

    row.get_by_role("button", name="Claim").click()
    expect(page.locator("#status")).to_contain_text("claimed by Riley Nurse")
    expect(page.locator("#transcript-unavailable")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "escalation-claimed.png"), full_page=True)

    page.select_option("select[name=outcome]", "sent_to_er")
    page.fill("form.resolve input[name=note]", "Told to go to the ER now; daughter driving.")
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator("h1")).to_contain_text("Open escalations")
    expect(page.locator(".flash-ok")).to_contain_text("Resolved.")
    expect(page.locator("#queue-rows")).to_contain_text("No open escalations")
    expect(page.locator("#emergency-banner")).to_be_hidden()
    page.screenshot(path=str(SCREENSHOTS / "queue-after-resolve.png"), full_page=True)

    page.goto(dashboard_url + "/history")
    expect(page.locator("table")).to_contain_text("Sent to ER")
    page.screenshot(path=str(SCREENSHOTS / "history.png"), full_page=True)

    with db.transaction(engine) as s:
        esc = esc_store.get(s, result.escalation_id)
        assert esc is not None
        assert (esc.status, esc.outcome) == ("resolved", "sent_to_er")
        assert [n.text for n in esc.notes] == ["Told to go to the ER now; daughter driving."]


def test_nurse_changes_the_password_then_signs_in_with_the_new_one(
    dashboard_url: str, sqlite_db_url: str, page
) -> None:
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(exist_ok=True)
    new_password = "a fresh browser passphrase"
    _add_account(sqlite_db_url, "rn@example.org", "Riley Nurse")

    page.goto(dashboard_url + "/login")
    _sign_in(page, "rn@example.org", PASSWORD)
    expect(page.locator("h1")).to_contain_text("Open escalations")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.locator("h1")).to_have_text("Account")
    _change_password(page, PASSWORD, new_password)
    expect(page.locator(".flash-ok")).to_contain_text("Password changed")
    page.screenshot(path=str(SCREENSHOTS / "account-password-changed.png"), full_page=True)

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".flash-info")).to_contain_text("Signed out.")
    _sign_in(page, "rn@example.org", PASSWORD)
    expect(page.locator(".flash-error")).to_contain_text("Wrong email or password")
    _sign_in(page, "rn@example.org", new_password)
    expect(page.locator("h1")).to_contain_text("Open escalations")
    expect(page.locator(".me")).to_contain_text("Riley Nurse")


def test_admin_adds_a_nurse_who_chooses_their_own_password_at_first_sign_in(
    dashboard_url: str, sqlite_db_url: str, page
) -> None:
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(exist_ok=True)
    initial, own = "initial from the admin", "riley's own passphrase"
    _add_account(sqlite_db_url, "boss@example.org", "Boss Admin", role="admin")

    page.goto(dashboard_url + "/login")
    _sign_in(page, "boss@example.org", PASSWORD)
    expect(page.locator("h1")).to_contain_text("Open escalations")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Nurses").click()
    page.fill("input[name=name]", "Riley Nurse")
    page.fill("input[name=email]", "rn@example.org")
    page.fill("input[name=password]", initial)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".flash-ok")).to_contain_text("must choose their own password")
    riley = page.locator("tr", has_text="rn@example.org")
    expect(riley.locator(".badge-must-change")).to_have_text("must change password")
    expect(
        page.locator("tr", has_text="boss@example.org").locator(".badge-must-change")
    ).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "nurses-must-change-password.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, "rn@example.org", initial)
    expect(page).to_have_url(f"{dashboard_url}/account")
    expect(page.locator("[role=alert]")).to_contain_text("temporary password")
    page.goto(dashboard_url + "/patients/")  # held on the Account page until changed
    expect(page).to_have_url(f"{dashboard_url}/account")
    _change_password(page, initial, own)
    expect(page.locator("h1")).to_contain_text("Open escalations")
    expect(page.locator(".flash-ok")).to_contain_text("Password changed")
    expect(page.locator(".me")).to_contain_text("Riley Nurse")
