#!/usr/bin/env python
"""Profile the turn hot path with cProfile: the trained model loaded in this process as the Rasa
server loads it (same endpoints: SQLite tracker store, the real action server on loopback), then
``--turns`` REST-style turns through ``Agent.handle_message`` under the profiler.

    .venv/bin/python scripts/bench_profile.py [--turns 200] [--model PATH] [--top 30]

Prints the functions with the most cumulative and own time, and the mean turn time with and
without the profiler's overhead (it slows pure-Python code down, so read shares, not times).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import CONVERSATION  # noqa: E402

from bot.supervisor import Stack, StackConfig, free_port, write_endpoints  # noqa: E402


async def turns(agent: object, n: int) -> float:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    started = time.perf_counter()
    sender = ""
    for i in range(n):
        if i % len(CONVERSATION) == 0:
            sender = "profile-" + secrets.token_hex(4)
        out = CollectingOutputChannel()
        await agent.handle_message(  # type: ignore[attr-defined]
            UserMessage(CONVERSATION[i % len(CONVERSATION)], out, sender, input_channel="rest")
        )
        assert out.messages, "no reply"
    return (time.perf_counter() - started) / n * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--save", help="also write the raw profile here (pstats format)")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    env = {"DATABASE_URL": f"sqlite:///{var_dir / 'app.db'}",
           "RECOVERY_BOT_ENV_FILE": str(var_dir / "none.env"), "RASA_TOKEN": "x"}
    os.environ.update(env)
    from bot.store.db import upgrade

    upgrade(env["DATABASE_URL"])
    cfg = StackConfig(rasa_port=free_port(), action_port=free_port(), var_dir=var_dir,
                      extra_env=env, with_dashboard=False, with_scheduler=False,
                      log_dir=var_dir / "logs")
    stack = Stack(cfg)
    stack.services = [s for s in stack.services if s.name == "action server"]
    stack.start(timeout=120)
    try:
        import logging

        from rasa.core.agent import load_agent
        from rasa.core.utils import AvailableEndpoints
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog

        # as `rasa run` does (INFO); unconfigured, every turn would log at DEBUG
        configure_logging_and_warnings(logging.INFO)
        configure_structlog(logging.INFO)

        endpoints = AvailableEndpoints.read_endpoints(str(write_endpoints(cfg)))
        loop = asyncio.new_event_loop()
        agent = loop.run_until_complete(load_agent(model_path=args.model, endpoints=endpoints))
        loop.run_until_complete(turns(agent, 2 * len(CONVERSATION)))  # warm-up
        plain = loop.run_until_complete(turns(agent, args.turns))
        profiler = cProfile.Profile()
        profiler.enable()
        profiled = loop.run_until_complete(turns(agent, args.turns))
        profiler.disable()
    finally:
        stack.stop()
    print(f"mean turn in-process: {plain:.1f} ms (under cProfile {profiled:.1f} ms), "
          f"{args.turns} turns, load {os.getloadavg()[0]:.1f}")
    if args.save:
        profiler.dump_stats(args.save)
    for key in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats(key).print_stats(args.top)
        text = buf.getvalue().replace(str(Path(asyncio.__file__).parent.parent) + "/", "")
        text = text.replace(sys.prefix, "").replace(str(ROOT) + "/", "")
        text = re.sub(r"\S*site-packages/", "", text)
        print(f"\n=== by {key} ===")
        print("\n".join(line for line in text.splitlines() if line.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
