"""``truceline agreement check|show`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from truceline.cli import cli
from truceline.cli.agreement import agreement

EASTER = Path(__file__).resolve().parents[3] / "examples/agreements/easter-truce-2025.yaml"


def test_group_is_exposed():
    assert agreement.name == "agreement"
    assert "agreement" in cli.commands


def test_check_ok():
    result = CliRunner().invoke(cli, ["agreement", "check", str(EASTER)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "OK: easter-truce-2025 (1 windows, 0 zones, 1 clauses)"


def test_check_reports_every_problem_with_line_and_fix(good, write):
    path = write(good.replace("title: Test", "titel: Test").replace(
        "timezone: Europe/Moscow", "timezone: Europe/Moskow"))
    result = CliRunner().invoke(cli, ["agreement", "check", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[0] == (f"{path}:3: unknown key 'titel' in the top level; did you mean "
                        "'title'? Fix: rename it to 'title'")
    assert lines[1].startswith(f"{path}:11: unknown time zone 'Europe/Moskow'")
    assert "Fix: use an IANA time zone name" in lines[1]


def test_show_text_and_json(shared_data):
    minsk = EASTER.with_name("minsk-style-withdrawal.yaml")
    result = CliRunner().invoke(cli, ["agreement", "show", str(EASTER)])
    assert result.exit_code == 0, result.output
    assert "2025-04-19T15:00Z (2025-04-19T18:00+03:00)" in result.output
    result = CliRunner().invoke(cli, ["agreement", "show", str(minsk), "--json",
                                      "--data-dir", str(shared_data)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    zones = {z["id"]: z for z in summary["zones"]}
    assert 20_000 < zones["security-zone"]["area_km2"] < 40_000


def test_show_bad_file_exits_2(good, write):
    result = CliRunner().invoke(cli, ["agreement", "show", str(write(good.replace(
        "zone: box", "zone: nope")))])
    assert result.exit_code == 2
    assert "unknown zone 'nope'" in result.output
