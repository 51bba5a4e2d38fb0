"""Format-level round trip: YAML text ↔ the validated plain document of format v1."""

from __future__ import annotations

from typing import Any

import yaml

from truceline.agreements._schema import _SCHEMA
from truceline.agreements._validate import Validator
from truceline.agreements._yaml import read_yaml
from truceline.domain import Agreement
from truceline.errors import AgreementSchemaError


def parse_agreement_text(text: str, *, file: str = "<string>") -> dict[str, Any]:
    """Parse YAML text and check its *structure* against format v1; return the document.

    Only the structure is checked (no files, dates or references): this is the
    format-level model that :func:`dump_agreement_yaml` writes back.

    Examples
    --------
    >>> try:
    ...     parse_agreement_text("schema_version: 2")
    ... except AgreementSchemaError as exc:
    ...     print(any("schema_version 2 is not supported" in p.message for p in exc.problems))
    True
    """
    loc = read_yaml(text, file)
    problems = list(loc.problems)
    if not problems:
        validator = Validator(_SCHEMA, loc, file)
        validator.check(loc.data, _SCHEMA, "")
        problems = validator.problems
    if problems:
        raise AgreementSchemaError(f"{file} has {len(problems)} problem(s)",
                                   problems=problems)
    return loc.data


def dump_agreement_yaml(agreement: Agreement | dict[str, Any]) -> str:
    """Write an agreement's format-level document as YAML text (format v1).

    ``agreement`` is a loaded :class:`Agreement` (its source document is kept in
    ``extra['document']``) or a document as returned by :func:`parse_agreement_text`.
    """
    doc = agreement.extra.get("document") if isinstance(agreement, Agreement) else agreement
    if not isinstance(doc, dict):
        raise AgreementSchemaError("this Agreement was not loaded from format v1 YAML, so it "
                                   "has no document to dump")
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
