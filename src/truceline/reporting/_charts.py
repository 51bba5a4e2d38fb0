"""Charts and map images (matplotlib, Agg backend), returned as PNG bytes.

Nothing here fetches tiles or fonts: the map draws the agreement's zones and the findings'
points on a plain lon/lat frame (equirectangular, aspect corrected for the latitude).
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Sequence
from datetime import date

from shapely.geometry.base import BaseGeometry

from truceline.domain import Finding, Zone

VERDICT_COLOURS = {"confirmed": "#b2182b", "corroborated": "#ef8a62", "alleged": "#f4c542",
                   "possible": "#67a9cf", "not_applicable": "#bbbbbb"}
ORDER = ("confirmed", "corroborated", "alleged", "possible")


def _figure(width: float = 8.0, height: float = 3.2):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    return plt, fig, ax


def _png(plt, fig) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def per_day_chart(series: dict[date, Counter[str]], *, title: str,
                  milestones: Sequence[tuple[date, str]] = (),
                  threshold: dict[date, float] | None = None) -> bytes:
    """Stacked bars of findings per day by verdict, milestones as dashed lines."""
    plt, fig, ax = _figure()
    days = sorted(series)
    bottom = [0] * len(days)
    for verdict in ORDER:
        values = [series[d].get(verdict, 0) for d in days]
        if any(values):
            ax.bar(days, values, bottom=bottom, color=VERDICT_COLOURS[verdict], label=verdict)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    if threshold:
        ts = sorted(threshold)
        ax.plot(ts, [threshold[d] for d in ts], color="#444", linewidth=1,
                label="alert threshold")
    for when, text in milestones:
        ax.axvline(when, color="#555", linestyle="--", linewidth=0.8)
        ax.annotate(text, (when, ax.get_ylim()[1] * 0.95), rotation=90, fontsize=7,
                    va="top", ha="right", color="#333")
    ax.set_title(title, fontsize=10)
    ax.set_ylabel("findings")
    if days:
        ax.legend(fontsize=7, loc="upper left")
    fig.autofmt_xdate()
    return _png(plt, fig)


def bar_chart(counts: Counter[str], *, title: str) -> bytes:
    """A horizontal bar chart of counts (per party, per type)."""
    plt, fig, ax = _figure(6.0, 0.6 + 0.35 * max(1, len(counts)))
    items = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))
    ax.barh([k for k, _ in items], [v for _, v in items], color="#5b7fa6")
    ax.set_title(title, fontsize=10)
    return _png(plt, fig)


def map_image(findings: Sequence[Finding], zones: Sequence[Zone], *, title: str,
              backdrop: BaseGeometry | None = None) -> bytes:
    """Zones (outlines), a backdrop (e.g. the area one party controls, shaded) and findings
    (points coloured by verdict) on a lon/lat frame."""
    plt, fig, ax = _figure(7.0, 5.0)
    for poly in getattr(backdrop, "geoms", [backdrop] if backdrop is not None else []):
        ext = getattr(poly, "exterior", None)
        if ext is not None:
            xs, ys = ext.xy
            ax.fill(xs, ys, color="#f3c9c9", edgecolor="#c06060", linewidth=0.5)
    for z in zones:
        for poly in getattr(z.geometry, "geoms", [z.geometry]):
            ext = getattr(poly, "exterior", None)
            if ext is not None:
                xs, ys = ext.xy
                ax.plot(xs, ys, color="#7a7a7a", linewidth=0.6)
    pts = [f for f in findings if f.lon is not None and f.lat is not None]
    for verdict in ("possible", *reversed(ORDER[:3])):
        sel = [f for f in pts if f.verdict == verdict]
        if sel:
            ax.scatter([f.lon for f in sel], [f.lat for f in sel], s=28,
                       color=VERDICT_COLOURS[verdict], edgecolor="#222", linewidth=0.4,
                       label=verdict, zorder=3)
    lats = [f.lat for f in pts] or [48.5]
    ax.set_aspect(1 / math.cos(math.radians(sum(lats) / len(lats))))
    if pts:
        xs, ys = [f.lon for f in pts], [f.lat for f in pts]
        ax.set_xlim(min(xs) - 1.5, max(xs) + 1.5)
        ax.set_ylim(min(ys) - 1.0, max(ys) + 1.0)
        ax.legend(fontsize=7, loc="lower left")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    return _png(plt, fig)
