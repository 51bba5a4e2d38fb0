"""Dates in text, resolved against the publication date (en, uk, ru, and 8月18日 forms).

A date the text does not give is not invented: :func:`find_dates` returns only what is
written, and a day-month without a year and without a reference date resolves to ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from truceline.extraction._lexicon import lexicon, rx, scan
from truceline.extraction._scan import Scanner, flat_alternatives


@dataclass(frozen=True)
class DateHit:
    """One date expression: the days it covers (``end`` for spans) and where it was."""

    start: date | None
    end: date | None
    pos: int
    as_written: str
    relative: bool = False


@lru_cache(maxsize=1)
def _patterns() -> dict[str, object]:
    lang = lexicon().lang
    months = {int(k): re.compile(rf"(?:{v})\.?", re.IGNORECASE) for k, v in lang["months"].items()}
    weekdays = {int(k): re.compile(v, re.IGNORECASE) for k, v in lang["weekdays"].items()}
    mon = "(?P<mon>" + "|".join(f"(?:{v})" for v in lang["months"].values()) + r")(?![\w])"
    wd = "(?P<wd>" + "|".join(f"(?:{v})" for v in lang["weekdays"].values()) + r")(?![\w])"
    night = f"(?:{lang['night_of']})"
    d1, d2, d = (r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?", r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?",
                 r"(?P<d>\d{1,2})(?:st|nd|rd|th)?")
    yr = r"(?:,?\s+(?P<y>(?:19|20)\d{2})(?!\d))?"
    sep = r"\s*(?:-|–|—|to|and|по|до|на)\s*"
    part = r"(?:(?:вечера|вечір|вечер|ранку|ранок|утра|утро|evening of|morning of)\s+)?"
    ordered = [
        ("night", rx(rf"{night}\s+(?:{d1}{sep})?{d2}\s+(?:of\s+)?{mon}{yr}")),
        ("night", rx(rf"{night}\s+{mon}\s+(?:{d1}{sep})?{d2}{yr}")),
        ("night_wd", rx(rf"{night}\s+{wd}(?:,?\s+{d2}\s+{mon}{yr})?")),
        ("range", rx(
            rf"(?:from\s+|between\s+|з\s+|с\s+|со\s+)?{part}{d1}{sep}{part}"
            rf"{d2}\s+{mon}{yr}"
        )),
        ("range", rx(rf"{mon}\s+{d1}{sep}{d2}(?!\d){yr}")),
        ("iso", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")),
        ("dm", rx(rf"{d}\s+(?:of\s+)?{mon}{yr}")),
        ("md", rx(rf"{mon}\s+{d}(?![\d:]){yr}")),
        ("zh", re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")),
        ("weekday", rx(rf"(?:(?:on|last|this|в|у|во)\s+)?{wd}")),
    ]
    rel = [(rx(r["pattern"]), tuple(r["days"])) for r in lang["relative"]]
    ana = [(rx(r["pattern"]), tuple(r["days"])) for r in lang["anaphoric"]]
    # Gates: a pattern kind is tried only when the sentence holds what it needs.
    needs = {"night": "mon", "range": "mon", "dm": "mon", "md": "mon", "night_wd": "wd",
             "weekday": "wd", "iso": "iso", "zh": "zh"}
    # (a month name anywhere is one of its names, not followed by a word character)
    gates = {"mon": _gate(lang["months"].values()), "wd": rx(wd.replace("(?P<wd>", "(?:")),
             "iso": re.compile(r"\d{4}-\d\d-\d\d"), "zh": re.compile("月")}
    rel_any = rx("|".join(f"(?:{r['pattern']})" for r in lang["relative"]))
    ana_any = rx("|".join(f"(?:{r['pattern']})" for r in lang["anaphoric"]))
    return {"months": months, "weekdays": weekdays, "ordered": ordered, "relative": rel,
            "anaphoric": ana, "needs": needs, "gates": gates, "rel_any": rel_any,
            "ana_any": ana_any}


def _gate(names: Iterable[str]) -> Scanner:
    r"""Whether a name of ``names`` occurs (at a word start, not followed by a word
    character), as one scan: ``(?:a|b)(?![\w])`` occurs exactly where one of
    ``(?:a)(?![\w])``, ``(?:b)(?![\w])`` does."""
    return scan("|".join(f"(?:{alt})(?![\\w])" for v in names
                         for alt in flat_alternatives(f"(?:{v})")))


def _month(token: str) -> int | None:
    for num, pat in _patterns()["months"].items():  # type: ignore[attr-defined]
        if pat.fullmatch(token):
            return num
    return None


def _weekday(token: str) -> int | None:
    for num, pat in _patterns()["weekdays"].items():  # type: ignore[attr-defined]
        if pat.fullmatch(token):
            return num
    return None


def _make(year: int | None, month: int, day: int, ref: date | None,
          year_hint: int | None) -> date | None:
    explicit = year is not None
    if year is None:
        year = ref.year if ref else year_hint
    if year is None:
        return None
    try:
        out = date(year, month, day)
    except ValueError:
        return None
    if not explicit and ref is not None and out > ref + timedelta(days=7):
        try:
            out = date(year - 1, month, day)
        except ValueError:
            return None
    return out


def _last_weekday(ref: date | None, wd: int) -> date | None:
    if ref is None:
        return None
    return ref - timedelta(days=(ref.isoweekday() - wd) % 7)


def find_dates(text: str, *, ref: date | None, anchor: date | None = None,
               year_hint: int | None = None) -> list[DateHit]:
    """Every date expression in ``text``, in order of appearance.

    Parameters
    ----------
    ref
        The publication (reference) date relative expressions resolve against.
    anchor
        The date last mentioned before ``text`` ("the day before" counts back from it).
    year_hint
        The year for day-month dates when ``ref`` is unknown (a year the text states).

    Examples
    --------
    >>> [(h.start.isoformat(), h.end.isoformat()) for h in
    ...  find_dates("в ніч на 21 березня", ref=date(2025, 3, 21))]
    [('2025-03-20', '2025-03-21')]
    """
    pats = _patterns()
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    gates: dict[str, re.Pattern[str]] = pats["gates"]  # type: ignore[assignment]
    needs: dict[str, str] = pats["needs"]  # type: ignore[assignment]
    present = {k: bool(g.search(text)) for k, g in gates.items()}
    for kind, pat in pats["ordered"]:  # type: ignore[attr-defined]
        if not present[needs[kind]]:
            continue
        for m in pat.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            y = int(g["y"]) if g.get("y") else None
            start = end = None
            if kind in ("night", "range"):
                mon = _month(g["mon"])
                if mon is None:
                    continue
                end = _make(y, mon, int(g["d2"]), ref, year_hint)
                if g.get("d1"):
                    start = _make(y, mon, int(g["d1"]), ref, year_hint)
                    if end and start and start > end:  # "31 March to 1 April" style
                        start = None
                elif end:
                    start = end - timedelta(days=1)
            elif kind == "night_wd":
                if g.get("d2") and g.get("mon") and _month(g["mon"]):
                    end = _make(y, _month(g["mon"]) or 1, int(g["d2"]), ref, year_hint)
                else:
                    end = _last_weekday(ref, _weekday(g["wd"]) or 0)
                start = end - timedelta(days=1) if end else None
            elif kind in ("iso", "zh"):
                start = _make(y, int(g["m"]), int(g["d"]), ref, year_hint)
            elif kind in ("dm", "md"):
                mon = _month(g["mon"])
                if mon is None:
                    continue
                start = _make(y, mon, int(g["d"]), ref, year_hint)
            elif kind == "weekday":
                wd = _weekday(g["wd"])
                if wd is None:
                    continue
                start = _last_weekday(ref, wd)
            if start is None and end is not None:
                start = end
            end = end if end != start else None
            taken.append((m.start(), m.end()))
            hits.append(DateHit(start, end, m.start(), m.group().strip(),
                                relative=kind == "weekday"))
    for table, base, gate in ((pats["relative"], ref, pats["rel_any"]),
                              (pats["anaphoric"], anchor or ref, pats["ana_any"])):
        if not gate.search(text):  # type: ignore[attr-defined]
            continue
        for pat, days in table:  # type: ignore[attr-defined]
            for m in pat.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                taken.append((m.start(), m.end()))
                if base is None:
                    hits.append(DateHit(None, None, m.start(), m.group(), relative=True))
                    continue
                first = base + timedelta(days=days[0])
                last = base + timedelta(days=days[-1])
                hits.append(DateHit(first, last if last != first else None, m.start(),
                                    m.group(), relative=True))
    return sorted(hits, key=lambda h: h.pos)
