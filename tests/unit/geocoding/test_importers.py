"""Importers and the persisted user gazetteer."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from truceline.errors import GeocodingError
from truceline.geocoding import (
    Gazetteer,
    import_boundaries,
    import_csv,
    import_geonames,
    import_geonames_postal,
    import_osm_settlements,
)
from truceline.geocoding._gazetteer import USER_FILE


def test_osm_import_counts_and_skips(shared_data: Path, tmp_path: Path) -> None:
    s = import_osm_settlements(shared_data / "gazetteer" / "osm_settlements_ua.csv",
                               into=tmp_path)
    assert s.rows_read == 11261
    assert s.added + sum(s.skipped.values()) == s.rows_read
    assert s.skipped["no name"] > 0  # rows without any name are reported, not hidden
    toretsk = next(e for e in s.entries if "Торецьк" in e.names)
    assert "Дзержинськ" in toretsk.old_names and toretsk.admin1 == "Donetsk Oblast"
    assert (tmp_path / USER_FILE).is_file()


def test_full_gazetteer_stats(full_gazetteer: Gazetteer) -> None:
    st = full_gazetteer.stats()
    assert st["by_kind"]["region"] >= 25 and st["by_kind"]["district"] >= 130
    assert st["former_name_keys"] > 500 and st["merged_rows"] > 1000
    assert st["by_country"]["UA"] > 30000


def test_reimport_is_idempotent(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "gazetteer" / "osm_hromada_admin_centres_ua.csv"
    from truceline.geocoding import import_osm_admin_centres

    import_osm_admin_centres(path, into=tmp_path)
    size = len(Gazetteer.load(tmp_path, default=False).entries)
    import_osm_admin_centres(path, into=tmp_path)
    assert len(Gazetteer.load(tmp_path, default=False).entries) == size


def test_postal_import_collapses_codes_of_one_place(shared_data: Path) -> None:
    s = import_geonames_postal(shared_data / "gazetteer" / "geonames_postalcodes_UA.txt")
    assert s.rows_read == 29571
    assert s.skipped["another postal code of the same place"] > 1000
    assert len({e.id for e in s.entries}) == s.added


def test_geonames_dump_with_alternate_names(tmp_path: Path) -> None:
    dump = tmp_path / "XX.txt"
    cols = ["709354", "Toretsk", "Toretsk", "Torezk", "48.39477", "37.8478", "P", "PPL",
            "UA", "", "05", "", "", "", "30914", "", "170", "Europe/Kyiv", "2024-01-01"]
    region = ["709716", "Donetsk Oblast", "Donetsk Oblast", "", "48.0", "37.5", "A", "ADM1",
              "UA", "", "05", "", "", "", "4100000", "", "", "Europe/Kyiv", "2024-01-01"]
    stream = ["1", "x", "x", "", "48.0", "37.0", "H", "STM", "UA"] + [""] * 10
    dump.write_text("\n".join("\t".join(r) for r in (cols, region, stream)) + "\n",
                    encoding="utf-8")
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("1\t709354\tuk\tТорецьк\t1\t\t\t\t\t\n"
                   "2\t709354\tru\tДзержинск\t\t\t\t1\t\t\n"
                   "3\t709354\tlink\thttps://x\t\t\t\t\t\t\n", encoding="utf-8")
    s = import_geonames(dump, alt, into=tmp_path)
    assert s.rows_read == 3 and s.added == 2
    assert s.skipped == {"not a populated place or ADM1/ADM2 area": 1}
    town = next(e for e in s.entries if e.kind == "settlement")
    assert "Торецьк" in town.names and town.old_names == ("Дзержинск",)
    assert town.admin1 == "Donetsk Oblast"


def test_user_csv_with_mapping(tmp_path: Path) -> None:
    src = tmp_path / "mine.csv"
    src.write_text("title,y,x,alias\nOP Zenit,48.1,37.7,Зеніт;Zenit\nBad,north,37,\n",
                   encoding="utf-8")
    folder = tmp_path / "gaz"
    s = import_csv(src, {"name": "title", "lat": "y", "lon": "x", "names": "alias"},
                   into=folder, country="UA")
    assert s.added == 1 and sum(s.skipped.values()) == 1
    gaz = Gazetteer.load(folder, default=False)
    assert gaz.search("Зеніт")[0].name == "OP Zenit"


def test_csv_errors_name_file_line_and_fix(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("name,lat,lon,country,kind\nX,48,37,UA,fortress\n", encoding="utf-8")
    with pytest.raises(GeocodingError) as info:
        import_csv(src)
    text = str(info.value)
    assert "bad.csv:2" in text and "fortress" in text and "Fix:" in text
    src.write_text("label,lat\n", encoding="utf-8")
    with pytest.raises(GeocodingError, match="missing column"):
        import_csv(src)
    with pytest.raises(GeocodingError, match="does not exist"):
        import_csv(tmp_path / "nope.csv")


def test_corrupt_user_file_is_reported(tmp_path: Path) -> None:
    with gzip.open(tmp_path / USER_FILE, "wt", encoding="utf-8") as fh:
        fh.write('{"format": "something else"}\n')
    with pytest.raises(GeocodingError, match="not a Truceline gazetteer file"):
        Gazetteer.load(tmp_path, default=False)


def test_boundaries_need_a_country_when_the_file_has_none(shared_data: Path) -> None:
    s = import_boundaries(shared_data / "boundaries" / "osm_ua_raions.geojson")
    assert s.added == 0 and s.skipped["no country (pass country=)"] == s.rows_read
    s = import_boundaries(shared_data / "boundaries" / "osm_ua_oblasts.geojson")
    assert s.added == 25 and all(e.kind == "region" and e.admin1 for e in s.entries)
    assert all(e.geometry for e in s.entries)
