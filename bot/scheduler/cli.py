"""``recovery-bot scheduler``: run the scheduler; ``--once`` for a single sweep; ``--check``
validates the check-in plan and exits."""

from __future__ import annotations

import argparse
from typing import Any


def _run(args: argparse.Namespace) -> int:
    from bot.content import ContentError
    from bot.scheduler.plan import load_plan

    try:
        plan = load_plan()
    except ContentError as exc:
        print(f"check-in plan error: {exc}")
        return 1
    if args.check:
        days = ", ".join(str(d.day) for d in plan.days)
        print(f"check-in plan OK (version {plan.version}): days {days}")
        return 0
    from bot.scheduler import service

    if args.once:
        sched = service.from_settings()
        checkins = sched.run_checkins()
        alerts = sched.run_alerts()
        print(
            f"scheduled {checkins.scheduled} patient(s); sent {len(checkins.sent)} check-in(s); "
            f"missed {checkins.missed}; skipped {checkins.skipped}; failed {checkins.failed}; "
            f"alerts sent {len(alerts.sent)}, failed {len(alerts.failed)}; "
            f"newly overdue {len(alerts.overdue)}"
        )
        return 0
    return service.main()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scheduler", help="run the check-in and escalation follow-through scheduler"
    )
    parser.add_argument("--once", action="store_true", help="one sweep, then exit")
    parser.add_argument("--check", action="store_true", help="validate the check-in plan")
    parser.set_defaults(handler=_run)
