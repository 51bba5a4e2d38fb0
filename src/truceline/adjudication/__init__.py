"""Adjudication stage: incidents × agreements → findings with tests and reasons."""

from truceline.adjudication._adjudicate import adjudicate
from truceline.adjudication._bulk import IncidentTable, VerdictTable, adjudicate_table

__all__ = ["IncidentTable", "VerdictTable", "adjudicate", "adjudicate_table"]
