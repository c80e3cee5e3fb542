"""Clinic-editable content (YAML) and its loader."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent


class ContentError(ValueError):
    """A clinic-editable content file is missing or malformed."""


@cache
def load(name: str) -> dict[str, Any]:
    """Load ``bot/content/<name>.yml`` as a mapping, with a clear error naming the file."""
    path = CONTENT_DIR / f"{name}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping at the top level")
    return data


def message(key: str, **values: Any) -> str:
    """The text of ``bot/content/messages.yml[key]`` with its ``{placeholders}`` filled in."""
    texts = load("messages")
    if key not in texts:
        raise ContentError(f"{CONTENT_DIR / 'messages.yml'}: no message named {key!r}")
    try:
        return str(texts[key]).format(**values)
    except (KeyError, IndexError) as exc:
        raise ContentError(
            f"{CONTENT_DIR / 'messages.yml'}: message {key!r} uses an unknown placeholder {exc}"
        ) from exc
