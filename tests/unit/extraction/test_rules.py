"""General rules added after the error analysis: each on a small made-up text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from truceline.cli import cli
from truceline.extraction import claim_days, extract
from truceline.extraction._places import find_places
from truceline.pipeline_text import ingest_texts
from truceline.storage import init_workspace
from truceline.textintake import read_text


def _doc(body: str, header: str = "") -> bytes:
    return (header + "---\n" + body + "\n").encode() if header else body.encode()


def test_year_from_header_note_when_no_publication_date() -> None:
    doc = read_text(_doc("Удар 17 ноября по Киеву.", "PUBLISHED: unknown (about [2024])\n"),
                    name="a.txt")
    assert doc.reference is None and doc.year_hint == 2024
    assert "publication note" in doc.year_note


def test_year_from_file_name_as_last_resort() -> None:
    doc = read_text(b"On April 21 Russian drones struck the village of Kozacha.",
                    name="x_2025-04-21_slug.txt")
    assert doc.year_hint == 2025
    c = extract([doc]).claims[0]
    assert claim_days(c)[0] == date(2025, 4, 21)


def test_according_to_names_the_source_not_the_subject() -> None:
    text = _doc("The Russian Defence Ministry said the strike was planned. According to the "
                "Defence Ministry, three Ukrainian drones attacked an oil depot in the village "
                "of Kozacha on 19 March.", "PUBLISHED: 2025-03-19\n")
    c = extract([read_text(text, name="b.txt")]).claims[0]
    assert c.alleged_by == "RU" and c.actor == "UA" and c.stance == "allegation"


def test_accused_is_the_other_side_when_unnamed() -> None:
    text = _doc("Про це 20 квітня повідомив Генштаб ЗСУ. На Покровському напрямку 20 квітня "
                "зафіксовано три бойові зіткнення, повідомив Генштаб ЗСУ.",
                "PUBLISHED: 2025-04-20\n")
    c = extract([read_text(text, name="c.txt")]).claims[0]
    assert c.alleged_by == "UA" and c.actor == "RU"


def test_frame_area_before_finer_places_is_dropped() -> None:
    hits = find_places("на Запорізькому напрямку – одне бойове зіткнення в районі Степового", "uk")
    assert [h.precision for h in hits] == [1]


def test_inline_han_run_does_not_split_the_sentence() -> None:
    text = _doc("On August 17th, sources reported that Russian small groups tried to渗透 the "
                "positions near the town of Kozacha, preparing to capture it.",
                "PUBLISHED: 2025-08-19\n")
    claims = extract([read_text(text, name="d.txt")]).claims
    assert len(claims) == 1 and claims[0].place is not None
    assert claims[0].place.name == "Kozacha"


def test_carried_date_yields_to_stated_date_for_same_place() -> None:
    text = _doc("A drone attack hit the town of Kozacha on Tuesday evening. On Wednesday "
                "morning officials spoke. Later, the town of Kozacha was attacked by Russian "
                "drones, officials reported.", "PUBLISHED: 2025-03-19\n")
    claims = extract([read_text(text, name="e.txt")]).claims
    assert len(claims) == 1 and claim_days(claims[0])[0] == date(2025, 3, 18)


def test_ingest_texts_stores_once(tmp_path: Path, shared_data: Path) -> None:
    files = sorted((shared_data / "news_dev").glob("0[12]_*.txt"))
    with init_workspace(tmp_path / "ws") as store:
        first = ingest_texts(store, files)
        again = ingest_texts(store, files)
        counts = store.counts()
    assert first.stored == 2 and first.claims >= 2 and first.duplicates == 0
    assert again.stored == 0 and again.duplicates == 2 and again.claims == 0
    assert counts["reports"] == 2 and counts["claims"] == first.claims


def test_ingest_text_command(tmp_path: Path, shared_data: Path) -> None:
    f = next((shared_data / "news_dev").glob("20_*.txt"))
    ws = str(tmp_path / "ws")
    assert CliRunner().invoke(cli, ["init", ws]).exit_code == 0
    out = CliRunner().invoke(cli, ["ingest-text", "-w", ws, str(f)])
    assert out.exit_code == 0, out.output
    assert "stored 1" in out.output and "aggregate" in out.output
    out = CliRunner().invoke(cli, ["ingest-text", "-w", ws, str(f)])
    assert "duplicate 1" in out.output
