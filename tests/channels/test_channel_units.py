"""send_sms (parts, retries, opt-outs) against the fake Twilio API, signed links, keywords,
idempotent inserts and the `recovery-bot patient link` command. No Rasa server needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.channels import links, optout, twilio_api
from bot.channels.sms import media_of, stranger_conversation_id
from bot.config import Settings
from bot.store.db import dispose_engine, get_engine, transaction, upgrade
from tests.channels.conftest import TWILIO_NUMBER, FakeTwilio

GUIDANCE = (
    "Numbness in the lower back or legs is common after MILD and is temporary. It should go "
    "away within a few hours to a few days. If you suddenly cannot feel the area between your "
    "legs, or lose control of your bladder or bowels, call 911 now."
)


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    yield url
    dispose_engine(url)


@pytest.fixture
def settings(fake_twilio: FakeTwilio, db_url: str) -> Settings:
    return replace(
        Settings(),
        database_url=db_url,
        twilio_account_sid=fake_twilio.account_sid,
        twilio_auth_token=fake_twilio.auth_token,
        twilio_number=TWILIO_NUMBER,
        twilio_api_base=fake_twilio.url,
        patient_link_secret="x" * 40,
        clinic_name="Harbor Spine Center",
        clinic_phone="+16175550199",
    )


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(twilio_api, "BACKOFF_SECONDS", 0.01)


# --- splitting ----------------------------------------------------------------------------------


def test_split_keeps_sentences_whole_and_parts_sms_sized():
    parts = twilio_api.split_sms(GUIDANCE)
    assert len(parts) > 1 and all(len(p) <= 160 for p in parts)
    assert " ".join(parts) == GUIDANCE
    assert all(p.endswith((".", "!", "?")) for p in parts)  # every cut is at a sentence end


def test_split_long_sentence_between_words_and_long_links_cut():
    sentence = "word " * 60 + "end."
    parts = twilio_api.split_sms(sentence)
    assert all(len(p) <= 160 for p in parts) and " ".join(parts) == sentence.strip()
    link = "https://example.org/" + "a" * 400
    assert "".join(twilio_api.split_sms(link)) == link


def test_split_unicode_uses_the_70_character_limit():
    text = "Feeling better 🙂. " * 10
    parts = twilio_api.split_sms(text)
    assert all(len(p) <= 70 for p in parts) and len(parts) >= 3
    assert twilio_api.split_sms("   ") == []


# --- sending ------------------------------------------------------------------------------------


def test_send_sms_posts_parts_in_order_and_returns_their_sids(
    fake_twilio: FakeTwilio, settings: Settings
):
    to = "+16175550111"
    sids = twilio_api.send_sms("(617) 555-0111", GUIDANCE, settings=settings)
    sent = fake_twilio.to(to)
    assert [m.sid for m in sent] == sids and len(sids) == len(twilio_api.split_sms(GUIDANCE))
    assert " ".join(m.body for m in sent) == GUIDANCE


def test_send_sms_retries_server_errors_with_backoff(
    fake_twilio: FakeTwilio, settings: Settings, monkeypatch: pytest.MonkeyPatch
):
    delays: list[float] = []
    monkeypatch.setattr(twilio_api.time, "sleep", delays.append)
    fake_twilio.fail_next = 2
    sids = twilio_api.send_sms("+16175550112", "Hello.", settings=settings)
    assert len(sids) == 1 and len(fake_twilio.to("+16175550112")) == 1
    assert delays == [0.01, 0.02]  # exponential

    fake_twilio.fail_next = twilio_api.ATTEMPTS
    with pytest.raises(twilio_api.TwilioError, match="after 4 attempts"):
        twilio_api.send_sms("+16175550113", "Hello.", settings=settings)
    fake_twilio.fail_next = 0


def test_send_sms_does_not_retry_a_refusal(fake_twilio: FakeTwilio, settings: Settings):
    seen = fake_twilio.requests_seen
    bad = replace(settings, twilio_number="+15005550001")  # the fake refuses other senders
    with pytest.raises(twilio_api.TwilioError) as info:
        twilio_api.send_sms("+16175550114", "Hello.", settings=bad)
    assert info.value.status == 400 and fake_twilio.requests_seen == seen + 1


def test_send_sms_refuses_opted_out_numbers(fake_twilio: FakeTwilio, settings: Settings):
    from bot.store import audit
    from bot.store import patients as patient_store

    with transaction(get_engine(settings.database_url), write=True) as s:
        patient_store.enroll(s, audit.Actor.system("test"), name="P", phone="+16175550115",
                             procedure_date=dt.date.today())
    optout.opt_out("+16175550115", database_url=settings.database_url)
    optout.opt_out("+16175550116", database_url=settings.database_url)  # not enrolled
    for number in ("+16175550115", "+16175550116"):
        with pytest.raises(twilio_api.OptedOut):
            twilio_api.send_sms(number, "Check-in", settings=settings)
        assert fake_twilio.to(number) == []
    optout.opt_in("+16175550115", database_url=settings.database_url)
    assert twilio_api.send_sms("+16175550115", "Check-in", settings=settings)


def test_send_sms_without_settings_is_a_clear_error(settings: Settings):
    with pytest.raises(twilio_api.TwilioNotConfigured, match="TWILIO_AUTH_TOKEN"):
        twilio_api.send_sms("+16175550117", "x", settings=replace(settings, twilio_auth_token=""))


# --- keywords, ids, media -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "keyword"),
    [("STOP", "STOP"), (" stop. ", "STOP"), ("Unsubscribe", "UNSUBSCRIBE"), ("quit", "QUIT"),
     ("STOPALL", "STOPALL"), ("cancel", "CANCEL"), ("end", "END"), ("start", "START"),
     ("Unstop", "UNSTOP"), ("help", "HELP"), ("I can't stop shaking", None),
     ("please cancel my appointment", None), ("", None)],
)
def test_keywords_only_when_the_whole_message_is_one(body: str, keyword: str | None):
    assert optout.keyword_of(body) == keyword


def test_help_text_names_clinic_phone_and_stop(settings: Settings):
    text = optout.help_text(settings)
    assert "Harbor Spine Center" in text and "(617) 555-0199" in text and "STOP" in text


def test_stranger_conversation_id_is_opaque_and_stable():
    cid = stranger_conversation_id("+16175550100", "secret")
    assert cid == stranger_conversation_id("+16175550100", "secret")
    assert cid.startswith("sms-") and "6175550100" not in cid
    assert cid != stranger_conversation_id("+16175550101", "secret")


def test_media_references_are_collected_in_order():
    form = {"NumMedia": "2", "MediaUrl0": "https://m/0", "MediaContentType0": "image/jpeg",
            "MediaUrl1": "https://m/1", "MediaContentType1": "image/png"}
    assert media_of(form) == [{"url": "https://m/0", "content_type": "image/jpeg"},
                              {"url": "https://m/1", "content_type": "image/png"}]
    assert media_of({"NumMedia": "x"}) == []


def test_insert_inbound_is_idempotent_on_message_sid(db_url: str):
    from bot.store import channels as channel_store

    kwargs = dict(message_sid="SM1", conversation_id="sms-x", patient_id=None,
                  from_phone="+16175550100", body="hi", media=[])
    with transaction(get_engine(db_url), write=True) as s:
        first = channel_store.insert_inbound(s, **kwargs)  # type: ignore[arg-type]
        again = channel_store.insert_inbound(s, **kwargs)  # type: ignore[arg-type]
    assert first is not None and again is None
    with transaction(get_engine(db_url), write=True) as s:
        assert channel_store.claim(s, first) is not None
        assert channel_store.claim(s, first) is None  # only one worker gets it
        assert channel_store.recover_interrupted(s) == ["sms-x"]  # a crash mid-turn: resumed


# --- links --------------------------------------------------------------------------------------


def test_patient_link_round_trip_and_expiry(settings: Settings):
    token = links.patient_token(settings, 42)
    assert links.verify_patient(settings, token) == 42
    expired = links.patient_token(settings, 42, days=-1)
    with pytest.raises(links.LinkError) as info:
        links.verify_patient(settings, expired)
    assert info.value.reason == "expired"
    with pytest.raises(links.LinkError):
        links.verify_patient(replace(settings, patient_link_secret="y" * 40), token)
    with pytest.raises(links.LinkError):  # an anonymous token is not a patient link
        links.verify_patient(settings, links.anonymous_token(settings, "web-1234"))
    with pytest.raises(links.LinkError):
        links.verify_patient(settings, token[:-3] + "abc")
    url = links.patient_link(replace(settings, public_base_url="https://chat.example.org/"), 42)
    assert url.startswith("https://chat.example.org/webhooks/webchat/#t=")


def test_patient_link_command_prints_a_signed_link(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    from bot.cli import main
    from bot.store import audit
    from bot.store import patients as patient_store

    with transaction(get_engine(db_url), write=True) as s:
        pid = patient_store.enroll(s, audit.Actor.system("test"), name="P", phone="+16175550120",
                                   procedure_date=dt.date.today()).id
    secret = "z" * 40
    for key, value in {"DATABASE_URL": db_url, "PATIENT_LINK_SECRET": secret,
                       "PUBLIC_BASE_URL": "https://chat.example.org",
                       "RECOVERY_BOT_ENV_FILE": str(tmp_path / "none.env")}.items():
        monkeypatch.setenv(key, value)
    assert main(["patient", "link", str(pid), "--days", "3"]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://chat.example.org/webhooks/webchat/#t=")
    verify = replace(Settings(), patient_link_secret=secret)
    assert links.verify_patient(verify, url.split("#t=", 1)[1]) == pid
    assert main(["patient", "link", "99999"]) == 1
    assert "no patient" in capsys.readouterr().err
