"""Contact-line change between two real DeepState snapshots."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Geod

from truceline.territory import change_records, compare_snapshots, read_snapshot

SNAP = "frontline/deepstate/deepstatemap_data_{}.geojson"


@pytest.fixture(scope="module")
def change(shared_data):
    return compare_snapshots(shared_data / SNAP.format("20250418"),
                             shared_data / SNAP.format("20250422"), controlled_by="RU",
                             other="UA")


def test_areas_agree_with_an_independent_geodesic_computation(change, shared_data):
    a = read_snapshot(shared_data / SNAP.format("20250418"))
    b = read_snapshot(shared_data / SNAP.format("20250422"))
    geod = Geod(ellps="WGS84")

    def geodesic(g):
        return sum(abs(geod.geometry_area_perimeter(shapely.geometry.polygon.orient(p))[0])
                   for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon") / 1e6

    # Independent: difference of the raw polygons on the ellipsoid, no projection, no filter.
    gained = geodesic(shapely.difference(b, a))
    lost = geodesic(shapely.difference(a, b))
    assert change.gained_km2("RU") == pytest.approx(gained, rel=0.01, abs=0.1)
    assert change.gained_km2("UA") == pytest.approx(lost, rel=0.05, abs=0.1)
    for p in change.patches:
        assert p.area_km2 == pytest.approx(p.geodesic_km2, rel=1e-3)


def test_change_has_the_expected_shape(change):
    assert str(change.before) == "2025-04-18" and str(change.after) == "2025-04-22"
    assert 10 < change.gained_km2("RU") < 100          # days of fighting, not a whole oblast
    assert change.net_km2 == pytest.approx(change.gained_km2("RU") - change.gained_km2("UA"))
    # The front from Zaporizhzhia to Kharkiv oblast.
    assert all(35 < p.lon < 39 and 47 < p.lat < 50 for p in change.patches if p.area_km2 > 1)
    assert "+proj=laea" in change.crs
    assert change.lines()[0].startswith("Contact line change 2025-04-18 → 2025-04-22")


def test_each_patch_becomes_an_observed_ground_claim(change):
    records = change_records(change, source_id="deepstate")
    assert len(records) == len(change.patches)
    _report, (claim,) = records[0]
    assert claim.event_type == "ground_assault" and claim.stance == "observation"
    assert claim.actor in ("RU", "UA") and claim.when.precision == "span"
    assert claim.when.as_written == "between snapshots 2025-04-18 and 2025-04-22"
    # Same inputs, same report ids: re-ingesting adds nothing.
    assert [r.id for r, _ in change_records(change, source_id="deepstate")] == \
        [r.id for r, _ in records]


def test_freeze_clause_rules_on_ground_that_changed_hands(tmp_path, shared_data, repo_root):
    from click.testing import CliRunner

    from truceline.cli import cli
    from truceline.storage import open_store

    ws = str(tmp_path / "ws")
    run = CliRunner().invoke
    assert run(cli, ["init", ws]).exit_code == 0
    assert run(cli, ["agreement", "add", "-w", ws, str(
        repo_root / "examples/agreements/victory-day-truce-2025.yaml")]).exit_code == 0
    snaps = shared_data / "frontline/deepstate"
    r = run(cli, ["frontline", "ingest", str(snaps / "deepstatemap_data_20250508.geojson"),
                  str(snaps / "deepstatemap_data_20250510.geojson"), "-w", ws])
    assert r.exit_code == 0, r.output
    assert "stored" in r.output
    again = run(cli, ["frontline", "ingest", str(snaps / "deepstatemap_data_20250508.geojson"),
                      str(snaps / "deepstatemap_data_20250510.geojson"), "-w", ws])
    assert "stored 0 patch claim(s)" in again.output
    assert run(cli, ["adjudicate", "--quiet", "-w", ws]).exit_code == 0
    with open_store(ws) as store:
        found = store.findings(agreement_id="victory-day-truce-2025")
    # Ground gained between the 8 and 10 May snapshots lies inside the truce (8–11 May
    # Moscow), but the snapshot of 8 May may predate the truce's first minute: possible.
    assert found and all(f.event_type == "ground_assault" for f in found)
    assert {f.verdict for f in found} <= {"possible", "alleged"}
