"""Rasa's Redis lock store, with its ticket bookkeeping made atomic across replicas.

``deploy/endpoints.production.yml`` uses ``type: bot.lock_store.AtomicRedisLockStore``.

Rasa 3.6's ``RedisLockStore`` issues and returns tickets with a plain read-modify-write of one
Redis key (GET, change, SET). When two replicas take a message of the same conversation at the
same moment, both can read the same lock, issue the same ticket number and run the two turns at
once; the SQL tracker store then keeps only one of them. The scale-out test
(tests/scaleout/test_replicas.py) lost a turn this way. Here every read-modify-write of a
conversation's lock runs under a short Redis mutex (redis-py's ``Lock``: SET NX with a token and
an expiry), so tickets are unique and the queue order holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

MUTEX_TIMEOUT_SECONDS = 10  # a crashed holder frees the mutex after this


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` whose ticket operations are atomic per conversation."""

    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # created from endpoints.yml by module path
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
            kwargs.pop("type", None)
        super().__init__(**kwargs)

    @contextmanager
    def _mutex(self, conversation_id: str) -> Iterator[None]:
        mutex = self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_TIMEOUT_SECONDS,
            blocking_timeout=MUTEX_TIMEOUT_SECONDS,
        )
        if not mutex.acquire():
            raise LockError(f"Could not update the lock of conversation '{conversation_id}'.")
        try:
            yield
        finally:
            # an expired mutex has nothing left to release
            with suppress(Exception):
                mutex.release()

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            lock: TicketLock | None = self.get_lock(conversation_id)
            if lock:
                lock.remove_ticket_for(ticket_number)
                if lock.is_someone_waiting():
                    self.save_lock(lock)
                else:
                    self.delete_lock(conversation_id)
