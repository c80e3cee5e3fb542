"""Deterministic red-flag triage for MILD recovery messages.

>>> from bot.triage import assess
>>> assess("Thermometer says 38.9 and I keep shivering").level
'urgent'

The rules (findings, patterns, context words, thresholds) are YAML files in ``rules/``, or in the
directory named by ``$TRIAGE_RULES_DIR``; they are validated when first loaded.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .engine import Engine
from .errors import TriageConfigError
from .model import LEVELS, Assessment, Finding
from .ruleset import Ruleset, load_ruleset, rules_dir

__all__ = [
    "LEVELS",
    "Assessment",
    "Engine",
    "Finding",
    "Ruleset",
    "TriageConfigError",
    "assess",
    "get_engine",
    "load_rules",
]

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_resolved: dict[str, str] = {}  # rules path as given -> resolved path (resolve() hits the disk)


def load_rules(directory: str | os.PathLike[str] | None = None) -> Ruleset:
    """Load and validate the rules (``directory``, else ``$TRIAGE_RULES_DIR``, else built-in).

    Raises ``TriageConfigError`` naming the file, line and problem.
    """
    return get_engine(directory).rules


def get_engine(directory: str | os.PathLike[str] | None = None) -> Engine:
    """The compiled engine for a rules directory, built once per process and directory."""
    given = str(rules_dir(directory))
    key = _resolved.get(given)
    if key is None:
        key = _resolved.setdefault(given, str(Path(given).resolve()))
    engine = _engines.get(key)
    if engine is None:
        with _lock:
            engine = _engines.get(key)
            if engine is None:
                engine = Engine(load_ruleset(key))
                _engines[key] = engine
    return engine


def assess(text: str, rules_directory: str | os.PathLike[str] | None = None) -> Assessment:
    """Triage one patient message: its level and the findings that justify it.

    Never raises for a ``str`` (empty, very long, emoji, binary junk); a non-``str`` raises
    ``TypeError``.
    """
    if not isinstance(text, str):
        raise TypeError(f"assess() needs a str, not {type(text).__name__}")
    return get_engine(rules_directory).assess(text)
