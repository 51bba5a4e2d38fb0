"""Review workflow: transitions with reasons, replies, audit chain, tampering detected."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.errors import ConfigError
from truceline.storage import DB_FILE, finding_events, open_store, set_status


@pytest.fixture
def ws(tmp_path, shared_data):
    ws = tmp_path / "ws"
    r = CliRunner().invoke(cli, ["demo", "-w", str(ws)])
    assert r.exit_code == 0, r.output
    return ws


def run(*args):
    return CliRunner().invoke(cli, list(args))


def first_draft(ws):
    with open_store(ws) as store:
        return store.findings()[0].id


def test_finding_moves_through_review_with_reasons(ws):
    fid = first_draft(ws)
    assert run("review", "start", fid, "--reason", "two sources", "-w", str(ws)).exit_code == 0
    r = run("reply", fid, "--party", "RU", "--text", "We deny it.", "--actor", "ru-liaison",
            "-w", str(ws))
    assert r.exit_code == 0
    r = run("review", "publish", fid, "--reason", "checked", "-w", str(ws))
    assert "under_review → published" in r.output
    with open_store(ws) as store:
        assert store.finding(fid).status == "published"
        events = finding_events(store, fid)
    assert [(e.kind, e.to_status) for e in events] == [
        ("review", "under_review"), ("reply", "under_review"), ("review", "published")]
    assert events[1].party == "RU" and events[1].text == "We deny it."


def test_transitions_not_allowed_are_refused(ws):
    fid = first_draft(ws)
    with open_store(ws) as store, pytest.raises(ConfigError, match="can move to"):
        set_status(store, fid, to_status="published", actor="a", reason="skip review")
    r = run("review", "publish", fid, "--reason", "x", "-w", str(ws))
    assert r.exit_code == 2 and "can move to under_review, dismissed" in r.output


def test_re_adjudication_keeps_the_review_status(ws):
    fid = first_draft(ws)
    run("review", "start", fid, "--reason", "r", "-w", str(ws))
    assert run("adjudicate", "--quiet", "-w", str(ws)).exit_code == 0
    with open_store(ws) as store:
        assert store.finding(fid).status == "under_review"


def test_every_state_change_is_audited_and_tampering_is_detected(ws):
    fid = first_draft(ws)
    run("review", "start", fid, "--reason", "first look", "-w", str(ws))
    run("review", "dismiss", fid, "--reason", "not a violation", "-w", str(ws))
    con = sqlite3.connect(ws / DB_FILE)
    actions = [a for (a,) in con.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions.count("finding.review") == 2
    assert run("audit", "verify", "-w", str(ws)).exit_code == 0
    con.execute("UPDATE audit_log SET payload = replace(payload, 'not a violation', 'serious') "
                "WHERE action = 'finding.review'")
    con.commit()
    con.close()
    r = run("audit", "verify", "-w", str(ws))
    assert r.exit_code == 1 and "BROKEN" in r.output


def test_removed_entry_is_detected(ws):
    fid = first_draft(ws)
    run("review", "start", fid, "--reason", "a", "-w", str(ws))
    con = sqlite3.connect(ws / DB_FILE)
    con.execute("DELETE FROM audit_log WHERE seq = 2")
    con.commit()
    con.close()
    assert run("audit", "verify", "-w", str(ws)).exit_code == 1


def test_cut_off_end_is_detected_against_a_published_anchor(ws):
    fid = first_draft(ws)
    run("review", "start", fid, "--reason", "a", "-w", str(ws))
    anchor = run("audit", "head", "-w", str(ws)).output.strip()
    assert run("audit", "verify", "--anchor", anchor, "-w", str(ws)).exit_code == 0
    seq = int(anchor.split(":")[0])
    con = sqlite3.connect(ws / DB_FILE)
    con.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))   # cut the newest entry
    con.commit()
    con.close()
    assert run("audit", "verify", "-w", str(ws)).exit_code == 0        # the chain alone: fine
    r = run("audit", "verify", "--anchor", anchor, "-w", str(ws))
    assert r.exit_code == 1 and "removed from its end" in r.output
    bad = run("audit", "verify", "--anchor", "12:abc", "-w", str(ws))
    assert bad.exit_code == 2 and "SEQ:HASH" in bad.output
