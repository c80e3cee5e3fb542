"""A PostgreSQL server for tests: the one in ``TEST_POSTGRES_URL``, or a throwaway cluster.

The throwaway cluster is initialised with Debian's ``initdb`` in a temporary directory, listens
on a free loopback port (and a socket in its own directory), and is removed at teardown. As root
the server binaries run as the ``postgres`` user (``runuser``), which owns the directory.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


class PostgresUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found (run scripts/ensure-debs.sh)"
        )
    return Path(found[-1]).parent


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _reachable(url: str) -> bool:
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=3).close()
        return True
    except psycopg2.Error:
        return False


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a private cluster; yield a superuser URL to its ``postgres`` database."""
    bindir = _bindir()
    workdir = Path(tempfile.mkdtemp(prefix="recovery-bot-pg-"))
    datadir = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    port = _free_port()
    try:
        subprocess.run(
            _as_owner(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(datadir),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "--locale=C",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        subprocess.run(
            _as_owner(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(datadir),
                    "-o",
                    options,
                    "-l",
                    str(workdir / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise PostgresUnavailable(
            f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')[-2000:]}"
        ) from exc
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """``TEST_POSTGRES_URL`` if it answers, else a throwaway cluster (superuser URL)."""
    url = os.environ.get("TEST_POSTGRES_URL", "")
    if url and _reachable(url.replace("+psycopg2", "")):
        yield url
        return
    with throwaway_cluster() as started:
        deadline = time.monotonic() + 30
        while not _reachable(started.replace("+psycopg2", "")):
            if time.monotonic() > deadline:
                raise PostgresUnavailable("PostgreSQL started but does not answer")
            time.sleep(0.2)
        yield started


def _admin_exec(server_url: str, sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(server_url.replace("+psycopg2", ""))
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


def _with_database(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + "/" + name


def create_database(server_url: str, template: str | None = None) -> str:
    """A fresh, uniquely named database (optionally copied from ``template``); returns its URL."""
    name = "t_" + uuid.uuid4().hex[:16]
    sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    _admin_exec(server_url, sql)
    return _with_database(server_url, name)


def drop_database(server_url: str, url: str) -> None:
    name = url.rsplit("/", 1)[1]
    _admin_exec(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- pytest fixtures shared by tests/store, tests/dashboard and tests/browser -----------------
# (import them into a conftest.py: ``from tests.pg import app_db_url, pg_server, ...``)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL superuser URL for the whole session (skipped locally if unavailable)."""
    try:
        with postgres_server() as url:
            yield url
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL unavailable: {exc}")


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> str:
    """Name of a database migrated to head, copied for each test (faster than migrating)."""
    from bot.store import db

    url = create_database(pg_server)
    db.upgrade(url)
    db.dispose_engine(url)  # CREATE DATABASE … TEMPLATE needs it to have no connections
    return url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bot.store import db

    path = tmp_path_factory.mktemp("sqlite-template") / "app.db"
    url = f"sqlite:///{path}"
    db.upgrade(url)
    db.dispose_engine(url)  # closing the last connection checkpoints the WAL into the file
    return path


def fresh_database(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty app database on ``backend``; yields its URL, removes it afterwards."""
    from bot.store import db

    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "app.db"
        shutil.copyfile(template, target)
        url = f"sqlite:///{target}"
        yield url
        db.dispose_engine(url)
    else:
        server: str = request.getfixturevalue("pg_server")
        url = create_database(server, template=request.getfixturevalue("pg_template"))
        yield url
        db.dispose_engine(url)
        drop_database(server, url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app_db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Each test twice: on a SQLite file and on PostgreSQL; DATABASE_URL points at it."""
    for url in fresh_database(request, request.param, tmp_path):
        monkeypatch.setenv("DATABASE_URL", url)
        yield url


@pytest.fixture
def sqlite_db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """SQLite only (dashboard tests, where the backend is not what is under test)."""
    for url in fresh_database(request, "sqlite", tmp_path):
        monkeypatch.setenv("DATABASE_URL", url)
        yield url


@pytest.fixture(autouse=True)
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings from the test's environment only (never a developer's .env)."""
    monkeypatch.setenv("RECOVERY_BOT_ENV_FILE", str(tmp_path / "no.env"))
    for name in ("DASHBOARD_ADMIN_EMAIL", "DASHBOARD_ADMIN_PASSWORD", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
