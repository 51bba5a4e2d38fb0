"""The doc names every field of the schema; the doctests of the package run."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from truceline.agreements import agreement_json_schema

DOC = Path(__file__).resolve().parents[3] / "docs" / "agreement-format.md"


def _fields(schema):
    found = set(schema.get("properties", {}))
    for sub in schema.get("$defs", {}).values():
        found |= _fields(sub)
    for sub in schema.get("properties", {}).values():
        found |= _fields(sub)
    for sub in schema.get("oneOf", []):
        found |= _fields(sub)
    return found


def test_every_field_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(f for f in _fields(agreement_json_schema()) if f"`{f}" not in text)
    assert not missing


@pytest.mark.parametrize("name", [
    "truceline.agreements._yaml", "truceline.agreements._validate",
    "truceline.agreements._windows", "truceline.agreements._files",
    "truceline.agreements._dump", "truceline.agreements._load",
    "truceline.agreements._summary", "truceline.agreements._schema",
    "truceline.geo._crs", "truceline.geo._geodesy"])
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert result.attempted > 0
