"""Settings of a running server: the workspace, the optional map layers, upload limits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class Settings:
    """What ``truceline serve`` passes to :func:`truceline.api.create_app`.

    ``contact_lines`` is a folder of dated DeepState-style files
    (``…_YYYYMMDD.geojson``: the controlled area as polygons) whose boundary is drawn as
    the contact line of the chosen date; ``None`` draws only stored agreement zones.
    ``tile_url`` is an optional XYZ tile template (``https://…/{z}/{x}/{y}.png``); without
    it the map shows boundaries, zones and incidents on a plain background.
    ``secret`` signs the web forms' CSRF tokens (random per process unless given).
    """

    workspace: str | Path
    contact_lines: Path | None = None
    tile_url: str | None = None
    max_upload_bytes: int = 20 * 1024 * 1024
    max_map_points: int = 2000
    secret: str = field(default_factory=lambda: secrets.token_hex(32))
