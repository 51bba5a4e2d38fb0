"""The main job and the workspace commands, end to end through the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from truceline.cli import cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory, shared_data):
    ws = tmp_path_factory.mktemp("demo") / "ws"
    result = CliRunner().invoke(cli, ["demo", "-w", str(ws), "--data-dir", str(shared_data)])
    assert result.exit_code == 0, result.output
    return ws, result.output


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_demo_prints_findings_for_every_2025_agreement(demo):
    ws, out = demo
    for agreement in ("energy-moratorium-2025", "easter-truce-2025", "victory-day-truce-2025",
                      "minsk-style-withdrawal"):
        assert f"\n{agreement}\n" in out
    assert "read 23, stored 23, duplicate 0, quarantined 0" in out
    assert (ws / "findings.geojson").is_file() and (ws / "summary.html").is_file()


def test_demo_rulings_match_the_public_record(demo):
    ws, _ = demo
    found = json.loads(run("findings", "-w", str(ws), "--json", "--all").output)
    by = {(f["agreement_id"], f["place_name"], f["accused"]): f for f in found}
    # Izium was struck half an hour before the Easter truce began: not a violation.
    assert by[("easter-truce-2025", "Izium", "RU")]["verdict"] == "not_applicable"
    # Kavkazskaya, 19 March: inside Russia's reading of the moratorium, before Ukraine's.
    kav = by[("energy-moratorium-2025", "Kavkazskaya", "UA")]
    assert kav["verdict"] == "possible"
    assert any("RU reads it as" in t["detail"] for t in kav["tests"])
    assert [e["stance"] for e in kav["evidence"]].count("denial") == 1
    # Kherson TPP, 4 April: inside both readings, energy target, one side's word.
    assert by[("energy-moratorium-2025", "Kherson thermal power plant", "RU")]["verdict"] == \
        "alleged"
    # Kryvyi Rih: the strike is self-reported, but it was not on energy infrastructure.
    assert by[("energy-moratorium-2025", "Kryvyi Rih", "RU")]["verdict"] == "not_applicable"
    # Khmelivka, 21 April (Moscow date): the truce had ended at midnight.
    assert by[("easter-truce-2025", "Khmelivka", "RU")]["verdict"] == "not_applicable"


def test_findings_formats(demo):
    ws, _ = demo
    geo = json.loads(run("findings", "-w", str(ws), "--geojson").output)
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 20 < lon < 45 and 44 < lat < 53     # lon/lat order (RFC 7946)
    csv_out = run("findings", "-w", str(ws), "--csv", "--verdict", "alleged").output
    header, *rows = csv_out.strip().splitlines()
    assert header.startswith("id,agreement_id,clause_id,verdict") and rows
    assert all(",alleged," in r for r in rows)


def test_explain_by_prefix_shows_tests_and_evidence(demo):
    ws, _ = demo
    first = json.loads(run("findings", "-w", str(ws), "--json").output)[0]
    out = run("explain", "-w", str(ws), first["id"][:10]).output
    assert f"Finding {first['id']}" in out
    for name in ("window", "zone", "act", "party"):
        assert f"] {name}:" in out
    assert "report sha256" in out and "incidents_2025.csv:" in out


def test_audit_verify_ok_on_demo(demo):
    ws, _ = demo
    r = run("audit", "verify", "-w", str(ws))
    assert r.exit_code == 0 and r.output.startswith("OK:")


def test_ingest_adjudicate_flow_and_idempotence(tmp_path, shared_data, repo_root):
    ws = str(tmp_path / "ws")
    assert run("init", ws).exit_code == 0
    add = run("agreement", "add", "-w", ws,
              str(repo_root / "examples/agreements/easter-truce-2025.yaml"))
    assert add.exit_code == 0 and "added: easter-truce-2025" in add.output
    f = str(shared_data / "events/massive_missile_attacks/missile_attacks_daily.csv")
    first = run("ingest", "-w", ws, "--quiet", f)
    assert first.exit_code == 0, first.output
    assert "read 3701, stored" in first.output
    second = run("ingest", "-w", ws, "--quiet", f)
    assert "stored 0" in second.output
    adj = run("adjudicate", "-w", ws, "--quiet")
    assert adj.exit_code == 0 and "findings" in adj.output
    listed = json.loads(run("agreement", "list", "-w", ws, "--json").output)
    assert [a["id"] for a in listed] == ["easter-truce-2025"]


def test_errors_are_clean_not_tracebacks(tmp_path):
    r = run("findings", "-w", str(tmp_path / "missing"))
    assert r.exit_code == 2 and "truceline init" in r.output
    assert "Traceback" not in r.output
    r = run("explain", "-w", str(tmp_path / "missing"), "f-x")
    assert r.exit_code == 2


def test_unknown_sources_are_graded_f_and_listed_for_review(tmp_path):
    ws = str(tmp_path / "ws")
    assert run("init", ws).exit_code == 0
    f = tmp_path / "events.csv"
    f.write_text("date,event_type,actor,source\n2025-04-20,drone_strike,RU,Some Telegram Channel\n",
                 encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("name: m\nformat: csv\ntimezone: UTC\nsource: {id: x, name: x}\n"
                       "report: {source: source}\nclaim:\n  event_type: event_type\n"
                       "  actor: actor\n  when: {start: {column: date, formats: ['%Y-%m-%d']}}\n",
                       encoding="utf-8")
    assert run("ingest", "-w", ws, "--quiet", "--mapping", str(mapping), str(f)).exit_code == 0
    rows = json.loads(run("sources", "review", "--json", "-w", ws).output)
    assert [(r["id"], r["grade"], r["kind"]) for r in rows] == [
        ("Some Telegram Channel", "F", "unknown")]
    listed = json.loads(run("sources", "list", "--json", "-w", ws).output)
    assert {r["id"] for r in listed} == {"Some Telegram Channel"}
