"""The web pages over TestClient: every page renders, forms need a CSRF token, roles hold."""

from __future__ import annotations

import re

import pytest


def login(client, world, role):
    r = client.post("/login", data={"token": world["tokens"][role]}, follow_redirects=False)
    assert r.status_code == 303
    return client


@pytest.fixture
def fresh(world):
    from fastapi.testclient import TestClient

    with TestClient(world["app"]) as c:
        yield c


@pytest.mark.parametrize("path,needle", [
    ("/", 'id="map"'), ("/incidents/i-kherson", "Russian drone hit a substation"),
    ("/findings/f-pub", "CORROBORATED"), ("/agreements", "Energy sector test agreement"),
    ("/agreements/test-energy", "no-energy"), ("/report?day=2025-04-19", "f-pub"),
    ("/report/summary", "<html"), ("/charts", "<svg"), ("/login", "name=\"token\""),
    ("/static/leaflet/leaflet.js", "Leaflet"), ("/static/truceline/app.js", "L.map"),
])
def test_public_pages_render(fresh, path, needle):
    r = fresh.get(path)
    assert r.status_code == 200, r.text
    assert needle in r.text


def test_role_pages(fresh, world):
    assert fresh.get("/review", headers={"accept": "text/html"}).status_code == 401
    login(fresh, world, "analyst")
    queue = fresh.get("/review").text
    assert "f-draft-ru" in queue and "f-pub" not in queue
    assert fresh.get("/replies").status_code == 403
    assert 'id="review-form"' in fresh.get("/findings/f-draft-ru").text


def test_reply_form_needs_csrf(fresh, world):
    login(fresh, world, "liaison")
    page = fresh.get("/findings/f-draft-ru").text
    assert 'id="reply-form"' in page
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    bad = fresh.post("/findings/f-draft-ru/reply", data={"text": "forged", "csrf": "0" * 64})
    assert bad.status_code == 403 and "CSRF" in bad.json()["error"]
    ok = fresh.post("/findings/f-draft-ru/reply", data={"text": "Not ours.", "csrf": token})
    assert ok.status_code == 200 and "Not ours." in ok.text
    assert "forged" not in ok.text


def test_review_form_moves_a_finding(fresh, world):
    login(fresh, world, "analyst")
    page = fresh.get("/findings/f-draft-ua").text
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    r = fresh.post("/findings/f-draft-ua/status",
                   data={"to_status": "under_review", "reason": "second source", "csrf": token})
    assert r.status_code == 200 and 'id="status">under_review' in r.text


def test_html_errors_for_browsers_json_for_api(fresh):
    html = fresh.get("/findings/f-draft-ru", headers={"accept": "text/html"})
    assert html.status_code == 404 and "<h1>Error 404</h1>" in html.text
    api = fresh.get("/api/findings/f-draft-ru", headers={"accept": "text/html"})
    assert api.json()["status"] == 404


def test_bad_login_is_refused(fresh):
    r = fresh.post("/login", data={"token": "tl_000000000000_nope"})
    assert r.status_code == 401 and "unknown" in r.text
