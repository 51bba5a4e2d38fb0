"""The rulebook: agreement YAML (format v1) → :class:`~truceline.domain.Agreement`.

Every mistake is reported with file, line, key path and fix; see
``docs/agreement-format.md``. The JSON Schema of the format is
:func:`agreement_json_schema` (checked in as ``schemas/agreement.v1.json``).
"""

from truceline.agreements._corridors import corridor_agreements, corridor_hours
from truceline.agreements._dump import dump_agreement_yaml, parse_agreement_text
from truceline.agreements._load import check_agreement, load_agreement
from truceline.agreements._schema import agreement_json_schema
from truceline.agreements._summary import describe_agreement

__all__ = [
    "agreement_json_schema",
    "check_agreement",
    "corridor_agreements",
    "corridor_hours",
    "describe_agreement",
    "dump_agreement_yaml",
    "load_agreement",
    "parse_agreement_text",
]
