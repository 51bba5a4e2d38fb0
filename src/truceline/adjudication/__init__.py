"""Adjudication stage: incidents × agreements → findings with tests and reasons."""

from truceline.adjudication._adjudicate import adjudicate

__all__ = ["adjudicate"]
