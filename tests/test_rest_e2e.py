"""Conversations through the running Rasa server's REST channel, action server in the loop."""

from __future__ import annotations

import requests


def test_numbness_question_gets_the_documented_answer(rasa_stack):
    replies = rasa_stack.send("e2e-numb", "my legs are still kinda numb, is that normal?")
    said = " ".join(r["text"] for r in replies)
    assert "temporary" in said and "few days" in said
    assert "911" in said  # the saddle-numbness warning is part of the answer


def test_emergency_first_reply_is_911_and_reaches_the_conversation(rasa_stack):
    replies = rasa_stack.send("e2e-emerg", "my wife cant feel anything down there and wet herself")
    assert "911" in replies[0]["text"]
    tracker = rasa_stack.tracker("e2e-emerg")
    actions = [e.get("name") for e in tracker["events"] if e["event"] == "action"]
    assert "action_red_flag" in actions
    user = [e for e in tracker["events"] if e["event"] == "user"][-1]
    assert user["parse_data"]["triage"]["level"] == "emergency"


def test_urgent_flag_then_callback_details(rasa_stack):
    replies = rasa_stack.send("e2e-urgent", "temp 101.8 and the incision is leaking yellow stuff")
    assert "today" in replies[0]["text"].lower()
    assert "number" in replies[-1]["text"].lower()
    replies = rasa_stack.send("e2e-urgent", "617 555 0100")
    assert "time" in replies[-1]["text"].lower()
    replies = rasa_stack.send("e2e-urgent", "after 2pm")
    assert "(617) 555-0100" in replies[0]["text"] and "after 2pm" in replies[0]["text"]


def test_http_api_needs_the_token(rasa_stack):
    resp = requests.get(f"{rasa_stack.rasa_url}/conversations/e2e-numb/tracker", timeout=10)
    assert resp.status_code == 401
    resp = requests.get(f"{rasa_stack.rasa_url}/conversations/e2e-numb/tracker",
                        params={"token": "wrong"}, timeout=10)
    assert resp.status_code == 401


def test_bad_input_gets_an_answer_not_an_error(rasa_stack):
    for text in ["🙂🙂🙂", "x" * 5000, "\u202eevil rtl", "???"]:
        replies = rasa_stack.send("e2e-junk", text)
        assert replies and all("text" in r for r in replies)
    resp = requests.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook", data=b"{not json",
                         headers={"Content-Type": "application/json"}, timeout=10)
    assert resp.status_code == 400


def test_an_emergency_while_the_form_waits_for_a_number_gets_911(rasa_stack):
    replies = rasa_stack.send("e2e-form-emerg", "can a nurse call me back?")
    assert "number" in replies[-1]["text"].lower()
    replies = rasa_stack.send("e2e-form-emerg", "I can't feel my legs and I wet myself")
    assert "911" in replies[0]["text"]
    assert not any("phone number" in r["text"] for r in replies)


def test_an_urgent_sign_mid_form_keeps_the_number_and_asks_the_time(rasa_stack):
    rasa_stack.send("e2e-form-urgent", "please have someone call me")
    rasa_stack.send("e2e-form-urgent", "617 555 0100")
    replies = rasa_stack.send("e2e-form-urgent", "also my temp is 101.5 now")
    assert "today" in replies[0]["text"].lower()
    assert "time" in replies[-1]["text"].lower()
