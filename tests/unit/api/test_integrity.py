"""Exports carry hashes: a finding can be checked against its reports and evidence files."""

from __future__ import annotations

import hashlib

from truceline.domain import Source
from truceline.storage import init_workspace
from truceline.storage._people import evidence_hashes, submit_field_report


def test_evidence_hashes_name_every_uploaded_file(tmp_path):
    store = init_workspace(tmp_path / "ws")
    photo, video = b"\x89PNG fake photo", b"fake video bytes"
    report, files = submit_field_report(
        store, text="Crater at the school, seen 09:40.", uploaded_by="monitor-1",
        source=Source(id="mm", name="Monitoring mission", kind="monitor"),
        files=[("crater.png", "image/png", photo), ("clip.mp4", "video/mp4", video)])
    got = evidence_hashes(store, [report.id, "no-such-report"])
    assert got == {report.id: sorted([hashlib.sha256(photo).hexdigest(),
                                      hashlib.sha256(video).hexdigest()])}
    assert {f.sha256 for f in files} == set(got[report.id])
    store.close()


def test_finding_endpoint_returns_integrity_hashes(client, auth, world):
    listed = client.get("/api/findings", headers=auth("analyst")).json()
    fid = listed["items"][0]["id"] if "items" in listed else listed["features"][0]["id"]
    body = client.get(f"/api/findings/{fid}", headers=auth("analyst")).json()
    assert body["ok"] and set(body["integrity"]) == {"reports", "evidence_files"}
    assert body["integrity"]["reports"] == sorted(
        {e["report_id"] for e in body["finding"]["evidence"] if e.get("report_id")})
