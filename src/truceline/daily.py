"""Daily reports and health from a store: gathers what the reporting stage needs and writes
the files (``report-<agreement>-<day>.md|.html|.pdf`` plus chart PNGs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from truceline.errors import ConfigError
from truceline.fusion import HeadlineRow, side_by_side
from truceline.milestones import load_milestones
from truceline.reporting import (
    DailyReport,
    build_daily_report,
    charts,
    days_in_force,
    local_day,
    to_html,
    to_markdown,
    to_pdf,
)
from truceline.storage import Store, finding_events
from truceline.storage._aggregates import aggregates
from truceline.storage._audit import audit_head
from truceline.territory import compare_snapshots, read_snapshot, snapshot_date

FORMATS = ("md", "html", "pdf")


@dataclass(frozen=True, kw_only=True)
class WrittenReport:
    """One day's report and the files written for it."""

    report: DailyReport
    files: tuple[Path, ...]


def _source_days(store: Store, tz: str) -> dict[str, list[date]]:
    names = {s.id: s.name for s in store.sources().values()}
    out: dict[str, set[date]] = {}
    for c in store.iter_claims():
        d = local_day(c.when.start.isoformat(), tz) if c.when else None
        if d is not None:
            out.setdefault(names.get(c.source_id, c.source_id), set()).add(d)
    return {k: sorted(v) for k, v in out.items()}


def _territory(snapshots: Path | None, day: date, controlled_by: str, other: str
               ) -> tuple[list[str], BaseGeometry | None]:
    if snapshots is None:
        return [], None
    by_day = {snapshot_date(p): p for p in snapshots.glob("*.geojson") if snapshot_date(p)}
    before = max((d for d in by_day if d < day), default=None)
    if day not in by_day or before is None:
        return [f"No snapshots for {day} and an earlier day in {snapshots}."], None
    change = compare_snapshots(by_day[before], by_day[day], controlled_by=controlled_by,
                               other=other)
    return change.lines(), read_snapshot(by_day[day])


def headline_lines(rows: Sequence[HeadlineRow]) -> list[str]:
    """Each party's headline count beside what the incidents in the store support."""
    out = []
    for r in rows:
        period = f"{r.period_start or '…'} to {r.period_end or '…'}"
        claimed = f"{r.claimed:,}" if r.claimed is not None else "a change in"
        said = r.description if len(r.description) <= 120 else r.description[:117] + "…"
        out.append(f"{r.alleged_by or 'unattributed'} counts {claimed} against "
                   f"{r.accused or 'an unnamed party'} ({period}): “{said}”; the store holds "
                   f"{r.incidents} incident(s) against {r.accused or 'anyone'} in that period, "
                   f"{r.supported} well supported (credibility 1–3), {r.disputed} disputed")
    return out


def write_daily_reports(store: Store, agreement_id: str, out_dir: str | Path, *,
                        days: Sequence[date] | None = None,
                        formats: Sequence[str] = ("md", "html"),
                        snapshots: str | Path | None = None, controlled_by: str = "RU",
                        other: str = "UA", milestones: str | Path | None = None
                        ) -> list[WrittenReport]:
    """Write one report per day (default: every day the agreement is in force)."""
    bad = set(formats) - set(FORMATS)
    if bad:
        raise ConfigError(f"unknown report format(s) {sorted(bad)}; choose from {FORMATS}")
    agreement = store.agreement(agreement_id)
    findings = store.findings(agreement_id=agreement_id)
    days = list(days or days_in_force(agreement))
    if not days:
        raise ConfigError(f"agreement {agreement_id} has no bounded window; pass --day")
    tz = agreement.windows[0].tz
    source_days = _source_days(store, tz)
    seq, digest = audit_head(store)
    anchor = f"{seq}:{digest}"
    heads = headline_lines(side_by_side(aggregates(store), store.incidents(), start=days[0],
                                        end=days[-1]))
    track = load_milestones(milestones) if milestones else []
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for day in days:
        todays = [f for f in findings if local_day(f.start, tz) == day]
        replies = {f.id: [e.to_dict() for e in finding_events(store, f.id) if e.kind == "reply"]
                   for f in todays}
        lines, backdrop = _territory(Path(snapshots) if snapshots else None, day,
                                     controlled_by, other)
        report = build_daily_report(
            agreement, findings, day=day, replies=replies, source_days=source_days,
            territory=lines, backdrop=backdrop, headline_counts=heads, audit_anchor=anchor,
            milestones=[m for m in track if day - timedelta(days=60) <= m[0] <= day])
        stem = f"report-{agreement_id}-{day.isoformat()}"
        pngs = charts(report)
        files: list[Path] = []
        if "md" in formats:
            images = {}
            for name, png in pngs.items():
                p = out / f"{stem}-{name}.png"
                p.write_bytes(png)
                images[name] = p.name
                files.append(p)
            md = out / f"{stem}.md"
            md.write_text(to_markdown(report, images=images), encoding="utf-8")
            files.append(md)
        if "html" in formats or "pdf" in formats:
            html = to_html(report, chart_png=pngs)
            if "html" in formats:
                (out / f"{stem}.html").write_text(html, encoding="utf-8")
                files.append(out / f"{stem}.html")
            if "pdf" in formats:
                files.append(to_pdf(html, out / f"{stem}.pdf"))
        written.append(WrittenReport(report=report, files=tuple(files)))
    return written
