"""A fact-checker's day from the keyboard, and two of them on one claim."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from factcheck.paths import resource_dir
from factcheck.services import articles
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD


def _article(session):
    raw = (resource_dir("data") / "abbreviations.txt").read_bytes()
    return articles.import_bytes(session, raw=raw, filename="abbreviations.txt", actor=None).article


def test_walk_claims_add_source_and_record_verdict_from_the_keyboard(live_server, watched_page, session, accounts):
    article = _article(session)
    claims = articles.claim_units(session, article.id)
    page = watched_page
    log_in(page, live_server)
    articles.import_bytes(session, raw=b"Other story\n\nThe ferry fares rose 4% on Monday.\n", filename="o.txt", actor=None)
    page.reload()
    expect(page.locator("#article-table .count")).to_have_text("2 articles")
    page.get_by_label("Search title and text").fill("surgical robots")
    expect(page.locator("#article-table .count")).to_contain_text("1 article matching")
    expect(page).to_have_url(re.compile(r"q=surgical"))
    page.get_by_role("link", name=article.title).click()
    expect(page).to_have_url(re.compile(rf"/articles/{article.id}$"))
    page.wait_for_load_state("load")  # keys pressed before the scripts run would do nothing

    page.keyboard.press("j")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(claims[0].id))
    page.keyboard.press("j")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(claims[1].id))
    page.keyboard.press("k")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(claims[0].id))
    expect(page.locator(f"#claim-{claims[0].id}")).to_be_focused()
    expect(page).to_have_url(re.compile(rf"/claims/{claims[0].id}$"))

    page.keyboard.press("?")
    expect(page.locator("#key-help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#key-help")).to_be_hidden()

    page.keyboard.press("s")
    expect(page.get_by_label("URL", exact=True)).to_be_focused()
    page.keyboard.type("https://stats.example/report")
    page.get_by_label("Title").fill("Official statistics")
    page.get_by_label("Stance").select_option("refutes")
    page.get_by_label("Title").press("Enter")
    expect(page.locator("#claim-panel .sources h3")).to_have_text("Sources (1)")
    # A source without a verdict: the claim shows "in progress", in words as well as colour.
    first = page.locator(f"#claim-{claims[0].id}")
    expect(first).to_have_class(re.compile(r"\bstatus-in_progress\b"))
    assert "in progress" in first.evaluate("el => getComputedStyle(el, '::after').content")
    expect(page.locator("#claim-panel")).to_be_focused()

    page.keyboard.press("Escape")
    page.keyboard.press("v")
    expect(page.get_by_label("Rating")).to_be_focused()
    page.get_by_label("Rating").select_option("mostly_false")
    page.get_by_label(re.compile("^Rationale")).fill("The release says 1.1 million.")
    page.get_by_role("button", name="Record verdict").click()
    expect(page.locator("#claim-panel .current-verdict")).to_contain_text("Mostly false")
    # Highlight and progress bar moved without a reload.
    expect(page.locator(f"#claim-{claims[0].id}")).to_have_class(re.compile(r"rating-mostly_false"))
    expect(page.locator("#article-progress")).to_contain_text(f"1/{len(claims)}")
    expect(page.get_by_label(re.compile("^Rationale"))).to_have_value("")  # saved, so the draft is gone
    page.keyboard.press("a")
    expect(page.locator("#claim-panel .claim-meta")).to_contain_text("Assignee: checker")
    page.keyboard.press("c")
    expect(page.get_by_label("Comment", exact=True)).to_be_focused()
    page.keyboard.type("Asked the statistics office for the table.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#claim-panel .comments h3")).to_have_text("Comments (1)")
    expect(page.locator("#claim-panel .comments")).to_contain_text("Asked the statistics office")
    expect(page.locator("#claim-panel")).to_be_focused()
    screenshot(page, "claim-panel")


def test_two_reviewers_on_one_claim_lose_nothing(live_server, watched_page, watch, browser, session, accounts):
    article = _article(session)
    claim = articles.claim_units(session, article.id)[2]
    mine = watched_page
    log_in(mine, live_server, "checker")
    mine.goto(f"{live_server}/claims/{claim.id}")

    other_context = browser.new_context()
    theirs = watch(other_context.new_page())
    log_in(theirs, live_server, "editor")
    theirs.goto(f"{live_server}/claims/{claim.id}")
    theirs.get_by_label("Rating").select_option("true")
    theirs.get_by_role("button", name="Record verdict").click()
    expect(theirs.locator("#claim-panel .current-verdict")).to_contain_text("True")
    other_context.close()

    mine.get_by_label("Rating").select_option("false")
    mine.get_by_label(re.compile("^Rationale")).fill("My long rationale that must survive.")
    mine.get_by_role("button", name="Record verdict").click()
    conflict = mine.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_be_focused()
    # Both versions side by side: what the editor saved, and what I typed.
    expect(conflict.locator(".theirs")).to_contain_text("editor recorded True")
    expect(conflict.locator(".yours")).to_contain_text("False")
    expect(conflict.locator(".yours")).to_contain_text("My long rationale that must survive.")
    # The article catches up with what the editor saved: highlight and progress bar.
    expect(mine.locator(f"#claim-{claim.id}")).to_have_class(re.compile(r"rating-true"))
    expect(mine.locator("#article-progress")).to_contain_text("1/")
    expect(mine.get_by_label(re.compile("^Rationale"))).to_have_value("My long rationale that must survive.")
    expect(mine.locator("#claim-panel .current-verdict")).to_contain_text("True")
    screenshot(mine, "conflict")
    # Saving again, deliberately, on top of the newer version works.
    mine.get_by_role("button", name="Record verdict").click()
    expect(mine.locator("#claim-panel .current-verdict")).to_contain_text("False")
    expect(mine.locator("#claim-panel .history summary")).to_have_text("History (2)")


def test_typed_text_survives_an_expired_session_through_the_login(live_server, watched_page, session, accounts):
    article = _article(session)
    claim = articles.claim_units(session, article.id)[1]
    page = watched_page
    log_in(page, live_server)
    page.goto(f"{live_server}/claims/{claim.id}")
    page.get_by_label(re.compile("^Rationale")).press_sequentially("Typed before the session ended.")
    page.context.clear_cookies()  # the session expires while the user types
    page.get_by_label("Rating").select_option("unproven")
    page.get_by_role("button", name="Record verdict").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Username").fill("checker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/claims/{claim.id}$"))
    expect(page.get_by_label(re.compile("^Rationale"))).to_have_value("Typed before the session ended.")


def test_split_and_merge_a_unit_in_the_browser(live_server, watched_page, session, accounts):
    article = _article(session)
    claims = articles.claim_units(session, article.id)
    target = next(c for c in claims if "announced the deal" in c.text)
    page = watched_page
    log_in(page, live_server)
    page.goto(f"{live_server}/claims/{target.id}")
    page.get_by_text("Correct this unit").click()
    page.get_by_label("Split: the second part starts with").fill("flanked by")
    page.get_by_role("button", name="Split", exact=True).click()
    marked = page.locator("a.claim")
    expect(marked).to_have_count(len(claims) + 1)
    first_part = page.locator("#claim-panel .claim-text")
    expect(first_part).not_to_contain_text("flanked by")
    for element in marked.all():
        start, end = int(element.get_attribute("data-start")), int(element.get_attribute("data-end"))
        assert element.text_content() == article.text[start:end]
    screenshot(page, "split")
    page.get_by_text("Correct this unit").click()
    page.get_by_role("button", name="Merge with the next unit").click()
    expect(marked).to_have_count(len(claims))
    expect(page.locator("#claim-panel .claim-text")).to_have_text(target.text)


def test_a_day_of_work_without_the_mouse(live_server, watched_page, session, accounts):
    article = _article(session)
    claims = articles.claim_units(session, article.id)
    articles.import_bytes(session, raw=b"Other story\n\nThe ferry fares rose 4% on Monday.\n", filename="o.txt", actor=None)
    page = watched_page
    page.goto(live_server + "/login")
    page.get_by_label("Username").focus()
    page.keyboard.type("checker")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    page.wait_for_load_state("load")

    page.keyboard.press("/")
    expect(page.get_by_label("Search title and text")).to_be_focused()
    page.keyboard.type("surgical robots")
    expect(page).to_have_url(re.compile(r"q=surgical(%20|\+)robots"))  # the last search has answered
    expect(page.locator("#article-table .count")).to_contain_text("1 article matching")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(page.get_by_role("link", name=article.title)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/articles/{article.id}$"))
    page.wait_for_load_state("load")

    for n, (claim, rating) in enumerate(zip(claims[:2], ("Mostly false", "True")), start=1):
        page.keyboard.press("j")
        expect(page.locator("#claim-panel")).to_have_attribute("data-claim-id", str(claim.id))
        page.keyboard.press("s")
        page.keyboard.type(f"https://stats.example/table-{n}")
        page.keyboard.press("Control+Enter")
        expect(page.locator("#claim-panel .sources h3")).to_have_text("Sources (1)")
        page.keyboard.press("v")
        expect(page.get_by_label("Rating")).to_be_focused()
        page.keyboard.type(rating)  # a focused select jumps to the option typed
        page.keyboard.press("Tab")
        page.keyboard.type(f"Checked against table {n}.")
        page.keyboard.press("Control+Enter")
        expect(page.locator("#claim-panel .current-verdict")).to_contain_text(rating)
        expect(page.locator("#article-progress")).to_contain_text(f"{n}/{len(claims)}")
        page.keyboard.press("a")
        expect(page.locator("#claim-panel .claim-meta")).to_contain_text("Assignee: checker")
        page.keyboard.press("c")
        page.keyboard.type("Done; table attached.")
        page.keyboard.press("Control+Enter")
        expect(page.locator("#claim-panel .comments h3")).to_have_text("Comments (1)")
        expect(page.locator("#claim-panel")).to_be_focused()  # ready for the next j
    page.keyboard.press("?")
    expect(page.locator("#key-help")).to_contain_text("save the form you are typing in")
    page.keyboard.press("Escape")
    expect(page.locator("#key-help")).to_be_hidden()
    session.expire_all()
    from factcheck.services.claims import latest_ratings
    assert latest_ratings(session, article.id) == {claims[0].id: "mostly_false", claims[1].id: "true"}
