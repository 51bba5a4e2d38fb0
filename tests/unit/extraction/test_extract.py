from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from truceline.cli import cli
from truceline.extraction import claim_days, evaluate_extraction, extract, load_parties, records
from truceline.extraction._output import CLAIM_KEYS


def _file(shared: Path, prefix: str) -> Path:
    return next((shared / "news_dev").glob(f"{prefix}_*.txt"))


def test_caption_in_two_languages_is_one_claim(shared_data: Path) -> None:
    res = extract([_file(shared_data, "00")])
    aug18 = [c for c in res.claims if claim_days(c)[0] == date(2025, 8, 18)]
    assert len(aug18) == 1
    c = aug18[0]
    assert c.event_type == "missile_strike" and c.target_type == "residential"
    assert c.actor == "RU" and c.place is not None and c.place.name == "Kharkiv"
    assert "导弹" in c.evidence and "Russian missiles" in c.evidence


def test_denial_file_61(shared_data: Path) -> None:
    res = extract([_file(shared_data, "61")])
    denials = [c for c in res.claims if c.stance == "denial"]
    assert denials
    assert any(c.place and c.place.name == "Яровая" and c.alleged_by == "UA"
               and c.actor == "RU" for c in denials)


def test_allegation_file_60(shared_data: Path) -> None:
    res = extract([_file(shared_data, "60")])
    c = next(c for c in res.claims if c.place and c.place.name == "Yarova")
    assert c.event_type == "air_strike" and c.actor == "RU" and c.stance == "allegation"
    assert c.place.admin1 == "Donetsk"


def test_self_report_file_49(shared_data: Path) -> None:
    res = extract([_file(shared_data, "49")])
    c = res.claims[0]
    assert c.alleged_by == "UA" and c.actor == "UA" and c.stance == "self_report"
    assert c.target_type == "energy"
    assert claim_days(c) == (date(2025, 8, 13), date(2025, 8, 14))


def test_aggregates_osce_file_31(shared_data: Path) -> None:
    res = extract([_file(shared_data, "31")])
    counts = sorted(a.count for a in res.aggregates if a.count is not None)
    assert counts == [0, 8, 20, 28]
    assert all(a.stance == "observation" for a in res.aggregates)
    assert any(a.regions == ("Donetsk",) and a.count == 28 for a in res.aggregates)


def test_aggregate_file_26(shared_data: Path) -> None:
    res = extract([_file(shared_data, "26")])
    a = next(a for a in res.aggregates if a.count == 488)
    assert a.alleged_by == "RU" and a.actor == "UA"


def test_user_party_file_extends(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("parties:\n  ICRC:\n    kind: monitor\n    aliases: ['red cross']\n",
                 encoding="utf-8")
    lex = load_parties(f)
    assert "ICRC" in lex.codes and "ICRC" in lex.monitors() and "UA" in lex.codes


def test_output_contract_keys(shared_data: Path) -> None:
    out = CliRunner().invoke(cli, ["extract", str(_file(shared_data, "00")),
                                   str(_file(shared_data, "31")), "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(x) for x in out.output.splitlines()]
    reports = [r for r in rows if r["kind"] == "report"]
    assert {tuple(sorted(r)) for r in reports} == {tuple(sorted(
        ["report", "kind", "language", "published", "mt_fragments", "quality_flags"]))}
    for r in rows:
        if r["kind"] == "incident":
            assert tuple(r) == CLAIM_KEYS
            if r["place"]:
                assert set(r["place"]) == {"name", "as_written", "lat", "lon", "admin1",
                                           "country", "precision"}
        elif r["kind"] == "aggregate":
            assert set(CLAIM_KEYS) <= set(r)
    assert {r["kind"] for r in rows} == {"report", "incident", "aggregate"}


def test_records_without_cli(shared_data: Path) -> None:
    rows = records(extract([_file(shared_data, "12")]))
    inc = [r for r in rows if r["kind"] == "incident"]
    assert inc and inc[0]["date"] == "2025-04-04" and inc[0]["target_type"] == "energy"


def test_eval_on_news_dev(shared_data: Path) -> None:
    d = shared_data / "news_dev"
    r = evaluate_extraction(d / "gold.jsonl", d)
    assert r.gold == 54
    # measured floors (docs/methodology/extraction.md); raise them as the rules improve
    assert r.f1 >= 0.89  # measured 0.911 (P 0.879, R 0.944), places by names
    assert r.accuracy["target_type"] >= 0.95  # measured 0.96
    assert r.accuracy["alleging_party"] >= 0.85  # measured 0.86
    assert r.accuracy["accused_party"] >= 0.92  # measured 0.94
    assert r.accuracy["stance"] >= 0.95  # measured 1.00
    # the rule: places within 25 km, coordinates from the default gazetteer
    out = CliRunner().invoke(cli, ["eval", "extraction", "--gold", str(d / "gold.jsonl"),
                                   "--texts", str(d)])
    assert out.exit_code == 0, out.output
    assert "places matched on: coordinates (25 km)" in out.output
    f1 = float(re.search(r"F1 ([0-9.]+)", out.output).group(1))  # type: ignore[union-attr]
    assert f1 >= 0.86  # measured 0.875 (P 0.845, R 0.907)
