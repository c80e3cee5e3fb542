"""The patient web chat in headless Chromium against the running Rasa server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests
from sqlalchemy import select

from bot.channels import links
from bot.store.db import transaction
from tests.channels.conftest import ChannelStack, phone_of

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
VENDOR = Path(__file__).resolve().parents[2] / "bot" / "channels" / "static" / "vendor"

pytestmark = [
    pytest.mark.rasa_server,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed"),
    pytest.mark.skipif(
        not (VENDOR / "socket.io.min.js").exists(),
        reason="run scripts/build-webchat.sh (socket.io client)",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # A phone-sized screen: the page is built mobile first.
    context = browser.new_context(viewport={"width": 390, "height": 780}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


def chat_url(stack: ChannelStack, token: str | None = None) -> str:
    url = f"{stack.rasa_url}/webhooks/webchat/"
    return f"{url}#t={token}" if token else url


def open_chat(page: Any, stack: ChannelStack, token: str | None = None) -> None:
    page.goto(chat_url(stack, token))
    page.wait_for_selector("body[data-ready='1']")


def say(page: Any, text: str) -> list[str]:
    """Send ``text`` like a patient would and return the assistant's new messages."""
    count = page.locator(".msg.assistant").count()
    page.get_by_label("Your message").fill(text)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.msg.assistant').length > n", arg=count
    )
    page.wait_for_selector("#typing[hidden]", state="attached")
    return page.locator(".msg.assistant").all_inner_texts()[count:]


def test_patient_link_numbness_question_gets_the_documented_answer(
    channel_stack: ChannelStack, page: Any
):
    patient_id = channel_stack.patients[phone_of(1)]
    token = links.patient_token(channel_stack.settings(), patient_id)
    open_chat(page, channel_stack, token)
    assert "care team" in page.locator("#status").inner_text()
    assert "#t=" not in page.url  # the token leaves the address bar
    said = " ".join(say(page, "my legs are still kinda numb, is that normal?"))
    assert "temporary" in said and "few days" in said
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "webchat-numbness.png"), full_page=True)

    # bound to the patient from the token: the patient's own conversation, channel webchat
    events = channel_stack.tracker(str(patient_id))["events"]
    user = [e for e in events if e["event"] == "user"][-1]
    assert user["text"].startswith("my legs are still kinda numb")
    assert user["input_channel"] == "webchat"
    assert user["metadata"]["patient_id"] == patient_id
    assert user["metadata"]["phone"] == phone_of(1)

    # the page shows the conversation so far on the next visit (SMS turns included)
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector(".msg.history")
    assert "kinda numb" in " ".join(page.locator(".msg.patient").all_inner_texts())


def test_red_flag_shows_emergency_advice_and_reaches_the_nurse_queue(
    channel_stack: ChannelStack, page: Any
):
    from bot.store.models import Escalation

    patient_id = channel_stack.patients[phone_of(2)]
    open_chat(page, channel_stack, links.patient_token(channel_stack.settings(), patient_id))
    before = page.locator(".msg.assistant").count()
    say(page, "I can't feel my legs and I wet myself, I can't control my bladder")
    first = page.locator(".msg.assistant").nth(before)
    assert "911" in first.inner_text()
    assert "emergency" in (first.get_attribute("class") or "")
    page.screenshot(path=str(SCREENSHOTS / "webchat-emergency.png"), full_page=True)

    with transaction(channel_stack.engine()) as s:
        esc = s.execute(
            select(Escalation).where(Escalation.sender_id == str(patient_id))
        ).scalars().one()
        assert esc.severity == "emergency" and esc.status == "open"
        assert esc.channel == "webchat" and esc.patient_id == patient_id
        assert esc.callback_number == phone_of(2)


def test_anonymous_visitor_gets_general_answers_emergency_advice_and_is_asked_for_a_number(
    channel_stack: ChannelStack, page: Any, browser: Any
):
    from bot.store.models import Escalation

    open_chat(page, channel_stack)
    assert "general" in page.locator("#status").inner_text()
    assert "temporary" in " ".join(say(page, "is numbness normal?"))
    assert "number" in say(page, "can a nurse call me back?")[-1].lower()
    page.screenshot(path=str(SCREENSHOTS / "webchat-anonymous-callback.png"), full_page=True)
    # the same tab reconnects to the same (server-chosen) conversation and sees it so far
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector(".msg.history")
    assert "nurse call me back" in " ".join(page.locator(".msg.patient").all_inner_texts())

    other = browser.new_context(viewport={"width": 390, "height": 780}).new_page()
    try:
        open_chat(other, channel_stack)
        replies = say(other, "my husband collapsed and is not breathing")
        assert "911" in replies[0]
        other.screenshot(path=str(SCREENSHOTS / "webchat-anonymous-emergency.png"))
    finally:
        other.context.close()
    with transaction(channel_stack.engine()) as s:
        esc = s.execute(
            select(Escalation)
            .where(Escalation.channel == "webchat", Escalation.patient_id.is_(None))
            .order_by(Escalation.id.desc())
        ).scalars().first()
        assert esc is not None and esc.sender_id.startswith("web-")
        assert esc.severity == "emergency" and esc.callback_number is None


@pytest.mark.parametrize("kind", ["forged", "expired", "anon_as_patient"])
def test_a_bad_link_never_reaches_the_patients_conversation(
    channel_stack: ChannelStack, page: Any, kind: str
):
    patient_id = channel_stack.patients[phone_of(3)]
    settings = channel_stack.settings()
    now = dt.datetime.now(dt.timezone.utc)
    claims = {"sub": str(patient_id), "typ": "patient", "aud": links.AUDIENCE,
              "iat": now, "exp": now + dt.timedelta(days=1)}
    if kind == "forged":
        token = jwt.encode(claims, "not-the-clinic-secret-but-long-enough-0123456789", "HS256")
    elif kind == "expired":
        claims["exp"] = now - dt.timedelta(minutes=1)
        token = jwt.encode(claims, settings.patient_link_secret, "HS256")
    else:  # a valid anonymous token naming the patient's id is still not a patient link
        claims["typ"] = "anon"
        token = jwt.encode(claims, settings.patient_link_secret, "HS256")
    open_chat(page, channel_stack, token)
    status = page.locator("#status").inner_text()
    assert ("expired" if kind == "expired" else "not valid") in status
    marker = f"is numbness normal? {kind}"
    say(page, marker)
    events = channel_stack.tracker(str(patient_id))["events"]
    assert marker not in [e.get("text") for e in events if e["event"] == "user"]


def test_proactive_check_in_appears_on_the_open_page(channel_stack: ChannelStack, page: Any):
    patient_id = channel_stack.patients[phone_of(4)]
    open_chat(page, channel_stack, links.patient_token(channel_stack.settings(), patient_id))
    before = page.locator(".msg.assistant").count()
    resp = channel_stack.trigger(str(patient_id), "greet", "webchat")
    assert resp.status_code == 200
    page.wait_for_function(
        "n => document.querySelectorAll('.msg.assistant').length > n", arg=before
    )
    page.screenshot(path=str(SCREENSHOTS / "webchat-proactive.png"), full_page=True)


def test_keyboard_only_use_and_labels(channel_stack: ChannelStack, page: Any):
    open_chat(page, channel_stack)
    log = page.get_by_role("log")
    assert log.get_attribute("aria-live") == "polite"
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    page.keyboard.type("when can I shower?")
    page.keyboard.press("Enter")
    page.wait_for_selector(".msg.assistant")
    assert page.get_by_role("button", name="Send").is_visible()
    assert page.get_by_role("link", name="911").is_visible()


def test_page_headers_and_static_files(channel_stack: ChannelStack):
    resp = requests.get(chat_url(channel_stack), timeout=10)
    assert resp.status_code == 200
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["Cache-Control"] == "no-store"
    assert "Harbor Spine Center" in resp.text and "(617) 555-0199" in resp.text
    js = requests.get(chat_url(channel_stack) + "static/vendor/socket.io.min.js", timeout=10)
    assert js.status_code == 200 and "javascript" in js.headers["Content-Type"]
    for bad in ("static/../webchat.py", "static/index.html", "static/%2e%2e/sms.py"):
        assert requests.get(chat_url(channel_stack) + bad, timeout=10).status_code == 404
