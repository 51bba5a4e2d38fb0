"""The window test: was the agreement in force when the incident happened?

Windows are half-open, ``[start, end)``: the minute a truce begins is inside it, the minute
it ends is not. Every outcome shows the time-zone arithmetic in its detail.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from truceline._typing import TestOutcome
from truceline.domain import Agreement, Clause, Test, TimeSpan, Window


def _fmt(at: datetime | None, tz: str) -> str:
    if at is None:
        return "open"
    local = at.astimezone(ZoneInfo(tz))
    utc = at.astimezone(ZoneInfo("UTC"))
    return f"{local:%Y-%m-%d %H:%M} {tz} (UTC{local:%z}; {utc:%Y-%m-%d %H:%M} UTC)"


def _span_text(when: TimeSpan, tz: str) -> str:
    z = ZoneInfo(tz)
    s, e = when.start.astimezone(z), when.end.astimezone(z)
    utc = f"{when.start:%Y-%m-%d %H:%M}–{when.end:%Y-%m-%d %H:%M} UTC"
    what = {"minute": "at", "hour": "in the hour", "day": "on the day",
            "span": "over the days"}.get(when.precision, "in")
    tz_note = "" if when.tz else " (the source gave no time zone, so the span covers every zone)"
    return f"{what} {utc} = {s:%Y-%m-%d %H:%M}–{e:%Y-%m-%d %H:%M} {tz}{tz_note}"


def _relate(when: TimeSpan, start: datetime | None, end: datetime | None) -> TestOutcome:
    after_start = start is None or when.start >= start
    before_end = end is None or when.end <= end
    if after_start and before_end:
        return "pass"
    if (start is not None and when.end <= start) or (end is not None and when.start >= end):
        return "fail"
    return "undecided"


_WORDS = {"pass": "inside", "fail": "outside", "undecided": "partly inside, partly outside"}


def _one_window(when: TimeSpan, w: Window) -> tuple[TestOutcome, str]:
    head = f"window '{w.id}' [{_fmt(w.start, w.tz)} → {_fmt(w.end, w.tz)})"
    if not w.disputed:
        outcome = _relate(when, w.start, w.end)
        return outcome, f"{head}: the incident is {_WORDS[outcome]}"
    parties = sorted({r.party for r in (*w.start_readings, *w.end_readings)})
    per_party = {}
    for p in parties:
        start = next((r.at for r in w.start_readings if r.party == p), w.start)
        end = next((r.at for r in w.end_readings if r.party == p), w.end)
        per_party[p] = (_relate(when, start, end), start, end)
    outcomes = {o for o, _, _ in per_party.values()}
    readings = "; ".join(f"{p} reads it as [{_fmt(s, w.tz)} → {_fmt(e, w.tz)}): {_WORDS[o]}"
                         for p, (o, s, e) in per_party.items())
    if len(outcomes) == 1:
        outcome = outcomes.pop()
        return outcome, f"{head}, disputed edge: {readings}. All readings agree."
    return "undecided", (f"{head}, disputed edge: {readings}. The readings disagree, so the "
                         "test cannot be settled.")


def window_test(when: TimeSpan | None, clause: Clause, agreement: Agreement) -> Test:
    """Rule whether ``when`` falls inside the windows that ``clause`` is in force for."""
    windows = [agreement.window(w) for w in clause.windows] if clause.windows else list(
        agreement.windows)
    if when is None:
        return Test(name="window", outcome="undecided",
                    detail="The reports give no date, so the window cannot be tested.")
    results = [_one_window(when, w) for w in windows]
    tz = windows[0].tz if windows else "UTC"
    outcomes = {o for o, _ in results}
    outcome: TestOutcome = ("pass" if "pass" in outcomes else
                            "fail" if outcomes == {"fail"} else "undecided")
    detail = f"Incident {_span_text(when, tz)}. " + " ".join(d + "." for _, d in results)
    if when.precision in ("day", "span") and outcome == "undecided":
        detail += " The source gives only the date, not the hour, and the window edge falls on it."
    return Test(name="window", outcome=outcome, detail=detail)
