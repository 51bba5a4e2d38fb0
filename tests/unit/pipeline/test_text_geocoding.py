"""Text extraction geocodes with the user's gazetteer and the contact line of the date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.errors import IntakeError
from truceline.territory import SnapshotTimeline

_TEXT = ("PUBLISHED: 2025-06-10\n---\nOn 9 June Russian drones struck the village of "
         "Testivka-Zenitna in Sumy Oblast, the regional administration said.\n")


def test_extract_uses_the_user_gazetteer(tmp_path: Path) -> None:
    runner = CliRunner()
    mine = tmp_path / "mine.csv"
    mine.write_text("name,lat,lon,admin1\nTestivka-Zenitna,50.81,35.02,Sumy Oblast\n",
                    encoding="utf-8")
    gaz = tmp_path / "gaz"
    res = runner.invoke(cli, ["gazetteer", "import", "csv", str(mine), "--country", "UA",
                              "--gazetteer-dir", str(gaz)])
    assert res.exit_code == 0, res.output
    text = tmp_path / "t.txt"
    text.write_text(_TEXT, encoding="utf-8")

    def place(*extra: str) -> dict | None:  # type: ignore[type-arg]
        out = runner.invoke(cli, ["extract", str(text), *extra])
        assert out.exit_code == 0, out.output
        rows = [json.loads(x) for x in out.output.splitlines() if x.startswith("{")]
        (inc,) = [r for r in rows if r["kind"] == "incident"]
        return inc["place"]  # type: ignore[no-any-return]

    empty = tmp_path / "none"
    empty.mkdir()
    assert place("--gazetteer-dir", str(empty))["lat"] is None  # not in the bundled one
    p = place("--gazetteer-dir", str(gaz))
    assert (p["lat"], p["lon"], p["precision"]) == (50.81, 35.02, 1)


def test_snapshot_timeline_picks_the_snapshot_in_force(shared_data: Path) -> None:
    folder = shared_data / "frontline" / "deepstate"
    line = SnapshotTimeline(folder)
    assert line.path_on(date(2024, 8, 15)).name == "deepstatemap_data_20240801.geojson"  # type: ignore[union-attr]
    assert line.path_on(date(2025, 4, 18)).name == "deepstatemap_data_20250418.geojson"  # type: ignore[union-attr]
    assert line.path_on(date(2000, 1, 1)) is None and line(date(2000, 1, 1)) is None
    geom = line(date(2024, 8, 15))
    assert geom is not None and geom.area > 1.0  # square degrees of controlled ground
    assert line(date(2024, 8, 20)) is geom  # the same snapshot, read once
    single = SnapshotTimeline(folder / "deepstatemap_data_20250418.geojson")
    assert single.path_on(date(1999, 1, 1)) == folder / "deepstatemap_data_20250418.geojson"


def test_snapshot_timeline_refuses_a_folder_without_snapshots(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="no territory-control snapshot found"):
        SnapshotTimeline(tmp_path)
