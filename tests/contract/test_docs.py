"""Docs that are generated from code must match it; every command must be documented."""

from __future__ import annotations

import os
from pathlib import Path

from truceline.cli._reference import cli_reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_cli_reference_is_current():
    path = DOCS / "cli-reference.md"
    fresh = cli_reference()
    if os.environ.get("UPDATE_DOCS"):
        path.write_text(fresh, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == fresh, (
        "docs/cli-reference.md is stale: run UPDATE_DOCS=1 pytest tests/contract/test_docs.py")


def test_readme_opens_with_the_two_commands():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    head = readme.split("\n## ")[0]
    assert "make run" in head and "make test" in head
