"""Every place of ``news_dev/gold.jsonl`` resolved with the imported gazetteers.

Input: ``place_as_written``; context: the oblast only when ``oblast_stated``, the other
places of the same text (``nearby``), and the DeepState contact line of the nearest
snapshot date (2024 onwards). A phrase that names several places (``"near Mariupol and
Volnovakha"``, shared by two incidents) is resolved place by place with ``resolve_all``
and the incident scored against the mention of its place.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from truceline.geo import haversine_km
from truceline.geocoding import GazetteerGeocoder, GeoContext


def _front(folder: Path, on: date | None, cache: dict[Path, object]) -> object:
    if on is None or on.year < 2024:
        return None
    files = sorted(folder.glob("deepstatemap_data_*.geojson"))
    best = min(files, key=lambda p: abs((date(int(p.stem[-8:-4]), int(p.stem[-4:-2]),
                                               int(p.stem[-2:])) - on).days))
    if best not in cache:
        with best.open(encoding="utf-8") as fh:
            feats = json.load(fh)["features"]
        cache[best] = shapely.union_all([shape(f["geometry"]) for f in feats])
    return cache[best]


@pytest.fixture(scope="module")
def gold_results(shared_data: Path, geocoder: GazetteerGeocoder) -> list[dict[str, object]]:
    fronts: dict[Path, object] = {}
    out: list[dict[str, object]] = []
    for line in (shared_data / "news_dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for inc in doc["incidents"]:
            written = inc.get("place_as_written") or ""
            day = inc.get("date") or doc.get("published")
            on = date.fromisoformat(day) if day else None
            ctx = GeoContext(
                region=inc["oblast"] if inc.get("oblast_stated") else None, on=on,
                nearby=tuple(i.get("place_as_written") or "" for i in doc["incidents"]
                             if i is not inc),
                frontline=_front(shared_data / "frontline" / "deepstate", on, fronts))
            results = geocoder.resolve_all(written, context=ctx)
            out.append({"inc": inc, "results": results})
    return out


def _km(res: object, inc: dict[str, object]) -> float | None:
    place = res.place  # type: ignore[attr-defined]
    if place is None:
        return None
    return haversine_km(place.lon, place.lat, inc["lon"], inc["lat"])  # type: ignore[arg-type]


def test_at_least_95_percent_within_10_km(gold_results: list[dict[str, object]]) -> None:
    located = [r for r in gold_results if r["inc"].get("lat") is not None]  # type: ignore[union-attr]
    good = 0
    misses = []
    for r in located:
        dists = [d for d in (_km(x, r["inc"]) for x in r["results"]) if d is not None]  # type: ignore[arg-type, attr-defined]
        if dists and min(dists) <= 10:
            good += 1
        else:
            misses.append((r["inc"]["place_as_written"], [x.reason for x in r["results"]]))  # type: ignore[index, attr-defined]
    share = good / len(located)
    print(f"gold: {good}/{len(located)} = {share:.1%} within 10 km; misses: {misses}")
    assert len(located) >= 40
    assert share >= 0.95, misses


def test_stated_regions_are_honoured(gold_results: list[dict[str, object]]) -> None:
    for r in gold_results:
        inc = r["inc"]
        res = r["results"][0]  # type: ignore[index]
        if inc["oblast_stated"] and res.place is not None and inc["country"] == "UA":  # type: ignore[index]
            assert res.place.admin1 is not None
            assert res.place.admin1.split()[0] == inc["oblast"].split()[0]  # type: ignore[index]


def test_homonyms_are_resolved_with_a_reason_or_flagged(
        gold_results: list[dict[str, object]]) -> None:
    homonyms = [r for r in gold_results if "homonym" in (r["inc"].get("geo_note") or "").lower()]  # type: ignore[union-attr]
    assert len(homonyms) >= 6
    for r in homonyms:
        for res in r["results"]:  # type: ignore[attr-defined]
            assert res.reason
            assert res.place is not None or res.ambiguous


def test_regions_alone_resolve_as_areas(gold_results: list[dict[str, object]]) -> None:
    regions = [r for r in gold_results
               if r["inc"]["place"] is None and r["inc"]["oblast_stated"]]  # type: ignore[index]
    assert regions
    hits = [r for r in regions if r["results"][0].place is not None]  # type: ignore[index]
    for r in hits:
        assert r["results"][0].place.precision == 3  # type: ignore[index]
    assert len(hits) >= len(regions) - 1
