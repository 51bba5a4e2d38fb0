"""Analysts' merges and splits through the CLI: recorded with a reason, audited, and kept by
every later run (`fusion run`, `adjudicate`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.storage import DB_FILE, open_store


@pytest.fixture
def ws(tmp_path):
    ws = tmp_path / "ws"
    r = CliRunner().invoke(cli, ["demo", "-w", str(ws)])
    assert r.exit_code == 0, r.output
    return str(ws)


def run(*args):
    return CliRunner().invoke(cli, list(args))


def incidents_at(ws, place):
    with open_store(ws) as store:
        return [i for i in store.incidents() if i.place and i.place.name == place]


def test_merge_then_split_are_kept_by_later_runs(ws):
    a, b = incidents_at(ws, "Pokrovsk direction")     # 20 April and 8 May
    r = run("fusion", "merge", a.id, b.id, "--reason", "same assault, misdated", "-w", ws)
    assert r.exit_code == 0, r.output
    for again in (("adjudicate", "--quiet"), ("fusion", "run")):
        assert run(*again, "-w", ws).exit_code == 0
        with open_store(ws) as store:
            merged = [i for i in store.incidents()
                      if {c.id for c in a.claims} <= set(i.claim_ids)]
        assert len(merged) == 1 and set(b.claim_ids) <= set(merged[0].claim_ids)
    claim = b.claim_ids[0]
    r = run("fusion", "split", merged[0].id, "--claims", claim, "--reason", "different day",
            "-w", ws)
    assert r.exit_code == 0, r.output
    assert run("adjudicate", "--quiet", "-w", ws).exit_code == 0
    with open_store(ws) as store:
        holder = [i for i in store.incidents() if claim in i.claim_ids]
    assert len(holder) == 1 and not set(a.claim_ids) & set(holder[0].claim_ids)
    out = run("fusion", "decisions", "-w", ws).output
    assert "same assault, misdated" in out and "different day" in out
    con = sqlite3.connect(Path(ws) / DB_FILE)
    actions = [a for (a,) in con.execute("SELECT action FROM audit_log")]
    con.close()
    assert sum("fusion" in a for a in actions) == 2      # each decision is audited
    assert run("audit", "verify", "-w", ws).exit_code == 0


def test_merge_needs_a_reason(ws):
    # two ids, so the only thing wrong is the missing --reason
    a, b = incidents_at(ws, "Pokrovsk direction")
    r = run("fusion", "merge", a.id, b.id, "-w", ws)
    assert r.exit_code != 0
    assert r.exit_code == 2, r.output  # click's usage error
    assert "--reason" in r.output
    assert len(incidents_at(ws, "Pokrovsk direction")) == 2  # nothing was merged
