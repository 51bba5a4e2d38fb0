"""The web UI: server-rendered pages over the same store and roles as the API.

Leaflet is served from the ``xstatic-leaflet`` package at ``/static/leaflet``; our own
script and styles at ``/static/truceline``. Nothing is fetched from the internet.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"


def mount_web(app: FastAPI) -> None:
    """Add the pages and static files to ``app``."""
    import xstatic.pkg.leaflet as leaflet

    from truceline.web._pages import render_error, router

    app.include_router(router)
    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static/truceline", StaticFiles(directory=STATIC), name="truceline-static")
    app.state.render_error = render_error


__all__ = ["mount_web"]
