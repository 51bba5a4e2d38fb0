"""Server-rendered pages (Jinja2): map, incident, finding (reply and review forms),
agreement, review queue, daily report, charts, login. Forms are CSRF-protected: each
carries an HMAC of the session cookie under the server's secret."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from truceline.api import _queries as qy
from truceline.api import _routes as api
from truceline.api._auth import COOKIE, PUBLIC, ForbiddenError, Principal, principal_of, require
from truceline.api._views import finding_value, finding_view
from truceline.api._write import decide, reply_to
from truceline.domain.vocab import EVENT_TYPES, TARGET_TYPES, VERDICTS
from truceline.reporting import explain_lines, summary_html
from truceline.storage import _review as review
from truceline.web._charts import COLOURS, daily_svg

templates = Jinja2Templates(directory=str(__import__("pathlib").Path(__file__).parent
                                          / "templates"))
router = APIRouter(include_in_schema=False)


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser session (empty without a session)."""
    cookie = request.cookies.get(COOKIE, "")
    if not cookie:
        return ""
    secret = request.app.state.settings.secret.encode()
    return hmac.new(secret, cookie.encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, token: str) -> None:
    """Refuse a form post whose CSRF token does not match the session."""
    expected = csrf_token(request)
    if not expected or not hmac.compare_digest(expected, token or ""):
        raise ForbiddenError("the form's CSRF token is missing or stale; reload the page and "
                             "submit again")


def who(request: Request) -> Principal:
    """The signed-in user, or public (a bad cookie counts as public)."""
    return principal_of(request) if request.cookies.get(COOKIE) else PUBLIC


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """Render a page with the common context."""
    p = who(request)
    base = {"me": p, "csrf": csrf_token(request), "colours": COLOURS,
            "tile_url": request.app.state.settings.tile_url}
    return templates.TemplateResponse(request, name, base | ctx, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """An error as a page (used by the one error handler for browser requests)."""
    return render(request, "error.html.j2", status=status, status_code=status, message=message)


def _days(store: Any, p: Principal) -> list[str]:
    rows = qy.daily_counts(store, p, qy.Filters())
    days = sorted({r["day"] for r in rows})
    if not days:
        return []
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """The map: incidents coloured by verdict, zones, contact line, date slider, filters."""
    store = api.store_of(request)
    p = who(request)
    parties = sorted({x.code for a in store.agreements() for x in a.parties})
    return render(request, "map.html.j2", agreements=store.agreements(), verdicts=VERDICTS,
                  event_types=EVENT_TYPES, target_types=TARGET_TYPES, parties=parties,
                  days=_days(store, p))


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> HTMLResponse:
    """Every claim side by side, the grade and the findings with their reasons."""
    p = who(request)
    inc = api.visible_incident(request, p, incident_id)
    store = api.store_of(request)
    findings = [api.visible_finding(request, p, f["id"]) for f in inc["findings"]]
    names = {s.id: s.name for s in store.sources().values()}
    langs = qy.report_languages(store, [c["report_id"] for c in inc["claims"]
                                        if c.get("report_id")])
    return render(request, "incident.html.j2", inc=inc, findings=findings, names=names,
                  langs=langs)


@router.get("/findings/{finding_id}", response_class=HTMLResponse)
def finding_page(request: Request, finding_id: str) -> HTMLResponse:
    """A finding explained, its history and replies, and the reply or review form."""
    p = who(request)
    d = api.visible_finding(request, p, finding_id)
    f = finding_value(d)
    events = review.finding_events(api.store_of(request), finding_id)
    can_reply = p.role == "liaison" and d.get("accused") == p.party
    moves = review.TRANSITIONS.get(d["status"], ()) if p.sees_all_findings else ()
    return render(request, "finding.html.j2", f=d, lines=explain_lines(f), events=events,
                  can_reply=can_reply, moves=moves)


@router.post("/findings/{finding_id}/reply")
def finding_reply(request: Request, finding_id: str, text: Annotated[str, Form()],
                  csrf: Annotated[str, Form()] = "") -> Response:
    """The liaison's reply form."""
    check_csrf(request, csrf)
    reply_to(request, who(request), finding_id, text)
    return RedirectResponse(f"/findings/{finding_id}#events", status_code=303)


@router.post("/findings/{finding_id}/status")
def finding_status(request: Request, finding_id: str, to_status: Annotated[str, Form()],
                   reason: Annotated[str, Form()], csrf: Annotated[str, Form()] = ""
                   ) -> Response:
    """The analyst's review form."""
    check_csrf(request, csrf)
    decide(request, who(request), finding_id, to_status, reason)
    return RedirectResponse(f"/findings/{finding_id}#events", status_code=303)


@router.get("/agreements", response_class=HTMLResponse)
def agreements_page(request: Request) -> HTMLResponse:
    """Every agreement."""
    return render(request, "agreements.html.j2", agreements=api.store_of(request).agreements())


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(request: Request, agreement_id: str) -> HTMLResponse:
    """An agreement's parties, windows and clauses, with its zones on the map."""
    return render(request, "agreement.html.j2",
                  a=api.store_of(request).agreement(agreement_id))


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, offset: int = 0) -> HTMLResponse:
    """The analyst's review queue."""
    p = who(request)
    require(p, "admin", "analyst", what="the review queue")
    total, rows = qy.review_queue(api.store_of(request), 100, max(0, offset))
    return render(request, "review.html.j2", total=total, rows=rows, offset=offset)


@router.get("/replies", response_class=HTMLResponse)
def liaison_page(request: Request) -> HTMLResponse:
    """A liaison's list: findings against their party, to answer."""
    p = who(request)
    require(p, "liaison", what="the liaison's list")
    total, rows = qy.list_findings(api.store_of(request), p,
                                   qy.Filters(party=p.party), 500, 0)
    return render(request, "replies.html.j2", total=total, rows=rows)


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, day: str | None = None) -> HTMLResponse:
    """The daily report: the findings that began on one day, by agreement and party."""
    p = who(request)
    days = _days(api.store_of(request), p)
    day = day or (days[-1] if days else date.today().isoformat())
    flt = qy.Filters(since=qy.iso_bound(day, "day"),
                     until=qy.iso_bound((date.fromisoformat(day) + timedelta(days=1))
                                        .isoformat(), "day"))
    total, rows = qy.list_findings(api.store_of(request), p, flt, 1000, 0)
    return render(request, "report.html.j2", day=day, days=days, rows=rows, total=total)


@router.get("/report/summary", response_class=HTMLResponse)
def summary_page(request: Request) -> HTMLResponse:
    """The reporting stage's HTML summary of the findings the caller may see."""
    p = who(request)
    store = api.store_of(request)
    _, rows = qy.list_findings(store, p, qy.Filters(), 100000, 0)
    conf = api.confidential(request)
    found = [finding_value(finding_view(r, p, conf)) for r in rows]
    return HTMLResponse(summary_html(found, store.agreements()))


@router.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request, agreement: str | None = None) -> HTMLResponse:
    """Violations per day (findings other than not-applicable), stacked by verdict."""
    rows = qy.daily_counts(api.store_of(request), who(request), qy.Filters(agreement=agreement))
    return render(request, "charts.html.j2", svg=Markup(daily_svg(rows)),
                  agreements=api.store_of(request).agreements(), agreement=agreement)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    """Sign in with a token."""
    return render(request, "login.html.j2")


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()]) -> Response:
    """Check the token and keep it in an HttpOnly, SameSite=Strict cookie."""
    from truceline.storage._people import token_user

    if token_user(api.store_of(request), token.strip()) is None:
        return render(request, "login.html.j2", status=401,
                      error="That token is unknown, revoked or wrong.")
    resp = RedirectResponse("/", status_code=303)
    resp.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict",
                    secure=request.url.scheme == "https")
    return resp


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    """Forget the session cookie."""
    check_csrf(request, csrf)
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(COOKIE)
    return resp
