"""The application: the REST API under ``/api``, the web pages, Leaflet, one error shape."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from truceline._version import __version__
from truceline.api._limits import install_limits
from truceline.api._routes import router as read_router
from truceline.api._settings import Settings
from truceline.api._write import router as write_router
from truceline.api.errors import install_error_handlers
from truceline.storage import Store, open_store

DESCRIPTION = """Truceline's REST API: reports, claims, incidents, findings, agreements,
sources and the audit log. Send `Authorization: Bearer TOKEN` (from
`truceline user token NAME`); without a token you are `public` and see published findings
only. Errors always read `{"ok": false, "error": "...", "errors": [...], "status": 4xx}`.
Geometry is GeoJSON in EPSG:4326 (lon/lat)."""


def create_app(settings: Settings | str | Path, *, store: Store | None = None) -> FastAPI:
    """Build the app over a workspace (or an open ``store``).

    Examples
    --------
    >>> import tempfile
    >>> from truceline.storage import init_workspace
    >>> d = tempfile.mkdtemp(); init_workspace(d).close()
    >>> create_app(d).title
    'Truceline'
    """
    if not isinstance(settings, Settings):
        settings = Settings(workspace=settings)
    app = FastAPI(title="Truceline", version=__version__, description=DESCRIPTION,
                  docs_url="/api/docs", redoc_url=None)
    app.state.settings = settings
    app.state.store = store or open_store(settings.workspace)
    app.state.token_cache = set()
    install_error_handlers(app)
    install_limits(app)
    app.include_router(read_router)
    app.include_router(write_router)
    from truceline.web import mount_web

    mount_web(app)
    return app
