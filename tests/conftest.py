"""Shared fixtures.

``shared_data`` is the folder of real reference data that sits beside the clone
(``../shared/data``; override with ``TRUCELINE_SHARED_DATA``). Locally a missing folder
skips the tests that need it; under CI (``CI=true``) it is an error.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = Path(os.environ.get("TRUCELINE_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared data folder {path} is missing on CI")
        pytest.skip(f"shared data folder {path} not present")
    return path


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO
