"""Shared pieces of the scale benchmarks: real zones, synthetic incidents, timing, memory.

Zones are real: contact-line buffers built (with truceline's own ``contact_zone``) from
DeepState control snapshots and the union of OSM oblast outlines, both from
``/work/shared/data`` (``TRUCELINE_SHARED_DATA`` overrides). Incidents are synthetic but
clustered like real reporting: points drawn along the contact line of 2025-03-01 with a
Gaussian offset (sigma 0.15 degrees, about 12-17 km), times spread over Aug 2024 - Apr 2025.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from truceline.adjudication import IncidentTable, adjudicate_table  # noqa: E402
from truceline.adjudication._bulk import to_micros  # noqa: E402
from truceline.agreements._contact import contact_zone  # noqa: E402
from truceline.domain import Agreement, Clause, Party, Window, Zone  # noqa: E402

DATA = Path(os.environ.get("TRUCELINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEEPSTATE = DATA / "frontline" / "deepstate"
VOCAB = ("artillery_shelling", "drone_strike", "missile_strike", "ground_assault",
         "attack_unspecified", "military", "energy", "residential", "unspecified", "drone",
         "missile", "artillery", "RU", "UA")
T0 = datetime(2024, 8, 1, tzinfo=UTC)
T1 = datetime(2025, 5, 1, tzinfo=UTC)


def _geojson(path: Path) -> shapely.Geometry:
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    geoms = [shapely.from_geojson(json.dumps(f["geometry"])) for f in feats]
    return shapely.union_all(shapely.make_valid(geoms))


@cache
def territory() -> shapely.Geometry:
    """Ukraine: the union of the OSM oblast outlines."""
    return _geojson(DATA / "boundaries" / "osm_ua_oblasts.geojson")


@cache
def snapshots(k: int = 10) -> tuple[Path, ...]:
    """``k`` DeepState snapshots spread evenly over the ones on disk."""
    files = sorted(DEEPSTATE.glob("deepstatemap_data_*.geojson"))
    idx = np.linspace(0, len(files) - 1, k).round().astype(int)
    return tuple(files[i] for i in idx)


@cache
def contact(path: Path, buffer_m: float):  # type: ignore[no-untyped-def]
    """The contact zone of one snapshot, buffered on both sides."""
    return contact_zone(_geojson(path), territory(), buffer_m=buffer_m, side="both",
                        key=(path.name, "oblasts"))


def agreements(n: int = 20) -> list[Agreement]:
    """``n`` agreements; agreement i has a contact-line clause (zone from snapshot
    ``i % 10``, buffer 10 km for i < 10 and 30 km after) and an energy clause (no zone)."""
    kyiv = ZoneInfo("Europe/Kyiv")
    parties = (Party(code="RU"), Party(code="UA"))
    snaps = snapshots(10)
    out = []
    for i in range(n):
        snap = snaps[i % len(snaps)]
        buffer_m = 10_000.0 if i < 10 else 30_000.0
        zone = Zone(id="line", kind="contact_line_buffer",
                    geometry=contact(snap, buffer_m).geometry,
                    description=f"{snap.name} contact line ± {buffer_m / 1000:g} km")
        start = datetime(2024, 8, 1, tzinfo=kyiv) + timedelta(days=13 * i)
        out.append(Agreement(
            id=f"bench-{i:02d}", title=f"Benchmark truce {i}", parties=parties,
            windows=(Window(id="w", start=start, end=start + timedelta(days=30),
                            tz="Europe/Kyiv"),),
            zones=(zone,),
            clauses=(Clause(id="front", zone="line", parties=("RU", "UA"),
                            event_types=("artillery_shelling", "drone_strike",
                                         "missile_strike", "ground_assault")),
                     Clause(id="energy", target_types=("energy",),
                            event_types=("drone_strike", "missile_strike"),
                            parties=("RU", "UA")))))
    return out


def clauses_of(agreements: list[Agreement]) -> int:
    """Clauses in total: checks = incidents × clauses."""
    return sum(len(a.clauses) for a in agreements)


def incidents(n: int, seed: int = 0) -> IncidentTable:
    """``n`` synthetic incidents clustered along the 2025-03-01 contact line."""
    rng = np.random.default_rng(seed)
    line = contact(snapshots(10)[-3], 10_000.0).line
    anchors = shapely.get_coordinates(shapely.segmentize(line, 0.01))
    pick = rng.integers(0, len(anchors), n)
    lon = anchors[pick, 0] + rng.normal(0, 0.15, n)
    lat = anchors[pick, 1] + rng.normal(0, 0.15, n)
    precision = rng.choice(np.array([1, 2, 3]), n, p=[0.8, 0.17, 0.03])
    span = to_micros(T1) - to_micros(T0)
    start = to_micros(T0) + rng.integers(0, span // 60_000_000, n) * 60_000_000
    daily = rng.random(n) < 0.2
    day = 86_400_000_000
    start = np.where(daily, start - start % day - 3 * 3_600_000_000, start)  # Kyiv day
    end = np.where(daily, start + day, start + 60_000_000)
    v = {w: i for i, w in enumerate(VOCAB)}
    event = rng.choice(np.array([v[w] for w in VOCAB[:5]]), n, p=[0.4, 0.25, 0.1, 0.15, 0.1])
    target = rng.choice(np.array([v[w] for w in VOCAB[5:9]]), n, p=[0.5, 0.15, 0.2, 0.15])
    weapon = rng.choice(np.array([v["drone"], v["missile"], v["artillery"], -1]), n)
    actor = rng.choice(np.array([v["RU"], v["UA"], -1]), n, p=[0.55, 0.35, 0.1])
    grade = rng.choice(np.array([2, 3, 4], dtype=np.int8), n, p=[0.7, 0.25, 0.05])
    return IncidentTable(
        ids=np.arange(n), start=start.astype(np.int64), end=end.astype(np.int64),
        has_when=np.ones(n, bool), lon=lon, lat=lat, precision=precision.astype(np.int64),
        event_type=event.astype(np.int32), target_type=target.astype(np.int32),
        weapon_class=weapon.astype(np.int32), actor=actor.astype(np.int32), grade=grade,
        vocab=VOCAB)


def rows(t: IncidentTable, sl: slice) -> IncidentTable:
    """A slice of a table."""
    return IncidentTable(**{k: (getattr(t, k)[sl] if k != "vocab" else t.vocab)
                            for k in t.__dataclass_fields__})


def _chunk(args):  # type: ignore[no-untyped-def]
    t, agreements_ = args
    return adjudicate_table(t, agreements_).codes


def parallel_adjudicate(t: IncidentTable, agreements_: list[Agreement],
                        workers: int = 2) -> np.ndarray:
    """``adjudicate_table`` on ``workers`` processes (row chunks), codes concatenated."""
    if workers <= 1:
        return adjudicate_table(t, agreements_).codes
    import multiprocessing as mp

    bounds = np.linspace(0, len(t), workers + 1).astype(int)
    parts = [(rows(t, slice(a, b)), agreements_) for a, b in itertools.pairwise(bounds)]
    with mp.get_context("fork").Pool(workers) as pool:
        return np.concatenate(pool.map(_chunk, parts))


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall seconds and result."""
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_mib() -> float:
    """Peak resident memory of this process (and finished children), MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def machine() -> str:
    """One line describing the machine."""
    import platform

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}")
