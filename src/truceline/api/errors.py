"""The API's one error handler: every error becomes
``{"ok": false, "error": "...", "errors": [...], "status": 4xx}``.

Our own errors carry their ``http_status``; request validation errors become 422 with
one entry per field; unknown routes and HTTP errors keep their status.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from truceline.errors import TrucelineError


def error_body(status: int, message: str, errors: list[Any] | None = None) -> dict[str, Any]:
    """The one error shape."""
    return {"ok": False, "error": message, "errors": list(errors or []), "status": status}


def error_response(status: int, message: str, errors: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON response in the one error shape."""
    return JSONResponse(error_body(status, message, errors), status_code=status,
                        headers=headers)


def _respond(request: Request, status: int, message: str, errors: list[Any] | None = None,
             headers: dict[str, str] | None = None) -> Response:
    """JSON for the API; an HTML page for a browser asking for a web page."""
    render = getattr(request.app.state, "render_error", None)
    if (render is not None and not request.url.path.startswith("/api")
            and "text/html" in request.headers.get("accept", "")):
        return render(request, status, message)  # type: ignore[no-any-return]
    return error_response(status, message, errors, headers)


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


async def _truceline(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TrucelineError)
    return _respond(request, exc.http_status, exc.message, [str(p) for p in exc.problems])


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [f"{_field(e.get('loc', ()))}: {e.get('msg', 'invalid')}"
              + (f" (got {e['input']!r})" if isinstance(e.get("input"), str | int | float)
                 else "")
              for e in exc.errors()]
    return _respond(request, 422, "invalid request: " + "; ".join(errors), errors)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such path {request.url.path}; see /openapi.json for the API"
    return _respond(request, exc.status_code, message, headers=getattr(exc, "headers", None))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(TrucelineError, _truceline)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
