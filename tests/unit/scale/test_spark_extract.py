"""The Spark extraction job gives exactly what ``truceline extract`` gives on the same texts."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.domain import AggregateClaim, Claim
from truceline.errors import ConfigError, ExtractionError, IntakeError
from truceline.extraction import extract
from truceline.fusion import fuse
from truceline.geocoding import geocode
from truceline.scale import (
    REPORT_STATUS_SCHEMA,
    REPORTS_SCHEMA,
    extract_job,
    read_claims,
    read_incidents,
    reports_table,
)
from truceline.scale._parquet import CLAIMS_SCHEMA

UNDECODABLE = bytes(range(256))  # no text encoding fits these bytes
BAD = {"bad-bytes.txt": UNDECODABLE, "empty.txt": b"", "no-content.txt": None}


def _single_machine(files: list[Path]) -> tuple[list[Claim], list[AggregateClaim]]:
    """What `truceline extract FILES` computes: extract, then geocode."""
    result = extract(files)
    return list(geocode(result.claims)), list(result.aggregates)


@pytest.fixture(scope="module")
def texts(shared_data: Path) -> list[Path]:
    files = sorted((shared_data / "news_dev").glob("*.txt"))
    assert len(files) >= 10
    return files


@pytest.fixture(scope="module")
def run(request: pytest.FixtureRequest, texts: list[Path],
        tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One job over the news texts plus three bad rows, beside the single-machine result
    (computed while the JVM starts: both wait on different things)."""
    with ThreadPoolExecutor(1) as pool:
        want = pool.submit(_single_machine, texts)
        spark = request.getfixturevalue("spark")
        want_claims, want_aggs = want.result()
    tmp = tmp_path_factory.mktemp("spark-extract")
    bad = pa.table({"name": list(BAD), "content": list(BAD.values()),
                    "media_type": [None] * len(BAD), "source_id": [None] * len(BAD)},
                   schema=REPORTS_SCHEMA)
    table = pa.concat_tables([bad, reports_table([texts[0].parent])])
    pq.write_table(table, tmp / "reports.parquet")
    path = extract_job(spark, tmp / "reports.parquet", tmp / "out", partitions=3)
    return {"path": path, "out": tmp / "out", "rows": table.num_rows,
            "want": want_claims, "want_aggs": want_aggs}


def test_spark_claims_equal_single_machine_extract_and_geocode(run):
    assert pq.read_table(run["path"]).schema == CLAIMS_SCHEMA  # as fuse_job, read_claims take
    got = _in_order(run["path"])
    want = run["want"]
    assert len(want) > 0
    assert any(c.place is not None and c.place.has_point for c in want)  # geocoded
    assert got == want  # same rows, same order: by report name, then order in the report
    assert read_claims(run["path"]) == sorted(want, key=lambda c: c.id)
    aggs = pq.read_table(run["out"] / "aggregates").column("data").to_pylist()
    assert [AggregateClaim.from_dict(json.loads(d)) for d in aggs] == run["want_aggs"]


def test_bad_reports_are_quarantined_and_do_not_stop_the_job(run, texts):
    status = pq.read_table(run["out"] / "reports")
    assert status.schema == REPORT_STATUS_SCHEMA
    rows = {r["name"]: r for r in status.to_pylist()}
    assert len(rows) == run["rows"]  # one status row per input row: nothing dropped
    bad = rows["bad-bytes.txt"]
    assert bad["status"] == "quarantined"
    assert "not UTF-8" in bad["message"] and bad["fix"] == "save the file as UTF-8"
    assert rows["no-content.txt"]["status"] == "quarantined"
    assert "content" in rows["no-content.txt"]["fix"]
    assert rows["empty.txt"]["status"] == "empty" and rows["empty.txt"]["claims"] == 0
    by_report: dict[str, int] = {}
    for c in run["want"]:
        by_report[c.report_id] = by_report.get(c.report_id, 0) + 1
    for f in texts:
        r = rows[f.name]
        assert r["status"] == "ok" and r["source_id"] == "unknown"
        assert r["claims"] == by_report.get(r["report_id"], 0)
        assert r["language"] in ("en", "uk", "ru")


def test_cli_reports_extract_then_fuse(spark, texts, tmp_path):
    runner = CliRunner()
    folder = str(texts[0].parent)
    res = runner.invoke(cli, ["spark", "reports", folder, "--glob", "0*.txt",
                              "--out", str(tmp_path / "reports.parquet")])
    assert res.exit_code == 0, res.output
    files = [f for f in texts if f.name.startswith("0")]
    assert f"{len(files)} report(s) written" in res.output
    res = runner.invoke(cli, ["spark", "extract", "--reports", str(tmp_path / "reports.parquet"),
                              "--out", str(tmp_path / "run"), "--partitions", "2"])
    assert res.exit_code == 0, res.output
    want, _ = _single_machine(files)
    assert f"{len(want)} claim(s) of {len(files)} report(s) written to" in res.output
    claims = read_claims(tmp_path / "run" / "claims")
    assert claims == sorted(want, key=lambda c: c.id)
    res = runner.invoke(cli, ["spark", "fuse", "--claims", str(tmp_path / "run" / "claims"),
                              "--out", str(tmp_path / "run"), "--partitions", "2"])
    assert res.exit_code == 0, res.output
    incidents = read_incidents(tmp_path / "run" / "incidents")
    assert incidents and incidents == sorted(fuse(want), key=lambda i: i.id)
    assert spark.sparkContext._jsc is not None  # the commands left the running session up


def _in_order(path: Path) -> list[Claim]:
    return [Claim.from_dict(json.loads(d)) for d in pq.read_table(path).column("data").to_pylist()]


def test_parties_undated_and_no_geocode_reach_the_workers(spark, texts, tmp_path):
    files = [f for f in texts if f.name.startswith(("35_", "60_"))]  # undated events
    parties = tmp_path / "parties.yaml"
    parties.write_text("parties:\n  RU:\n    aliases: ['the occupiers']\n", encoding="utf-8")
    pq.write_table(reports_table(files), tmp_path / "r.parquet")
    path = extract_job(spark, tmp_path / "r.parquet", tmp_path / "out", parties=parties,
                       undated="null", geocode=False, partitions=2)
    got = _in_order(path)
    assert got == list(extract(files, parties=parties, undated="null").claims)
    assert got != list(extract(files).claims)  # the default (dateline) dates them
    assert got and all(c.place is None or not c.place.has_point for c in got)
    (tmp_path / "bad.yaml").write_text("parties: [", encoding="utf-8")
    with pytest.raises(ExtractionError, match="Cannot read party lexicon"):
        extract_job(spark, tmp_path / "r.parquet", tmp_path / "o", parties=tmp_path / "bad.yaml")


def test_a_table_without_content_is_refused_with_the_fix(spark, tmp_path):
    pq.write_table(pa.table({"name": ["a.txt"], "text": ["x"]}), tmp_path / "r.parquet")
    with pytest.raises(ConfigError, match=r"no column content.*truceline spark reports"):
        extract_job(spark, tmp_path / "r.parquet", tmp_path / "out")
    with pytest.raises(ConfigError, match="undated='yesterday': use one of dateline"):
        extract_job(spark, tmp_path / "r.parquet", tmp_path / "out", undated="yesterday")
    with pytest.raises(ConfigError, match="make one with `truceline spark reports"):
        extract_job(spark, tmp_path / "missing.parquet", tmp_path / "out")


def test_reports_table_keeps_the_bytes_and_names(texts, tmp_path):
    table = reports_table(texts[:3], source_id="text:test")
    assert table.schema == REPORTS_SCHEMA
    assert table.column("name").to_pylist() == [f.name for f in texts[:3]]
    assert table.column("content").to_pylist() == [f.read_bytes() for f in texts[:3]]
    assert set(table.column("source_id").to_pylist()) == {"text:test"}
    with pytest.raises(IntakeError) as err:
        reports_table([tmp_path, tmp_path / "nope.txt"])
    text = str(err.value)
    assert "no file matches *.txt" in text and "no such file or folder" in text
    res = CliRunner().invoke(cli, ["spark", "reports", str(tmp_path), "--out",
                                   str(tmp_path / "r.parquet")])
    assert res.exit_code == IntakeError.exit_code
    assert "give the folder of texts" in res.output
