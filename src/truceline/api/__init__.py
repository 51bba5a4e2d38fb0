"""The REST API (FastAPI): reports, claims, incidents, findings, agreements, sources, audit.

``create_app(workspace)`` builds the app (with the web pages mounted); ``truceline serve``
runs it with uvicorn.
"""

from truceline.api._app import create_app
from truceline.api._auth import Principal
from truceline.api._settings import Settings

__all__ = ["Principal", "Settings", "create_app"]
