"""Fixtures of the reliability tests, and the count of hostile inputs tried."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from truceline.api import create_app

FUZZ_COUNT: dict[str, int] = {}


@pytest.fixture
def tried(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Call ``tried()`` once per hostile input fed to the code under test."""
    name = request.node.name.split("[")[0]

    def count(n: int = 1) -> None:
        FUZZ_COUNT[name] = FUZZ_COUNT.get(name, 0) + n

    return count


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if FUZZ_COUNT:
        total = sum(FUZZ_COUNT.values())
        terminalreporter.write_line(f"hostile inputs tried: {total} "
                                    + ", ".join(f"{k}={v}" for k, v in sorted(FUZZ_COUNT.items())))


@pytest.fixture(scope="module")
def api_ws(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The API fixture workspace (every role, a confidential monitor)."""
    from tests.unit.api._fixture import build

    ws = tmp_path_factory.mktemp("api") / "ws"
    info = build(ws)
    return {"ws": ws, **info}


@pytest.fixture
def client(api_ws: dict[str, object]) -> Iterator[object]:
    """A TestClient over a fresh app (fresh rate-limit buckets) on the fixture workspace."""
    from fastapi.testclient import TestClient

    app = create_app(Path(str(api_ws["ws"])))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.store.close()


def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    """The long variants here (marked ``slow``) run only when asked: ``-m slow``."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="long variant; run with -m slow")
    for item in items:
        if "slow" in item.keywords and "tests/reliability/" in str(item.path):
            item.add_marker(skip)
