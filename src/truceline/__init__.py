"""Truceline: ceasefire monitoring and verification.

::

    intake → extraction → geocoding → fusion → adjudication → reporting
    Report     Claim        Place     Incident     Finding      files, map

Agreements (parties, windows, zones, clauses) are data; every finding carries its tests,
reasons, evidence and provenance. The names below are the public API; they are imported
lazily, so ``import truceline`` does nothing heavy.
"""

from __future__ import annotations

import importlib
from typing import Any

from truceline._version import __version__ as __version__

_EXPORTS = {
    "Agreement": "truceline.domain",
    "Claim": "truceline.domain",
    "Clause": "truceline.domain",
    "Finding": "truceline.domain",
    "Incident": "truceline.domain",
    "Place": "truceline.domain",
    "Report": "truceline.domain",
    "Source": "truceline.domain",
    "TimeSpan": "truceline.domain",
    "Window": "truceline.domain",
    "Zone": "truceline.domain",
    "TrucelineError": "truceline.errors",
    "TrucelineWarning": "truceline.errors",
    "load_agreement": "truceline.agreements",
    "check_agreement": "truceline.agreements",
    "adjudicate": "truceline.adjudication",
    "fuse": "truceline.fusion",
    "open_store": "truceline.storage",
    "init_workspace": "truceline.storage",
    "load_sources": "truceline.registry",
    "pipeline": "truceline.pipeline",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'truceline' has no attribute {name!r}")
    mod = importlib.import_module(module)
    return mod if module.endswith("." + name) else getattr(mod, name)


def __dir__() -> list[str]:
    return __all__
