"""Safe YAML reading that remembers where every key sits.

The file is composed (not constructed) with PyYAML's safe loader, so every node keeps
its ``start_mark``. Aliases and anchors are refused (no alias bombs), nesting deeper than
:data:`MAX_DEPTH` and documents of more than :data:`MAX_NODES` nodes are refused, and a
key written twice in one mapping is an error. Timestamps are kept as the text written,
so the window parser (not YAML 1.1) decides what a date means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from truceline.errors import Problem

MAX_DEPTH = 32
MAX_NODES = 50_000


class _Refused(Exception):
    def __init__(self, line: int | None, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases and caps depth and size while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1,
                           f"YAML alias '*{event.anchor}' is not allowed in an agreement",
                           "write the value out in full instead of using anchors (&) and "
                           "aliases (*)")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark.line + 1,
                           f"YAML anchor '&{event.anchor}' is not allowed in an agreement",
                           "remove the anchor and write values out in full")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(event.start_mark.line + 1,
                           f"the document has more than {MAX_NODES} YAML nodes",
                           "split the agreement or move geometry into GeoJSON files")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(event.start_mark.line + 1,
                               f"the document is nested deeper than {MAX_DEPTH} levels",
                               "flatten the structure; agreements need only a few levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass
class Located:
    """A plain Python tree plus the line of every key path in it."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""


def join(path: str, key: str | int) -> str:
    """Extend a key path: ``join('windows', 0) == 'windows[0]'``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def read_yaml(text: str, file: str) -> Located:
    """Compose ``text`` safely into a :class:`Located` tree; problems are collected.

    Examples
    --------
    >>> loc = read_yaml("a: 1\\nb:\\n  - c: x\\n", "f.yaml")
    >>> loc.data, loc.lines["b[0].c"]
    ({'a': 1, 'b': [{'c': 'x'}]}, 3)
    """
    out = Located(data=None)
    try:
        loader = _Loader(text)  # the reader refuses NUL and other control characters here
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as exc:
        out.problems.append(Problem(file=file, line=exc.line, message=exc.message, fix=exc.fix))
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        out.problems.append(Problem(
            file=file, line=mark.line + 1 if mark else None,
            message=f"not valid YAML: {exc.problem or exc.context}",
            fix="fix the YAML syntax (indentation, quotes, colons)"))
        return out
    except yaml.YAMLError as exc:
        out.problems.append(Problem(file=file, message=f"not valid YAML: {exc}",
                                    fix="fix the YAML syntax"))
        return out
    if node is None:
        out.problems.append(Problem(file=file, line=1, message="the file is empty",
                                    fix="write an agreement (see docs/agreement-format.md)"))
        return out
    constructor = yaml.SafeLoader("")
    out.data = _build(node, "", out, file, constructor)
    return out


def _build(node: yaml.Node, path: str, out: Located, file: str,
           constructor: yaml.SafeLoader) -> Any:
    out.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                out.problems.append(Problem(
                    file=file, line=key_node.start_mark.line + 1, path=path,
                    message="a key must be plain text, not a list or mapping",
                    fix="write the key as a plain word"))
                continue
            key = key_node.value
            sub = join(path, key)
            if key in result:
                out.problems.append(Problem(
                    file=file, line=key_node.start_mark.line + 1, path=sub,
                    message=f"duplicate key '{key}' (first on line {out.lines.get(sub)})",
                    fix=f"keep one '{key}' entry and delete the other"))
                continue
            out.lines[sub] = key_node.start_mark.line + 1
            result[key] = _build(value_node, sub, out, file, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, join(path, i), out, file, constructor)
                for i, item in enumerate(node.value)]
    if node.tag == _TIMESTAMP:
        return node.value
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an int of over 4300 digits
        out.problems.append(Problem(file=file, line=node.start_mark.line + 1, path=path,
                                    message=f"cannot read value {node.value!r}: {exc}",
                                    fix="quote the value"))
        return None
