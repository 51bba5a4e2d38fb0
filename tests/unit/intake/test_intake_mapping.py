"""Loading and validating mappings."""

from __future__ import annotations

from pathlib import Path

import pytest

from truceline.errors import IntakeError
from truceline.intake import list_mappings, load_mapping


def test_builtins_load() -> None:
    assert list_mappings() == ["acled", "generic", "missile_attacks", "ucdp"]
    for name in list_mappings():
        m = load_mapping(name)
        assert m.name == name and m.source is not None
    assert load_mapping("missile_attacks").source.party == "UA"
    assert load_mapping("acled").source.kind == "dataset"


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "m.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    p = _write(tmp_path, "source: {id: x, name: X}\nclaim:\n  event_type: t\n  wepon: w\n")
    with pytest.raises(IntakeError) as err:
        load_mapping(p)
    text = str(err.value)
    assert f"{p}:4" in text and "unknown key 'wepon'" in text and "weapon" in text


def test_values_outside_vocabulary_are_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, "claim:\n  event_type: {column: t, map: {a: shelling}}\n")
    with pytest.raises(IntakeError, match="'shelling' is not in the vocabulary"):
        load_mapping(p)


def test_bad_timezone_regex_and_table(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="unknown time zone 'Europe/Kiyv'"):
        load_mapping(_write(tmp_path, "timezone: Europe/Kiyv\nclaim: {event_type: t}\n"))
    with pytest.raises(IntakeError, match="bad regular expression"):
        load_mapping(_write(tmp_path, "claim:\n  event_type:\n    rules: "
                            "[{if: {a: '('}, value: armed_clash}]\n"))
    with pytest.raises(IntakeError, match="no table named 'parties'"):
        load_mapping(_write(tmp_path, "claim: {event_type: t, actor: {column: a, "
                            "table: parties}}\n"))


def test_unknown_name_lists_builtins() -> None:
    with pytest.raises(IntakeError, match="acled, generic, missile_attacks, ucdp"):
        load_mapping("acledd")
