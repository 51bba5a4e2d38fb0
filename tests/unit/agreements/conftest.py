from __future__ import annotations

from pathlib import Path

import pytest

GOOD = """\
schema_version: 1
id: test-truce
title: Test truce
parties:
  - {code: RU, name: Russian Federation}
  - {code: UA, name: Ukraine}
windows:
  - id: main
    start: 2025-04-19T18:00
    end: 2025-04-21T00:00
    timezone: Europe/Moscow
zones:
  - id: box
    geojson: box.geojson
clauses:
  - id: no-fire
    prohibits: {event_types: [artillery_shelling]}
    parties: [RU, UA]
    zone: box
    windows: [main]
"""

BOX = ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
       '"geometry": {"type": "Polygon", "coordinates": '
       '[[[36.0, 49.8], [36.5, 49.8], [36.5, 50.1], [36.0, 50.1], [36.0, 49.8]]]}}]}')


@pytest.fixture
def good() -> str:
    """A correct agreement text with one geojson zone (box.geojson)."""
    return GOOD


@pytest.fixture
def write(tmp_path: Path):
    """Write an agreement (and box.geojson beside it); return its path."""
    (tmp_path / "box.geojson").write_text(BOX)

    def _write(text: str, name: str = "agreement.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
