"""The outcome of resolving a name (:class:`Resolution`) and the spelling-free choice
among the entries found that a geocoder caches (``_Choice``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from truceline.domain import Place
from truceline.geocoding._derived import Derived, derived

if TYPE_CHECKING:
    from truceline.geocoding._gazetteer import Entry

__all__ = ["MAX_CANDIDATES", "Resolution", "describe"]

MAX_CANDIDATES = 15  # candidates and alternatives kept (the reason gives the full count)


class Resolution:
    """The outcome of resolving one name: the place (or none), candidates and why.

    Immutable, compared and hashed by its six fields like a frozen dataclass. The
    geocoder may pass ``candidates`` as a function that builds the tuple: it is then
    built on first access (a caller that reads only ``place`` never pays for fifteen
    candidate places of an ambiguous name).
    """

    __slots__ = ("_candidates", "ambiguous", "place", "policy", "reason", "renamed_from")
    _FIELDS = ("place", "candidates", "ambiguous", "reason", "policy", "renamed_from")

    place: Place | None
    ambiguous: bool
    reason: str
    policy: str
    renamed_from: str | None

    def __init__(self, *, place: Place | None,
                 candidates: tuple[Place, ...] | Callable[[], tuple[Place, ...]] = (),
                 ambiguous: bool = False, reason: str = "", policy: str = "flag",
                 renamed_from: str | None = None):
        put = object.__setattr__
        put(self, "place", place)
        put(self, "_candidates", candidates)
        put(self, "ambiguous", ambiguous)
        put(self, "reason", reason)
        put(self, "policy", policy)
        put(self, "renamed_from", renamed_from)

    @property
    def candidates(self) -> tuple[Place, ...]:
        """The candidate places, best first (at most ``MAX_CANDIDATES``)."""
        cands = self._candidates
        if callable(cands):
            cands = cands()
            object.__setattr__(self, "_candidates", cands)
        return cands  # type: ignore[return-value]

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, f) for f in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._FIELDS)
        return f"Resolution({inner})"

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {
            "place": self.place.to_dict() if self.place else None,
            "candidates": [c.to_dict() for c in self.candidates],
            "ambiguous": self.ambiguous, "reason": self.reason, "policy": self.policy,
            "renamed_from": self.renamed_from,
        }


def _candidates(top: tuple[Derived, ...], text: str, precision: int) -> tuple[Place, ...]:
    return tuple([d.candidate(text, precision) for d in top])


def describe(e: Entry) -> str:
    """One-line description of an entry (used in ``Place.alternatives``)."""
    return f"{e.name} ({e.admin1 or '?'}, {e.country}; {e.lat:.4f}, {e.lon:.4f}; {e.id})"


_OUTSIDE = object()  # a choice: no candidate lies in the stated region


class _Choice:
    """The spelling-free part of a resolution: candidates in order, ambiguity, reasons."""

    __slots__ = ("_alternatives", "ambiguous", "cands", "reasons", "renamed", "top")

    def __init__(self, cands: list[Entry], ambiguous: bool, reasons: list[str],
                 renamed: bool):
        self.cands = cands
        self.ambiguous = ambiguous
        self.reasons = reasons
        self.renamed = renamed
        self.top = tuple(derived(e) for e in cands[:MAX_CANDIDATES])
        self._alternatives: tuple[str, ...] | None = None

    def alternatives(self) -> tuple[str, ...]:
        """Descriptions of the candidates after the first (built on first use)."""
        if self._alternatives is None:
            self._alternatives = tuple(describe(e) for e in self.cands[1:MAX_CANDIDATES])
        return self._alternatives
