"""The REST API on a real workspace: filters, pages, GeoJSON, redaction, replies, review,
uploads, tokens, the one error shape, and the checked-in OpenAPI document."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from truceline.storage import _people as people

SPEC = Path(__file__).resolve().parents[3] / "schemas" / "openapi.json"


def ids(r):
    body = r.json()
    return sorted(x["id"] for x in body.get("items", body.get("features", [])))


def test_openapi_is_checked_in(world):
    spec = world["app"].openapi()
    fresh = json.dumps(spec, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SCHEMAS"):
        SPEC.write_text(fresh, encoding="utf-8")
    assert SPEC.read_text(encoding="utf-8") == fresh, (
        "schemas/openapi.json is stale: run UPDATE_SCHEMAS=1 pytest tests/unit/api")
    assert spec["openapi"].startswith("3.")
    assert world["client"].get("/openapi.json").json() == spec


def test_visibility_by_role(client, auth):
    assert ids(client.get("/api/findings")) == ["f-pub"]
    assert ids(client.get("/api/findings", headers=auth("liaison"))) == ["f-draft-ru", "f-pub"]
    assert ids(client.get("/api/findings", headers=auth("liaison_ua"))) == ["f-draft-ua",
                                                                             "f-pub"]
    assert len(ids(client.get("/api/findings", headers=auth("analyst")))) == 3
    assert ids(client.get("/api/incidents")) == ["i-kherson"]
    assert len(ids(client.get("/api/incidents", headers=auth("monitor")))) == 3


def test_filters(client, auth):
    h = auth("analyst")
    assert ids(client.get("/api/findings?party=UA", headers=h)) == ["f-draft-ua"]
    assert ids(client.get("/api/findings?agreement=test-energy", headers=h)) == ["f-draft-ru"]
    assert ids(client.get("/api/findings?verdict=corroborated", headers=h)) == ["f-pub"]
    assert ids(client.get("/api/findings?event_type=missile_strike", headers=h)) == [
        "f-draft-ru"]
    assert ids(client.get("/api/findings?target_type=residential", headers=h)) == [
        "f-draft-ua"]
    assert ids(client.get("/api/findings?since=2025-04-20", headers=h)) == [
        "f-draft-ru", "f-draft-ua"]
    assert ids(client.get("/api/findings?until=2025-04-20", headers=h)) == ["f-pub"]
    # bbox around Kherson only (lon/lat order)
    assert ids(client.get("/api/incidents?bbox=32,46,33.5,47", headers=h)) == ["i-kherson"]
    assert ids(client.get("/api/incidents?verdict=alleged&party=UA", headers=h)) == ["i-kram"]
    # party matches the accused or the accuser of a claim
    assert len(ids(client.get("/api/claims?party=RU&stance=allegation", headers=h))) == 3
    assert len(ids(client.get("/api/claims?event_type=artillery_shelling", headers=h))) == 1


def test_pagination_and_geojson(client, auth):
    h = auth("analyst")
    r = client.get("/api/findings?limit=2", headers=h).json()
    assert r["total"] == 3 and len(r["items"]) == 2 and r["prev"] is None
    nxt = client.get(r["next"], headers=h).json()
    assert nxt["offset"] == 2 and len(nxt["items"]) == 1 and nxt["next"] is None
    assert {x["id"] for x in r["items"] + nxt["items"]} == {"f-pub", "f-draft-ua", "f-draft-ru"}
    g = client.get("/api/findings?format=geojson", headers=h).json()
    assert g["type"] == "FeatureCollection" and g["total"] == 3
    pt = next(f for f in g["features"] if f["id"] == "f-pub")["geometry"]
    assert pt == {"type": "Point", "coordinates": [32.6169, 46.6354]}
    z = client.get("/api/agreements/test-energy/zones").json()
    assert z["features"][0]["geometry"]["type"] == "Polygon"


def test_error_shape(client, auth):
    for path, status in (("/api/findings?verdict=huge", 400), ("/api/findings?limit=0", 422),
                         ("/api/incidents?bbox=1,2,3", 400), ("/api/nothing", 404),
                         ("/api/agreements/nope", 404), ("/api/findings?since=yesterday", 400)):
        body = client.get(path, headers=auth("analyst")).json()
        assert set(body) == {"ok", "error", "errors", "status"}, path
        assert body["ok"] is False and body["status"] == status, (path, body)
    bad = client.get("/api/findings", headers={"Authorization": "Bearer tl_000000000000_x"})
    assert bad.status_code == 401 and "token" in bad.json()["error"]
    assert "limit" in client.get("/api/findings?limit=0").json()["errors"][0]


def test_confidential_sources_are_redacted(world, client, auth):
    pub = client.get("/api/findings").json()["items"][0]["evidence"]
    hidden = [e for e in pub if e.get("confidential")]
    assert hidden and hidden[0]["source_name"] == "Confidential source"
    assert "field-7" not in json.dumps(client.get("/api/incidents").json())
    assert "Zaporizhzhia-7" not in client.get("/incidents/i-kherson").text
    seen = client.get("/api/findings", headers=auth("analyst")).json()["items"]
    assert "field-7" in json.dumps(seen)
    srcs = client.get("/api/sources", headers=auth("monitor")).json()["items"]
    assert all(s["id"] != "field-7" for s in srcs)


def test_reply_review_and_audit(world, client, auth):
    r = client.post("/api/findings/f-draft-ru/replies", headers=auth("liaison"),
                    json={"text": "The line was hit by debris of a downed missile."})
    assert r.status_code == 201
    ev = client.get("/api/findings/f-draft-ru", headers=auth("liaison")).json()["events"]
    assert any(e["kind"] == "reply" and e["party"] == "RU" and "debris" in e["text"]
               for e in ev)
    # a liaison cannot answer a finding against the other side
    assert client.post("/api/findings/f-draft-ua/replies", headers=auth("liaison"),
                       json={"text": "x"}).status_code == 404
    h = auth("analyst")
    assert client.post("/api/findings/f-draft-ua/status", headers=h,
                       json={"to_status": "published", "reason": "skip"}).status_code == 400
    assert client.post("/api/findings/f-draft-ua/status", headers=h,
                       json={"to_status": "under_review", "reason": "two sources"}).json()["ok"]
    log = client.get("/api/audit?action=finding.review", headers=h).json()
    assert log["total"] >= 1 and log["items"][-1]["actor"] == "ana"
    assert client.get("/api/audit/verify", headers=h).json()["ok"] is True


def test_field_report_with_evidence(world, client, auth):
    photo = b"\x89PNG fake but real bytes" * 10
    r = client.post("/api/reports", headers=auth("monitor"),
                    data={"text": "Crater 20 m from the substation fence.",
                          "event_type": "drone_strike", "target_type": "energy",
                          "lon": "35.14", "lat": "47.84", "date": "2025-04-20"},
                    files=[("files", ("crater.png", photo, "image/png"))])
    assert r.status_code == 201, r.text
    sha = hashlib.sha256(photo).hexdigest()
    assert r.json()["files"][0]["sha256"] == sha
    assert (world["ws"] / "evidence" / sha[:2] / sha[2:]).read_bytes() == photo
    got = client.get(f"/api/evidence/{sha}", headers=auth("analyst"))
    assert got.content == photo and got.headers["content-type"] == "image/png"
    rep = client.get(f"/api/reports/{r.json()['report_id']}", headers=auth("analyst")).json()
    assert rep["text"].startswith("Crater") and rep["files"][0]["filename"] == "crater.png"
    claims = client.get(f"/api/claims?report_id={rep['id']}", headers=auth("analyst")).json()
    assert claims["items"][0]["stance"] == "observation"
    big = client.post("/api/reports", headers=auth("monitor"), data={"text": "big"},
                      files=[("files", ("big.bin", b"x" * 5000, "application/octet-stream"))])
    assert big.status_code == 400 and "limit" in big.json()["error"]


def test_revoked_token_is_refused_at_once(world, client):
    store = world["app"].state.store
    people.add_user(store, "temp", role="analyst")
    token = people.issue_token(store, "temp")
    h = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/audit", headers=h).status_code == 200
    assert people.revoke_tokens(store, "temp") == 1
    assert client.get("/api/audit", headers=h).status_code == 401
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT hash FROM tokens").scalars().all()
    assert token not in stored and all(h.startswith("$argon2") for h in stored)


def test_map_clusters_when_too_many(world, client, auth):
    app = world["app"]
    old = app.state.settings
    from dataclasses import replace
    app.state.settings = replace(old, max_map_points=1)
    try:
        fc = client.get("/api/map", headers=auth("analyst")).json()
    finally:
        app.state.settings = old
    assert fc["clustered"] and sum(f["properties"]["count"] for f in fc["features"]) == 3
    fc = client.get("/api/map", headers=auth("analyst")).json()
    colours = {f["id"]: f["properties"]["verdict"] for f in fc["features"]}
    assert colours["i-kherson"] == "corroborated"


def test_contact_line_from_snapshots(world, tmp_path, client):
    (tmp_path / "deepstatemap_data_20250401.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[36, 47], [38, 47], [38, 49],
                                                         [36, 49], [36, 47]]]}}]}))
    from dataclasses import replace
    app = world["app"]
    old = app.state.settings
    app.state.settings = replace(old, contact_lines=tmp_path)
    try:
        fc = client.get("/api/contact-line?date=2025-04-19").json()
        early = client.get("/api/contact-line?date=2025-03-01").json()
    finally:
        app.state.settings = old
    assert fc["snapshot"] == "2025-04-01"
    assert fc["features"][0]["geometry"]["type"] in ("LineString", "MultiLineString")
    assert early["features"] == []
