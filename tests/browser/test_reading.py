"""A fact-checker logs in, opens an article and sees its claim units marked."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from factcheck.paths import resource_dir
from factcheck.services import articles
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD


def test_log_in_open_an_article_and_see_the_claims_marked(live_server, watched_page, session, accounts, request):
    raw = (resource_dir("data") / "abbreviations.txt").read_bytes()
    article = articles.import_bytes(session, raw=raw, filename="abbreviations.txt", actor=None).article
    claims = articles.claim_units(session, article.id)
    page = watched_page

    page.goto(live_server + "/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("Username").fill("checker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    backend = "pg" if "postgresql" in request.node.name else "sqlite"
    screenshot(page, f"article-list-{backend}")

    page.get_by_role("link", name=article.title).click()
    marked = page.locator("[data-claim-id]")
    expect(marked).to_have_count(len(claims))
    # The browser's own text of each marked span is exactly the claim's slice of the stored text.
    for claim, element in zip(claims, marked.all()):
        assert element.get_attribute("data-start") == str(claim.start)
        assert element.text_content() == article.text[claim.start:claim.end]
    screenshot(page, f"article-{backend}")


def test_wrong_password_shows_a_message_and_stays_on_login(live_server, watched_page, accounts):
    page = watched_page
    page.goto(live_server + "/login")
    page.get_by_label("Username").fill("checker")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("status")).to_contain_text("do not match")
