"""Ceasefire health: daily series per agreement, a rolling baseline, and alerts.

A *violation* here is a finding ruled ``alleged``, ``corroborated`` or ``confirmed``;
``possible`` findings are counted beside them but never raise an alert on their own.
Alert rules:

- ``spike``: a day's violations exceed ``factor`` × the median of the seven days before it
  (a baseline of at least one, so a quiet week does not alert on a single claim);
- ``protected_zone``: any confirmed violation of a clause that has a zone.
"""

from __future__ import annotations

import json
import statistics
import sys
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from truceline.domain import Agreement, Finding
from truceline.errors import ConfigError
from truceline.reporting._daily import local_day

VIOLATIONS = ("alleged", "corroborated", "confirmed")


@dataclass(frozen=True, kw_only=True)
class HealthDay:
    """One day of an agreement's health series."""

    day: date
    by_verdict: Counter[str]
    by_party: Counter[str]
    violations: int
    baseline: float
    threshold: float

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {"day": self.day.isoformat(), "by_verdict": dict(self.by_verdict),
                "by_party": dict(self.by_party), "violations": self.violations,
                "baseline_7d_median": self.baseline, "threshold": self.threshold}


@dataclass(frozen=True, kw_only=True)
class Alert:
    """A threshold crossed, with the numbers that crossed it."""

    agreement_id: str
    day: date
    rule: str
    message: str
    value: float
    threshold: float
    finding_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {"agreement_id": self.agreement_id, "day": self.day.isoformat(),
                "rule": self.rule, "message": self.message, "value": self.value,
                "threshold": self.threshold, "finding_ids": list(self.finding_ids)}


def health_series(agreement: Agreement, findings: Sequence[Finding], *, factor: float = 3.0,
                  first: date | None = None, last: date | None = None) -> list[HealthDay]:
    """Every local day from ``first`` to ``last`` (default: the findings' span)."""
    tz = agreement.windows[0].tz if agreement.windows else "UTC"
    mine = [f for f in findings if f.agreement_id == agreement.id
            and f.verdict != "not_applicable"]
    per_day: dict[date, list[Finding]] = {}
    for f in mine:
        d = local_day(f.start, tz)
        if d is not None:
            per_day.setdefault(d, []).append(f)
    if not per_day and (first is None or last is None):
        return []
    first = first or min(per_day)
    last = last or max(per_day)
    out: list[HealthDay] = []
    history: list[int] = []
    d = first
    while d <= last:
        fs = per_day.get(d, [])
        violations = sum(1 for f in fs if f.verdict in VIOLATIONS)
        baseline = statistics.median(history[-7:]) if history else 0.0
        out.append(HealthDay(day=d, by_verdict=Counter(f.verdict for f in fs),
                             by_party=Counter(f.accused or "not stated" for f in fs
                                              if f.verdict in VIOLATIONS),
                             violations=violations, baseline=float(baseline),
                             threshold=factor * max(float(baseline), 1.0)))
        history.append(violations)
        d += timedelta(days=1)
    return out


def find_alerts(agreement: Agreement, findings: Sequence[Finding], *, factor: float = 3.0
                ) -> list[Alert]:
    """Alerts by the rules in the module docstring, oldest first."""
    tz = agreement.windows[0].tz if agreement.windows else "UTC"
    alerts = []
    for h in health_series(agreement, findings, factor=factor):
        if h.violations > h.threshold:
            alerts.append(Alert(
                agreement_id=agreement.id, day=h.day, rule="spike", value=h.violations,
                threshold=h.threshold,
                message=f"{h.violations} violations on {h.day}, above {factor:g} × the 7-day "
                        f"median ({h.baseline:g})"))
    zoned = {c.id for c in agreement.clauses if c.zone}
    for f in findings:
        if f.agreement_id == agreement.id and f.verdict == "confirmed" and f.clause_id in zoned:
            day = local_day(f.start, tz)
            if day is None:
                continue
            alerts.append(Alert(
                agreement_id=agreement.id, day=day, rule="protected_zone", value=1,
                threshold=0, finding_ids=(f.id,),
                message=f"confirmed violation of {f.clause_id} in its protected zone at "
                        f"{f.place_name or 'an unknown place'}"))
    return sorted(alerts, key=lambda a: (a.day, a.rule, a.finding_ids))


def send_alerts(alerts: Sequence[Alert], to: str, *, timeout: float = 10.0) -> int:
    """Deliver alerts: ``stdout`` (JSON lines), ``file:PATH`` or a path (appended JSON
    lines), or an ``http(s)://`` webhook (one JSON POST with every alert)."""
    lines = [json.dumps(a.to_dict(), ensure_ascii=False) for a in alerts]
    if to == "stdout":
        for line in lines:
            sys.stdout.write(line + "\n")
        return len(lines)
    if to.startswith(("http://", "https://")):
        body = json.dumps({"alerts": [a.to_dict() for a in alerts]}).encode()
        request = urllib.request.Request(to, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status >= 300:
                    raise ConfigError(f"webhook {to} answered {response.status}")
        except (urllib.error.URLError, OSError) as exc:
            raise ConfigError(f"cannot deliver alerts to webhook {to}: {exc}. Check the URL "
                              "and that the receiver is up.") from exc
        return len(lines)
    path = Path(to.removeprefix("file:"))
    try:
        with path.open("a", encoding="utf-8") as f:
            for line in lines:
                f.write(line + "\n")
    except OSError as exc:
        raise ConfigError(f"cannot write alerts to {path}: {exc}") from exc
    return len(lines)
