"""The HTML summary of findings (Jinja2, no external assets)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from jinja2 import Environment, PackageLoader, select_autoescape

from truceline._version import __version__
from truceline.domain import Agreement, Finding
from truceline.domain.vocab import VERDICTS
from truceline.reporting._exports import summarise

_env = Environment(loader=PackageLoader("truceline.reporting", "templates"),
                   autoescape=select_autoescape(["html", "j2"]))


def summary_html(findings: Sequence[Finding], agreements: Sequence[Agreement]) -> str:
    """A self-contained HTML page: counts per agreement and party, then each finding."""
    return _env.get_template("summary.html.j2").render(
        findings=findings, agreements=agreements, summary=summarise(findings),
        verdicts=VERDICTS, version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
