"""The political track: negotiation milestones a user records, shown over violation charts.

A YAML file (``milestones.yaml`` in the workspace by default)::

    milestones:
      - {date: 2025-03-18, text: Putin–Trump call; energy moratorium announced}
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from truceline.errors import ConfigError


def load_milestones(path: str | Path) -> list[tuple[date, str]]:
    """Milestones as ``(date, text)``, sorted; a missing file is an empty track.

    Examples
    --------
    >>> load_milestones("/nonexistent/milestones.yaml")
    []
    """
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read milestones {path}: {exc}") from exc
    items = data.get("milestones") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{path}: expected a top-level `milestones:` list")
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("date"), date) or \
                not str(item.get("text", "")).strip():
            raise ConfigError(f"{path}: milestones[{n}] needs `date: YYYY-MM-DD` and `text:`")
        out.append((item["date"], str(item["text"]).strip()))
    return sorted(out)


def add_milestone(path: str | Path, day: date, text: str) -> list[tuple[date, str]]:
    """Append a milestone to the file (created if missing) and return the whole track."""
    if not text.strip():
        raise ConfigError("a milestone needs text")
    track = load_milestones(path)
    track.append((day, text.strip()))
    track.sort()
    body = {"milestones": [{"date": d, "text": t} for d, t in track]}
    Path(path).write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    return track
