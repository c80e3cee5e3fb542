"""Patients, nurses (passwords, lockout, first-run admin), API tokens, phone numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.escalations import EscalationRequest, raise_escalation
from bot.phone import InvalidPhone, mask_phone, normalize_phone
from bot.store import audit, db
from bot.store import nurses as nurse_store
from bot.store import patients as patient_store
from bot.store import tokens as token_store
from bot.store.models import Nurse

SYS = audit.Actor.system("test")


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("(555) 201-0123", "+15552010123"),
        ("555.201.0123", "+15552010123"),
        ("1 555 201 0123", "+15552010123"),
        ("+1 555 201 0123", "+15552010123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
    ],
)
def test_normalize_phone(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "555-0123",
        "call me",
        "(055) 201-0123",
        "+0123456789",
        "555 201 0123 ext 4",
        "+1234567890123456",
    ],
)
def test_normalize_phone_refuses(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)


def test_mask_phone() -> None:
    assert mask_phone("+15552010123") == "+1••••••0123"


def test_enroll_edit_and_list_patients(app_db_url: str) -> None:
    engine = db.get_engine(app_db_url)
    with db.transaction(engine, write=True) as s:
        p = patient_store.enroll(
            s,
            SYS,
            name=" Grace Hopper ",
            phone="(555) 201-0123",
            procedure_date="2025-01-10",
            clinician="Dr. Who",
        )
        pid = p.id
        assert (p.name, p.phone, p.preferred_channel, p.opted_out) == (
            "Grace Hopper",
            "+15552010123",
            "sms",
            False,
        )
    with (
        pytest.raises(patient_store.PatientError, match="already enrolled"),
        db.transaction(engine, write=True) as s,
    ):
        patient_store.enroll(s, SYS, name="Dup", phone="555-201-0123", procedure_date="2025-01-10")
    with (
        pytest.raises(patient_store.PatientError, match="Phone"),
        db.transaction(engine, write=True) as s,
    ):
        patient_store.enroll(s, SYS, name="Bad", phone="12", procedure_date="2025-01-10")
    with db.transaction(engine, write=True) as s:
        patient_store.update(
            s, SYS, pid, clinician="Dr. Strange", procedure_date="2025-01-11", name="Grace Hopper"
        )
        patient_store.set_opt_out(s, SYS, pid, True)
    raise_escalation(EscalationRequest("urgent", str(pid), "sms", "Fever"))
    with db.transaction(engine) as s:
        [(patient, n_open)] = patient_store.list_with_open_counts(s)
        assert (patient.clinician, patient.procedure_date, n_open) == (
            "Dr. Strange",
            dt.date(2025, 1, 11),
            1,
        )
        assert patient.opted_out and patient.opted_out_at is not None
        assert patient_store.by_phone(s, "555 201 0123").id == pid
        assert patient_store.list_with_open_counts(s, "nobody") == []
        entries = audit.entries_for(s)
        update = next(e for e in entries if e.action == "patient.update")
        assert update.detail == {"fields": ["clinician", "procedure_date"]}  # names, not values
        assert [e.action for e in entries][:3] == [
            "patient.enroll",
            "patient.update",
            "patient.opt_out",
        ]


def test_password_hash_is_argon2id_and_lockout(app_db_url: str) -> None:
    engine = db.get_engine(app_db_url)
    with db.transaction(engine, write=True) as s:
        nurse = nurse_store.add(s, SYS, email="N@Example.org", name="N", password="correct horse")
        assert nurse.email == "n@example.org"
        assert nurse.password_hash.startswith("$argon2id$")
    with pytest.raises(nurse_store.NurseError), db.transaction(engine, write=True) as s:
        nurse_store.add(s, SYS, email="short@example.org", name="S", password="short")

    def attempt(password: str) -> nurse_store.LoginResult:
        with db.transaction(engine, write=True) as s:
            return nurse_store.authenticate(
                s, "n@example.org", password, max_failures=5, lockout=dt.timedelta(minutes=15)
            )

    assert attempt("correct horse").ok
    results = [attempt("wrong") for _ in range(5)]
    assert [r.locked for r in results] == [False, False, False, False, True]
    locked = attempt("correct horse")
    assert not locked.ok and locked.locked  # the right password is refused while locked
    with db.transaction(engine, write=True) as s:
        row = s.execute(select(Nurse)).scalar_one()
        assert row.locked_until > db.utcnow() + dt.timedelta(minutes=14)
        row.locked_until = db.utcnow() - dt.timedelta(seconds=1)  # time passes
    assert attempt("correct horse").ok
    with db.transaction(engine) as s:
        actions = [e.action for e in audit.entries_for(s) if e.action.startswith("auth.")]
    assert actions == ["auth.login"] + ["auth.login_failed"] * 5 + [
        "auth.login_refused_locked",
        "auth.login",
    ]


def test_unknown_email_fails_without_detail(app_db_url: str) -> None:
    with db.transaction(db.get_engine(app_db_url), write=True) as s:
        result = nurse_store.authenticate(s, "ghost@example.org", "whatever")
    assert (result.ok, result.nurse) == (False, None)


def test_bootstrap_admin_generates_once(app_db_url: str) -> None:
    creds = nurse_store.bootstrap_admin()
    assert creds is not None and creds.generated and creds.password
    assert creds.password in creds.instructions("http://127.0.0.1:8000/")
    assert nurse_store.bootstrap_admin() is None  # an admin exists now
    with db.transaction(db.get_engine(app_db_url), write=True) as s:
        result = nurse_store.authenticate(s, creds.email, creds.password)
        # printed to the terminal, so only temporary: the admin chooses their own first
        assert result.ok and result.nurse is not None and result.nurse.must_change_password
        [added] = audit.entries_for(s, "nurse.add")
        assert added.detail == {"role": "admin", "must_change_password": True}
    assert "choose your own at the first sign-in" in creds.instructions("http://x/")


def test_bootstrap_admin_reinstating_an_account_forces_a_change(app_db_url: str) -> None:
    engine = db.get_engine(app_db_url)
    with db.transaction(engine, write=True) as s:
        old = nurse_store.add(
            s,
            SYS,
            email="admin@localhost",
            name="Old",
            password="x" * 12,
            role="admin",
            must_change_password=False,
        )
        nurse_store.set_active(s, SYS, old.id, False)
    creds = nurse_store.bootstrap_admin()
    assert creds is not None and creds.generated and creds.email == "admin@localhost"
    with db.transaction(engine, write=True) as s:
        result = nurse_store.authenticate(s, creds.email, creds.password)
        assert result.ok and result.nurse is not None and result.nurse.must_change_password


def test_bootstrap_admin_from_environment(app_db_url: str, monkeypatch) -> None:
    monkeypatch.setenv("DASHBOARD_ADMIN_EMAIL", "Boss@Clinic.example")
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD", "from-the-environment")
    creds = nurse_store.bootstrap_admin()
    assert creds is not None and not creds.generated and creds.password is None
    assert "from-the-environment" not in creds.instructions("http://x/")
    with db.transaction(db.get_engine(app_db_url), write=True) as s:
        result = nurse_store.authenticate(s, "boss@clinic.example", "from-the-environment")
        assert result.ok and result.nurse.role == "admin"
        # the operator's own deliberate choice (kept in their secret store): no forced change
        assert not result.nurse.must_change_password


def test_api_tokens_store_only_a_digest(app_db_url: str) -> None:
    engine = db.get_engine(app_db_url)
    with db.transaction(engine, write=True) as s:
        row, plain = token_store.create(s, SYS, "ehr-sync")
        tid = row.id
        assert plain not in row.token_sha256 and len(row.token_sha256) == 64
    with db.transaction(engine, write=True) as s:
        found = token_store.verify(s, plain)
        assert found is not None and found.id == tid and found.last_used_at is not None
        assert token_store.verify(s, plain + "x") is None
        assert token_store.verify(s, "") is None
        token_store.revoke(s, SYS, tid)
    with db.transaction(engine, write=True) as s:
        assert token_store.verify(s, plain) is None
