"""Imports flow inward: faces → pipeline → stages → {agreements, geo} → domain.

Stages never import each other, the store, or the faces; the domain imports nothing of
ours but errors and _typing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "truceline"
STAGES = {"intake", "textintake", "extraction", "geocoding", "fusion", "adjudication",
          "territory", "grading",
          "reporting"}
FACES = {"cli", "api", "web"}
ALWAYS = {"errors", "_typing", "_version", "_optional", "_runtime", "settings"}


def truceline_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for n in names:
            parts = n.split(".")
            if parts[0] == "truceline" and len(parts) > 1:
                out.add(parts[1])
    return out


def package_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def modules():
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_flow_inward(path):
    pkg = package_of(path)
    used = truceline_imports(path) - ALWAYS - {pkg}
    if pkg == "domain":
        assert used == set(), f"domain must not import {used}"
    elif pkg in ("geo", "agreements"):
        assert used <= {"domain", "geo"}, f"{pkg} imports {used}"
    elif pkg in STAGES:
        allowed = {"domain", "geo"} | ({"agreements"} if pkg == "adjudication" else set())
        if pkg == "extraction":
            # Extraction reads textintake's TextDocument (a text Report with its language
            # segments); the one sanctioned edge between two stages until that value moves
            # into domain.
            allowed |= {"textintake"}
        assert used <= allowed, f"stage {pkg} imports {used - allowed}"
    elif pkg == "storage":
        assert used <= {"domain"}, f"storage imports {used}"
