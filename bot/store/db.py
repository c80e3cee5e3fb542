"""Engines, sessions and schema state for the app database.

One engine per URL per process (``get_engine``), SQLite tuned for several processes at once
(WAL, busy timeout, foreign keys, explicit ``BEGIN``), and helpers to run or check migrations.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

SQLITE_BUSY_TIMEOUT_MS = 15_000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


class SchemaOutOfDate(RuntimeError):
    """The database is not at the newest migration; ``recovery-bot db upgrade`` fixes it."""


def utcnow() -> dt.datetime:
    """Naive UTC now: every timestamp in the app database is naive UTC."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def default_url() -> str:
    from bot.config import get_settings

    return get_settings().database_url


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event emit BEGIN itself, so writers can ask for BEGIN IMMEDIATE
        # (take the write lock up front instead of failing to upgrade a read snapshot).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default: settings.database_url)."""
    url = url or default_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                db_path = url.split("///", 1)[-1]
                if db_path and db_path != ":memory:":
                    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
                # SQLAlchemy 1.4 gives file SQLite a NullPool: a new connection per transaction,
                # and with WAL closing the last one checkpoints and syncs (~30 ms a transaction
                # measured). A small pool keeps connections open.
                engine = create_engine(
                    url, future=True, poolclass=QueuePool, pool_size=5, max_overflow=10,
                    connect_args={"check_same_thread": False, "timeout": 15},
                )
                _install_sqlite_hooks(engine)
            else:
                engine = create_engine(url, future=True, pool_pre_ping=True)
            _engines[url] = engine
        return engine


def write_engine(engine: Engine) -> Engine:
    """The same engine, but SQLite transactions start with BEGIN IMMEDIATE (a writer's lock)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine


def session_factory(url: str | None = None) -> sessionmaker:
    """A ``sessionmaker`` bound to the cached engine for ``url``."""
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """``with transaction(engine) as s:`` — one short transaction, committed on success."""
    bind = write_engine(engine) if write else engine
    with Session(bind, future=True, expire_on_commit=False) as session, session.begin():
        yield session


def dispose_engine(url: str) -> None:
    """Close and forget the cached engine for ``url`` (before copying or dropping a database)."""
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def dispose_all() -> None:
    """Close every cached engine (tests, forked workers)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


# --- migrations -------------------------------------------------------------------------------


def alembic_config(url: str | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", (url or default_url()).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (creates it from empty)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_schema(engine: Engine) -> None:
    """Raise ``SchemaOutOfDate`` with a clear message unless the schema is at the head."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaOutOfDate(
            f"The app database is at migration {current or 'none (empty)'} but this code needs "
            f"{head}. Run `recovery-bot db upgrade` first."
        )
