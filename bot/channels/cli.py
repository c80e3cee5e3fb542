"""``recovery-bot patient link ID``: print the signed web chat link to send a patient."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from bot.channels import links
from bot.config import PROJECT_ROOT, ensure_env_file, get_settings
from bot.store import audit, db
from bot.store import patients as patient_store

CLI = audit.Actor.system("cli")


def _patient_actions(subparsers: Any) -> Any:
    """The ``patient`` command's ACTION sub-parsers (created by bot.store.cli, or here)."""
    parser = subparsers.choices.get("patient")
    if parser is None:
        parser = subparsers.add_parser("patient", help="enroll and look up patients")
        return parser.add_subparsers(dest="patient_command", metavar="ACTION", required=True)
    for action in parser._actions:  # argparse keeps sub-parsers as a private action
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="patient_command", metavar="ACTION", required=True)


def register(subparsers: Any) -> None:
    actions = _patient_actions(subparsers)
    p = actions.add_parser("link", help="print a patient's signed web chat link")
    p.add_argument("patient_id", type=int)
    p.add_argument("--days", type=int, default=None,
                   help="days the link stays valid (default PATIENT_LINK_DAYS, 14)")
    p.set_defaults(handler=cmd_patient_link)


def cmd_patient_link(args: argparse.Namespace) -> int:
    # A fresh checkout gets its PATIENT_LINK_SECRET like `recovery-bot run` (same .env file).
    ensure_env_file(Path(os.environ.get("RECOVERY_BOT_ENV_FILE", PROJECT_ROOT / ".env")))
    settings = get_settings()
    engine = db.get_engine()
    try:
        db.check_schema(engine)
    except db.SchemaOutOfDate as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with db.transaction(engine, write=True) as s:
        patient = patient_store.get(s, args.patient_id)
        if patient is None:
            print(f"error: no patient {args.patient_id}", file=sys.stderr)
            return 1
        audit.write(s, CLI, "patient.link", "patient", patient.id, {"days": args.days})
    days = args.days if args.days is not None else settings.patient_link_days
    if days < 1:
        print("error: --days must be at least 1", file=sys.stderr)
        return 2
    print(links.patient_link(settings, args.patient_id, days))
    print(f"(valid for {days} days; anyone with this link can chat as this patient)",
          file=sys.stderr)
    return 0
