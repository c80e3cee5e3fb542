"""``recovery-bot run``: start the whole system on loopback and stop it cleanly on Ctrl-C.

The same ``Stack`` is used by the integration tests, with free ports and temporary databases.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT, ensure_env_file, get_settings

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    name: str
    argv: list[str]
    health_url: str | None
    url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None


@dataclass
class StackConfig:
    """Where everything listens and keeps its data."""

    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    dashboard_port: int = 8000
    model: Path = PROJECT_ROOT / "models" / "current.tar.gz"
    var_dir: Path = PROJECT_ROOT / "var"
    tracker_db: Path | None = None  # default: var_dir / "tracker.db"
    rasa_token: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)
    with_dashboard: bool = True
    with_scheduler: bool = True
    log_dir: Path | None = None  # None: inherit the terminal


def write_endpoints(cfg: StackConfig) -> Path:
    """endpoints.yml with this stack's action-server port and tracker database."""
    endpoints: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{cfg.action_port}/webhook"
    if endpoints.get("tracker_store", {}).get("dialect") == "sqlite":
        endpoints["tracker_store"]["db"] = str(cfg.tracker_db or cfg.var_dir / "tracker.db")
    path = cfg.var_dir / f"endpoints.{cfg.rasa_port}.yml"
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


def build_services(cfg: StackConfig) -> list[Service]:
    cfg.var_dir.mkdir(parents=True, exist_ok=True)
    endpoints = write_endpoints(cfg)
    common_env = {
        "SANIC_HOST": cfg.host,
        "PYTHONPATH": str(PROJECT_ROOT),
        # third-party deprecation chatter would bury the lines an operator needs
        "PYTHONWARNINGS": "ignore",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        **cfg.extra_env,
    }
    services = [
        Service(
            name="action server",
            argv=[str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                  "-p", str(cfg.action_port)],
            health_url=f"http://127.0.0.1:{cfg.action_port}/health",
            url=f"http://{cfg.host}:{cfg.action_port}/webhook",
            env=common_env,
        ),
        Service(
            name="rasa server",
            argv=[str(BIN / "rasa"), "run", "--model", str(cfg.model),
                  "--endpoints", str(endpoints), "--credentials",
                  str(PROJECT_ROOT / "credentials.yml"), "--interface", cfg.host,
                  "--port", str(cfg.rasa_port), "--enable-api", f"--auth-token={cfg.rasa_token}"],
            health_url=f"http://127.0.0.1:{cfg.rasa_port}/status?token={cfg.rasa_token}",
            url=f"http://{cfg.host}:{cfg.rasa_port}",
            env=common_env,
        ),
    ]
    if cfg.with_dashboard:
        services.append(
            Service(
                name="nurse dashboard",
                argv=[str(BIN / "recovery-bot"), "dashboard", "--port", str(cfg.dashboard_port)],
                health_url=f"http://127.0.0.1:{cfg.dashboard_port}/login",
                url=f"http://{cfg.host}:{cfg.dashboard_port}/",
                env=common_env,
            )
        )
    if cfg.with_scheduler:
        services.append(
            Service(
                name="scheduler",
                argv=[str(BIN / "recovery-bot"), "scheduler"],
                health_url=None,
                url="(background process)",
                env=common_env,
            )
        )
    return services


class Stack:
    """A set of service processes started together and stopped together."""

    def __init__(self, cfg: StackConfig) -> None:
        self.cfg = cfg
        self.services = build_services(cfg)

    def start(self, timeout: float = 120.0) -> None:
        for service in self.services:
            env = {**os.environ, **service.env}
            out: Any = None
            if self.cfg.log_dir is not None:
                self.cfg.log_dir.mkdir(parents=True, exist_ok=True)
                log_name = service.name.replace(" ", "_") + ".log"
                out = (self.cfg.log_dir / log_name).open("ab")
            service.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                service.argv, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        for service in self.services:
            self._wait_healthy(service, deadline)

    def _wait_healthy(self, service: Service, deadline: float) -> None:
        if service.health_url is None:
            return
        while time.monotonic() < deadline:
            assert service.process is not None
            if service.process.poll() is not None:
                raise RuntimeError(
                    f"{service.name} exited with code {service.process.returncode} while starting"
                )
            try:
                with urllib.request.urlopen(service.health_url, timeout=2):  # noqa: S310
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.25)
        raise TimeoutError(f"{service.name} did not become healthy in time")

    def stop(self, timeout: float = 15.0) -> None:
        for service in reversed(self.services):
            proc = service.process
            if proc is not None and proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for service in self.services:
            proc = service.process
            if proc is None:
                continue
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def first_exited(self) -> Service | None:
        for service in self.services:
            if service.process is not None and service.process.poll() is not None:
                return service
        return None


def _prepare_app_database() -> list[str]:
    """Run migrations and make sure a dashboard admin exists; return lines to print."""
    from bot.dashboard.bootstrap import bootstrap_admin
    from bot.store.migrate import upgrade

    upgrade()
    return bootstrap_admin()


def run(args: argparse.Namespace) -> int:
    ensure_env_file()
    settings = get_settings()
    model = PROJECT_ROOT / "models" / "current.tar.gz"
    if not model.exists():
        print("No trained model at models/current.tar.gz: run `make run` (it trains one).")
        return 1
    login_lines = _prepare_app_database()
    cfg = StackConfig(
        host=settings.host,
        rasa_port=settings.rasa_port,
        action_port=settings.action_port,
        dashboard_port=settings.dashboard_port,
        model=model,
        rasa_token=settings.rasa_token,
    )
    stack = Stack(cfg)
    print("==> starting: " + ", ".join(s.name for s in stack.services) + " ...", flush=True)
    stopping = False

    def _stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        started = time.monotonic()
        stack.start()
        print(_banner(stack, settings.rasa_token, login_lines, time.monotonic() - started))
        while True:
            exited = stack.first_exited()
            if exited is not None:
                print(f"!! {exited.name} stopped unexpectedly; shutting everything down.")
                return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("\n==> stopping ...", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"!! {exc}")
        return 1
    finally:
        stack.stop()
        print("==> stopped.")


def _banner(stack: Stack, token: str, login_lines: list[str], seconds: float) -> str:
    rasa = next(s for s in stack.services if s.name == "rasa server")
    lines = ["", f"MILD recovery assistant is running (started in {seconds:.1f} s):", ""]
    lines += [f"  {s.name:<16} {s.url}" for s in stack.services]
    lines += [
        "",
        "Talk to it (REST channel):",
        f"  curl -s {rasa.url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\",
        "       -d '{\"sender\": \"demo\", \"message\": \"is numbness normal?\"}'",
        "",
        "Rasa HTTP API token (from .env, RASA_TOKEN):",
        f"  curl -s '{rasa.url}/status?token={token[:4]}…'",
    ]
    if login_lines:
        lines += ["", "Nurse dashboard login:"] + [f"  {ln}" for ln in login_lines]
    lines += ["", "Press Ctrl-C to stop everything.", ""]
    return "\n".join(lines)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="start the whole system on 127.0.0.1")
    parser.set_defaults(handler=run)
