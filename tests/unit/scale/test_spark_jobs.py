"""Spark local[2] jobs give exactly the single-machine results on the same input."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from tests.unit.adjudication.factories import SOURCES, easter, moratorium, zoned
from tests.unit.scale.test_bulk import _acts, _incidents

from truceline.adjudication import IncidentTable, adjudicate, adjudicate_table
from truceline.domain import Claim, Place, Report, TimeSpan
from truceline.fusion import fuse
from truceline.scale import (
    adjudicate_job,
    bulk_adjudicate_job,
    fuse_job,
    load_results,
    read_findings,
    read_incidents,
    write_claims,
    write_incidents,
)
from truceline.storage import init_workspace

AGREEMENTS = [easter(), moratorium(), zoned(), _acts()]
NOW = datetime(2025, 5, 1, tzinfo=UTC)


def _records() -> list[tuple[Report, list[Claim]]]:
    """Reports with their claims: every third incident's claims share a declared group."""
    out = []
    for n, inc in enumerate(_incidents(120)):
        for c in inc.claims:
            rep = Report(content=f"report {n} {c.report_id}".encode(), source_id=c.source_id,
                         media_type="text/plain", origin=f"test:{n}", received_at=NOW)
            ref = f"ev-{n // 2}" if n % 3 == 0 else None
            out.append((rep, [Claim(**{**c.__dict__, "id": "", "report_id": rep.id,
                                       "incident_ref": ref})]))
    return out


def _claims() -> list[Claim]:
    return [c for _, cs in _records() for c in cs]


def test_spark_fusion_equals_single_machine(spark, tmp_path):
    claims = _claims()
    path = write_claims(claims, tmp_path / "claims.parquet")
    got = read_incidents(fuse_job(spark, path, tmp_path / "out", SOURCES, partitions=3))
    want = sorted(fuse(claims, SOURCES), key=lambda i: i.id)
    assert len(want) < len(claims)  # some claims were grouped
    assert got == want


def test_spark_adjudication_equals_single_machine_and_loads_into_the_store(spark, tmp_path):
    claims = _claims()
    incidents = sorted(fuse(claims, SOURCES), key=lambda i: i.id)
    path = write_incidents(incidents, tmp_path / "incidents.parquet")
    out = tmp_path / "out"
    got = read_findings(adjudicate_job(spark, path, AGREEMENTS, out, partitions=3))
    want = sorted(adjudicate(incidents, AGREEMENTS), key=lambda f: f.id)
    assert got == want
    # The results load into a store that holds the claims and agreements.
    write_incidents(incidents, out / "incidents")
    with init_workspace(tmp_path / "ws") as store:
        store.upsert_sources(SOURCES.values())
        run = store.start_ingest("x.csv", "0" * 64, "test")
        store.commit_batch(run.id, last_row=1, records=_records(), quarantined=[],
                           file_sha256="0" * 64, read=1)
        for a in AGREEMENTS:
            store.add_agreement(a, "")
        assert load_results(store, out) == (len(incidents), len(want))
        stored = store.findings(include_not_applicable=True)
        assert sorted(f.id for f in stored) == [f.id for f in want]


def test_spark_bulk_verdicts_equal_the_columnar_path(spark, tmp_path):
    incidents = _incidents(300)
    table = IncidentTable.from_incidents(incidents)
    vocab = np.array([*table.vocab, None], dtype=object)
    frame = pd.DataFrame({
        "id": table.ids, "start": table.start, "end": table.end, "has_when": table.has_when,
        "lon": table.lon, "lat": table.lat, "precision": table.precision,
        "event_type": vocab[table.event_type], "target_type": vocab[table.target_type],
        "weapon_class": vocab[table.weapon_class], "actor": vocab[table.actor],
        "grade": table.grade})
    frame.to_parquet(tmp_path / "table.parquet")
    path = bulk_adjudicate_job(spark, tmp_path / "table.parquet", AGREEMENTS, tmp_path / "o",
                               partitions=3)
    got = pd.read_parquet(path).sort_values("id").reset_index(drop=True)
    want = adjudicate_table(table, AGREEMENTS)
    order = np.argsort(want.ids)
    assert got["id"].tolist() == want.ids[order].tolist()
    assert (got.drop(columns="id").to_numpy() == want.codes[order]).all()


def test_placeless_claims_share_a_none_block():
    from truceline.scale import block_key

    c = Claim(report_id="r", source_id="s", event_type="drone_strike",
              place=Place(name="somewhere"), when=None)
    assert block_key(c.incident_ref, None, None, None) == "cell:none:none"
    assert TimeSpan  # the domain import is used by the factories above
    pytest.importorskip("h3")


def test_cli_export_then_load_refuses_findings_of_unknown_agreements(tmp_path):
    from click.testing import CliRunner

    from truceline.cli import cli
    from truceline.scale import read_claims
    from truceline.scale._parquet import finding_rows

    ws = tmp_path / "ws"
    with init_workspace(ws) as store:
        store.upsert_sources(SOURCES.values())
        run = store.start_ingest("x.csv", "0" * 64, "test")
        store.commit_batch(run.id, last_row=1, records=_records()[:10], quarantined=[],
                           file_sha256="0" * 64, read=10)
    runner = CliRunner()
    res = runner.invoke(cli, ["spark", "export", "-w", str(ws), "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert len(read_claims(tmp_path / "o" / "claims.parquet")) == 10
    incidents = fuse(read_claims(tmp_path / "o" / "claims.parquet"), SOURCES)
    (tmp_path / "o" / "findings").mkdir()
    import pyarrow.parquet as pq

    pq.write_table(finding_rows(adjudicate(incidents, [easter()])),
                   tmp_path / "o" / "findings" / "part-0.parquet")
    res = runner.invoke(cli, ["spark", "load", str(tmp_path / "o"), "--db", str(ws)])
    assert res.exit_code != 0
    assert "agreements not in the store: easter" in res.output
    assert "truceline agreement add" in res.output
