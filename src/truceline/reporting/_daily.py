"""The daily report, in the manner of the OSCE mission's: one agreement, one local day.

Counts per area and per party, notable incidents with their findings, party replies,
changes of the contact line, and data gaps (sources that went silent). Rendered as
Markdown, HTML (charts embedded) and PDF (WeasyPrint, from the HTML).
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape
from shapely.geometry.base import BaseGeometry

from truceline._version import __version__
from truceline.domain import Agreement, Finding
from truceline.errors import ConfigError
from truceline.reporting import _charts

_RANK = {"confirmed": 0, "corroborated": 1, "alleged": 2, "possible": 3}
_env = Environment(loader=PackageLoader("truceline.reporting", "templates"),
                   autoescape=select_autoescape(["html", "j2"]))


@dataclass(frozen=True, kw_only=True)
class DailyReport:
    """Everything one day's report shows, as values (renderers only format them)."""

    agreement: Agreement
    day: date
    tz: str
    in_force: str
    findings: tuple[Finding, ...]
    by_area: dict[str, Counter[str]]
    by_party: dict[str, Counter[str]]
    by_type: Counter[str]
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    territory: tuple[str, ...] = ()
    silent_sources: tuple[tuple[str, date], ...] = ()
    headline_counts: tuple[str, ...] = ()
    series: dict[date, Counter[str]] = field(default_factory=dict)
    milestones: tuple[tuple[date, str], ...] = ()
    backdrop: BaseGeometry | None = None
    audit_anchor: str = ""

    @property
    def title(self) -> str:
        """The report's heading."""
        return f"{self.agreement.title}: daily report for {self.day.isoformat()}"


def local_day(iso: str | None, tz: str) -> date | None:
    """The local calendar day (in ``tz``) of an ISO UTC timestamp."""
    if not iso:
        return None
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(tz)).date()


def days_in_force(agreement: Agreement) -> list[date]:
    """Every local day any of the agreement's windows touches (widest readings)."""
    out: set[date] = set()
    for w in agreement.windows:
        if w.start is None or w.end is None:
            continue
        z = ZoneInfo(w.tz)
        d = w.start.astimezone(z).date()
        last = (w.end - timedelta(microseconds=1)).astimezone(z).date()
        while d <= last:
            out.add(d)
            d += timedelta(days=1)
    return sorted(out)


def _in_force_text(agreement: Agreement, day: date) -> str:
    parts = []
    for w in agreement.windows:
        z = ZoneInfo(w.tz)
        start = w.start.astimezone(z).date() if w.start else None
        end = (w.end - timedelta(microseconds=1)).astimezone(z).date() if w.end else None
        inside = (start is None or start <= day) and (end is None or day <= end)
        if w.disputed:
            readings = ", ".join(f"{r.party} from {r.at.astimezone(z):%Y-%m-%d %H:%M}"
                                 for r in w.start_readings)
            parts.append(f"window '{w.id}' (disputed start: {readings})"
                         + (" touches this day" if inside else " does not cover this day"))
        else:
            parts.append(f"window '{w.id}'" + (" in force" if inside else " not in force"))
    return "; ".join(parts)


def daily_series(findings: Sequence[Finding], tz: str) -> dict[date, Counter[str]]:
    """Findings (not_applicable excluded) per local day by verdict."""
    out: dict[date, Counter[str]] = {}
    for f in findings:
        d = local_day(f.start, tz)
        if d is not None and f.verdict != "not_applicable":
            out.setdefault(d, Counter())[f.verdict] += 1
    return out


def build_daily_report(agreement: Agreement, findings: Sequence[Finding], *, day: date,
                       replies: Mapping[str, list[dict[str, Any]]] | None = None,
                       territory: Sequence[str] = (),
                       source_days: Mapping[str, Sequence[date]] | None = None,
                       headline_counts: Sequence[str] = (),
                       milestones: Sequence[tuple[date, str]] = (),
                       backdrop: BaseGeometry | None = None,
                       audit_anchor: str = "") -> DailyReport:
    """Assemble one day's report from the agreement's findings and side information.

    ``source_days`` maps a source name to the local days it reported on; a source that
    reported in the seven days before ``day`` but not on it is listed as silent.
    """
    tz = agreement.windows[0].tz if agreement.windows else "UTC"
    mine = [f for f in findings if f.agreement_id == agreement.id]
    today = sorted((f for f in mine if f.verdict != "not_applicable"
                    and local_day(f.start, tz) == day),
                   key=lambda f: (_RANK.get(f.verdict, 9), f.start or "", f.id))
    by_area: dict[str, Counter[str]] = {}
    by_party: dict[str, Counter[str]] = {}
    for f in today:
        by_area.setdefault(f.area or "unknown area", Counter())[f.verdict] += 1
        by_party.setdefault(f.accused or "not stated", Counter())[f.verdict] += 1
    silent = []
    for name, days in sorted((source_days or {}).items()):
        recent = [d for d in days if day - timedelta(days=7) <= d < day]
        if recent and day not in days:
            silent.append((name, max(recent)))
    return DailyReport(
        agreement=agreement, day=day, tz=tz, in_force=_in_force_text(agreement, day),
        findings=tuple(today), by_area=by_area, by_party=by_party,
        by_type=Counter(f.event_type for f in today),
        replies={f.id: list((replies or {}).get(f.id, [])) for f in today
                 if (replies or {}).get(f.id)},
        territory=tuple(territory), silent_sources=tuple(silent),
        headline_counts=tuple(headline_counts), series=daily_series(mine, tz),
        milestones=tuple(milestones), backdrop=backdrop, audit_anchor=audit_anchor)


def _table(counts: dict[str, Counter[str]]) -> list[str]:
    verdicts = [v for v in _RANK if any(c.get(v) for c in counts.values())]
    if not counts:
        return ["(none)"]
    lines = ["| | " + " | ".join(verdicts) + " | total |",
             "|---|" + "---|" * (len(verdicts) + 1)]
    for key in sorted(counts):
        c = counts[key]
        lines.append(f"| {key} | " + " | ".join(str(c.get(v, 0)) for v in verdicts)
                     + f" | {sum(c.values())} |")
    return lines


def to_markdown(report: DailyReport, *, images: Mapping[str, str] | None = None) -> str:
    """The report in Markdown; ``images`` maps chart names to file names to link."""
    r = report
    out = [f"# {r.title}", "",
           f"Local day {r.day} in {r.tz}. {r.in_force}. Generated by Truceline {__version__} "
           f"on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.", "",
           "## Summary", "", f"{len(r.findings)} finding(s) of possible or worse "
           "violations on this day.", "", "### Per area", "", *_table(r.by_area), "",
           "### Per accused party", "", *_table(r.by_party), ""]
    if r.headline_counts:
        out += ["### The parties' headline counts", "", *[f"- {h}" for h in r.headline_counts],
                ""]
    out += ["## Notable incidents", ""]
    for f in r.findings:
        out.append(f"- **{f.verdict}** ({f.clause_id}) {f.event_type} on {f.target_type} at "
                   f"{f.place_name or 'unknown place'}, accused {f.accused or 'not stated'}; "
                   f"`{f.id}`")
        out += [f"  - {reason}" for reason in f.reasons]
        for rep in r.replies.get(f.id, []):
            out.append(f"  - Reply from {rep['party']} ({rep['at'][:16]}): {rep['text']}")
    if not r.findings:
        out.append("(none)")
    out += ["", "## Contact line", "", *(r.territory or ["No snapshot comparison given."]), "",
            "## Data gaps", ""]
    out += [f"- {name} went silent (last report {last})" for name, last in r.silent_sources] \
        or ["No source went silent."]
    if images:
        out += ["", "## Charts", ""] + [f"![{k}]({v})" for k, v in images.items()]
    if r.audit_anchor:
        out += ["", f"Audit log anchor: `{r.audit_anchor}` (check with `truceline audit verify "
                    f"--anchor {r.audit_anchor}`)."]
    return "\n".join(out) + "\n"


def charts(report: DailyReport) -> dict[str, bytes]:
    """The report's charts as PNG bytes: per day, per party, per type, and the map."""
    parties: Counter[str] = Counter()
    for party, c in report.by_party.items():
        parties[party] += sum(c.values())
    return {
        "per_day": _charts.per_day_chart(report.series, title="Findings per day (local)",
                                         milestones=report.milestones),
        "per_party": _charts.bar_chart(parties, title="Findings by accused party"),
        "per_type": _charts.bar_chart(report.by_type, title="Findings by event type"),
        "map": _charts.map_image(report.findings, report.agreement.zones,
                                 title=f"Findings on {report.day}",
                                 backdrop=report.backdrop),
    }


def to_html(report: DailyReport, *, chart_png: Mapping[str, bytes] | None = None) -> str:
    """A self-contained HTML page (charts embedded as data URIs)."""
    pngs = chart_png if chart_png is not None else charts(report)
    uris = {k: "data:image/png;base64," + base64.b64encode(v).decode() for k, v in pngs.items()}
    return _env.get_template("daily.html.j2").render(r=report, charts=uris, rank=_RANK,
                                                     version=__version__)


def to_pdf(html: str, path: str | Path) -> Path:
    """Render the HTML report to PDF with WeasyPrint."""
    try:
        from weasyprint import HTML
    except ImportError as exc:
        raise ConfigError("PDF output needs WeasyPrint: pip install 'truceline[report]' "
                          "(and the system's Pango library)") from exc
    path = Path(path)
    HTML(string=html).write_pdf(path)
    return path
