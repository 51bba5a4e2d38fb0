"""Every endpoint × every role: allowed (2xx) or denied (401 without a token, 403 with the
wrong role, 404 where a draft must not even be seen)."""

from __future__ import annotations

import pytest

ROLES = ("public", "monitor", "liaison", "analyst", "admin")
A = "allow"

# (method, path, json body, {role: expected}) — expected is "allow" or a status code.
MATRIX = [
    ("GET", "/api/health", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/me", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/findings", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/findings/f-pub", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/findings/f-draft-ru", None,
     {"public": 404, "monitor": 404, "liaison": A, "analyst": A, "admin": A}),
    ("GET", "/api/findings/f-draft-ua", None,
     {"public": 404, "monitor": 404, "liaison": 404, "analyst": A, "admin": A}),
    ("GET", "/api/incidents", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/incidents/i-kherson", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/incidents/i-kram", None,
     {"public": 404, "monitor": A, "liaison": 404, "analyst": A, "admin": A}),
    ("GET", "/api/map", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/claims", None,
     {"public": 401, "monitor": A, "liaison": 403, "analyst": A, "admin": A}),
    ("GET", "/api/reports", None,
     {"public": 401, "monitor": A, "liaison": 403, "analyst": A, "admin": A}),
    ("GET", "/api/reports/{report}", None,
     {"public": 401, "monitor": A, "liaison": 403, "analyst": A, "admin": A}),
    ("GET", "/api/reports/{confidential_report}", None,
     {"public": 401, "monitor": 404, "liaison": 403, "analyst": A, "admin": A}),
    ("GET", "/api/evidence/" + "0" * 64, None,
     {"public": 401, "monitor": 404, "liaison": 403, "analyst": 404, "admin": 404}),
    ("GET", "/api/agreements", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/agreements/test-energy", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/agreements/test-energy/zones", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/contact-line", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/sources", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/audit", None,
     {"public": 401, "monitor": 403, "liaison": 403, "analyst": A, "admin": A}),
    ("GET", "/api/audit/verify", None,
     {"public": 401, "monitor": 403, "liaison": 403, "analyst": A, "admin": A}),
    ("GET", "/api/stats/daily", None, dict.fromkeys(ROLES, A)),
    ("GET", "/api/review-queue", None,
     {"public": 401, "monitor": 403, "liaison": 403, "analyst": A, "admin": A}),
    ("GET", "/api/users", None,
     {"public": 401, "monitor": 403, "liaison": 403, "analyst": 403, "admin": A}),
    ("POST", "/api/reports", "form",
     {"public": 401, "monitor": A, "liaison": 403, "analyst": 403, "admin": A}),
    ("POST", "/api/findings/f-draft-ru/replies", {"text": "We deny this strike."},
     {"public": 401, "monitor": 403, "liaison": A, "analyst": 403, "admin": 403}),
    ("POST", "/api/findings/f-pub/status", {"to_status": "under_review", "reason": "recheck"},
     {"public": 401, "monitor": 403, "liaison": 403, "analyst": A, "admin": "toggle"}),
    ("PUT", "/api/sources/ua-gs/confidential", {"confidential": False},
     {"public": 401, "monitor": 403, "liaison": 403, "analyst": 403, "admin": A}),
]


def test_matrix_covers_every_api_route(world):
    templates = {
        "/api/findings/{finding_id}": "/api/findings/f-",
        "/api/incidents/{incident_id}": "/api/incidents/i-",
        "/api/reports/{report_id}": "/api/reports/{",
        "/api/evidence/{sha256}": "/api/evidence/0",
        "/api/agreements/{agreement_id}": "/api/agreements/test-energy",
        "/api/agreements/{agreement_id}/zones": "/api/agreements/test-energy/zones",
        "/api/findings/{finding_id}/replies": "/api/findings/f-draft-ru/replies",
        "/api/findings/{finding_id}/status": "/api/findings/f-pub/status",
        "/api/sources/{source_id}/confidential": "/api/sources/ua-gs/confidential",
    }
    spec = world["app"].openapi()["paths"]
    routes = {(m.upper(), p) for p, ops in spec.items() for m in ops}
    assert len(routes) >= 25
    for method, path in routes:
        prefix = templates.get(path, path)
        rows = [p for m, p, _, _ in MATRIX if m == method
                and (p == path or (path in templates and p.startswith(prefix)))]
        assert rows, f"{method} {path} has no row in the role matrix"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,path,body,expect", MATRIX,
                         ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_role_matrix(world, client, auth, role, method, path, body, expect):
    path = path.format(report=world["report"], confidential_report=world["confidential_report"])
    kwargs = {"headers": auth(role)}
    if body == "form":
        kwargs["data"] = {"text": f"Shelling heard near Huliaipole ({role})"}
    elif body is not None:
        kwargs["json"] = body
    r = client.request(method, path, **kwargs)
    want = expect[role]
    if want == "toggle":  # the analyst moved it; the admin moves it back
        want = A
        kwargs["json"] = {"to_status": "published", "reason": "rechecked"}
        r = client.request(method, path, **kwargs)
    if want == A:
        assert 200 <= r.status_code < 300, (role, path, r.text)
    else:
        assert r.status_code == want, (role, path, r.text)
        body = r.json()
        assert body["ok"] is False and body["status"] == want and body["error"]
