import json
import re
from datetime import date, timedelta
from html import unescape

import pytest

from factcheck.paths import resource_dir
from factcheck.services import articles, claims, reports
from factcheck.timeutil import utcnow
from tests.conftest import csrf_token, login

MANIFEST = {a["file"]: a for a in json.loads((resource_dir("data") / "manifest.json").read_text())["articles"]}


def _import(session, name):
    raw = (resource_dir("data") / name).read_bytes()
    return articles.import_bytes(session, raw=raw, filename=name, actor=None,
                                 published=date.fromisoformat(MANIFEST[name]["published"]),
                                 outlet=MANIFEST[name]["outlet"], url=MANIFEST[name]["url"]).article


@pytest.fixture
def demo(session, accounts):
    aggregator = _import(session, "aggregator-ai-disclosed.txt")
    _import(session, "relative-dates.txt")
    unit = next(c for c in articles.claim_units(session, aggregator.id) if "$4.85 billion" in c.text)
    claims.add_source(session, claim_id=unit.id, actor=accounts["fact-checker"],
                      url="https://harbourledger.example/pact", title="Pact signed", stance="refutes")
    claims.record_verdict(session, claim_id=unit.id, rating="mostly_false",
                          rationale="The origin says <b>$4.58 billion</b>.<script>x()</script>",
                          author=accounts["fact-checker"])
    return aggregator, unit


def test_report_page_shows_totals_ai_evidence_queue_and_charts(client, session, demo):
    login(client, "editor")
    html = client.get("/report").get_data(as_text=True)
    report = reports.build(session)
    assert f'<dd id="total-claims">{report.totals["claims"]}</dd>' in html
    assert "This content is AI-generated" in html
    assert html.count('class="queue-item') == min(25, len(report.follow_up))
    assert html.count("<svg") == 3 and "Verdicts by rating: mostly_false 1" in html


def test_fact_checkers_cannot_see_the_report(client, demo):
    login(client, "checker")
    assert client.get("/report").status_code == 403


def test_resolve_from_the_report_removes_the_item(client, session, demo):
    aggregator, _ = demo
    login(client, "editor")
    token = csrf_token(client.get("/report").get_data(as_text=True))
    data = {"csrf_token": token, "flag": "ai_disclosed", "article_id": aggregator.id, "claim_id": "",
            "action": "resolve", "reason": "", "query": ""}
    refused = client.post("/report/follow-up", data=data, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "say why" in refused.get_data(as_text=True)
    done = client.post("/report/follow-up", data={**data, "reason": "Outlet confirmed"}, headers={"HX-Request": "true"})
    assert done.status_code == 200 and "followUpDecided" in done.headers["HX-Trigger"]
    assert 'data-flag="ai_disclosed"' not in done.get_data(as_text=True)
    assert client.post("/report/follow-up", data={**data, "reason": "x"}).status_code == 303


def test_publish_gives_a_public_page_with_valid_claimreview(client, session, demo):
    aggregator, unit = demo
    login(client, "editor")
    page = client.get(f"/claims/{unit.id}").get_data(as_text=True)
    verdict_id = re.search(r'name="verdict_id" value="(\d+)"', page).group(1)
    response = client.post(f"/claims/{unit.id}/publish", data={"csrf_token": csrf_token(page), "verdict_id": verdict_id})
    assert response.status_code == 303
    public_path = response.headers["Location"]
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    html = client.get(public_path).get_data(as_text=True)  # no login needed
    assert "Mostly false" in html and "<b>$4.58 billion</b>" in html and "<script>x()" not in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "ClaimReview" and data["claimReviewed"] == unit.text
    assert data["reviewRating"]["alternateName"] == "Mostly false" and data["reviewRating"]["ratingValue"] == 2
    assert data["url"].endswith(public_path)
    assert data["itemReviewed"]["appearance"]["url"] == MANIFEST["aggregator-ai-disclosed.txt"]["url"]


def test_publishing_an_old_verdict_is_refused(client, session, demo, accounts):
    _, unit = demo
    login(client, "editor")
    page = client.get(f"/claims/{unit.id}").get_data(as_text=True)
    old = re.search(r'name="verdict_id" value="(\d+)"', page).group(1)
    claims.record_verdict(session, claim_id=unit.id, rating="false", rationale="", author=accounts["editor"])
    response = client.post(f"/claims/{unit.id}/publish", data={"csrf_token": csrf_token(page), "verdict_id": old})
    assert response.status_code == 303 and f"/claims/{unit.id}" in response.headers["Location"]
    assert "newer verdict" in client.get(f"/claims/{unit.id}").get_data(as_text=True)


@pytest.mark.parametrize("path, kind", [("/exports/claims.csv", "text/csv"),
                                        ("/exports/claimreview.json", "application/ld+json"),
                                        ("/exports/annotations.jsonld", "application/ld+json")])
def test_exports_download_for_editors_only(app, client, demo, path, kind):
    checker = app.test_client()
    login(checker, "checker")
    assert checker.get(path).status_code == 403
    login(client, "editor")
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == kind
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.strip()
    if kind != "text/csv":
        json.loads(body)
    response.close()


def test_reviewer_marks_a_span_as_ai_generated(client, session, demo):
    aggregator, unit = demo
    login(client, "checker")
    token = csrf_token(client.get(f"/articles/{aggregator.id}").get_data(as_text=True))
    response = client.post(f"/articles/{aggregator.id}/ai-mark",
                           data={"csrf_token": token, "reason": "Boilerplate chatbot phrasing", "quote": unit.text})
    assert response.status_code == 303
    item = next(i for i in reports.build(session).follow_up if i.flag == "ai_reviewer")
    assert item.evidence[0]["start"] == unit.start and item.evidence[0]["end"] == unit.end
    missing = client.post(f"/articles/{aggregator.id}/ai-mark",
                          data={"csrf_token": token, "reason": "x", "quote": "not in this article at all"})
    assert missing.status_code == 422 and "not in the article" in missing.get_data(as_text=True)
    page = client.get(f"/articles/{aggregator.id}").get_data(as_text=True)
    assert '<mark class="ai-evidence ai-evidence-reviewer"' not in page  # the span is a claim: it is outlined
    assert "checker: Boilerplate chatbot phrasing" in page
    assert re.search(rf'<a [^>]*has-ai-evidence[^>]*id="claim-{unit.id}"', page)


def _decide(client, token, item, **data):
    return client.post("/report/follow-up", data={"csrf_token": token, "flag": item.flag, "article_id": item.article_id,
                                                  "claim_id": item.claim_id or "", "query": "", **data},
                       headers={"HX-Request": "true"})


def test_assign_from_the_report_gives_the_fact_checker_the_claim(app, client, session, demo, accounts):
    login(client, "editor")
    token = csrf_token(client.get("/report").get_data(as_text=True))
    item = next(i for i in reports.build(session).follow_up if i.flag == "unverified")
    response = _decide(client, token, item, action="assign", assignee_id=accounts["fact-checker"].id)
    assert response.status_code == 200 and "followUpDecided" in response.headers["HX-Trigger"]
    li = re.search(rf'<li class="queue-item flag-unverified" data-flag="unverified" data-claim-id="{item.claim_id}">'
                   r'.*?</li>', response.get_data(as_text=True), re.S).group(0)
    assert "assignee checker" in li
    checker = app.test_client()
    login(checker, "checker")
    panel = checker.get(f"/claims/{item.claim_id}").get_data(as_text=True)
    assert "Assignee: <strong>checker</strong>" in panel
    listed = checker.get(f"/?assignee={accounts['fact-checker'].id}").get_data(as_text=True)
    assert item.title in listed or item.title.replace("'", "&#39;") in listed
    assert "Harlow Ceramics" not in listed  # the other article has nothing assigned to them


def test_an_articles_item_offers_only_editors(client, session, demo, accounts):
    aggregator, _ = demo
    login(client, "editor")
    html = client.get("/report?flag=ai_disclosed").get_data(as_text=True)
    item = re.search(r'<li class="queue-item flag-ai_disclosed".*?</li>', html, re.S).group(0)
    options = re.findall(r"<option value=\"\d+\"[^>]*>(\w+)</option>", item)
    assert options == ["admin", "editor"]
    token = csrf_token(html)
    refused = _decide(client, token, next(i for i in reports.build(session).follow_up if i.flag == "ai_disclosed"),
                      action="assign", assignee_id=accounts["fact-checker"].id)
    assert refused.status_code == 422 and "cannot open the report" in refused.get_data(as_text=True)


def _queue_items(html):
    return re.findall(r'<li class="queue-item flag-(\w+)" data-flag="\w+" data-claim-id="(\d*)"', html)


def test_filters_survive_decisions_htmx_and_plain(client, session, demo):
    aggregator, _ = demo
    login(client, "editor")
    query = "outlet=Daily+Brief+Wire&flag=unattributed"
    page = client.get(f"/report?{query}").get_data(as_text=True)
    listed = _queue_items(page)
    expected = [i for i in reports.build(session).follow_up
                if i.flag == "unattributed" and i.article_id == aggregator.id]
    assert len(listed) == len(expected) >= 3 and {f for f, _ in listed} == {"unattributed"}
    token = csrf_token(page)
    first, second, third = expected[:3]
    data = {"csrf_token": token, "action": "resolve", "reason": "Attributed in the print edition"}

    def post(item, query, htmx=True):
        return client.post("/report/follow-up", data={**data, "flag": item.flag, "article_id": item.article_id,
                                                      "claim_id": item.claim_id, "query": query},
                           headers={"HX-Request": "true"} if htmx else {})

    html = post(first, query).get_data(as_text=True)
    # The re-rendered queue is still filtered, and carries the filters into its own forms and refresh.
    assert {f for f, _ in _queue_items(html)} == {"unattributed"} and len(_queue_items(html)) == len(listed) - 1
    carried = {unescape(q) for q in re.findall(r'name="query" value="([^"]*)"', html)}
    assert carried == {query}
    assert f'hx-get="/report?{query.replace("&", "&amp;")}"' in html
    # A second decision posts what the first one's response carried: still filtered.
    html = post(second, carried.pop()).get_data(as_text=True)
    assert {f for f, _ in _queue_items(html)} == {"unattributed"} and len(_queue_items(html)) == len(listed) - 2
    # Without JavaScript: 303 back to the filtered report.
    response = post(third, query, htmx=False)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/report?{query}")
    assert len(_queue_items(client.get(response.headers["Location"]).get_data(as_text=True))) == len(listed) - 3


def test_the_queue_is_paginated_with_filters_in_links_and_counts_per_flag(app, client, session, demo):
    app.config["REPORT_PER_PAGE"] = 4
    login(client, "editor")
    query = "outlet=Daily+Brief+Wire"
    report = reports.build(session, filters=reports.ReportFilter(outlet="Daily Brief Wire"))
    total = len(report.follow_up)
    pages = -(-total // 4)
    assert pages >= 3
    seen = []
    url = f"/report?{query}"
    for number in range(1, pages + 1):
        html = client.get(url).get_data(as_text=True)
        items = _queue_items(html)
        assert len(items) == (4 if number < pages else total - 4 * (pages - 1))
        seen += items
        assert f"Page {number} of {pages}" in html and f"of {total}." in html
        # Every flag's count is there on every page, as links that keep the other filters.
        for flag, n in report.flag_counts.items():
            if n:
                assert f'href="/report?flag={flag}&amp;outlet=Daily+Brief+Wire">{flag}: {n}</a>' in html
        nxt = re.search(r'<a href="([^"]+)" rel="next">', html)
        if number < pages:
            url = unescape(nxt.group(1))
            assert "outlet=Daily+Brief+Wire" in url and f"page={number + 1}" in url
        else:
            assert nxt is None and 'rel="prev"' in html
    assert seen == [(i.flag, str(i.claim_id or "")) for i in report.follow_up]
    # With one flag picked, the other flags' counts stay visible.
    html = client.get(f"/report?{query}&flag=unattributed").get_data(as_text=True)
    assert {f for f, _ in _queue_items(html)} == {"unattributed"}
    assert f">unverified: {report.flag_counts['unverified']}</a>" in html and "all flags</a>" in html


def test_a_decision_keeps_the_page(app, client, session, demo):
    app.config["REPORT_PER_PAGE"] = 3
    login(client, "editor")
    html = client.get("/report?page=2").get_data(as_text=True)
    second_page = _queue_items(html)
    assert set(unescape(q) for q in re.findall(r'name="query" value="([^"]*)"', html)) == {"page=2"}
    flag, claim_id = second_page[0]
    item = next(i for i in reports.build(session).follow_up if (i.flag, str(i.claim_id or "")) == (flag, claim_id))
    response = _decide(client, csrf_token(html), item, action="resolve", reason="Checked", query="page=2")
    after = response.get_data(as_text=True)
    assert "Page 2 of" in after and _queue_items(after)[:2] == second_page[1:]
    # Past the last page (its last item just went): the last page.
    assert "Page 1 of 1" not in client.get("/report?page=999").get_data(as_text=True)
    last = client.get("/report?page=999").get_data(as_text=True)
    assert re.search(r"Page (\d+) of \1<", last)


def test_a_reviewer_marked_article_is_in_the_ai_section(client, session, demo, accounts):
    human = _import(session, "human-about-ai.txt")
    reports.mark_ai(session, article_id=human.id, reason="Generic chatbot cadence", actor=accounts["fact-checker"],
                    start=0, end=len("Ministry warns"))
    login(client, "editor")
    html = client.get("/report").get_data(as_text=True)
    section = re.search(r'<section class="ai-report".*?</section>', html, re.S).group(0)
    assert "AI-generated content (2)" in section and "Ministry warns of AI-generated flood images" in section
    assert '<span class="ai ai-reviewer">reviewer</span>' in section
    assert "(checker): “Generic chatbot cadence”, marking “Ministry warns”" in section


def test_snooze_from_the_report_hides_the_item_until_the_date(client, session, demo):
    login(client, "editor")
    token = csrf_token(client.get("/report").get_data(as_text=True))
    item = next(i for i in reports.build(session).follow_up if i.flag == "date_inconsistent")
    today = utcnow().date()
    refused = _decide(client, token, item, action="snooze", snoozed_until=today.isoformat())
    assert refused.status_code == 422 and "snooze until a date in the future" in refused.get_data(as_text=True)
    refused = _decide(client, token, item, action="snooze", snoozed_until="2026-02-30")
    assert refused.status_code == 422
    assert "the snooze date must be a real day written YYYY-MM-DD, not “2026-02-30”" in refused.get_data(as_text=True)
    response = _decide(client, token, item, action="snooze", snoozed_until=(today + timedelta(days=3)).isoformat())
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-flag="date_inconsistent"' not in html
    assert "1 resolved or snoozed" in html
    assert not [i for i in reports.build(session).follow_up if i.flag == "date_inconsistent"]
    back = reports.build(session, today=today + timedelta(days=3)).follow_up
    assert [i.claim_id for i in back if i.flag == "date_inconsistent"] == [item.claim_id]
    # Without JavaScript: the same, with a 303 back to the report.
    other = next(i for i in reports.build(session).follow_up if i.flag == "unattributed")
    plain = client.post("/report/follow-up", data={"csrf_token": token, "flag": other.flag, "article_id": other.article_id,
                                                   "claim_id": other.claim_id, "action": "snooze", "query": "",
                                                   "snoozed_until": (today + timedelta(days=1)).isoformat()})
    assert plain.status_code == 303
    assert "2 resolved or snoozed" in client.get(plain.headers["Location"]).get_data(as_text=True)


def test_report_page_filters_by_dates_and_outlet(client, session, demo):
    aggregator, _ = demo
    login(client, "editor")

    def articles_in(query):
        html = client.get(f"/report?{query}").get_data(as_text=True)
        return re.search(r'<dd id="total-articles">(\d+)</dd>', html).group(1), html

    total, html = articles_in("outlet=Daily+Brief+Wire")
    assert total == "1" and 'data-flag="date_inconsistent"' not in html and "This content is AI-generated" in html
    assert '<option selected>Daily Brief Wire</option>' in html
    total, html = articles_in("from=2026-03-01&to=2026-03-31")
    assert total == "1" and 'data-flag="date_inconsistent"' in html and "No article shows AI-generation evidence" in html
    assert 'value="2026-03-01"' in html and 'value="2026-03-31"' in html
    assert articles_in("from=2026-01-16&to=2026-01-16")[0] == "1"
    assert articles_in("from=2026-01-17&to=2026-03-03")[0] == "0"
    assert articles_in("from=not-a-date")[0] == "2"  # a bad date is ignored, not a 500
