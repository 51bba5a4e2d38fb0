from __future__ import annotations

from datetime import date

import pytest

from truceline.extraction._dates import find_dates

REF = date(2025, 3, 19)  # a Wednesday
D = date

CASES = [
    ("on Wednesday the ministry said", (D(2025, 3, 19), None)),
    ("on Tuesday evening", (D(2025, 3, 18), None)),
    ("launched a drone strike overnight", (D(2025, 3, 18), D(2025, 3, 19))),
    ("the night of 20 to 21 April", (D(2024, 4, 20), D(2024, 4, 21))),
    ("on the night of March 17-18", (D(2025, 3, 17), D(2025, 3, 18))),
    ("yesterday", (D(2025, 3, 18), None)),
    ("from 16 to 18 February", (D(2025, 2, 16), D(2025, 2, 18))),
    ("April 19, 2025", (D(2025, 4, 19), None)),
    ("On August 17th", (D(2024, 8, 17), None)),
    ("8 December 2020", (D(2020, 12, 8), None)),
    ("2025-03-04", (D(2025, 3, 4), None)),
    ("当地时间8月18日", (D(2024, 8, 18), None)),
    ("today", (D(2025, 3, 19), None)),
    ("в ніч на 21 березня", (D(2025, 3, 20), D(2025, 3, 21))),
    ("У ніч на 14 серпня 2024 року", (D(2024, 8, 13), D(2024, 8, 14))),
    ("4 квітня 2025 року", (D(2025, 4, 4), None)),
    ("вчора", (D(2025, 3, 18), None)),
    ("в четвер", (D(2025, 3, 13), None)),
    ("у неділю", (D(2025, 3, 16), None)),
    ("25 грудня", (D(2024, 12, 25), None)),
    ("в ночь на 17 ноября", (D(2024, 11, 16), D(2024, 11, 17))),
    ("в ночь на воскресенье, 7 сентября", (D(2024, 9, 6), D(2024, 9, 7))),
    ("За период с вечера 16 по вечер 17 февраля", (D(2025, 2, 16), D(2025, 2, 17))),
    ("18 марта", (D(2025, 3, 18), None)),
    ("вчера", (D(2025, 3, 18), None)),
    ("в среду", (D(2025, 3, 19), None)),
    ("8 мая 2025 года", (D(2025, 5, 8), None)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_date_table(text: str, expected: tuple[date, date | None]) -> None:
    hits = [h for h in find_dates(text, ref=REF) if h.start is not None]
    assert hits, text
    assert (hits[0].start, hits[0].end) == expected


def test_anaphoric_counts_back_from_last_date() -> None:
    hits = find_dates("за день до этого", ref=REF, anchor=D(2025, 3, 28))
    assert hits[0].start == D(2025, 3, 27)


def test_missing_date_stays_null() -> None:
    assert find_dates("Russian forces dropped an aerial bomb on the village.", ref=REF) == []
    # a day and month without a year and no reference date: not invented
    hits = find_dates("Утром 17 ноября", ref=None)
    assert hits and hits[0].start is None
