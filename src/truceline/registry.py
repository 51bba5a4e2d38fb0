"""The source registry: who each source is (kind, affiliated party, reliability grade).

A YAML file the user edits::

    sources:
      - id: ru-mod
        name: Ministry of Defence of the Russian Federation
        kind: party_official
        party: RU
        grade: C

Unknown sources get grade F and kind ``unknown`` until someone registers them.
"""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import yaml

from truceline._typing import SourceKind
from truceline.domain import Source
from truceline.errors import ConfigError

_KINDS = get_args(SourceKind)
_KEYS = {"id", "name", "kind", "party", "grade"}


def load_sources(path: str | Path) -> dict[str, Source]:
    """Read a source registry file into ``{id: Source}``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "s.yaml"
    >>> _ = f.write_text("sources:\\n  - {id: osce, name: OSCE SMM, kind: monitor, grade: A}\\n")
    >>> load_sources(f)["osce"].kind
    'monitor'
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
        out[str(item["id"])] = Source(id=str(item["id"]), name=str(item["name"]), kind=kind,
                                      party=str(party) if party else None, grade=grade)
    return out
