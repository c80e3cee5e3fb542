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
