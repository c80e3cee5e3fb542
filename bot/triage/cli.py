"""``recovery-bot triage``: assess messages from stdin, one JSON object per output line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO


def register(subparsers: Any) -> None:
    """Add the ``triage`` sub-command."""
    parser = subparsers.add_parser(
        "triage",
        help="red-flag triage of messages on stdin",
        description=(
            "Read one message per line (plain text, or JSON with a 'text' key whose other keys "
            "are passed through) and write one JSON object per line with text, level, reason "
            "and findings."
        ),
    )
    parser.add_argument("--rules", metavar="DIR", help="rules directory (default: built-in)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    from . import TriageConfigError, assess, load_rules

    source = stdin or sys.stdin
    sink = stdout or sys.stdout
    try:
        load_rules(args.rules)
    except TriageConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for raw_line in source:
        line = raw_line.rstrip("\r\n")
        record: dict[str, Any] = {}
        text = line
        stripped = line.strip()
        if stripped.startswith("{"):
            try:
                parsed = json.loads(stripped)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict) and isinstance(parsed.get("text"), str):
                record = parsed
                text = parsed["text"]
        result = assess(text, args.rules).to_dict()
        out = dict(record)
        out.update({"text": text, **result})
        sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        sink.flush()
    return 0
