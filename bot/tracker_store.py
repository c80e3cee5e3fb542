"""Rasa's SQL tracker store, tuned for the single-machine SQLite default.

``endpoints.yml`` uses ``type: bot.tracker_store.FastSQLTrackerStore``. It is Rasa's own
``SQLTrackerStore`` (same tables, same PostgreSQL support) with two measured fixes
(README "Measured"):

- SQLite runs with pooled connections, in WAL mode with ``synchronous=NORMAL`` and a busy
  timeout: a stock SQLite commit waits for an fsync on every turn (~15 ms here), and concurrent
  turns fail on a locked database.
  WAL keeps committed turns durable across a process crash (not across power loss between
  checkpoints, an accepted trade-off for the embedded default; production uses PostgreSQL).
- Importing it applies ``bot.rasa_speedups`` (measured fixes of Rasa internals) in the server.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy.pool import QueuePool

import bot.rasa_speedups  # noqa: F401 - applied when Rasa loads this tracker store

_BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.close()


class FastSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with SQLite tuned for concurrent, fsync-light turns."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":  # type: ignore[has-type]
            # SQLAlchemy 1.4 gives file SQLite a NullPool: a new connection per turn, and with
            # WAL every close of the last connection checkpoints (~5 ms). Keep connections.
            engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
            url = engine.url
            engine.dispose()
            self.engine = sa.create_engine(
                url, poolclass=QueuePool, pool_size=8, max_overflow=8,
                connect_args={"check_same_thread": False},
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
