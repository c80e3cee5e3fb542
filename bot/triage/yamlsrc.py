"""Read YAML keeping line numbers, so rule errors can name the file and line."""

from __future__ import annotations

import os
from typing import Any

import yaml

from .errors import TriageConfigError


class LDict(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LList(list):
    line: int = 0
    item_lines: list[int]


class LStr(str):
    line: int = 0


def display_path(path: str) -> str:
    """The path relative to the working directory when it is below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


# libyaml's parser when PyYAML was built with it (the same nodes and line marks, ten times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str) -> Any:
    """Parse ``path`` into LDict/LList/LStr (scalars other than strings stay plain)."""
    shown = display_path(path)
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except OSError as exc:
        raise TriageConfigError(f"{shown}: cannot read rules file: {exc.strerror}") from exc
    try:
        node = yaml.compose(source, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise TriageConfigError(f"{shown}:{line}: invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise TriageConfigError(f"{shown}: invalid YAML: {exc}") from exc
    if node is None:
        raise TriageConfigError(f"{shown}:1: the file is empty")
    return _convert(node, shown)


def _convert(node: yaml.Node, shown: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LDict()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, shown)
            if not isinstance(key, str):
                raise TriageConfigError(
                    f"{shown}:{key_node.start_mark.line + 1}: keys must be text, not {key!r}"
                )
            if key in result:
                raise TriageConfigError(
                    f"{shown}:{key_node.start_mark.line + 1}: duplicate key '{key}'"
                )
            result[str(key)] = _convert(value_node, shown)
            result.key_lines[str(key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LList(_convert(child, shown) for child in node.value)
        items.line = line
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items
    loader = yaml.SafeLoader("")
    try:
        value = loader.construct_object(node)
    except yaml.YAMLError as exc:
        raise TriageConfigError(f"{shown}:{line}: invalid value: {exc}") from exc
    finally:
        loader.dispose()
    if isinstance(value, str):
        text = LStr(value)
        text.line = line
        return text
    return value


def line_of(obj: Any, default: int = 0) -> int:
    return int(getattr(obj, "line", default) or default)
