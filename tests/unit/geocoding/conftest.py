"""Fixtures: the imported Ukrainian gazetteer, built once per test session in a tmp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from truceline.geocoding import (
    Gazetteer,
    GazetteerGeocoder,
    import_boundaries,
    import_geonames,
    import_geonames_postal,
    import_osm_admin_centres,
    import_osm_settlements,
)


@pytest.fixture(scope="session")
def gazetteer_dir(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gazetteer")
    gz = shared_data / "gazetteer"
    import_osm_settlements(gz / "osm_settlements_ua.csv", into=folder)
    import_geonames(gz / "geonames_cities1000_UA_RUborder.csv", into=folder)
    import_geonames_postal(gz / "geonames_postalcodes_UA.txt", into=folder)
    import_osm_admin_centres(gz / "osm_hromada_admin_centres_ua.csv", into=folder)
    import_boundaries(shared_data / "boundaries" / "osm_ua_oblasts.geojson", into=folder)
    import_boundaries(shared_data / "boundaries" / "osm_ua_raions.geojson", into=folder,
                      country="UA")
    return folder


@pytest.fixture(scope="session")
def full_gazetteer(gazetteer_dir: Path) -> Gazetteer:
    return Gazetteer.load(gazetteer_dir)


@pytest.fixture(scope="session")
def geocoder(full_gazetteer: Gazetteer) -> GazetteerGeocoder:
    return GazetteerGeocoder(full_gazetteer)
