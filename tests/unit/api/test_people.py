"""Users, tokens and confidential sources in the store, and the `truceline user` CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.errors import ConfigError, NotFoundError
from truceline.storage import _people as people
from truceline.storage import init_workspace


def test_users_tokens_and_cli(tmp_path):
    ws = tmp_path / "w"
    init_workspace(ws).close()
    run = CliRunner()
    out = run.invoke(cli, ["user", "add", "lia", "--role", "liaison", "--party", "UA",
                           "-w", str(ws)])
    assert out.exit_code == 0, out.output
    bad = run.invoke(cli, ["user", "add", "x", "--role", "liaison", "-w", str(ws)])
    assert bad.exit_code == 2 and "--party" in bad.output
    tok = run.invoke(cli, ["user", "token", "lia", "-w", str(ws)]).output.strip()
    assert tok.startswith("tl_")
    with init_workspace(ws) as store:
        u = people.token_user(store, tok)
        assert u is not None and u.party == "UA" and u.role == "liaison"
        assert people.token_user(store, tok[:-1] + ("A" if tok[-1] != "A" else "B")) is None
        assert people.token_user(store, "nonsense") is None
    rev = run.invoke(cli, ["user", "revoke", "lia", "-w", str(ws)])
    assert "Revoked 1 token" in rev.output
    with init_workspace(ws) as store:
        assert people.token_user(store, tok) is None
        with pytest.raises(NotFoundError):
            people.get_user(store, "nobody")
        with pytest.raises(ConfigError, match="already exists"):
            people.add_user(store, "lia", role="analyst")
        store.upsert_sources([])
    listed = run.invoke(cli, ["user", "list", "--csv", "-w", str(ws)])
    assert "lia,liaison,UA" in listed.output


def test_confidential_flag_latest_wins(tmp_path):
    from truceline.domain import Source

    with init_workspace(tmp_path / "w") as store:
        store.upsert_sources([Source(id="m1", name="Monitor one", kind="monitor")])
        people.set_confidential(store, "m1", True)
        assert people.confidential_sources(store) == {"m1"}
        people.set_confidential(store, "m1", False)
        assert people.confidential_sources(store) == frozenset()
        with pytest.raises(NotFoundError):
            people.set_confidential(store, "nope", True)
        assert store.verify_audit()[0]
