"""``recovery-bot dashboard`` as ``make run`` starts it: a real waitress process on loopback."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from bot.dashboard.bootstrap import bootstrap_admin

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "serve-test"}
    env.pop("DASHBOARD_ADMIN_EMAIL", None)
    env.pop("DASHBOARD_ADMIN_PASSWORD", None)
    return env


def test_dashboard_command_refuses_an_old_schema(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "dashboard", "--port", str(_free_port())],
        cwd=REPO,
        env=_env(url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "recovery-bot db upgrade" in done.stderr


def test_dashboard_command_prints_a_one_time_login_and_serves(sqlite_db_url: str) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "dashboard", "--port", str(port)],
        cwd=REPO,
        env=_env(sqlite_db_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = ""
        deadline = time.monotonic() + 60
        while "nurse dashboard on" not in output and time.monotonic() < deadline:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            output += line
        match = re.search(r"admin login: (\S+) / (\S+)", output)
        assert match, output
        email, password = match.groups()
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=2).json() == {"ok": True}:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        session = requests.Session()
        page = session.get(f"{base}/login", timeout=5)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        account = session.post(
            f"{base}/login",
            timeout=10,
            data={"email": email, "password": password, "csrf_token": csrf},
        )
        # the printed one-time password only opens the Account page, as the lines say …
        assert "choose your own at the first sign-in" in output
        assert account.status_code == 200 and account.url == f"{base}/account"
        assert "temporary password" in account.text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', account.text).group(1)  # type: ignore[union-attr]
        queue = session.post(
            f"{base}/account",
            timeout=10,
            data={
                "current_password": password,
                "new_password": "the first admin's own",
                "confirm_password": "the first admin's own",
                "csrf_token": csrf,
            },
        )
        # … and after choosing their own the admin works normally
        assert queue.status_code == 200 and "Open escalations" in queue.text
        assert "Audit log" in queue.text  # the first account is an admin
    finally:
        proc.terminate()
        proc.wait(10)
    # make run's supervisor asks again on the next start: nothing new to print
    assert "existing accounts" in bootstrap_admin()[0]
