"""Claim extraction: rule-based, multilingual (en, uk, ru), lexicons as data.

``extract(texts)`` turns texts into :class:`~truceline.domain.Claim` values (places as
written, without coordinates: geocoding is its own stage) and :class:`AggregateClaim`
values; ``evaluate_extraction`` scores predictions against a gold file.
"""

from __future__ import annotations

from truceline.extraction._evaluate import EvalResult, evaluate_extraction
from truceline.extraction._extract import extract
from truceline.extraction._lexicon import PartyLexicon, load_parties
from truceline.extraction._merge import claim_days
from truceline.extraction._model import AggregateClaim, ExtractionResult, ReportQuality
from truceline.extraction._output import records

__all__ = [
    "AggregateClaim",
    "EvalResult",
    "ExtractionResult",
    "PartyLexicon",
    "ReportQuality",
    "claim_days",
    "evaluate_extraction",
    "extract",
    "load_parties",
    "records",
]
