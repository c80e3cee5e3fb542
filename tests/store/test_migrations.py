"""Migrations build the schema from an empty database on both backends, and match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.store import db
from bot.store.models import Base
from tests.pg import create_database, drop_database

TABLES = {
    "patients",
    "nurses",
    "escalations",
    "escalation_messages",
    "escalation_notes",
    "api_tokens",
    "audit_log",
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        yield url
        db.dispose_engine(url)
    else:
        server = request.getfixturevalue("pg_server")
        url = create_database(server)
        yield url
        db.dispose_engine(url)
        drop_database(server, url)


def test_upgrade_from_empty_database(empty_db_url: str) -> None:
    engine = db.get_engine(empty_db_url)
    with pytest.raises(db.SchemaOutOfDate, match="recovery-bot db upgrade"):
        db.check_schema(engine)

    db.upgrade(empty_db_url)

    db.check_schema(engine)
    assert db.current_revision(engine) == db.head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES
    # the models agree with what the migrations built
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_downgrade_to_empty_and_back(empty_db_url: str) -> None:
    db.upgrade(empty_db_url)
    from alembic import command

    command.downgrade(db.alembic_config(empty_db_url), "base")
    engine = db.get_engine(empty_db_url)
    assert not TABLES & set(inspect(engine).get_table_names())
    db.upgrade(empty_db_url)
    db.check_schema(engine)


def test_sqlite_runs_in_wal_mode(sqlite_db_url: str) -> None:
    with db.get_engine(sqlite_db_url).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == db.SQLITE_BUSY_TIMEOUT_MS
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_credentials_migration_keeps_existing_nurses(empty_db_url: str) -> None:
    """0004 adds the credential columns to a populated nurses table and drops them again."""
    from alembic import command

    from bot.store import nurses as nurse_store

    db.upgrade(empty_db_url, "0003_checkins")
    engine = db.get_engine(empty_db_url)
    password_hash = nurse_store.hash_password("an existing password")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO nurses (email, name, role, password_hash, failed_logins, active, "
                "created_at) VALUES ('old@example.org', 'Old', 'nurse', :h, 0, :t, :now)"
            ),
            {"h": password_hash, "t": True, "now": db.utcnow()},
        )
        conn.execute(  # an escalation claimed by that nurse: the nurses table is referenced
            text(
                "INSERT INTO escalations (severity, status, findings, sender_id, claimed_by, "
                "created_at, updated_at) VALUES ('urgent', 'claimed', '[]', 's1', "
                "(SELECT id FROM nurses), :now, :now)"
            ),
            {"now": db.utcnow()},
        )

    db.upgrade(empty_db_url)

    with db.transaction(engine, write=True) as s:
        result = nurse_store.authenticate(s, "old@example.org", "an existing password")
        assert result.ok and result.nurse is not None
        assert result.nurse.credential_version == 0
        assert result.nurse.must_change_password is False
        assert result.nurse.password_changed_at is None

    command.downgrade(db.alembic_config(empty_db_url), "0003_checkins")
    columns = {c["name"] for c in inspect(engine).get_columns("nurses")}
    assert "credential_version" not in columns and "must_change_password" not in columns
    with engine.connect() as conn:
        assert conn.execute(text("SELECT email FROM nurses")).scalar_one() == "old@example.org"
        assert conn.execute(text("SELECT count(*) FROM escalations")).scalar_one() == 1
