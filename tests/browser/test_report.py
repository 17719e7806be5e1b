"""An editor reads the report, acts on the queue and publishes a fact-check."""
from __future__ import annotations

import json
import re
from datetime import date

from playwright.sync_api import expect

from factcheck.paths import resource_dir
from factcheck.services import articles, claims
from tests.browser.conftest import log_in, screenshot
from tests.browser.test_accessibility import _serious

MANIFEST = {a["file"]: a for a in json.loads((resource_dir("data") / "manifest.json").read_text())["articles"]}


def _import(session, name):
    entry = MANIFEST[name]
    return articles.import_bytes(session, raw=(resource_dir("data") / name).read_bytes(), filename=name, actor=None,
                                 published=date.fromisoformat(entry["published"]), outlet=entry["outlet"],
                                 url=entry["url"]).article


def test_editor_reads_the_report_resolves_an_item_and_publishes(live_server, watched_page, session, accounts):
    aggregator = _import(session, "aggregator-ai-disclosed.txt")
    _import(session, "relative-dates.txt")
    unit = next(c for c in articles.claim_units(session, aggregator.id) if "$4.85 billion" in c.text)
    claims.add_source(session, claim_id=unit.id, actor=accounts["fact-checker"], stance="refutes",
                      url="https://harbourledger.example/pact", title="Pact signed")
    claims.record_verdict(session, claim_id=unit.id, rating="mostly_false", rationale="Digits swapped.",
                          author=accounts["fact-checker"])
    page = watched_page
    log_in(page, live_server, "editor")
    page.get_by_role("link", name="Report").click()
    page.wait_for_load_state("load")  # htmx buttons clicked before htmx runs would submit the page
    expect(page.get_by_role("heading", name="Editor's report")).to_be_visible()
    ai = page.locator(".ai-report")
    expect(ai).to_contain_text("This content is AI-generated")
    expect(page.locator("#chart-ratings svg title")).to_contain_text("mostly_false 1")
    assert _serious(page) == [], "report page"
    screenshot(page, "report")

    disclosed = page.locator('.queue-item[data-flag="ai_disclosed"]')
    expect(disclosed).to_have_count(1)
    before = int(re.search(r"\((\d+) open", page.locator("#queue-title").text_content()).group(1))
    disclosed.get_by_label("Reason").fill("Disclosure confirmed with the outlet")
    disclosed.get_by_role("button", name="Resolve").click()
    expect(page.locator('.queue-item[data-flag="ai_disclosed"]')).to_have_count(0)
    expect(page.locator("#queue-title")).to_contain_text(f"({before - 1} open, 1 resolved or snoozed)")

    page.select_option("#r-flag", "date_inconsistent")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".queue-item")).to_have_count(1)
    expect(page.locator(".queue-item")).to_contain_text("March 20, 2026")

    # Decisions made with htmx keep the filters: the queue stays on its flag, twice running.
    page.select_option("#r-flag", "unattributed")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"flag=unattributed"))
    heading = page.locator("#queue-title")
    count = int(re.search(r"\((\d+) open", heading.text_content()).group(1))
    assert count >= 3
    for n in (1, 2):
        item = page.locator(".queue-item").first
        item.get_by_label("Reason").fill("Attributed in print")
        item.get_by_role("button", name="Resolve").click()
        expect(heading).to_contain_text(f"({count - n} open")
        expect(page.locator('.queue-item:not([data-flag="unattributed"])')).to_have_count(0)
    expect(page).to_have_url(re.compile(r"flag=unattributed"))

    page.goto(f"{live_server}/claims/{unit.id}")
    page.get_by_role("button", name="Approve and publish this verdict").click()
    expect(page).to_have_url(re.compile(r"/fact-checks/\d+$"))
    expect(page.locator(".verdict-line")).to_contain_text("Mostly false")
    json_ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert json_ld["claimReviewed"] == unit.text
    screenshot(page, "public-fact-check")
