"""The SMS channel against the running Rasa server, with a fake Twilio REST API on loopback."""

from __future__ import annotations

import concurrent.futures as cf
import secrets
import time

import pytest
from sqlalchemy import select

from bot.store.db import transaction
from tests.channels.conftest import (
    CLINIC_NAME,
    LOAD_PATIENTS,
    TWILIO_NUMBER,
    ChannelStack,
    phone_of,
)

pytestmark = pytest.mark.rasa_server

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def inbound_rows(stack: ChannelStack, **where: object) -> list:
    from bot.store.channels import SmsInbound

    query = select(SmsInbound).order_by(SmsInbound.id)
    for key, value in where.items():
        query = query.where(getattr(SmsInbound, key) == value)
    with transaction(stack.engine()) as s:
        return list(s.execute(query).scalars())


def settled(stack: ChannelStack, phone: str, timeout: float = 60.0) -> None:
    """Wait until every stored message from ``phone`` has been processed (reply sent)."""
    stack.twilio.wait_for(
        lambda: all(r.status not in ("pending", "processing")
                    for r in inbound_rows(stack, from_phone=phone)),
        timeout, "the turns to finish",
    )


def test_signed_message_is_answered_through_the_twilio_api(channel_stack: ChannelStack):
    phone = phone_of(1)
    started = time.monotonic()
    resp = channel_stack.sms(phone, "my legs are still kinda numb, is that normal?")
    answered_in = time.monotonic() - started
    assert resp.status_code == 200
    assert resp.text == EMPTY_TWIML and resp.headers["content-type"].startswith("text/xml")
    assert answered_in < 2.0  # the webhook does not wait for the turn

    channel_stack.twilio.wait_count(phone, 1)
    settled(channel_stack, phone)
    sent = channel_stack.twilio.to(phone)
    said = " ".join(m.body for m in sent)
    assert "temporary" in said and "few days" in said
    assert all(m.from_ == TWILIO_NUMBER for m in sent)
    assert all(len(m.body) <= 160 for m in sent)  # SMS-sized parts

    # the conversation is the patient's id, the channel is "sms", the phone is in the metadata
    patient_id = channel_stack.patients[phone]
    tracker = channel_stack.tracker(str(patient_id))
    user = [e for e in tracker["events"] if e["event"] == "user"][-1]
    assert user["input_channel"] == "sms"
    assert user["metadata"]["phone"] == phone
    assert user["metadata"]["patient_id"] == patient_id
    row = inbound_rows(channel_stack, conversation_id=str(patient_id))[-1]
    assert row.status == "done" and row.reply_sids == [m.sid for m in sent]


@pytest.mark.parametrize(
    "how", ["missing", "forged", "other_url", "tampered_body"],
)
def test_bad_signature_gets_403_and_nothing_happens(channel_stack: ChannelStack, how: str):
    from twilio.request_validator import RequestValidator

    phone = phone_of(2)
    sid = "SM" + secrets.token_hex(16)
    before = len(channel_stack.twilio.to(phone))
    if how == "missing":
        resp = channel_stack.sms(phone, "hello", message_sid=sid, sign=False)
    elif how == "forged":
        resp = channel_stack.sms(phone, "hello", message_sid=sid, signature="bm90IGEgc2lnbmF0dXJl")
    elif how == "other_url":  # signed for the loopback URL, not the public one Twilio calls
        params = {"MessageSid": sid, "From": phone, "To": TWILIO_NUMBER, "Body": "hello"}
        sig = RequestValidator(channel_stack.twilio.auth_token).compute_signature(
            channel_stack.rasa_url + "/webhooks/sms/webhook", params
        )
        resp = channel_stack.sms(phone, "hello", message_sid=sid, signature=sig)
    else:  # signature of a different body
        params = {"MessageSid": sid, "From": phone, "To": TWILIO_NUMBER, "Body": "hi"}
        sig = RequestValidator(channel_stack.twilio.auth_token).compute_signature(
            "https://recovery.example-clinic.test/webhooks/sms/webhook", params
        )
        resp = channel_stack.sms(phone, "I have a fever of 103", message_sid=sid, signature=sig)
    assert resp.status_code == 403
    time.sleep(1.0)
    assert len(channel_stack.twilio.to(phone)) == before
    assert inbound_rows(channel_stack, message_sid=sid) == []


def test_replayed_message_sid_is_one_turn_and_one_reply(channel_stack: ChannelStack):
    phone = phone_of(3)
    patient_id = str(channel_stack.patients[phone])
    sid = "SM" + secrets.token_hex(16)
    text = "how long will the soreness last?"
    # Twilio's retry after a timeout, and two deliveries racing each other
    with cf.ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda _: channel_stack.sms(phone, text, message_sid=sid),
                                  range(8)))
    assert all(r.status_code == 200 and r.text == EMPTY_TWIML for r in responses)
    channel_stack.twilio.wait_count(phone, 1)
    assert channel_stack.sms(phone, text, message_sid=sid).status_code == 200  # later replay
    settled(channel_stack, phone)
    time.sleep(1.0)
    rows = inbound_rows(channel_stack, message_sid=sid)
    assert len(rows) == 1 and rows[0].status == "done"
    assert len(channel_stack.twilio.to(phone)) == len(rows[0].reply_sids)  # one reply
    users = [e for e in channel_stack.tracker(patient_id)["events"] if e["event"] == "user"]
    assert [u["text"] for u in users].count(text) == 1  # one turn


def test_stop_silences_everything_and_start_resumes(channel_stack: ChannelStack):
    from bot.store import patients as patient_store

    phone = phone_of(4)
    patient_id = channel_stack.patients[phone]
    resp = channel_stack.sms(phone, "Stop")
    assert resp.status_code == 200 and "START" in resp.text and "<Message>" in resp.text
    with transaction(channel_stack.engine()) as s:
        patient = patient_store.get(s, patient_id)
        assert patient is not None and patient.opted_out and patient.opted_out_at is not None

    before = len(channel_stack.twilio.to(phone))
    channel_stack.sms(phone, "is numbness normal?")
    # a proactive check-in through trigger_intent is not sent either
    resp = channel_stack.trigger(str(patient_id), "greet", "sms")
    assert resp.status_code == 200
    settled(channel_stack, phone)
    time.sleep(0.5)
    assert len(channel_stack.twilio.to(phone)) == before

    resp = channel_stack.sms(phone, "START")
    assert resp.status_code == 200 and "back on" in resp.text
    with transaction(channel_stack.engine()) as s:
        patient = patient_store.get(s, patient_id)
        assert patient is not None and not patient.opted_out
    channel_stack.sms(phone, "is numbness normal?")
    channel_stack.twilio.wait_count(phone, before + 1)
    assert "temporary" in " ".join(channel_stack.twilio.bodies_to(phone)[before:])


def test_help_names_the_clinic_and_how_to_stop(channel_stack: ChannelStack):
    resp = channel_stack.sms(phone_of(5), "help")
    assert resp.status_code == 200
    assert CLINIC_NAME in resp.text and "(617) 555-0199" in resp.text
    assert "STOP" in resp.text and "911" in resp.text


def test_stranger_opt_out_is_recorded_and_honoured(channel_stack: ChannelStack):
    from bot.channels import twilio_api
    from bot.store.channels import SmsOptOut

    phone = "+12125550142"
    assert channel_stack.sms(phone, "UNSUBSCRIBE").status_code == 200
    with transaction(channel_stack.engine()) as s:
        assert s.get(SmsOptOut, phone) is not None
    with pytest.raises(twilio_api.OptedOut):
        twilio_api.send_sms(phone, "check-in", settings=channel_stack.settings())
    assert channel_stack.sms(phone, "unstop").status_code == 200
    with transaction(channel_stack.engine()) as s:
        assert s.get(SmsOptOut, phone) is None


def test_unknown_number_with_red_flag_gets_911_and_an_escalation_with_the_number(
    channel_stack: ChannelStack,
):
    from bot.store.models import Escalation, EscalationMessage

    phone = "+13125550177"
    photo = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
    resp = channel_stack.sms(
        phone, "I can't feel anything down there and I wet myself", media=[photo]
    )
    assert resp.status_code == 200
    sent = channel_stack.twilio.wait_count(phone, 1)
    assert "911" in sent[0].body  # the first thing they read
    settled(channel_stack, phone)

    with transaction(channel_stack.engine()) as s:
        esc = s.execute(
            select(Escalation).where(Escalation.callback_number == phone)
        ).scalars().one()
        assert esc.severity == "emergency" and esc.channel == "sms" and esc.patient_id is None
        assert esc.sender_id.startswith("sms-") and phone.lstrip("+") not in esc.sender_id
        channel_stack.twilio.wait_for(lambda: _media_rows(channel_stack, esc.id), what="media")
    media = _media_rows(channel_stack, esc.id)
    assert media[0].excerpt == photo and media[0].findings[0]["url"] == photo
    del EscalationMessage
    row = inbound_rows(channel_stack, from_phone=phone)[0]
    assert row.media == [{"url": photo, "content_type": "image/jpeg"}]
    user = [e for e in channel_stack.tracker(esc.sender_id)["events"] if e["event"] == "user"][-1]
    assert user["metadata"]["media"][0]["url"] == photo
    assert user["metadata"]["phone"] == phone


def _media_rows(stack: ChannelStack, escalation_id: int) -> list:
    from bot.store.models import EscalationMessage

    with transaction(stack.engine()) as s:
        return list(
            s.execute(
                select(EscalationMessage).where(
                    EscalationMessage.escalation_id == escalation_id,
                    EscalationMessage.kind == "media",
                )
            ).scalars()
        )


def test_message_pending_at_start_up_was_answered(channel_stack: ChannelStack):
    phone = phone_of(LOAD_PATIENTS + 7)
    channel_stack.twilio.wait_count(phone, 1)
    settled(channel_stack, phone)
    sent = channel_stack.twilio.to(phone)
    assert "temporary" in " ".join(m.body for m in sent)
    row = inbound_rows(channel_stack, message_sid=channel_stack.recovered_sid)[0]
    assert row.status == "done"


def test_proactive_message_via_trigger_intent_reaches_the_phone(channel_stack: ChannelStack):
    phone = phone_of(6)
    before = len(channel_stack.twilio.to(phone))
    resp = channel_stack.trigger(str(channel_stack.patients[phone]), "greet", "sms")
    assert resp.status_code == 200
    sent = channel_stack.twilio.wait_count(phone, before + 1)
    assert sent[-1].body


def test_no_message_text_or_numbers_in_the_server_log(channel_stack: ChannelStack):
    log = channel_stack.log()
    assert "sms" in log  # the channel logged something
    for secret_text in ("kinda numb", "wet myself", "5550001", "5550177", "2125550142"):
        assert secret_text not in log


def test_many_patients_at_once_every_message_answered_in_order(channel_stack: ChannelStack):
    """20 patients × 10 messages posted concurrently: every one answered, in order, none lost."""
    questions = [
        "is numbness normal?",
        "how long will the soreness last?",
        "when can I shower?",
        "can I drive?",
        "when is my follow up appointment?",
    ]
    per_patient = 10
    phones = [phone_of(n) for n in range(7, 7 + LOAD_PATIENTS)]
    expected = {
        phone: [f"{questions[i % len(questions)]} ({i})" for i in range(per_patient)]
        for phone in phones
    }
    before = {phone: len(channel_stack.twilio.to(phone)) for phone in phones}

    def post_all(phone: str) -> list[int]:
        return [channel_stack.sms(phone, text, timeout=30).status_code
                for text in expected[phone]]

    started = time.monotonic()
    with cf.ThreadPoolExecutor(len(phones)) as pool:
        codes = [c for cs in pool.map(post_all, phones) for c in cs]
    posted_in = time.monotonic() - started
    assert codes == [200] * (per_patient * LOAD_PATIENTS)

    def all_done() -> bool:
        rows = [r for p in phones for r in inbound_rows(channel_stack, from_phone=p)]
        return len(rows) == per_patient * LOAD_PATIENTS and all(r.status == "done" for r in rows)

    channel_stack.twilio.wait_for(all_done, timeout=180, what="200 turns")
    answered_in = time.monotonic() - started
    for phone in phones:
        patient_id = str(channel_stack.patients[phone])
        users = [e["text"] for e in channel_stack.tracker(patient_id)["events"]
                 if e["event"] == "user"]
        assert users == expected[phone]  # every message, one turn each, in arrival order
        rows = inbound_rows(channel_stack, from_phone=phone)
        assert [r.body for r in rows] == expected[phone]
        sids = [sid for r in rows for sid in r.reply_sids]
        assert all(r.reply_sids for r in rows)  # every message got a reply
        sent = channel_stack.twilio.to(phone)[before[phone]:]
        assert [m.sid for m in sent] == sids  # replies went out in the order of the messages
    print(f"\n200 messages: posted in {posted_in:.1f} s, all answered in {answered_in:.1f} s")
