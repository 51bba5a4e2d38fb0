"""Declarative column mappings: load, validate and describe them.

A mapping is a YAML file (the built-ins ship as package data in ``mappings/``). Unknown
keys, unknown tables, bad regexes, bad time zones and values outside the controlled
vocabularies are refused at load time with the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from truceline.domain import Source
from truceline.domain.vocab import EVENT_TYPES, STANCES, TARGET_TYPES, WEAPON_CLASSES
from truceline.errors import IntakeError, Problem
from truceline.intake._spec import SPEC_KEYS, Rule, Spec
from truceline.intake._yaml import Lines, load_yaml, read_text

TOP_KEYS = frozenset({
    "name", "description", "detect", "format", "encoding", "delimiter", "timezone",
    "dayfirst", "na_values", "strict_columns", "language", "source", "report", "claim", "tables",
})
REPORT_KEYS = frozenset({"title", "published_at", "source"})
CLAIM_KEYS = frozenset({
    "event_type", "target_type", "weapon", "weapon_class", "when", "place", "actor",
    "alleged_by", "stance", "quantities", "evidence", "confidence", "incident_ref",
})
WHEN_KEYS = frozenset({"start", "end", "timezone", "required", "uncertainty"})
PLACE_KEYS = frozenset({
    "name", "lon", "lat", "precision", "admin1", "admin2", "country", "note"})
SOURCE_KEYS = frozenset({"id", "name", "kind", "party", "grade"})
FORMATS = ("auto", "csv", "jsonl", "geojson")
VOCABS: dict[str, tuple[str, ...]] = {
    "event_type": EVENT_TYPES, "target_type": TARGET_TYPES,
    "weapon_class": WEAPON_CLASSES, "stance": STANCES,
}
NO_CLAIM = "no_claim"
"""An ``event_type`` of ``no_claim`` keeps the row's report but makes no claim from it."""
DEFAULT_NA = ("", "nan", "NaN", "NA", "N/A", "null", "NULL", "None", "none")


@dataclass(frozen=True, kw_only=True)
class When:
    """Start (and optional end) date specs and the time zone of local values."""

    start: Spec
    end: Spec | None = None
    timezone: str | None = None
    timezone_spec: Spec | None = None  # a per-row zone (column); ``timezone`` is the fallback
    required: bool = True
    # How far a row's date may be off: a number of days either side, "week" or "month"
    # (ACLED's time_precision 2/3), per row through a column and a map.
    uncertainty: Spec | None = None


@dataclass(frozen=True, kw_only=True)
class Mapping:
    """A loaded, validated mapping. Build with :func:`load_mapping`."""

    name: str
    origin: str
    description: str = ""
    detect: tuple[str, ...] = ()
    format: str = "auto"
    encoding: str = "auto"
    delimiter: str = ","
    timezone: str | None = None
    dayfirst: bool = False
    strict_columns: bool = True
    na_values: frozenset[str] = frozenset(DEFAULT_NA)
    language: str | None = None
    source: Source | None = None
    title: Spec | None = None
    published_at: Spec | None = None
    source_column: Spec | None = None
    claim: dict[str, Spec] = field(default_factory=dict)
    when: When | None = None
    place: dict[str, Spec] = field(default_factory=dict)
    quantities: dict[str, Spec] = field(default_factory=dict)

    def all_specs(self) -> list[Spec]:
        """Every spec in the mapping."""
        specs = [*self.claim.values(), *self.place.values(), *self.quantities.values()]
        specs += [s for s in (self.title, self.published_at, self.source_column)
                  if s is not None]
        if self.when:
            specs += [s for s in (self.when.start, self.when.end) if s is not None]
        return specs

    def columns(self) -> set[str]:
        """Every input column the mapping reads."""
        cols: set[str] = set()
        for spec in self.all_specs():
            cols |= spec.referenced_columns()
        return cols


class _Ctx:
    """Where we are in the YAML, for located errors."""

    def __init__(self, origin: str, lines: Lines, tables: dict[str, Any]):
        self.origin = origin
        self.lines = lines
        self.tables = tables

    def fail(self, path: tuple[str, ...], message: str, fix: str) -> IntakeError:
        line = None
        for n in range(len(path), 0, -1):
            line = self.lines.get(path[:n])
            if line:
                break
        where = ".".join(path)
        return IntakeError(f"mapping {self.origin} is wrong at {where or 'top level'}",
                           problems=[Problem(file=self.origin, line=line, path=where,
                                             message=message, fix=fix)])

    def keys(self, data: Any, allowed: frozenset[str], path: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(path, f"expected a mapping of keys, got {data!r}",
                            f"write `{'.'.join(path)}:` as keys, one of {sorted(allowed)}")
        for key in data:
            if key not in allowed:
                raise self.fail((*path, key), f"unknown key {key!r}",
                                f"use one of: {', '.join(sorted(allowed))}")
        return data

    def regex(self, text: Any, path: tuple[str, ...]) -> re.Pattern[str]:
        try:
            return re.compile(str(text), re.IGNORECASE)
        except re.error as exc:
            raise self.fail(path, f"bad regular expression {text!r}: {exc}",
                            "escape special characters with a backslash") from exc

    def conditions(self, data: Any, path: tuple[str, ...]
                   ) -> tuple[tuple[str, re.Pattern[str]], ...]:
        if not isinstance(data, dict) or not data:
            raise self.fail(path, f"expected {{column: regex}} conditions, got {data!r}",
                            "write e.g. `{sub_event_type: '^Armed clash$'}`")
        return tuple((str(c), self.regex(p, (*path, str(c)))) for c, p in data.items())

    def rule(self, data: Any, path: tuple[str, ...]) -> Rule:
        r = self.keys(data, frozenset({"if", "value", "column"}), path)
        if ("value" in r) == ("column" in r):
            raise self.fail(path, "a rule needs exactly one of `value:` or `column:`",
                            "write `{if: {column: regex}, value: X}`")
        return Rule(when=self.conditions(r.get("if"), (*path, "if")), value=r.get("value"),
                    column=str(r["column"]) if "column" in r else None)

    def spec(self, data: Any, path: tuple[str, ...], vocab: tuple[str, ...] | None = None) -> Spec:
        name = ".".join(path)
        if isinstance(data, str):
            return Spec(path=name, columns=(data,))
        if isinstance(data, list):
            return Spec(path=name, columns=tuple(str(c) for c in data))
        if not isinstance(data, dict):
            return self._checked(Spec(path=name, value=data), path, vocab)
        d = self.keys(data, SPEC_KEYS, path)
        cols = d.get("column", ())
        cols = (cols,) if isinstance(cols, str) else tuple(str(c) for c in cols)
        rules = tuple(self.rule(r, (*path, "rules", str(i)))
                      for i, r in enumerate(d.get("rules") or ()))
        table: tuple[tuple[re.Pattern[str], Any], ...] = ()
        if "table" in d:
            tname = str(d["table"])
            if tname not in self.tables:
                raise self.fail((*path, "table"), f"no table named {tname!r}",
                                f"define it under `tables:` (known: {sorted(self.tables)})")
            table = self.tables[tname]
        raw_map = d.get("map") or {}
        if not isinstance(raw_map, dict):
            raise self.fail((*path, "map"), "`map` must be {raw value: our value}",
                            "write e.g. `map: {'1': 1, '2': 2}`")
        replace = tuple((self.regex(a, (*path, "replace")), str(b))
                        for a, b in (d.get("replace") or ()))
        formats = d.get("formats") or ()
        spec = Spec(
            path=name, columns=cols, value=d.get("value"), template=d.get("template"),
            rules=rules, map={str(k).casefold(): v for k, v in raw_map.items()}, table=table,
            table_name=d.get("table"), default=d.get("default"),
            required=bool(d.get("required", False)),
            only_if=self.conditions(d["only_if"], (*path, "only_if")) if "only_if" in d else (),
            replace=replace,
            formats=(formats,) if isinstance(formats, str) else tuple(formats),
            dayfirst=d.get("dayfirst"), date_only=bool(d.get("date_only", False)))
        if not ("value" in d or spec.columns or spec.rules or spec.template
                or spec.default is not None):
            raise self.fail(path, "gives no way to get a value",
                            "add `column:`, `value:`, `rules:` or `template:`")
        return self._checked(spec, path, vocab)

    def _checked(self, spec: Spec, path: tuple[str, ...], vocab: tuple[str, ...] | None) -> Spec:
        if vocab is not None:
            for out in spec.outputs():
                if out not in vocab and not (out == NO_CLAIM and path[-1] == "event_type"):
                    raise self.fail(path, f"value {out!r} is not in the vocabulary",
                                    f"use one of: {', '.join(vocab)}")
        return spec


def parse_mapping(data: Any, lines: Lines, *, origin: str) -> Mapping:
    """Validate plain YAML data into a :class:`Mapping`.

    Raises
    ------
    IntakeError
        Naming the file, line, key and the fix for the first mistake found.
    """
    ctx = _Ctx(origin, lines, {})
    top = ctx.keys(data, TOP_KEYS, ())
    tables_raw = ctx.keys(top.get("tables") or {}, frozenset(top.get("tables") or {}), ("tables",))
    for tname, entries in tables_raw.items():
        rows = []
        for i, entry in enumerate(entries or ()):
            e = ctx.keys(entry, frozenset({"match", "value"}), ("tables", tname, str(i)))
            if "match" not in e:
                raise ctx.fail(("tables", tname, str(i)), "table entry has no `match`",
                               "write `{match: regex, value: X}`")
            rows.append((ctx.regex(e["match"], ("tables", tname, str(i), "match")), e.get("value")))
        ctx.tables[tname] = tuple(rows)
    tz = top.get("timezone")
    _check_tz(ctx, tz, ("timezone",))
    fmt = top.get("format", "auto")
    if fmt not in FORMATS:
        raise ctx.fail(("format",), f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    source = None
    if top.get("source") is not None:
        s = ctx.keys(top["source"], SOURCE_KEYS, ("source",))
        try:
            source = Source(**{k: v for k, v in s.items()})
        except TypeError as exc:
            raise ctx.fail(("source",), str(exc), "give at least `id` and `name`") from exc
    report = ctx.keys(top.get("report") or {}, REPORT_KEYS, ("report",))
    claim_raw = ctx.keys(top.get("claim") or {}, CLAIM_KEYS, ("claim",))
    if "event_type" not in claim_raw:
        raise ctx.fail(("claim",), "no `event_type`",
                       "add `event_type:` (a column, a table or `{value: attack_unspecified}`)")
    claim: dict[str, Spec] = {}
    for key, val in claim_raw.items():
        if key in ("when", "place", "quantities"):
            continue
        claim[key] = ctx.spec(val, ("claim", key), VOCABS.get(key))
    when = None
    if claim_raw.get("when") is not None:
        w = ctx.keys(claim_raw["when"], WHEN_KEYS, ("claim", "when"))
        if "start" not in w:
            raise ctx.fail(("claim", "when"), "no `start`", "add `start: <date column>`")
        tz_raw = w.get("timezone", tz)
        tz_spec = None
        if isinstance(tz_raw, dict | list):
            # A column of IANA names, one per row; the mapping's top-level zone is the default.
            tz_spec = ctx.spec(tz_raw, ("claim", "when", "timezone"))
            tz_raw = tz
        else:
            _check_tz(ctx, tz_raw, ("claim", "when", "timezone"))
        when = When(start=ctx.spec(w["start"], ("claim", "when", "start")),
                    end=ctx.spec(w["end"], ("claim", "when", "end")) if w.get("end") else None,
                    timezone=tz_raw, timezone_spec=tz_spec,
                    required=bool(w.get("required", True)),
                    uncertainty=ctx.spec(w["uncertainty"], ("claim", "when", "uncertainty"))
                    if w.get("uncertainty") is not None else None)
    place_raw = ctx.keys(claim_raw.get("place") or {}, PLACE_KEYS, ("claim", "place"))
    if ("lon" in place_raw) != ("lat" in place_raw):
        raise ctx.fail(("claim", "place"), "only one of `lon`/`lat` is given",
                       "give both columns, or neither")
    quantities = ctx.keys(claim_raw.get("quantities") or {},
                          frozenset(claim_raw.get("quantities") or {}), ("claim", "quantities"))
    na = top.get("na_values")
    return Mapping(
        name=str(top.get("name") or Path(origin).stem), origin=origin,
        description=str(top.get("description") or ""),
        detect=tuple(str(c) for c in top.get("detect") or ()), format=fmt,
        encoding=str(top.get("encoding") or "auto"), delimiter=str(top.get("delimiter") or ","),
        timezone=tz, dayfirst=bool(top.get("dayfirst", False)),
        strict_columns=bool(top.get("strict_columns", True)),
        na_values=frozenset(str(v) for v in na) if na is not None else frozenset(DEFAULT_NA),
        language=top.get("language"), source=source,
        title=ctx.spec(report["title"], ("report", "title")) if "title" in report else None,
        published_at=ctx.spec(report["published_at"], ("report", "published_at"))
        if "published_at" in report else None,
        source_column=ctx.spec(report["source"], ("report", "source"))
        if "source" in report else None,
        claim=claim, when=when,
        place={k: ctx.spec(v, ("claim", "place", k)) for k, v in place_raw.items()},
        quantities={str(k): ctx.spec(v, ("claim", "quantities", str(k)))
                    for k, v in quantities.items()})


def _check_tz(ctx: _Ctx, tz: Any, path: tuple[str, ...]) -> None:
    if tz is None:
        return
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ctx.fail(path, f"unknown time zone {tz!r}",
                       "use an IANA name such as Europe/Kyiv or UTC") from exc


def list_mappings() -> list[str]:
    """Names of the built-in mappings, sorted."""
    folder = resources.files("truceline.intake") / "mappings"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_mapping(name_or_path: str | Path | Mapping) -> Mapping:
    """Load a built-in mapping by name, or a mapping YAML file by path.

    Raises
    ------
    IntakeError
        When the name is unknown, the file cannot be read, or the mapping is wrong.
    """
    if isinstance(name_or_path, Mapping):
        return name_or_path
    name = str(name_or_path)
    if isinstance(name_or_path, str) and name in list_mappings():
        res = resources.files("truceline.intake") / "mappings" / f"{name}.yaml"
        text, origin = res.read_text(encoding="utf-8"), f"<built-in mapping {name}>"
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise IntakeError(f"no mapping named {name!r}. Fix: use one of "
                              f"{', '.join(list_mappings())}, or the path of a mapping YAML.")
        text, origin = read_text(path), str(path)
    data, lines = load_yaml(text, origin=origin)
    return parse_mapping(data, lines, origin=origin)
