"""A field spec: which column(s) give a value, and the small transforms applied to it.

Evaluation order: ``only_if`` (all conditions must hold, else the default) → ``value``
(a constant) → ``rules`` (first rule whose ``if`` conditions all match) → ``template`` →
``column`` (first non-empty of the listed columns) with ``replace``, then ``map`` (exact,
case-insensitive) or ``table`` (first regex that matches) → ``default``.
Regexes are searched case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_TEMPLATE = re.compile(r"\{([^{}|]+)(?:\|(\w+))?\}")
SPEC_KEYS = frozenset({
    "column", "value", "template", "rules", "map", "table", "default", "required",
    "only_if", "replace", "formats", "dayfirst", "date_only",
})


@dataclass(frozen=True, kw_only=True)
class Rule:
    """``if`` all these columns match their regexes, the value is ``value``.

    With ``column`` instead of ``value``, the value is that column's, through the spec's
    ``map``/``table`` (e.g. "the accused is actor2 when the event is an interception").
    """

    when: tuple[tuple[str, re.Pattern[str]], ...]
    value: Any = None
    column: str | None = None


@dataclass(frozen=True, kw_only=True)
class Spec:
    """How to get one value from a row (see the module docstring for the order)."""

    path: str
    columns: tuple[str, ...] = ()
    value: Any = None
    template: str | None = None
    rules: tuple[Rule, ...] = ()
    map: dict[str, Any] = field(default_factory=dict)
    table: tuple[tuple[re.Pattern[str], Any], ...] = ()
    table_name: str | None = None
    default: Any = None
    required: bool = False
    only_if: tuple[tuple[str, re.Pattern[str]], ...] = ()
    replace: tuple[tuple[re.Pattern[str], str], ...] = ()
    formats: tuple[str, ...] = ()
    dayfirst: bool | None = None
    date_only: bool = False

    def referenced_columns(self) -> set[str]:
        """Every column this spec reads (virtual ``@`` columns excluded)."""
        cols = set(self.columns)
        cols.update(c for c, _ in self.only_if)
        for rule in self.rules:
            cols.update(c for c, _ in rule.when)
            if rule.column:
                cols.add(rule.column)
        if self.template:
            cols.update(m.group(1) for m in _TEMPLATE.finditer(self.template))
        return {c for c in cols if not c.startswith("@")}

    def outputs(self) -> list[Any]:
        """Every constant this spec can produce (checked against vocabularies at load)."""
        outs = [self.value, self.default, *self.map.values(), *(v for _, v in self.table)]
        outs += [r.value for r in self.rules]
        return [o for o in outs if o is not None]

    def raw(self, row: dict[str, str]) -> str | None:
        """The first non-empty raw value of the spec's columns, after ``replace``."""
        for col in self.columns:
            v = row.get(col)
            if v:
                for pattern, repl in self.replace:
                    v = pattern.sub(repl, v)
                v = v.strip()
                if v:
                    return v
        return None

    def evaluate(self, row: dict[str, str]) -> Any:
        """The value for ``row`` (``None`` when empty and without a default)."""
        for col, pattern in self.only_if:
            if not pattern.search(row.get(col) or ""):
                return self.default
        if self.value is not None:
            return self.value
        if self.rules:
            for rule in self.rules:
                if all(p.search(row.get(c) or "") for c, p in rule.when):
                    if rule.column is None:
                        return rule.value
                    raw = (row.get(rule.column) or "").strip()
                    return self._lookup(raw) if raw else self.default
            if not self.columns:
                return self.default
        if self.template is not None:
            text = render(self.template, row).strip()
            return text or self.default
        raw = self.raw(row)
        if raw is None:
            return self.default
        return self._lookup(raw)

    def _lookup(self, raw: str) -> Any:
        if self.map:
            return self.map.get(raw.casefold(), self.default)
        if self.table:
            for pattern, out in self.table:
                if pattern.search(raw):
                    return out
            return self.default
        return raw


def render(template: str, row: dict[str, str]) -> str:
    """Fill ``{column}`` / ``{column|int}`` placeholders from ``row`` (empty when missing)."""

    def one(m: re.Match[str]) -> str:
        v = (row.get(m.group(1)) or "").strip()
        if m.group(2) == "int" and v:
            try:
                f = float(v)
                return str(int(f)) if f == int(f) else v
            except (ValueError, OverflowError):
                return v
        return v

    return _TEMPLATE.sub(one, template)
