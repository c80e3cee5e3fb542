import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests import pg  # noqa: E402

isolated_settings = pg.isolated_settings
pg_server = pg.pg_server
pg_template = pg.pg_template
sqlite_template = pg.sqlite_template
app_db_url = pg.app_db_url
sqlite_db_url = pg.sqlite_db_url

import datetime as dt  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402

from bot.scheduler.clock import ManualClock  # noqa: E402
from bot.scheduler.delivery import OnCallNotifier, RasaTrigger  # noqa: E402
from bot.scheduler.plan import load_plan  # noqa: E402
from bot.scheduler.service import Scheduler  # noqa: E402
from bot.store import audit, db  # noqa: E402
from bot.store import patients as patient_store  # noqa: E402
from tests.scheduler.fakes import FakeRasa, FakeTwilio, FakeWebhook  # noqa: E402

SYS = audit.Actor.system("test")
ON_CALL = "+16175550199"
# 2026-03-02 is a Monday; America/New_York is UTC-5 then (DST starts 2026-03-08).
PROCEDURE = dt.date(2026, 3, 2)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm)


def enroll(url: str, phone: str, **kw):  # type: ignore[no-untyped-def]
    values = {
        "name": kw.pop("name", f"Patient {phone[-4:]}"),
        "phone": phone,
        "procedure_date": kw.pop("procedure_date", PROCEDURE),
        "preferred_channel": kw.pop("preferred_channel", "sms"),
        "timezone": kw.pop("timezone", "America/New_York"),
    }
    with db.transaction(db.get_engine(url), write=True) as s:
        patient = patient_store.enroll(s, SYS, **values)
        if kw:
            patient_store.update(s, SYS, patient.id, **kw)
        return patient.id


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    server = FakeRasa()
    yield server
    server.close()


@pytest.fixture
def fake_twilio(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTwilio]:
    server = FakeTwilio()
    monkeypatch.setenv("TWILIO_API_BASE", server.url)
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", server.sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", server.auth_token)
    monkeypatch.setenv("TWILIO_NUMBER", "+16175550000")
    yield server
    server.close()


@pytest.fixture
def fake_webhook() -> Iterator[FakeWebhook]:
    server = FakeWebhook()
    yield server
    server.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2026, 3, 2, 12))


@pytest.fixture
def make_scheduler(fake_rasa: FakeRasa, clock: ManualClock):  # type: ignore[no-untyped-def]
    def make(url: str, notifier: OnCallNotifier | None = None, worker: str = "w1") -> Scheduler:
        return Scheduler(
            engine=db.get_engine(url),
            plan=load_plan(),
            trigger=RasaTrigger(fake_rasa.url, fake_rasa.token, timeout=5),
            notifier=notifier or OnCallNotifier(),
            clock=clock,
            worker=worker,
            sla_minutes=30,
            dashboard_url="http://dash.example",
        )

    return make
