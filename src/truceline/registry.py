"""The source registry: who each source is (kind, affiliated party, reliability grade).

A YAML file the user edits::

    sources:
      - id: ru-mod
        name: Ministry of Defence of the Russian Federation
        kind: party_official
        party: RU
        grade: C

Optional keys: ``aliases`` (other names the source appears under, e.g. an outlet's
header), ``url`` and ``notes``. Unknown sources get grade F and kind ``unknown`` until
someone registers them; :meth:`Registry.for_review` lists them. A starter registry ships
as ``truceline/data/sources.yaml`` (:func:`default_registry`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import get_args

import yaml

from truceline._typing import SourceKind
from truceline.domain import Source
from truceline.errors import ConfigError

_KINDS = get_args(SourceKind)
_KEYS = {"id", "name", "kind", "party", "grade", "aliases", "url", "notes"}


def load_sources(path: str | Path) -> dict[str, Source]:
    """Read a source registry file into ``{id: Source}`` (see :func:`load_registry`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "s.yaml"
    >>> _ = f.write_text("sources:\\n  - {id: osce, name: OSCE SMM, kind: monitor, grade: A}\\n")
    >>> load_sources(f)["osce"].kind
    'monitor'
    """
    return dict(load_registry(path).sources)


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\(.*?\)", "", name)).strip().casefold()


@dataclass(frozen=True)
class Registry:
    """Sources by id, and every name or alias they appear under."""

    sources: dict[str, Source]
    names: dict[str, str] = field(default_factory=dict)

    def resolve(self, name: str) -> Source:
        """The source with this id, name or alias (case and "(…)" ignored); an unknown
        name gives an unregistered source: kind ``unknown``, grade F."""
        if name in self.sources:
            return self.sources[name]
        sid = self.names.get(_norm(name))
        if sid:
            return self.sources[sid]
        slug = re.sub(r"[^\w]+", "-", _norm(name)).strip("-") or "unknown"
        return Source(id=slug, name=name.strip() or "unknown")

    def for_review(self, source_ids: Iterable[str]) -> list[str]:
        """The ids among ``source_ids`` the registry does not know, sorted."""
        return sorted({i for i in source_ids if i not in self.sources})


def default_registry() -> Registry:
    """The starter registry shipped with Truceline (outlets, ministries, monitors, datasets)."""
    ref = resources.files("truceline") / "data" / "sources.yaml"
    with resources.as_file(ref) as path:
        return load_registry(path)


def load_registry(path: str | Path) -> Registry:
    """Read a source registry file: sources, names and aliases.

    Errors name the file, the entry, the key and the fix (:class:`ConfigError`).
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the source registry {path}: {exc}") from exc
    items = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{path}: expected a top-level `sources:` list of sources")
    out: dict[str, Source] = {}
    names: dict[str, str] = {}
    for n, item in enumerate(items):
        where = f"{path}: sources[{n}]"
        if not isinstance(item, dict) or "id" not in item or "name" not in item:
            raise ConfigError(f"{where}: each source needs at least `id` and `name`")
        unknown = set(item) - _KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: "
                              f"{sorted(_KEYS)}")
        kind = item.get("kind", "unknown")
        if kind not in _KINDS:
            raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(_KINDS)}")
        grade = str(item.get("grade", "F")).upper()
        if grade not in "ABCDEF" or len(grade) != 1:
            raise ConfigError(f"{where}: grade {grade!r} must be one letter A–F (Admiralty)")
        party = item.get("party")
        sid = str(item["id"])
        if sid in out:
            raise ConfigError(f"{where}: id {sid!r} is registered twice; keep one entry")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            raise ConfigError(f"{where}: `aliases` must be a list of names, not {aliases!r}")
        out[sid] = Source(id=sid, name=str(item["name"]), kind=kind,
                          party=str(party) if party else None, grade=grade)
        for alias in (sid, str(item["name"]), *map(str, aliases)):
            names.setdefault(_norm(alias), sid)
    return Registry(sources=out, names=names)
