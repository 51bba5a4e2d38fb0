"""Structural check: walk a YAML tree against the JSON Schema of format v1.

A small interpreter for the subset of JSON Schema that ``_schema.py`` uses, written so
that every mistake becomes a :class:`~truceline.errors.Problem` with a line and a fix,
and so that all mistakes are found in one pass (never just the first).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from truceline.agreements._yaml import Located, join
from truceline.errors import Problem

_KIND = {"event_types": "event type", "target_types": "target type",
         "weapon_classes": "weapon class"}
_TYPES = {"object": dict, "array": list, "string": str}


def _type_ok(value: Any, name: str) -> bool:
    if name in _TYPES:
        return isinstance(value, _TYPES[name])
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    return True


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, str):
        return f"text {value!r}"
    return f"{type(value).__name__} {value!r}"


_ARTICLE = {"object": "a mapping (key: value lines)", "array": "a list",
            "string": "text", "number": "a number", "integer": "a whole number",
            "boolean": "true or false"}


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest choice to ``word`` (difflib), or ``None``.

    Examples
    --------
    >>> closest("titel", ["id", "title", "source"])
    'title'
    """
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


class Validator:
    """Collect structural problems of one located tree against one schema."""

    def __init__(self, schema: dict[str, Any], located: Located, file: str) -> None:
        self.schema = schema
        self.loc = located
        self.file = file
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, fix: str = "", *, key_line: bool = True) -> None:
        """Record a problem at ``path``."""
        line = self.loc.line(path) if key_line else None
        self.problems.append(Problem(file=self.file, line=line, path=path,
                                     message=message, fix=fix))

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        if ref is None:
            return schema
        target = self.schema
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return self._resolve(merged) if "$ref" in target else merged

    def check(self, value: Any, schema: dict[str, Any], path: str) -> bool:
        """Check ``value`` at ``path``; return False when it is unusable."""
        schema = self._resolve(schema)
        if "oneOf" in schema and all("required" in s and len(s) == 1
                                     for s in schema["oneOf"]):
            return self._check_object(value, schema, path) and self._exactly_one(
                value, schema, path)
        if "oneOf" in schema:
            return self._check_branch(value, schema, path)
        if "const" in schema and value != schema["const"]:
            return self._bad_const(value, schema, path)
        expected = schema.get("type")
        if expected and not _type_ok(value, expected):
            self.add(path, f"'{path}' must be {_ARTICLE[expected]}, not {_describe(value)}",
                     f"write {_ARTICLE[expected]} here")
            return False
        if "enum" in schema and value not in schema["enum"]:
            return self._bad_enum(value, schema, path)
        if isinstance(value, str):
            return self._check_string(value, schema, path)
        if isinstance(value, int | float) and "exclusiveMinimum" in schema:
            if value <= schema["exclusiveMinimum"]:
                self.add(path, f"'{path}' must be greater than {schema['exclusiveMinimum']}, "
                               f"got {value}", "give a positive number")
                return False
        if isinstance(value, list):
            return self._check_array(value, schema, path)
        if isinstance(value, dict):
            return self._check_object(value, schema, path)
        return True

    def _bad_const(self, value: Any, schema: dict[str, Any], path: str) -> bool:
        want = schema["const"]
        if path == "schema_version":
            self.add(path, f"schema_version {value!r} is not supported; this Truceline "
                           f"reads agreement format v{want}",
                     f"set 'schema_version: {want}' and follow docs/agreement-format.md")
        else:
            self.add(path, f"'{path}' must be {want!r}, got {value!r}", f"write {want!r}")
        return False

    def _bad_enum(self, value: Any, schema: dict[str, Any], path: str) -> bool:
        last = re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]
        kind = _KIND.get(last, last)
        near = closest(str(value), schema["enum"])
        hint = f"; did you mean '{near}'?" if near else ""
        self.add(path, f"unknown {kind} {value!r}{hint}",
                 f"use one of: {', '.join(map(str, schema['enum']))}")
        return False

    def _check_string(self, value: str, schema: dict[str, Any], path: str) -> bool:
        if len(value) < schema.get("minLength", 0) or (
                "pattern" in schema and not value.strip()):
            self.add(path, f"'{path}' is empty", "write a value")
            return False
        pattern = schema.get("pattern")
        if pattern and not re.match(pattern, value):
            self.add(path, f"{value!r} is not a valid identifier at '{path}'",
                     "use only letters, digits, '.', '_' or '-', starting with a letter "
                     "or digit")
            return False
        return True

    def _check_array(self, value: list[Any], schema: dict[str, Any], path: str) -> bool:
        lo, hi = schema.get("minItems"), schema.get("maxItems")
        if lo is not None and len(value) < lo:
            self.add(path, f"'{path}' needs at least {lo} item(s), has {len(value)}",
                     f"add at least {lo} item(s)")
            return False
        if hi is not None and len(value) > hi:
            self.add(path, f"'{path}' takes at most {hi} items, has {len(value)}",
                     f"keep {hi} items")
            return False
        ok = True
        seen: set[Any] = set()
        for i, item in enumerate(value):
            ok = self.check(item, schema.get("items", {}), join(path, i)) and ok
            if schema.get("uniqueItems") and isinstance(item, str):
                if item in seen:
                    self.add(join(path, i), f"{item!r} is listed twice in '{path}'",
                             "list it once")
                seen.add(item)
        return ok

    def _check_object(self, value: Any, schema: dict[str, Any], path: str) -> bool:
        if not isinstance(value, dict):
            self.add(path, f"'{path or 'the document'}' must be {_ARTICLE['object']}, "
                           f"not {_describe(value)}", "write key: value lines here")
            return False
        props: dict[str, Any] = schema.get("properties", {})
        ok = True
        where = f"'{path}'" if path else "the top level"
        suggested = {closest(str(k), list(props)) for k in value if k not in props}
        for key in schema.get("required", []):
            if key not in value and key not in suggested:
                self.add(path, f"missing required key '{key}' in {where}",
                         f"add '{key}:' to {where} (see docs/agreement-format.md)")
                ok = False
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            sub = join(path, str(key))
            if key not in props and isinstance(extra, dict):
                # A map with free keys (e.g. column name → regex): check the values only.
                ok = self.check(item, extra, sub) and ok
                continue
            if key not in props:
                near = closest(str(key), list(props))
                hint = f"; did you mean '{near}'?" if near else ""
                self.add(sub, f"unknown key '{key}' in {where}{hint}",
                         f"rename it to '{near}'" if near else
                         f"remove it; valid keys here: {', '.join(props)}")
                continue
            ok = self.check(item, props[key], sub) and ok
        return ok

    def _exactly_one(self, value: dict[str, Any], schema: dict[str, Any], path: str) -> bool:
        keys = [s["required"][0] for s in schema["oneOf"]]
        present = [k for k in keys if k in value]
        if len(present) == 1:
            return True
        if not present:
            self.add(path, f"'{path}' has no geometry: it needs exactly one of "
                           f"{', '.join(keys)}", f"add one of {', '.join(keys)}")
        else:
            self.add(path, f"'{path}' gives {' and '.join(present)}; a zone takes exactly "
                           "one", f"keep one of {', '.join(present)} and make another zone "
                                  "for the rest")
        return False

    def _check_branch(self, value: Any, schema: dict[str, Any], path: str) -> bool:
        for branch in schema["oneOf"]:
            branch = self._resolve(branch)
            if _type_ok(value, branch.get("type", "")):
                return self.check(value, branch, path)
        self.add(path, f"'{path}' must be a date-time like 2025-04-19T18:00 or a mapping "
                       f"with 'disputed:', not {_describe(value)}",
                 "write a date-time, or 'disputed:' with one reading per party")
        return False
