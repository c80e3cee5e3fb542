"""Shared fixtures for the triage tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.triage.ruleset import DEFAULT_RULES_DIR


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    """A copy of the packaged rules directory to edit (its backstop examples linked beside it)."""
    target = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, target)
    (target.parent / "examples").symlink_to(DEFAULT_RULES_DIR.parent / "examples")
    return target
