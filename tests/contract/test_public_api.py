"""The curated public API is pinned: adding or removing a name is a deliberate change."""

from __future__ import annotations

import subprocess
import sys

import truceline

EXPECTED = {
    "Agreement", "Claim", "Clause", "Finding", "Incident", "Place", "Report", "Source",
    "TimeSpan", "Window", "Zone", "TrucelineError", "TrucelineWarning", "load_agreement",
    "check_agreement", "adjudicate", "fuse", "open_store", "init_workspace", "load_sources",
    "pipeline", "__version__",
}


def test_public_names_are_pinned():
    assert set(truceline.__all__) == EXPECTED


def test_every_public_name_resolves():
    for name in truceline.__all__:
        assert getattr(truceline, name) is not None


def test_import_is_light():
    code = ("import sys, truceline; heavy = {'shapely', 'sqlalchemy', 'pyproj'} & "
            "set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
