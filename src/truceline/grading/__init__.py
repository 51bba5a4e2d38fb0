"""Grading stage: credibility grade 1–6 per incident, with reasons.

Rules: docs/methodology/credibility.md (and :mod:`truceline.grading._grade`).
"""

from truceline.grading._grade import (
    LABELS,
    Grade,
    Group,
    credibility,
    grade,
    grade_reasons,
    groups_of,
    upstream_of,
)

__all__ = ["LABELS", "Grade", "Group", "credibility", "grade", "grade_reasons", "groups_of",
           "upstream_of"]
