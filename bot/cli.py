"""The ``recovery-bot`` command.

Each feature module contributes its own sub-commands through a ``register(subparsers)`` function,
so this file only lists them.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

# module path -> it defines register(subparsers) adding one or more sub-commands
COMMAND_MODULES = (
    "bot.supervisor",  # run
    "bot.triage.cli",  # triage
    "bot.store.cli",  # db, patient, nurse, token
    "bot.channels.cli",  # patient link
    "bot.scheduler.cli",  # scheduler
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recovery-bot", description="MILD post-procedure recovery assistant"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # APScheduler logs every job run at INFO (every few seconds): noise that buries the
        # lines an operator needs. Its warnings and errors still show.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return int(args.handler(args) or 0)


def console_main() -> int:
    """Entry point of the installed ``recovery-bot`` script.

    spaCy (through thinc) imports TensorFlow whenever it is installed, and Rasa installs it:
    about 3 s of start-up that no sub-command uses (the Rasa servers run in their own
    processes). Marking it unavailable here keeps ``recovery-bot triage`` quick to start.
    """
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]
    return main()


if __name__ == "__main__":
    sys.exit(console_main())
