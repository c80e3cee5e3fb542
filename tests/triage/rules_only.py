"""The rules alone, without the statistical backstop: for tests of what the YAML rules decide."""

from __future__ import annotations

from pathlib import Path

from bot.triage import Assessment, Engine, load_rules

_engine = Engine(load_rules(), backstop=None)


def assess(text: str) -> Assessment:
    return _engine.assess(text)


def edit_first(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the file; return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1
