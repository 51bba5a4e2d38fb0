"""Per-entry derived values the resolver asks for again and again, computed once.

An :class:`~truceline.geocoding.Entry` is not changed once it is in a gazetteer (merging
replaces it with a copy), so its name keys and lower-case names can be cached per entry
object. The cache is keyed by ``id(entry)`` and keeps the entry itself, so a recycled id
is never mistaken for another entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from truceline.domain import Place
from truceline.geocoding._normalise import skeleton

if TYPE_CHECKING:
    from truceline.geocoding._gazetteer import Entry

__all__ = ["Derived", "derived"]

_MAX = 500_000


class Derived:
    """Cached keys of one entry (each computed on first use)."""

    __slots__ = ("_former", "_main", "_official", "_place", "_surface", "entry")

    def __init__(self, entry: Entry):
        self.entry = entry
        self._main: frozenset[str] | None = None
        self._former: frozenset[str] | None = None
        self._official: tuple[str, ...] | None = None
        self._surface: tuple[str, ...] | None = None
        self._place: Place | None = None

    @property
    def main(self) -> frozenset[str]:
        """Same as ``entry.main_keys()``."""
        if self._main is None:
            self._main = frozenset(self.entry.main_keys())
        return self._main

    @property
    def former(self) -> frozenset[str]:
        """Same as ``entry.former_keys()``."""
        if self._former is None:
            self._former = frozenset(self.entry.former_keys())
        return self._former

    @property
    def official(self) -> tuple[str, ...]:
        """Keys of the display, main and former names (empty keys kept), for
        membership tests: a tuple of strings, which the cyclic garbage collector stops
        tracking (a set it would scan on every full collection)."""
        if self._official is None:
            e = self.entry
            self._official = tuple(dict.fromkeys(
                [skeleton(n) for n in (e.name, *e.main, *e.old_names)]))
        return self._official

    @property
    def surface(self) -> tuple[str, ...]:
        """The entry's current names as written, lower-cased (a tuple, as
        :attr:`official`)."""
        if self._surface is None:
            e = self.entry
            self._surface = tuple(dict.fromkeys([n.lower() for n in (e.name, *e.names)]))
        return self._surface

    def _precision(self, precision: int) -> int:
        kind = self.entry.kind
        if kind == "region":
            return 3
        if kind in ("district", "community"):
            return max(precision, 2)
        return precision

    def candidate(self, as_written: str, precision: int) -> Place:
        """A candidate place: :meth:`place` with no note or alternatives, and the
        precision an area's kind calls for (a region 3, a district or community 2 or
        more)."""
        precision = self._precision(precision)
        t = self._place
        if t is None or not _FAST or precision not in (1, 2, 3):
            return self.place(as_written=as_written, precision=precision)
        p = object.__new__(Place)
        fields = p.__dict__
        fields.update(t.__dict__)
        fields["as_written"] = as_written
        fields["precision"] = precision
        fields["note"] = ""
        fields["alternatives"] = ()
        return p

    def chosen(self, as_written: str, precision: int, note: str,
               alternatives: tuple[str, ...]) -> Place:
        """The chosen place: :meth:`candidate` with a note and alternatives."""
        return self.place(as_written=as_written, precision=self._precision(precision),
                          note=note, alternatives=alternatives)

    def place(self, *, as_written: str, precision: int, note: str = "",
              alternatives: tuple[str, ...] = ()) -> Place:
        """A :class:`Place` at this entry, equal to one built field by field.

        The first one is built by the constructor (which checks the coordinates); later
        ones copy its fields and set the four that vary, after the same precision check
        (a homonym's fifteen candidates cost a few microseconds instead of fifteen
        constructor calls).
        """
        e = self.entry
        if self._place is None:
            if _FAST:  # the constructor's work: the fields in order, then its checks
                p = object.__new__(Place)
                p.__dict__.update(name=e.name, lon=e.lon, lat=e.lat, precision=precision,
                                  admin1=e.admin1, admin2=e.admin2, country=e.country,
                                  as_written=as_written, gazetteer_id=e.id,
                                  alternatives=alternatives, note=note)
                p.__post_init__()
                self._place = p
            else:
                self._place = Place(name=e.name, lon=e.lon, lat=e.lat, precision=precision,
                                    admin1=e.admin1, admin2=e.admin2, country=e.country,
                                    as_written=as_written, gazetteer_id=e.id,
                                    alternatives=alternatives, note=note)
            return self._place
        if not _FAST:
            return Place(name=e.name, lon=e.lon, lat=e.lat, precision=precision,
                         admin1=e.admin1, admin2=e.admin2, country=e.country,
                         as_written=as_written, gazetteer_id=e.id,
                         alternatives=alternatives, note=note)
        if precision not in (1, 2, 3):
            raise ValueError(f"place precision must be 1, 2 or 3, not {precision}")
        p = object.__new__(Place)
        fields = p.__dict__
        fields.update(self._place.__dict__)
        fields["as_written"] = as_written
        fields["precision"] = precision
        fields["note"] = note
        fields["alternatives"] = alternatives
        return p


# Copying fields needs a plain instance dict (not slots) and nothing in __post_init__
# but checks; otherwise every place goes through the constructor.
_FAST = not hasattr(Place, "__slots__") and list(Place.__dataclass_fields__) == [
    "name", "lon", "lat", "precision", "admin1", "admin2", "country", "as_written",
    "gazetteer_id", "alternatives", "note"] and Place.__dataclass_params__.frozen

_CACHE: dict[int, Derived] = {}


def derived(e: Entry) -> Derived:
    """The cached derived values of ``e``."""
    hit = _CACHE.get(id(e))
    if hit is not None and hit.entry is e:
        return hit
    if len(_CACHE) > _MAX:
        _CACHE.clear()
    d = _CACHE[id(e)] = Derived(e)
    return d
