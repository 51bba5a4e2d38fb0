"""``truceline gazetteer import|stats|search``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from truceline.cli import cli


def test_import_stats_search(shared_data: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    folder = str(tmp_path / "gaz")
    res = runner.invoke(cli, ["gazetteer", "import", "osm",
                              str(shared_data / "gazetteer" / "osm_settlements_ua.csv"),
                              "--gazetteer-dir", folder])
    assert res.exit_code == 0, res.output
    assert "read 11261 rows" in res.output and "skipped" in res.output
    res = runner.invoke(cli, ["gazetteer", "stats", "--json", "--gazetteer-dir", folder])
    assert res.exit_code == 0 and json.loads(res.output)["rows_by_source"]["osm"] > 6000
    res = runner.invoke(cli, ["gazetteer", "search", "Дзержинськ", "--region",
                              "Донецька область", "--gazetteer-dir", folder])
    assert res.exit_code == 0 and "Toretsk" in res.output and "former name" in res.output
    res = runner.invoke(cli, ["gazetteer", "search", "Андріївка", "--json",
                              "--gazetteer-dir", folder])
    data = json.loads(res.output)
    assert data["ambiguous"] and data["place"] is None and len(data["candidates"]) > 5


def test_cli_errors_are_clean(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["gazetteer", "import", "csv", str(tmp_path / "missing.csv"),
                              "--gazetteer-dir", str(tmp_path)])
    assert res.exit_code == 1 and "does not exist" in res.output
    assert "Traceback" not in res.output
    res = runner.invoke(cli, ["gazetteer", "import", "osm", str(tmp_path / "x.csv"),
                              "--map", "name=title", "--gazetteer-dir", str(tmp_path)])
    assert res.exit_code == 2 and "--map is only for kind csv" in res.output


def test_geocode_command_with_context_and_frontline(shared_data: Path, tmp_path: Path) -> None:
    front = shared_data / "frontline" / "deepstate" / "deepstatemap_data_20250420.geojson"
    res = CliRunner().invoke(cli, [
        "geocode", "на Новопавлівському напрямку", "--context", "Покровському напрямку",
        "--date", "2025-04-20", "--frontline", str(front), "--json",
        "--gazetteer-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["place"]["admin1"] == "Dnipropetrovsk Oblast"
    assert data["place"]["precision"] == 2 and data["reason"]
    res = CliRunner().invoke(cli, ["geocode", "Kyiv", "--frontline", str(tmp_path / "no.json"),
                                   "--gazetteer-dir", str(tmp_path)])
    assert res.exit_code == 2 and "Fix:" in res.output
