"""Daily reports, health, alerts and milestones on the demo workspace."""

from __future__ import annotations

import http.server
import json
import threading
from datetime import date

import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.daily import write_daily_reports
from truceline.domain import Finding
from truceline.reporting import find_alerts, health_series, send_alerts
from truceline.storage import add_reply, open_store


@pytest.fixture(scope="module")
def ws(tmp_path_factory, shared_data, repo_root):
    ws = tmp_path_factory.mktemp("d") / "ws"
    r = CliRunner().invoke(cli, ["demo", "-w", str(ws), "--data-dir", str(shared_data)])
    assert r.exit_code == 0, r.output
    (ws / "milestones.yaml").write_text(
        (repo_root / "examples/milestones-2025.yaml").read_text(encoding="utf-8"))
    return ws


def test_a_report_per_day_in_force_with_replies_and_territory(ws, tmp_path, shared_data):
    with open_store(ws) as store:
        target = next(f for f in store.findings(agreement_id="easter-truce-2025")
                      if f.place_name == "Pokrovsk direction")
        add_reply(store, target.id, actor="ru-liaison", party="RU",
                  text="Our units only returned fire.")
        written = write_daily_reports(
            store, "easter-truce-2025", tmp_path, formats=("md", "html", "pdf"),
            snapshots=shared_data / "frontline/deepstate",
            milestones=ws / "milestones.yaml")
    assert [w.report.day for w in written] == [date(2025, 4, 19), date(2025, 4, 20)]
    day2 = written[1]
    md = (tmp_path / "report-easter-truce-2025-2025-04-20.md").read_text(encoding="utf-8")
    assert "Reply from RU" in md and "Our units only returned fire." in md
    assert "Donetsk Oblast" in md                      # counts per area
    assert "| RU | 3 | 3 |" in md                       # counts per party
    assert "Contact line change 2025-04-19 → 2025-04-20" in md
    pdf = tmp_path / "report-easter-truce-2025-2025-04-20.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    html = (tmp_path / "report-easter-truce-2025-2025-04-20.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 4    # per day, party, type, map
    assert {f.verdict for f in day2.report.findings} == {"alleged"}


def test_silent_source_is_a_data_gap(ws, tmp_path):
    with open_store(ws) as store:
        (w,) = write_daily_reports(store, "easter-truce-2025", tmp_path,
                                   days=[date(2025, 4, 20)], formats=("md",))
    assert ("Espreso TV", date(2025, 4, 19)) in w.report.silent_sources


def test_health_series_and_spike_alert(ws):
    with open_store(ws) as store:
        agreement = store.agreement("victory-day-truce-2025")
        findings = store.findings()
    series = health_series(agreement, findings)
    assert [h.day.isoformat() for h in series][:1] == ["2025-05-08"]
    assert series[0].violations == 3 and series[0].by_party == {"RU": 1, "UA": 2}
    # Quiet baseline of 1 → threshold 3: three violations on day one do not alert...
    assert find_alerts(agreement, findings) == []
    # ...but with factor 2 they do.
    (alert,) = find_alerts(agreement, findings, factor=2.0)
    assert alert.rule == "spike" and alert.value == 3 and alert.threshold == 2.0


def test_confirmed_violation_in_a_protected_zone_alerts(ws):
    with open_store(ws) as store:
        agreement = store.agreement("minsk-style-withdrawal")
        zoned = next(c.id for c in agreement.clauses if c.zone)
        base = store.findings(agreement_id="minsk-style-withdrawal")[0]
    confirmed = Finding(**{**base.__dict__, "verdict": "confirmed", "clause_id": zoned})
    alerts = find_alerts(agreement, [confirmed])
    assert [a.rule for a in alerts] == ["protected_zone"]
    assert alerts[0].finding_ids == (confirmed.id,)


def test_alert_sinks_file_stdout_and_webhook(ws, tmp_path, capsys):
    with open_store(ws) as store:
        alerts = find_alerts(store.agreement("victory-day-truce-2025"), store.findings(),
                             factor=2.0)
    assert send_alerts(alerts, f"file:{tmp_path / 'a.jsonl'}") == 1
    assert json.loads((tmp_path / "a.jsonl").read_text())["rule"] == "spike"
    send_alerts(alerts, "stdout")
    assert json.loads(capsys.readouterr().out)["day"] == "2025-05-08"

    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    send_alerts(alerts, f"http://127.0.0.1:{server.server_port}/hook")
    thread.join(5)
    server.server_close()
    assert received and received[0]["alerts"][0]["rule"] == "spike"


def test_cli_report_and_milestones(ws, tmp_path):
    run = CliRunner().invoke
    r = run(cli, ["milestone", "add", "2025-05-08", "Victory Day truce begins", "-w", str(ws)])
    assert r.exit_code == 0
    listed = json.loads(run(cli, ["milestone", "list", "--json", "-w", str(ws)]).output)
    assert {"date": "2025-05-08", "text": "Victory Day truce begins"} in listed
    r = run(cli, ["report", "daily", "--agreement", "victory-day-truce-2025", "--day",
                  "2025-05-08", "--out", str(tmp_path), "-w", str(ws)])
    assert r.exit_code == 0 and "2025-05-08: 3 findings" in r.output
    r = run(cli, ["report", "daily", "--agreement", "victory-day-truce-2025", "--day",
                  "8 May", "-w", str(ws)])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    r = run(cli, ["report", "alerts", "--agreement", "victory-day-truce-2025", "--factor", "2",
                  "--to", f"file:{tmp_path / 'x.jsonl'}", "-w", str(ws)])
    assert "1 alert(s) sent" in r.output


def test_headline_counts_from_texts_sit_beside_the_incidents(tmp_path, shared_data):
    from truceline.pipeline_text import ingest_texts
    from truceline.storage._aggregates import aggregates

    ws = tmp_path / "ws"
    assert CliRunner().invoke(cli, ["demo", "-w", str(ws)]).exit_code == 0
    text = shared_data / "news_dev/26_ru_zonews_2025-05-08_488_violations.txt"
    with open_store(ws) as store:
        first = ingest_texts(store, [text])
        again = ingest_texts(store, [text])
        stored = aggregates(store)
        assert first.aggregates == len(stored) > 0 and again.aggregates == 0
        assert any(a.count == 488 for a in stored)
        (w,) = write_daily_reports(store, "victory-day-truce-2025", tmp_path,
                                   days=[date(2025, 5, 8)], formats=("md",))
    line = next(h for h in w.report.headline_counts if "488" in h)
    assert "the store holds" in line and "well supported" in line
    md = (tmp_path / "report-victory-day-truce-2025-2025-05-08.md").read_text(encoding="utf-8")
    assert "headline counts" in md and "488" in md
    assert "Audit log anchor: `" in md
