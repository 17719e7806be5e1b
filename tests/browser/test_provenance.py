"""Provenance in the browser: changed and unsupported claims marked, side by side, walked with n."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import Session, select

from factcheck.models import Article, ClaimAlignment
from factcheck.services import demo
from tests.browser.conftest import log_in, screenshot


def test_walk_changed_claims_and_attach_the_origin(live_server, watched_page, session, accounts):
    assert demo.load(session).problems == []
    article = session.exec(select(Article).where(Article.filename == "aggregator-ai-disclosed.txt")).one()
    flagged = session.exec(select(ClaimAlignment).where(ClaimAlignment.article_id == article.id,
                                                        ClaimAlignment.status != "supported")).all()
    page = watched_page
    log_in(page, live_server, "checker")
    page.goto(f"{live_server}/articles/{article.id}")
    expect(page.locator("a.claim[data-origin]")).to_have_count(len(flagged))
    expect(page.locator("#provenance")).to_contain_text("Provenance: origin documents (2)")

    seen = []
    for _ in range(len(flagged)):
        page.keyboard.press("n")
        panel = page.locator("#claim-panel")
        if seen:
            expect(panel).not_to_have_attribute("data-claim-id", seen[-1])
        expect(panel.locator("#origin")).to_be_visible()
        seen.append(panel.get_attribute("data-claim-id"))
    assert sorted(seen, key=int) == sorted((str(a.claim_id) for a in flagged), key=int)

    fund = page.locator("a.claim", has_text="$4.85 billion")
    fund.click()
    origin = page.locator("#claim-panel #origin")
    expect(origin).to_contain_text("changed")
    expect(origin.locator("mark.diff-number").first).to_have_text(re.compile(r"\$4\.85 billion"))
    expect(origin.locator(".side-by-side mark.diff-number").nth(1)).to_have_text(re.compile(r"\$4\.58 billion"))
    screenshot(page, "side-by-side")
    origin.get_by_role("button", name=re.compile("Attach as a source")).first.click()
    expect(page.locator("#claim-panel .sources h3")).to_have_text("Sources (1)")
    expect(page.locator("#claim-panel .source").first).to_contain_text("refutes")


def test_a_double_clicked_attach_stores_one_source(live_server, watched_page, session, accounts):
    from factcheck.models import Source
    from factcheck.services import articles, origins
    from tests.services.test_origin_workflow import ARTICLE, ORIGIN

    article = articles.import_bytes(session, raw=ARTICLE, filename="pact.txt", actor=None).article
    origins.add_origin(session, article_id=article.id, raw=ORIGIN, filename="report.txt", actor=None,
                       url="https://ledger.example/report")
    supported = session.exec(select(ClaimAlignment).where(ClaimAlignment.article_id == article.id,
                                                          ClaimAlignment.status == "supported")).one()
    page = watched_page
    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" and "/alignment/source" in r.url else None)
    log_in(page, live_server, "checker")
    page.goto(f"{live_server}/claims/{supported.claim_id}")
    # A person's double-click: two clicks 60 ms apart. (Playwright's dblclick() sends both within one
    # task, and Chromium then makes a single request; a real double-click sends two.) The form is a
    # plain POST: if the page is already reloading with the first answer when the second click
    # comes (a timing the test cannot fix), that click lands on no button and one request goes
    # out; otherwise the second reaches the server, which must refuse the repeat. Either way
    # exactly one source is stored.
    box = page.get_by_role("button", name="Attach as a source (supports)").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(60)
    page.mouse.click(x, y)
    expect(page.locator("#claim-panel .sources h3")).to_have_text("Sources (1)")
    page.wait_for_load_state("load")
    assert 1 <= len(requests) <= 2, requests
    expect(page.locator("#messages")).to_contain_text(re.compile("already a source|now a source"))
    with Session(session.get_bind()) as fresh:
        assert len(fresh.exec(select(Source).where(Source.claim_id == supported.claim_id)).all()) == 1
