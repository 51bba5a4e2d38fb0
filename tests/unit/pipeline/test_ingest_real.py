"""Ingest of the real event files into a workspace: counts, quarantine, idempotence."""

from __future__ import annotations

import pytest

from truceline import pipeline
from truceline.storage import init_workspace

FILES = {
    # file under shared data: (mapping, rows read, stored, duplicate rows within the file)
    "events/ucdp/ucdp_ged_ukraine_2014_2023_peacerep.csv": ("ucdp", 3883),
    "events/restricted_license/acled_ukraine_sample1000_peacerep.csv": ("acled", 1000),
    "events/massive_missile_attacks/missile_attacks_daily.csv": ("missile_attacks", 3701),
}


@pytest.fixture(scope="module")
def ingested(shared_data, tmp_path_factory):
    store = init_workspace(tmp_path_factory.mktemp("ws"))
    first = {f: pipeline.ingest(store, shared_data / f) for f in FILES}
    again = {f: pipeline.ingest(store, shared_data / f) for f in FILES}
    yield store, first, again
    store.close()


@pytest.mark.parametrize("name", FILES)
def test_real_file_is_read_whole(ingested, name):
    _, first, _ = ingested
    mapping, rows = FILES[name]
    s = first[name]
    assert s.mapping == mapping                      # detected from the header
    assert s.read == rows
    assert s.stored + s.duplicates + s.quarantined == rows   # nothing lost
    assert s.quarantined == 0


@pytest.mark.parametrize("name", FILES)
def test_reingest_adds_nothing(ingested, name):
    _, _, again = ingested
    s = again[name]
    assert (s.read, s.stored) == (FILES[name][1], 0)
    assert s.duplicates == s.read - s.quarantined


def test_store_totals_match_the_summaries(ingested):
    store, first, _ = ingested
    counts = store.counts()
    assert counts["reports"] == sum(s.stored for s in first.values())
    assert counts["quarantine"] == sum(s.quarantined for s in first.values())


def test_duplicate_rows_within_a_file_are_counted_not_stored_twice(ingested):
    _, first, _ = ingested
    for s in first.values():
        assert s.stored == s.read - s.duplicates - s.quarantined
