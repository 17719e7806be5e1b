"""axe-core (vendored, test-only) finds no serious or critical violations; forms work without JavaScript."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from factcheck.paths import resource_dir
from factcheck.services import articles
from tests.browser.conftest import log_in, screenshot
from tests.conftest import ROOT

AXE = (ROOT / "tests" / "browser" / "vendor" / "axe.min.js").read_text()


def _serious(page) -> list[str]:
    # Injected through the DevTools protocol, so the page's CSP does not apply to the test tool.
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def demo_article(session):
    raw = (resource_dir("data") / "aggregator-ai-disclosed.txt").read_bytes()
    return articles.import_bytes(session, raw=raw, filename="aggregator-ai-disclosed.txt", actor=None).article


def test_pages_have_no_serious_accessibility_violations(live_server, watched_page, demo_article, accounts):
    page = watched_page
    page.goto(live_server + "/login")
    assert _serious(page) == []
    log_in(page, live_server)
    assert _serious(page) == [], "article list"
    page.goto(f"{live_server}/articles/{demo_article.id}")
    assert _serious(page) == [], "article"
    page.locator("a.claim").first.click()
    expect(page.locator("#claim-panel[data-claim-id]")).to_be_visible()
    assert _serious(page) == [], "claim panel"
    page.goto(f"{live_server}/import")
    assert _serious(page) == [], "import"


def test_every_form_works_without_javascript(live_server, browser, watch, demo_article, accounts):
    context = browser.new_context(java_script_enabled=False)
    page = watch(context.new_page())
    try:
        log_in(page, live_server)
        page.goto(f"{live_server}/articles/{demo_article.id}")
        page.locator("a.claim").nth(1).click()  # a plain link to the claim's page
        expect(page).to_have_url(re.compile(r"/claims/\d+#claim-panel$"))
        page.get_by_label("URL", exact=True).fill("https://harbourledger.example/corridor")
        page.get_by_label("Title").fill("Harbour Ledger report")
        page.get_by_role("button", name="Add source").click()
        expect(page.locator("#claim-panel .sources h3")).to_have_text("Sources (1)")
        page.get_by_label("Rating").select_option("mostly_true")
        page.get_by_label(re.compile("^Rationale")).fill("Matches the <b>report</b>.")
        page.get_by_role("button", name="Record verdict").click()
        expect(page.locator("#claim-panel .current-verdict")).to_contain_text("Mostly true")
        expect(page.locator("#article-progress")).to_contain_text("1/")
        page.get_by_role("textbox", name="Comment").fill("Checked against the origin.")
        page.get_by_role("button", name="Comment", exact=True).click()
        expect(page.locator("#claim-panel .comments h3")).to_have_text("Comments (1)")
        screenshot(page, "no-javascript")
    finally:
        context.close()


def test_import_from_the_browser_shows_each_result(live_server, watched_page, accounts, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Ferry fares rise\n\nFerry fares will rise 4% in April, the operator said.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    page = watched_page
    log_in(page, live_server)
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Choose files").set_input_files([str(good), str(bad)])
    page.get_by_role("button", name="Import", exact=True).click()
    results = page.locator("#import-results")
    expect(results).to_contain_text("1 imported")
    expect(results).to_contain_text("1 refused")
    expect(results).to_contain_text("bad.txt: not imported")
    expect(page.locator("[data-upload-progress]")).to_have_attribute("value", "100")
    screenshot(page, "import")
