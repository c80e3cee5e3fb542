"""The rules alone, without the statistical backstop: for tests of what the YAML rules decide."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from bot.triage import Assessment, Engine, load_rules

_engine = Engine(load_rules(), backstop=None)


def assess(text: str) -> Assessment:
    return _engine.assess(text)


def cases(
    emergency: Iterable[str] = (), urgent: Iterable[str] = (), routine: Iterable[str] = ()
) -> list[Any]:
    """pytest parameters (text, expected level) for the wording-family tests."""
    groups = (("emergency", emergency), ("urgent", urgent), ("routine", routine))
    return [
        pytest.param(t, level, id=f"{level}:{t[:40]}") for level, texts in groups for t in texts
    ]


def check_level(text: str, expected: str) -> None:
    """``expected`` "urgent" means at least urgent: an emergency is never a miss there."""
    result = assess(text)
    wanted = ("urgent", "emergency") if expected == "urgent" else (expected,)
    assert result.level in wanted, result.to_dict()


def edit_first(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the file; return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1
