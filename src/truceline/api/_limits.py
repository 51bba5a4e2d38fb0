"""Rate limits and request-size limits, as one pure ASGI middleware.

* **Rate limit**: a token bucket per caller: the SHA-256 of the bearer token (or of the
  session cookie) when there is one, the client address otherwise. A caller over the
  limit gets ``429`` in the one error shape with ``Retry-After`` (whole seconds).
* **Request size**: a body larger than ``max_body_bytes`` gets ``413``, whether it
  declares its length (refused before reading) or streams it (refused once it passes).

The defaults can be set per process with ``TRUCELINE_RATE_LIMIT`` (requests per second,
``0`` turns the limit off), ``TRUCELINE_RATE_BURST`` and ``TRUCELINE_MAX_BODY_BYTES``; a
test or an embedding program may replace ``app.state.limits`` with its own
:class:`Limits`. The token itself is never logged or kept: only its hash is a key.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException

from truceline.api.errors import error_body

Scope = dict[str, Any]
_MULTIPART_SLACK = 1 << 20  # form fields and part headers around the uploaded files


class _TooLarge(StarletteHTTPException):
    """A streamed body passed the limit (413 in the one error shape)."""

    def __init__(self, cap: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {cap} bytes. "
                         "Send smaller or fewer files.")


@dataclass
class Limits:
    """Per-caller request rate (``rate`` per second, bursts of ``burst``) and body size."""

    rate: float = 20.0
    burst: int = 100
    max_body_bytes: int = 21 * 1024 * 1024
    max_callers: int = 100_000
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_env(cls, max_upload_bytes: int | None = None) -> Limits:
        """Limits from ``TRUCELINE_RATE_LIMIT``/``_RATE_BURST``/``_MAX_BODY_BYTES``."""
        body = (max_upload_bytes + _MULTIPART_SLACK) if max_upload_bytes else cls.max_body_bytes
        return cls(rate=float(os.environ.get("TRUCELINE_RATE_LIMIT", cls.rate)),
                   burst=int(os.environ.get("TRUCELINE_RATE_BURST", cls.burst)),
                   max_body_bytes=int(os.environ.get("TRUCELINE_MAX_BODY_BYTES", body)))

    def take(self, key: str, now: float | None = None) -> float:
        """Spend one request of ``key``; 0 if allowed, else the seconds to wait."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > self.max_callers:  # forget the idlest callers
                for k in sorted(self._buckets, key=lambda k: self._buckets[k][1])[
                        :self.max_callers // 10]:
                    del self._buckets[k]
            return (1.0 - tokens) / self.rate


def caller_key(scope: Scope) -> str:
    """Who is asking, for rate limiting: a token's hash, else the client address."""
    headers = dict(scope.get("headers") or [])
    auth = headers.get(b"authorization", b"")
    if auth:
        return "t:" + hashlib.sha256(auth).hexdigest()
    for part in headers.get(b"cookie", b"").split(b";"):
        name, _, value = part.strip().partition(b"=")
        if name == b"tl_token" and value:
            return "t:" + hashlib.sha256(b"Bearer " + value).hexdigest()
    client = scope.get("client") or ("unknown", 0)
    return f"ip:{client[0]}"


async def _send_error(send: Any, status: int, message: str,
                      headers: list[tuple[bytes, bytes]] = ()) -> None:  # type: ignore[assignment]
    body = json.dumps(error_body(status, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class LimitsMiddleware:
    """ASGI middleware applying ``app.state.limits`` to every HTTP request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limits: Limits = scope["app"].state.limits
        wait = limits.take(caller_key(scope))
        if wait > 0:
            retry = max(1, math.ceil(wait))
            await _send_error(send, 429, f"too many requests; slow down and retry after "
                              f"{retry} s (limit {limits.rate:g}/s, bursts of {limits.burst})",
                              [(b"retry-after", str(retry).encode())])
            return
        cap = limits.max_body_bytes
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            await _send_error(send, 413, f"the request body is {int(declared)} bytes; the "
                              f"limit is {cap} bytes. Send smaller or fewer files.")
            return
        seen = 0
        started = False

        async def capped_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise _TooLarge(cap)
            return message

        async def tracking_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, capped_receive, tracking_send)
        except _TooLarge as exc:
            if not started:
                await _send_error(send, 413, str(exc.detail))


def install_limits(app: FastAPI, limits: Limits | None = None) -> None:
    """Put the limits on ``app`` (defaults: :meth:`Limits.from_env`)."""
    settings = getattr(app.state, "settings", None)
    app.state.limits = limits or Limits.from_env(getattr(settings, "max_upload_bytes", None))
    app.add_middleware(LimitsMiddleware)
