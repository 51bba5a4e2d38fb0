"""The agreement format v1, declared once as a JSON Schema (draft 2020-12).

The loader's structural check (:mod:`truceline.agreements._validate`) interprets this
very dictionary, and ``schemas/agreement.v1.json`` is generated from it, so the file, the
checker and the docs cannot drift apart. Meaning-level checks (dates, time zones,
references, geometry) live in the loader.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from truceline.domain.vocab import EVENT_TYPES, TARGET_TYPES, WEAPON_CLASSES

SCHEMA_ID = "https://truceline.org/schemas/agreement.v1.json"

_ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
       "description": "Identifier: letters, digits, '.', '_' or '-'."}
_CODE = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]*$",
         "description": "A party code, e.g. UA or RU."}
_TEXT = {"type": "string"}
_PATH = {"type": "string", "minLength": 1,
         "description": "File path, relative to the YAML file's folder; a 'data:' prefix "
                        "resolves against the data folder (--data-dir or TRUCELINE_DATA)."}
_DATETIME = {"type": "string", "minLength": 1,
             "description": "ISO 8601 local date-time (YYYY-MM-DDTHH:MM[:SS]) or date "
                            "(midnight), read in the window's timezone; an explicit offset "
                            "must agree with that zone."}


def _vocab(values: tuple[str, ...], what: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "enum": list(values)},
            "uniqueItems": True, "description": f"{what}; empty or absent means any."}


_DEFS: dict[str, Any] = {
    "party": {
        "type": "object", "additionalProperties": False, "required": ["code"],
        "properties": {"code": _CODE, "name": {**_TEXT, "description": "Display name."}},
    },
    "reading": {
        "type": "object", "additionalProperties": False, "required": ["party", "at"],
        "description": "One party's reading of a disputed edge.",
        "properties": {"party": _CODE, "at": _DATETIME,
                       "note": {**_TEXT, "description": "Who said so, where."}},
    },
    "edge": {
        "description": "A window edge: a date-time, or the parties' disputed readings.",
        "oneOf": [
            _DATETIME,
            {"type": "object", "additionalProperties": False, "required": ["disputed"],
             "properties": {"disputed": {"type": "array", "minItems": 1,
                                         "items": {"$ref": "#/$defs/reading"}}}},
        ],
    },
    "window": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "start", "timezone"],
        "properties": {
            "id": _ID,
            "start": {"$ref": "#/$defs/edge"},
            "end": {"$ref": "#/$defs/edge",
                    "description": "Exclusive end; absent means open-ended."},
            "timezone": {"type": "string", "description": "IANA time zone, e.g. Europe/Kyiv."},
            "note": _TEXT,
        },
    },
    "admin_area": {
        "type": "object", "additionalProperties": False, "required": ["file", "name"],
        "properties": {
            "file": _PATH,
            "name": {"type": "string", "minLength": 1,
                     "description": "Matched against the name, name:en, name:uk and "
                                    "name:ru properties of the file's features."},
        },
    },
    "contact_line": {
        "type": "object", "additionalProperties": False,
        "required": ["snapshot", "controlled_by"],
        "properties": {
            "snapshot": {**_PATH, "description": "GeoJSON of the area one party controls "
                                                 "(e.g. a DeepState snapshot)."},
            "controlled_by": {**_CODE, "description": "The party whose control the "
                                                      "snapshot's polygons show."},
            "territory": {**_PATH, "description": "GeoJSON outline of the country; the line "
                                                  "is then only the part of the snapshot's "
                                                  "edge that faces the other party."},
        },
    },
    "points": {
        "type": "object", "additionalProperties": False, "required": ["file"],
        "description": "Points from a CSV file (e.g. known energy facilities), grown by "
                       "buffer_km into discs.",
        "properties": {
            "file": _PATH,
            "lon": {"type": "string", "description": "Longitude column (default longitude)."},
            "lat": {"type": "string", "description": "Latitude column (default latitude)."},
            "where": {"type": "object", "additionalProperties": {"type": "string"},
                      "description": "Keep rows whose column matches the regex, e.g. "
                                     "{primary_fuel: 'Coal|Gas|Nuclear|Hydro'}."},
        },
    },
    "zone": {
        "type": "object", "additionalProperties": False, "required": ["id"],
        "description": "Exactly one of geojson, admin_area, contact_line, points.",
        "oneOf": [{"required": ["geojson"]}, {"required": ["admin_area"]},
                  {"required": ["contact_line"]}, {"required": ["points"]}],
        "properties": {
            "id": _ID,
            "name": _TEXT,
            "description": _TEXT,
            "geojson": {**_PATH, "description": "A GeoJSON file (lon/lat, RFC 7946)."},
            "admin_area": {"$ref": "#/$defs/admin_area"},
            "contact_line": {"$ref": "#/$defs/contact_line"},
            "points": {"$ref": "#/$defs/points"},
            "buffer_km": {"type": "number", "exclusiveMinimum": 0,
                          "description": "Grow the zone by this many km (required for "
                                         "contact_line)."},
            "side": {"type": "string", "description": "'both' (default) or a party code: "
                                                      "keep only that party's side."},
        },
    },
    "prohibits": {
        "type": "object", "additionalProperties": False,
        "properties": {
            "event_types": _vocab(EVENT_TYPES, "Event types prohibited"),
            "target_types": _vocab(TARGET_TYPES, "Target types protected"),
            "weapon_classes": _vocab(WEAPON_CLASSES, "Weapon classes concerned"),
        },
    },
    "clause": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "prohibits", "parties"],
        "properties": {
            "id": _ID,
            "title": _TEXT,
            "text": {**_TEXT, "description": "The clause's words, quoted from the source."},
            "prohibits": {"$ref": "#/$defs/prohibits"},
            "parties": {"type": "array", "minItems": 1, "items": _CODE,
                        "description": "Parties bound by the clause."},
            "zone": {**_ID, "description": "Zone id; absent means anywhere."},
            "windows": {"type": "array", "items": _ID,
                        "description": "Window ids; absent means all windows."},
            "zone_rule": {"type": "string", "enum": ["in", "into", "from", "in_from_or_into"],
                          "description": "How the zone applies: in (the act lands in it, the "
                                         "default), into (lands in it, fired from outside), "
                                         "from (fired from inside it), in_from_or_into."},
            "target_zone": {**_ID, "description": "Zone of known protected facilities: an "
                                                  "incident whose target is not stated but "
                                                  "that lies inside it is taken to hit the "
                                                  "clause's protected target."},
        },
    },
}

_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Truceline agreement, format v1",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema_version", "id", "title", "parties", "windows", "clauses"],
    "properties": {
        "schema_version": {"const": 1, "description": "Format version; always 1."},
        "id": _ID,
        "title": _TEXT,
        "source": {**_TEXT, "description": "Public source citation (URL, document)."},
        "description": _TEXT,
        "extent": {"type": "array", "minItems": 4, "maxItems": 4,
                   "items": {"type": "number"},
                   "description": "Theatre bounding box [west, south, east, north] in "
                                  "lon/lat, used to catch swapped coordinates."},
        "parties": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/party"}},
        "windows": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/window"}},
        "zones": {"type": "array", "items": {"$ref": "#/$defs/zone"}},
        "clauses": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/clause"}},
    },
    "$defs": _DEFS,
}


def agreement_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of agreement format v1, as a fresh dict.

    Examples
    --------
    >>> agreement_json_schema()["properties"]["schema_version"]["const"]
    1
    """
    return copy.deepcopy(_SCHEMA)


def schema_text() -> str:
    """The schema as the text checked in at ``schemas/agreement.v1.json``."""
    return json.dumps(_SCHEMA, indent=2, ensure_ascii=False) + "\n"
