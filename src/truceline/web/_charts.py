"""Violations per day as a stacked SVG bar chart of our own (no chart library, no CDN)."""

from __future__ import annotations

from html import escape
from typing import Any

COLOURS = {"confirmed": "#b10026", "corroborated": "#e31a1c", "alleged": "#fd8d3c",
           "possible": "#fecc5c", "none": "#6b7280"}
ORDER = ("possible", "alleged", "corroborated", "confirmed")


def daily_svg(rows: list[dict[str, Any]], *, width: int = 720, height: int = 240) -> str:
    """An SVG of findings per day stacked by verdict; ``rows`` are ``{day, verdict, n}``.

    Examples
    --------
    >>> "2025-04-19: 2 alleged" in daily_svg([{"day": "2025-04-19", "verdict": "alleged",
    ...                                        "n": 2}])
    True
    """
    days = sorted({r["day"] for r in rows})
    if not days:
        return ('<svg role="img" aria-label="no findings" viewBox="0 0 300 40" class="chart">'
                '<text x="10" y="25">No findings to chart.</text></svg>')
    per: dict[str, dict[str, int]] = {d: {} for d in days}
    for r in rows:
        per[r["day"]][r["verdict"]] = per[r["day"]].get(r["verdict"], 0) + int(r["n"])
    top = max(sum(v.values()) for v in per.values())
    left, bottom, pad = 36, 40, 8
    plot_w, plot_h = width - left - pad, height - bottom - pad
    bw = plot_w / len(days)
    parts = [f'<svg role="img" aria-label="findings per day" viewBox="0 0 {width} {height}" '
             f'class="chart" preserveAspectRatio="xMinYMin meet">',
             f'<line x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}" '
             'stroke="#444"/>',
             f'<text x="4" y="{pad + 10}" font-size="11">{top}</text>',
             f'<text x="4" y="{pad + plot_h}" font-size="11">0</text>']
    for n, d in enumerate(days):
        y = pad + plot_h
        for v in ORDER:
            k = per[d].get(v, 0)
            if not k:
                continue
            h = plot_h * k / top
            y -= h
            parts.append(f'<rect x="{left + n * bw + 1:.1f}" y="{y:.1f}" '
                         f'width="{max(bw - 2, 1):.1f}" height="{h:.1f}" fill="{COLOURS[v]}">'
                         f'<title>{escape(d)}: {k} {v}</title></rect>')
        if len(days) <= 12 or n % max(1, len(days) // 8) == 0:
            parts.append(f'<text x="{left + n * bw + 1:.1f}" y="{height - 22}" font-size="10" '
                         f'transform="rotate(30 {left + n * bw + 1:.1f} {height - 22})">'
                         f'{escape(d[5:])}</text>')
    legend_x = left
    for v in ORDER:
        parts.append(f'<rect x="{legend_x}" y="{height - 12}" width="10" height="10" '
                     f'fill="{COLOURS[v]}"/><text x="{legend_x + 14}" y="{height - 3}" '
                     f'font-size="11">{v}</text>')
        legend_x += 110
    parts.append("</svg>")
    return "".join(parts)
