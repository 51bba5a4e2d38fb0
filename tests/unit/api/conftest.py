"""Fixtures: one workspace per module, and a TestClient over it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.unit.api._fixture import build

from truceline.api import Settings, create_app


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    ws = tmp_path_factory.mktemp("ws")
    info = build(ws)
    app = create_app(Settings(workspace=ws, max_upload_bytes=1000))
    with TestClient(app) as client:
        yield {"ws": ws, "client": client, "app": app, **info}
    app.state.store.close()


@pytest.fixture
def client(world):
    return world["client"]


@pytest.fixture
def auth(world):
    def header(role: str) -> dict[str, str]:
        if role == "public":
            return {}
        return {"Authorization": f"Bearer {world['tokens'][role]}"}
    return header
