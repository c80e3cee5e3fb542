"""The rules alone, without the statistical backstop: for tests of what the YAML rules decide."""

from __future__ import annotations

from bot.triage import Assessment, Engine, load_rules

_engine = Engine(load_rules(), backstop=None)


def assess(text: str) -> Assessment:
    return _engine.assess(text)
