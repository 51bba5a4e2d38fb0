"""The gazetteer: entries, a name-key index, duplicate merging and the persisted user part.

Entries from several sources describe the same settlement (GeoNames, OSM, the postal
dump); :meth:`Gazetteer.add` merges an entry into an existing one that shares a name key,
lies in the same country and is close (5 km; 25 km and the same region when either point
is an approximate postal point), keeping the best coordinates, the largest population and
every name. Only main names (official and English forms, not every alternate) count for
a match, and big towns merge within 10–15 km (their centroids differ). Old names are
indexed separately so a renamed place is found and reported.
"""

from __future__ import annotations

import gc
import gzip
import json
import os
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from truceline._runtime import quiet_gc
from truceline.errors import ConfigError, GeocodingError, Problem
from truceline.geo import haversine_km
from truceline.geocoding._normalise import skeleton
from truceline.geocoding._regions import RegionTable, region_table

__all__ = ["USER_FILE", "Entry", "Gazetteer", "default_dir", "settle_heap"]

USER_FILE = "gazetteer.jsonl.gz"
_FORMAT = "truceline-gazetteer/1"
_CYR = re.compile(r"[\u0400-\u04ff]")
KINDS = ("settlement", "community", "district", "region")
_NO_KEYS: tuple[list[str], array[int]] = ([], array("l"))


@dataclass(slots=True, kw_only=True)
class Entry:
    """One gazetteer entry: a settlement, or an area (community, district, region).

    ``rank`` orders coordinate quality (lower is better: 1 OSM settlement, 2 GeoNames,
    3 admin-centre node, 4 exact postal point, 6 approximate postal point, 7 area centre).
    ``geometry`` is an area's WKB as hex, or ``None``. ``main`` lists the official names
    besides ``name`` (local and English forms); ``names`` holds every name, alternates
    included.
    """

    id: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    kind: str = "settlement"
    source: str = ""
    names: tuple[str, ...] = ()
    old_names: tuple[str, ...] = ()
    rank: int = 5
    geometry: str | None = None
    ids: tuple[str, ...] = ()
    main: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        """Skeleton keys of the current names."""
        return {k for k in map(skeleton, (self.name, *self.names)) if k}

    def main_keys(self) -> set[str]:
        """Skeleton keys of the display name and the main names."""
        return {k for k in map(skeleton, (self.name, *self.main)) if k}

    def former_keys(self) -> set[str]:
        """Skeleton keys of every recorded former name."""
        return {k for k in map(skeleton, self.old_names) if k}

    def old_keys(self) -> set[str]:
        """Skeleton keys of the former names (minus the current ones)."""
        return {k for k in map(skeleton, self.old_names) if k} - self.keys()

    def to_json(self) -> dict[str, object]:
        """Plain-JSON form (for the user file)."""
        d = asdict(self)
        for key in ("names", "old_names", "ids", "main"):
            d[key] = list(getattr(self, key))
        return d

    @classmethod
    def from_json(cls, d: dict[str, object]) -> Entry:
        """Inverse of :meth:`to_json`."""
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in d.items() if k in known}
        for key in ("names", "old_names", "ids", "main"):
            data[key] = tuple(data.get(key) or ())  # type: ignore[arg-type]
        return cls(**data)  # type: ignore[arg-type]


def default_dir() -> Path:
    """The user gazetteer folder: ``$TRUCELINE_GAZETTEER`` or ``./workspace/gazetteer``."""
    return Path(os.environ.get("TRUCELINE_GAZETTEER") or Path("workspace") / "gazetteer")


class Gazetteer:
    """Entries with an index from name skeletons (current and former names) to entries."""

    def __init__(self, entries: Iterable[Entry] = (), *, regions: RegionTable | None = None):
        self.regions = regions or region_table()
        self.entries: list[Entry] = []
        self._index: dict[str, tuple[int, ...]] = {}
        self._old: dict[str, tuple[int, ...]] = {}
        self.sources: Counter[str] = Counter()
        self.merged = 0
        for entry in entries:
            self.add(entry)

    # -- building -------------------------------------------------------------------
    def add(self, entry: Entry) -> bool:
        """Add an entry, merging it into a duplicate when there is one.

        Returns
        -------
        bool
            True when a new entry was created, False when it was merged.
        """
        self.sources[entry.source] += 1
        keys = entry.keys()
        old = entry.old_keys()
        twin = self._twin(entry, keys)
        if twin is not None:
            official = twin >= 0
            twin = twin if official else -twin - 1
            self.entries[twin] = replace(self.entries[twin])  # copy-on-write (see copy())
            self._merge(self.entries[twin], entry, official=official)
            self._index_entry(twin, keys, old)
            self.merged += 1
            return False
        entry = replace(entry, ids=entry.ids or (entry.id,))
        self.entries.append(entry)
        self._index_entry(len(self.entries) - 1, keys, old)
        return True

    def _twin(self, entry: Entry, keys: set[str]) -> int | None:
        seen: set[int] = set()
        main = entry.main_keys()
        for key in keys:
            for idx in self._index.get(key, ()):
                if idx in seen:
                    continue
                seen.add(idx)
                other = self.entries[idx]
                if other.kind != entry.kind or other.country != entry.country:
                    continue
                dist = haversine_km(entry.lon, entry.lat, other.lon, other.lat)
                if not main & other.main_keys():  # an alternate name alone: same point only
                    if dist <= 1.0 and (main & other.keys() or keys & other.main_keys()):
                        return -idx - 1
                    continue
                if entry.kind != "settlement":
                    if other.admin1 == entry.admin1 and other.admin2 == entry.admin2:
                        return idx
                    continue
                loose = max(other.rank, entry.rank) >= 6
                pop = max(other.population, entry.population)
                limit = (25.0 if loose else 15.0 if pop >= 100_000
                         else 10.0 if pop >= 20_000 else 5.0)
                if loose and other.admin1 and entry.admin1 and other.admin1 != entry.admin1:
                    continue
                if dist <= limit:
                    return idx
        return None

    @staticmethod
    def _merge(into: Entry, new: Entry, *, official: bool = True) -> None:
        if new.rank < into.rank:
            into.lat, into.lon, into.rank = new.lat, new.lon, new.rank
            if new.name and new.name.isascii() and not into.name.isascii():
                into.name = new.name
        elif new.name.isascii() and not into.name.isascii():
            into.name = new.name
        into.population = max(into.population, new.population)
        into.admin1 = into.admin1 or new.admin1
        into.admin2 = into.admin2 or new.admin2
        into.geometry = into.geometry or new.geometry
        into.names = tuple(dict.fromkeys((*into.names, new.name, *new.names)))
        into.old_names = tuple(dict.fromkeys((*into.old_names, *new.old_names)))
        into.ids = (*into.ids, new.id)
        if official:
            into.main = tuple(dict.fromkeys((*into.main, new.name, *new.main)))

    def _index_entry(self, idx: int, keys: set[str], old: set[str]) -> None:
        # Buckets are tuples, never mutated: copies share them (copy-on-write), and the
        # cyclic garbage collector stops tracking tuples of ints.
        for key in keys:
            bucket = self._index.get(key, ())
            if idx not in bucket:
                self._index[key] = (*bucket, idx)
        for key in old:
            bucket = self._old.get(key, ())
            if idx not in bucket:
                self._old[key] = (*bucket, idx)

    def copy(self) -> Gazetteer:
        """An independent copy (entries and index), cheaper than rebuilding."""
        new = Gazetteer.__new__(Gazetteer)
        new.regions = self.regions
        new.entries = list(self.entries)  # entries are copied when merged into
        new._index = dict(self._index)
        new._old = dict(self._old)
        new.sources = Counter(self.sources)
        new.merged = self.merged
        return new

    # -- reading --------------------------------------------------------------------
    def lookup_key(self, key: str) -> tuple[list[Entry], list[Entry]]:
        """Entries whose current names, and whose former names, have this skeleton key."""
        cur = [self.entries[i] for i in self._index.get(key, ())]
        old = [self.entries[i] for i in self._old.get(key, ())]
        return cur, old

    def has_surface(self, name: str) -> bool:
        """Whether some entry records this lower-case Cyrillic name as written (apostrophes
        as ``ʼ``): a cheap membership test, without computing a skeleton key."""
        cache = getattr(self, "_surface", None)
        if cache is None or cache[0] != len(self.entries):
            names = {n.lower().replace("'", "ʼ").replace("’", "ʼ")
                     for e in self.entries for n in (e.name, *e.names, *e.old_names)
                     if _CYR.search(n)}
            cache = (len(self.entries), frozenset(names))
            self._surface = cache
        return name in cache[1]

    def fuzzy_keys(self, key: str) -> list[str]:
        """Current-name keys sharing the first letter of ``key`` and of similar length
        (within one band of three letters): the search space of the fuzzy fallback, band
        by band, each in index order."""
        cache = getattr(self, "_bands", None)
        if cache is None or cache[0] != len(self.entries):
            cache = (len(self.entries), {})
            self._bands = cache
        where = (key[0], len(key) // 3)
        keys = cache[1].get(where)
        if keys is None:  # the three bands joined from the lists by length, once
            tables, band = self._by_length(), where[1]
            keys = cache[1][where] = []
            for b in (band - 1, band, band + 1):
                pairs = [(pos, k) for n in range(3 * b, 3 * b + 3)
                         for k, pos in zip(*tables.get((key[0], n), _NO_KEYS), strict=True)]
                keys += [k for _, k in sorted(pairs)]
        return keys

    def fuzzy_match(self, key: str, threshold: float) -> tuple[str, float] | None:
        """The current-name key most like ``key`` by ``fuzz.ratio`` (at least
        ``threshold``, 0-100) among :meth:`fuzzy_keys`, and its score; ``None`` if none.

        The same answer as ``process.extractOne(key, self.fuzzy_keys(key), ...)``, ties
        included (the first in that list wins), from lists of one length each: the ratio
        of strings of lengths *m* and *n* is at most ``100 * (1 - |m - n| / (m + n))``, so
        only the lengths that can reach the threshold are searched, about half the keys.
        """
        tables = self._by_length()
        size, band, first = len(key), len(key) // 3, key[0]
        slack = 1.0 - threshold / 100.0 + 1e-9  # a hair of slack: the score is a float
        best: tuple[float, int, int, str] | None = None  # score, -band, -position, key
        cutoff = threshold
        for n in range(max(3 * band - 3, 0), 3 * band + 6):  # the three bands' lengths
            if abs(n - size) > slack * (n + size):
                continue
            keys, order = tables.get((first, n), _NO_KEYS)
            if not keys:
                continue
            hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
            if hit is not None:
                cand = (hit[1], -(n // 3), -order[hit[2]], hit[0])
                if best is None or cand > best:
                    best, cutoff = cand, hit[1]
        return (best[3], best[0]) if best is not None else None

    def _by_length(self) -> dict[tuple[str, int], tuple[list[str], array[int]]]:
        """Current-name keys by (first letter, length), each list in index order with
        the keys' positions in that order."""
        cache = getattr(self, "_lengths", None)
        if cache is None or cache[0] != len(self.entries):
            tables: dict[tuple[str, int], tuple[list[str], array[int]]] = {}
            for pos, k in enumerate(self._index):
                keys, order = tables.setdefault((k[0], len(k)), ([], array("l")))
                keys.append(k)
                order.append(pos)
            cache = (len(self.entries), tables)
            self._lengths = cache
        return cache[1]

    def key_prefixes(self) -> list[str]:
        """Every current and former name key, sorted: a prefix test by bisection (is some
        key starting with these letters?) lets the inflection search skip combinations
        of word forms early."""
        cache = getattr(self, "_sorted", None)
        if cache is None or cache[0] != len(self.entries):
            cache = (len(self.entries), sorted({*self._index, *self._old}))
            self._sorted = cache
        return cache[1]

    def prepare(self) -> None:
        """Build the lookup tables that are otherwise built on first use (the set of
        names as written, the fuzzy search lists, the sorted keys), so the first lookups do not pay
        for them. :meth:`load` calls it; call it again after adding entries, or not."""
        self.has_surface("")
        self._by_length()
        self.key_prefixes()

    def has_key(self, key: str) -> bool:
        """Whether some entry has this skeleton key as a current or former name."""
        return key in self._index or key in self._old

    def keys(self) -> Iterator[str]:
        """Every current-name key (for fuzzy matching)."""
        return iter(self._index)

    def search(self, name: str, limit: int = 10) -> list[Entry]:
        """Entries a name may denote (spelling, script and inflection tolerant).

        Parameters
        ----------
        name
            A place name as written, possibly inflected or in another script.
        limit
            Most entries to return, most populous first.
        """
        from truceline.geocoding._lookup import find

        found = find(self, name)
        ranked = sorted(found.current or found.old, key=lambda e: -e.population)
        return ranked[:limit]

    def stats(self) -> dict[str, object]:
        """Counts: entries by kind and country, rows read per source, keys, merges."""
        return {
            "entries": len(self.entries),
            "by_kind": dict(Counter(e.kind for e in self.entries)),
            "by_country": dict(Counter(e.country for e in self.entries).most_common(10)),
            "rows_by_source": dict(self.sources),
            "merged_rows": self.merged,
            "name_keys": len(self._index),
            "former_name_keys": len(self._old),
            "with_population": sum(1 for e in self.entries if e.population),
        }

    # -- persistence ----------------------------------------------------------------
    @classmethod
    def load(cls, folder: str | Path | None = None, *, default: bool = True) -> Gazetteer:
        """The default gazetteer merged with the user gazetteer stored in ``folder``.

        Parameters
        ----------
        folder
            The user gazetteer folder (``None``: :func:`default_dir`). A missing folder
            or file means no user entries.
        default
            Include the bundled GeoNames entries (``default_gazetteer``).
        """
        from truceline.geocoding._default import default_gazetteer

        gaz = default_gazetteer().copy() if default else cls()
        with quiet_gc():
            for entry in read_user_entries(Path(folder) if folder else default_dir()):
                gaz.add(entry)
        gaz.prepare()
        settle_heap()
        return gaz


def settle_heap() -> None:
    """Take what is alive now (a loaded gazetteer: ~10⁵ entries and index buckets) out of
    the cyclic garbage collector's scans (``gc.freeze``), after one full collection.

    Without it every full collection during geocoding walks the whole gazetteer again
    (0.3–0.9 s each on the full Ukrainian gazetteer: about a third of the CPU time of a
    first pass over 20,000 names). Frozen objects are still freed by reference counting
    when dropped; only reference cycles among them would wait for ``gc.unfreeze()``.
    """
    gc.collect()
    gc.freeze()


def read_user_entries(folder: Path) -> list[Entry]:
    """Entries stored in ``folder/gazetteer.jsonl.gz`` (empty when there is none)."""
    path = folder / USER_FILE
    if not path.is_file():
        return []
    out: list[Entry] = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header = json.loads(fh.readline() or "{}")
            if header.get("format") != _FORMAT:
                raise GeocodingError("not a Truceline gazetteer file", problems=[Problem(
                    file=str(path), line=1, message=f"format {header.get('format')!r}",
                    fix="delete the file and re-run `truceline gazetteer import`")])
            for lineno, line in enumerate(fh, start=2):
                try:
                    out.append(Entry.from_json(json.loads(line)))
                except (ValueError, TypeError) as exc:
                    raise GeocodingError("corrupt gazetteer file", problems=[Problem(
                        file=str(path), line=lineno, message=str(exc),
                        fix="delete the file and re-import")]) from exc
    except (OSError, EOFError) as exc:
        raise GeocodingError(f"cannot read gazetteer file {path}: {exc}") from exc
    return out


def write_user_entries(folder: Path, entries: Iterable[Entry]) -> Path:
    """Add ``entries`` to the user file in ``folder`` (same id replaces); returns the path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create gazetteer folder {folder}: {exc}") from exc
    merged = {e.id: e for e in read_user_entries(folder)}
    merged.update((e.id, e) for e in entries)
    path = folder / USER_FILE
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=5) as fh:
        fh.write(json.dumps({"format": _FORMAT, "entries": len(merged)}) + "\n")
        for key in sorted(merged):
            fh.write(json.dumps(merged[key].to_json(), ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path
