"""Clocks: the real one (naive UTC like the database), and one that tests move by hand."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol

from bot.store.db import utcnow


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """Naive UTC now."""


class SystemClock:
    def now(self) -> dt.datetime:
        return utcnow()


class ManualClock:
    """A clock that only moves when told to (tests, benchmarks)."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = (
            start.replace(tzinfo=None)
            if start.tzinfo is None
            else (start.astimezone(dt.timezone.utc).replace(tzinfo=None))
        )
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def set(self, value: dt.datetime) -> None:
        with self._lock:
            self._now = value

    def advance(self, **delta: float) -> dt.datetime:
        with self._lock:
            self._now += dt.timedelta(**delta)
            return self._now
