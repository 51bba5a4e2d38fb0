"""Geocoding stage: place names as written → places with coordinates, precision and reasons.

Spelling, script and transliteration variants, inflected forms and former names all find
the same gazetteer entry; homonyms are settled by stated region, places named nearby,
distance to the contact line and population, or reported as ambiguous. See
``docs/methodology/geocoding.md``.
"""

from truceline.geocoding._default import default_gazetteer
from truceline.geocoding._gazetteer import Entry, Gazetteer
from truceline.geocoding._importers import (
    ImportSummary,
    import_boundaries,
    import_csv,
    import_geonames,
    import_geonames_postal,
    import_osm_admin_centres,
    import_osm_settlements,
)
from truceline.geocoding._normalise import skeleton
from truceline.geocoding._resolver import GazetteerGeocoder, GeoContext, Resolution
from truceline.geocoding._stage import geocode
from truceline.geocoding.base import Geocoder

__all__ = [
    "Entry",
    "Gazetteer",
    "GazetteerGeocoder",
    "GeoContext",
    "Geocoder",
    "ImportSummary",
    "Resolution",
    "default_gazetteer",
    "geocode",
    "import_boundaries",
    "import_csv",
    "import_geonames",
    "import_geonames_postal",
    "import_osm_admin_centres",
    "import_osm_settlements",
    "skeleton",
]
