"""YAML with line numbers: each mapping key's line, so errors can say ``file:line``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from truceline.errors import IntakeError, Problem

Lines = dict[tuple[str, ...], int]


def load_yaml(text: str, *, origin: str) -> tuple[Any, Lines]:
    """Parse ``text``; return the plain data and the 1-based line of every key path.

    Raises
    ------
    IntakeError
        When the text is not valid YAML.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise IntakeError(f"mapping {origin} is not valid YAML", problems=[Problem(
            file=origin, line=line, message=str(getattr(exc, "problem", exc)),
            fix="check the indentation and quoting near that line")]) from exc
    lines: Lines = {}
    if node is None:
        return {}, lines
    return _convert(node, (), lines), lines


def _convert(node: yaml.Node, path: tuple[str, ...], lines: Lines) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(yaml.SafeLoader(  # scalar keys only; constructed like PyYAML does
                "").construct_object(key_node, deep=True))
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, (*path, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            lines[(*path, str(i))] = item.start_mark.line + 1
            items.append(_convert(item, (*path, str(i)), lines))
        return items
    return yaml.SafeLoader("").construct_object(node, deep=True)


def read_text(path: Path) -> str:
    """Read a mapping file as UTF-8, as an :class:`IntakeError` when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise IntakeError(f"cannot read mapping {path}: {exc.strerror}. Fix: check the path."
                          ) from exc
    except UnicodeDecodeError as exc:
        raise IntakeError(f"mapping {path} is not UTF-8 ({exc}). Fix: save it as UTF-8."
                          ) from exc
