"""Per-row source ids and per-row time zones (files whose rows come from many sources)."""

from __future__ import annotations

from datetime import UTC, datetime

from truceline import intake

MAPPING = """\
name: rows
format: csv
timezone: UTC
source: {id: fallback, name: Fallback}
report: {source: who}
claim:
  event_type: {value: drone_strike}
  when: {start: {column: date, formats: ["%Y-%m-%d %H:%M"]}, timezone: {column: tz}}
"""


def test_rows_name_their_source_and_zone(tmp_path):
    (tmp_path / "m.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "f.csv").write_text(
        "who,date,tz\n"
        "ru-mod,2025-04-19 18:00,Europe/Moscow\n"
        "ua-gs,2025-04-19 18:00,\n"
        ",2025-04-19 18:00,UTC\n"
        "ua-gs,2025-04-19 18:00,Mars/Olympus\n", encoding="utf-8")
    items = list(intake.read(tmp_path / "f.csv", mapping=str(tmp_path / "m.yaml")))
    ok = [i for i in items if isinstance(i, intake.Record)]
    bad = [i for i in items if isinstance(i, intake.Quarantined)]
    assert [r.report.source_id for r in ok] == ["ru-mod", "ua-gs"]
    assert ok[0].claims[0].source_id == "ru-mod"
    assert ok[0].claims[0].when.start == datetime(2025, 4, 19, 15, 0, tzinfo=UTC)
    assert ok[1].claims[0].when.start == datetime(2025, 4, 19, 18, 0, tzinfo=UTC)  # fallback
    assert [(q.row, q.field) for q in bad] == [(3, "source"), (4, "timezone")]
    assert "Mars/Olympus" in bad[1].reason and "Fix:" in bad[1].reason
