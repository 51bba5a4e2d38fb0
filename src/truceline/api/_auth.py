"""Who is asking: a bearer token (or the web session cookie) → a :class:`Principal`.

Verifying an argon2 hash is deliberately slow, so a token verified once is remembered by
its SHA-256 in memory; revocation still takes effect at once because every request reads
the token's row (one lookup by the id inside the token).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fastapi import Request

from truceline.errors import TrucelineError
from truceline.storage._people import token_user

COOKIE = "tl_token"
PRIVILEGED = ("admin", "analyst")


class AuthError(TrucelineError):
    """No valid token (401)."""

    http_status = 401


class ForbiddenError(TrucelineError):
    """The role may not do this (403)."""

    http_status = 403


@dataclass(frozen=True, kw_only=True)
class Principal:
    """The caller: role, name and (for a liaison) party; ``public`` without a token."""

    role: str = "public"
    name: str = "public"
    user_id: str | None = None
    party: str | None = None

    @property
    def sees_confidential(self) -> bool:
        """Admins and analysts may see confidential source identities."""
        return self.role in PRIVILEGED

    @property
    def sees_all_findings(self) -> bool:
        """Admins and analysts see findings in every review status."""
        return self.role in PRIVILEGED


PUBLIC = Principal()


def _token(request: Request) -> tuple[str | None, bool]:
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise AuthError("the Authorization header must read `Bearer TOKEN`; get a token "
                            "with `truceline user token NAME`")
        return value.strip(), False
    cookie = request.cookies.get(COOKIE)
    return (cookie, True) if cookie else (None, False)


def principal_of(request: Request) -> Principal:
    """The principal of a request; raises 401 for a bad or revoked bearer token."""
    token, from_cookie = _token(request)
    if token is None:
        return PUBLIC
    state = request.app.state
    key = hashlib.sha256(token.encode()).hexdigest()
    user = token_user(state.store, token, verified=key in state.token_cache)
    if user is None:
        state.token_cache.discard(key)
        if from_cookie:
            return PUBLIC
        raise AuthError("the token is unknown, revoked or wrong; ask an admin for a new one "
                        "(`truceline user token NAME`)")
    state.token_cache.add(key)
    return Principal(role=user.role, name=user.name, user_id=user.id, party=user.party)


def current(request: Request) -> Principal:
    """FastAPI dependency: the caller (public when no token)."""
    return principal_of(request)


def require(principal: Principal, *roles: str, what: str) -> None:
    """Refuse with 401 (no token) or 403 (wrong role) unless the role is one of ``roles``."""
    if principal.role in roles:
        return
    if principal.role == "public":
        raise AuthError(f"{what} needs a token of role {' or '.join(roles)}; send "
                        "`Authorization: Bearer TOKEN`")
    raise ForbiddenError(f"{what} is for role {' or '.join(roles)}, not {principal.role}")
