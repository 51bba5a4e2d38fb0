"""The one error tree of Truceline.

::

    TrucelineError
    ├── IntakeError
    ├── ExtractionError
    ├── GeocodingError
    ├── FusionError
    ├── AdjudicationError
    ├── AgreementError
    │   ├── AgreementSchemaError     (the file does not follow the format)
    │   └── AgreementReferenceError  (it points at something that is not there)
    ├── StorageError
    │   └── MigrationError
    └── ConfigError

    TrucelineWarning
    ├── AmbiguityWarning
    ├── CRSWarning
    └── LowConfidenceWarning

Every error carries an ``exit_code`` (for the CLI) and an ``http_status`` (for the API),
and its message names the object, the value and the fix. Foreign exceptions are
re-raised as ours with ``raise ... from exc`` inside the adapter that called them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One located mistake: where it is, what is wrong, and how to fix it."""

    file: str | None = None
    line: int | None = None
    path: str = ""
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.path:
            where = f"{where} [{self.path}]" if where else f"[{self.path}]"
        text = f"{where}: {self.message}" if where else self.message
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


class TrucelineError(Exception):
    """Root of every error Truceline raises on purpose."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, *, problems: tuple[Problem, ...] | list[Problem] = ()):
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message, *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class IntakeError(TrucelineError):
    """A source could not be read (file missing, unknown format, unreadable encoding)."""

    exit_code = 3


class ExtractionError(TrucelineError):
    """Claims could not be extracted from a report."""


class GeocodingError(TrucelineError):
    """A place could not be resolved, or was ambiguous under the ``raise`` policy."""


class FusionError(TrucelineError):
    """Claims could not be fused into incidents."""


class AdjudicationError(TrucelineError):
    """Findings could not be made."""


class AgreementError(TrucelineError):
    """An agreement file is wrong."""

    exit_code = 2
    http_status = 422


class AgreementSchemaError(AgreementError):
    """The agreement does not follow the format (unknown key, bad date, bad time zone...)."""


class AgreementReferenceError(AgreementError):
    """The agreement refers to something that does not exist (zone, file, party, area)."""


class StorageError(TrucelineError):
    """The store could not be opened, read or written."""

    exit_code = 4
    http_status = 500


class MigrationError(StorageError):
    """The store's schema could not be brought up to date."""


class ConfigError(TrucelineError):
    """A setting, workspace or command-line value is wrong."""

    exit_code = 2


class NotFoundError(TrucelineError):
    """A requested object (finding, agreement, report) is not in the store."""

    exit_code = 5
    http_status = 404


class TrucelineWarning(UserWarning):
    """Root of Truceline's warnings."""


class AmbiguityWarning(TrucelineWarning):
    """The pipeline met an ambiguity and recorded it instead of guessing."""


class CRSWarning(TrucelineWarning):
    """A distance was asked of geographic coordinates."""


class LowConfidenceWarning(TrucelineWarning):
    """A value rests on weak evidence."""


__all__ = [
    "AdjudicationError",
    "AgreementError",
    "AgreementReferenceError",
    "AgreementSchemaError",
    "AmbiguityWarning",
    "CRSWarning",
    "ConfigError",
    "ExtractionError",
    "FusionError",
    "GeocodingError",
    "IntakeError",
    "LowConfidenceWarning",
    "MigrationError",
    "NotFoundError",
    "Problem",
    "StorageError",
    "TrucelineError",
    "TrucelineWarning",
]
