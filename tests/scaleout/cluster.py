"""A scale-out cluster on loopback: PostgreSQL, Redis, several Rasa server replicas on
``deploy/endpoints.production.yml``, one action server, and a round-robin HTTP proxy in front.

Used by tests/scaleout and by ``scripts/bench.py --replicas``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENDPOINTS = ROOT / "deploy" / "endpoints.production.yml"
MODEL_PATH = ROOT / "models" / "current.tar.gz"


class RedisUnavailable(RuntimeError):
    pass


@contextlib.contextmanager
def redis_server() -> Iterator[int]:
    """A throwaway redis-server on a free loopback port (no persistence); yields the port."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisUnavailable("redis-server is not installed (run scripts/ensure-debs.sh)")
    import redis

    from bot.supervisor import free_port

    workdir = Path(tempfile.mkdtemp(prefix="recovery-bot-redis-"))
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
         "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
        stdout=(workdir / "redis.log").open("wb"), stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
                break
            except redis.RedisError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (workdir / "redis.log").read_text(errors="replace")[-2000:]
                    raise RedisUnavailable(f"redis-server did not start: {log}") from exc
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


class RoundRobinProxy:
    """A small HTTP load balancer (a thread) in front of ``backends``.

    Requests that name a conversation (a REST webhook body's ``sender``) are sent to the replica
    after the one that served that conversation's previous request: consecutive messages of one
    patient never hit the same replica, the worst case for anything kept in a replica's memory.
    Other requests go round-robin. ``served`` records (sender, backend index) per request.
    """

    def __init__(self, backends: list[str]) -> None:
        self.backends = [urlsplit(b) for b in backends]
        self.served: list[tuple[str | None, int]] = []
        self._next_global = 0
        self._next_for: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._local = threading.local()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.request_queue_size = 256
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RoundRobinProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def pick(self, sender: str | None) -> int:
        with self._lock:
            if sender is None:
                index = self._next_global % len(self.backends)
                self._next_global += 1
            else:
                if sender not in self._next_for:
                    self._next_for[sender] = hash(sender) % len(self.backends)
                index = self._next_for[sender] % len(self.backends)
                self._next_for[sender] = index + 1
            self.served.append((sender, index))
            return index

    def _connection(self, index: int) -> http.client.HTTPConnection:
        pool = getattr(self._local, "pool", None)
        if pool is None:
            pool = self._local.pool = {}
        if index not in pool:
            target = self.backends[index]
            pool[index] = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
        return pool[index]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # headers and body go out in two writes: without this, Nagle's algorithm and
                # the client's delayed ACK hold every keep-alive response back ~40 ms
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                sender = None
                if body and self.headers.get("Content-Type", "").startswith("application/json"):
                    with contextlib.suppress(ValueError, AttributeError):
                        sender = json.loads(body).get("sender")
                index = proxy.pick(sender)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "keep-alive")}
                for attempt in (1, 2):  # a pooled keep-alive connection may have been closed
                    conn = proxy._connection(index)
                    try:
                        conn.request(self.command, self.path, body=body or None, headers=headers)
                        resp = conn.getresponse()
                        data = resp.read()
                        break
                    except (http.client.HTTPException, OSError):
                        conn.close()
                        proxy._local.pool.pop(index, None)
                        if attempt == 2 or self.command != "GET":
                            self.send_error(502, "bad gateway")
                            return
                self.send_response(resp.status)
                for key, value in resp.getheaders():
                    if key.lower() not in ("connection", "keep-alive", "transfer-encoding",
                                           "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Replica", str(index))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _forward  # noqa: N815 - http.server's naming

        return Handler


@dataclass
class Cluster:
    proxy_url: str
    replica_urls: list[str]
    token: str
    database_url: str
    tracker_db_url: str
    proxy: RoundRobinProxy
    log_dir: Path
    startup_seconds: float
    rasa_pids: list[int] = field(default_factory=list)

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.log_dir.glob("*.log"))
        )


@contextlib.contextmanager
def cluster(
    replicas: int = 2,
    extra_env: dict[str, str] | None = None,
    lock_store: bool = True,
    start_timeout: float = 300.0,
) -> Iterator[Cluster]:
    """PostgreSQL (tests/pg.py) + Redis + ``replicas`` Rasa servers + 1 action server + proxy.

    The replicas read ``deploy/endpoints.production.yml`` with the ``${VAR}``s set in their
    environment. ``lock_store=False`` drops the Redis lock store (to show what it prevents).
    """
    from bot.store import db
    from bot.supervisor import Stack, StackConfig, free_port
    from tests.pg import create_database, postgres_server

    with postgres_server() as pg, redis_server() as redis_port:
        tracker_url = create_database(pg)
        app_url = create_database(pg)
        db.upgrade(app_url)
        db.dispose_engine(app_url)
        tracker = urlsplit(tracker_url.replace("+psycopg2", ""))
        var_dir = Path(tempfile.mkdtemp(prefix="recovery-bot-cluster-"))
        token = secrets.token_hex(16)  # never starts with "-" (rasa run --auth-token -x fails)
        action_port = free_port()
        env = {
            "DATABASE_URL": app_url,
            "RASA_TOKEN": token,
            "SECRET_KEY": secrets.token_urlsafe(16),
            "RECOVERY_BOT_ENV_FILE": str(var_dir / "none.env"),
            "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
            "TRACKER_DB_HOST": str(tracker.hostname),
            "TRACKER_DB_PORT": str(tracker.port),
            "TRACKER_DB_NAME": tracker.path.lstrip("/"),
            "TRACKER_DB_USER": tracker.username or "postgres",
            "TRACKER_DB_PASSWORD": tracker.password or "",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(redis_port),
            "REDIS_PASSWORD": "",
            "REDIS_LOCK_DB": "1",
            **(extra_env or {}),
        }
        endpoints = PRODUCTION_ENDPOINTS
        if not lock_store:
            # (text, not a YAML round trip: Rasa expands only unquoted ${VAR}s)
            text = PRODUCTION_ENDPOINTS.read_text().split("\nlock_store:")[0]
            endpoints = var_dir / "endpoints.no-lock-store.yml"
            endpoints.write_text(text + "\n")
        stacks = []
        ports = [free_port() for _ in range(replicas)]
        for i, port in enumerate(ports):
            cfg = StackConfig(
                rasa_port=port, action_port=action_port, var_dir=var_dir, rasa_token=token,
                extra_env=env, with_dashboard=False, with_scheduler=False,
                log_dir=var_dir / "logs",
            )
            stack = Stack(cfg)
            if i > 0:  # one action server for all replicas
                stack.services = [s for s in stack.services if s.name == "rasa server"]
            for service in stack.services:
                service.name = f"{service.name} {i}" if service.name == "rasa server" else \
                    service.name
                if "--endpoints" in service.argv:
                    service.argv[service.argv.index("--endpoints") + 1] = str(endpoints)
            stacks.append(stack)
        errors: list[BaseException] = []

        def start(stack: Stack) -> None:
            try:
                stack.start(timeout=start_timeout)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        started = time.monotonic()
        threads = [threading.Thread(target=start, args=(s,)) for s in stacks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        startup = time.monotonic() - started
        replica_urls = [f"http://127.0.0.1:{p}" for p in ports]
        try:
            if errors:
                logs = "\n".join(
                    f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                    for p in sorted((var_dir / "logs").glob("*.log"))
                )
                raise RuntimeError(f"cluster did not start: {errors[0]}\n{logs}")
            pids = [
                svc.process.pid for st in stacks for svc in st.services
                if svc.name.startswith("rasa server") and svc.process is not None
            ]
            with RoundRobinProxy(replica_urls) as proxy:
                yield Cluster(
                    proxy_url=proxy.url, replica_urls=replica_urls, token=token,
                    database_url=app_url, tracker_db_url=tracker_url, proxy=proxy,
                    log_dir=var_dir / "logs", startup_seconds=startup, rasa_pids=pids,
                )
        finally:
            for stack in stacks:
                stack.stop()
            db.dispose_engine(app_url)
            shutil.rmtree(var_dir, ignore_errors=True)
