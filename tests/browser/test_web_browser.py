"""The web UI in a real browser: map, filters, incident claims, liaison reply, drafts."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def sign_in(page, server, role):
    page.goto(server["url"] + "/login")
    page.fill("input[name=token]", server["tokens"][role])
    page.click("button[type=submit]")
    page.wait_for_url(server["url"] + "/")


def shown(page) -> int:
    page.wait_for_function("document.getElementById('count').dataset.count !== undefined")
    return int(page.get_attribute("#count", "data-count"))


def test_map_loads_and_shows_incidents(page, server):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server["url"] + "/")
    assert shown(page) == 1  # the public sees the one incident with a published finding
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # markers on canvas
    assert "corroborated" in page.inner_text("#incident-list")
    assert errors == []


def test_filtering_changes_what_is_shown(page, server):
    sign_in(page, server, "analyst")
    assert shown(page) == 3
    page.select_option("select[name=party]", "UA")
    page.wait_for_function("document.getElementById('count').dataset.count === '1'")
    assert "artillery_shelling" in page.inner_text("#incident-list")
    page.select_option("select[name=party]", "")
    page.wait_for_function("document.getElementById('count').dataset.count === '3'")
    page.select_option("select[name=event_type]", "missile_strike")
    page.wait_for_function("document.getElementById('count').dataset.count === '1'")
    assert shown(page) == 1
    assert "missile_strike" in page.inner_text("#incident-list")


def test_date_slider_narrows_to_one_day(page, server):
    sign_in(page, server, "analyst")
    assert shown(page) == 3
    page.select_option("select[name=window]", "1")  # the last day: 20 April
    page.wait_for_function("document.getElementById('count').dataset.count === '2'")
    page.eval_on_selector("input[name=day]", "el => { el.value = 0; "
                          "el.dispatchEvent(new Event('change', {bubbles: true})); }")
    page.wait_for_function("document.getElementById('count').dataset.count === '1'")
    assert "2025-04-19" in page.inner_text("#day-label")


def test_incident_page_shows_its_claims(page, server):
    page.goto(server["url"] + "/")
    shown(page)
    page.click("#incident-list a")
    page.wait_for_url(re.compile(r"/incidents/i-kherson$"))
    claims = page.locator("#claims .claim")
    assert claims.count() == 2
    text = page.inner_text("#claims")
    assert "General Staff of Ukraine" in text and "allegation" in text
    # the confidential monitor's report (and so its language) is withheld from the public
    assert sorted(page.locator("#claims .language").all_inner_texts()) == ["uk", "—"]
    assert "Russian drone hit a substation" in text
    assert "Confidential source" in text and "Zaporizhzhia-7" not in text
    assert page.inner_text("#grade").startswith("2")


def test_liaison_submits_a_reply_and_sees_it(page, server):
    sign_in(page, server, "liaison")
    page.goto(server["url"] + "/replies")
    page.click("text=test-energy · no-energy")
    page.wait_for_url(re.compile(r"/findings/f-draft-ru$"))
    page.fill("#reply-form textarea", "Debris of an intercepted missile, not a strike.")
    page.click("#reply-form button")
    page.wait_for_url(re.compile(r"/findings/f-draft-ru(#events)?$"))
    assert "Debris of an intercepted missile" in page.inner_text("#event-list")
    assert "lia-ru (RU)" in page.inner_text("#event-list")


def test_public_cannot_see_a_draft(page, server):
    resp = page.goto(server["url"] + "/findings/f-draft-ru")
    assert resp.status == 404
    assert "no finding" in page.inner_text("#error-message")
    page.goto(server["url"] + "/")
    shown(page)
    assert "missile_strike" not in page.inner_text("#incident-list")
    resp = page.goto(server["url"] + "/api/findings")
    assert "f-draft" not in page.content()


def test_phone_width_is_usable(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(server["url"] + "/")
    assert shown(pg) == 1
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    ctx.close()
