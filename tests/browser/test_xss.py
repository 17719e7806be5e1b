"""Every field a user or an imported file can fill, filled with the whole XSS corpus, rendered in Chromium.

Nothing may run: no dialog, no call to window.__xss, no request leaving 127.0.0.1, and no
state-changing request the test did not make itself (watched_page with allowed_posts). Vectors are
batched: as many as a field holds go into one value, so one page shows many of them.
"""
from __future__ import annotations

import re
from html import escape
from itertools import cycle
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from factcheck.models import OriginDocument, User
from factcheck.services import articles, claims, origins, publish, reports, users
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.xss_vectors import VECTORS

SAFE_URL_VECTOR = 'https://x.example/"><svg/onload=window.__xss&&__xss(1)>'
# Files with NUL bytes are refused as binary (tested elsewhere); every other vector goes into the files.
FILE_VECTORS = [v for v in VECTORS if "\x00" not in v]
TEXT_OUTLET = "Hostile desk"
# Usernames are checked (2-80 letters, digits, . _ -), so these only exist from before that check;
# a sample of the corpus is enough here (each queue item lists every account, so 100 would be slow).
HOSTILE_USERNAMES = [v for v in VECTORS if len(v) <= 80 and "\x00" not in v][::5]
WAIT_MS = 40  # let any onerror/onload/htmx trigger fire after the load event


def chunks(vectors: list[str], limit: int) -> list[str]:
    """The vectors joined by spaces into as few values of at most `limit` characters as they fit."""
    out, current = [], ""
    for vector in vectors:
        joined = f"{current} {vector}" if current else vector
        if current and len(joined) > limit:
            out.append(current)
            current = vector
        else:
            current = joined
    return out + [current] if current else out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\ufffd", "\x00")).strip()


def _covers(stored: list[str | None], vectors: list[str]) -> list[str]:
    """The vectors that did not make it, whole, into any stored value (normally none)."""
    values = [_squash(v) for v in stored if v]
    return [v for v in vectors if not any(_squash(v) in value for value in values)]


def _html_page(n: int, title: str, author: str, outlet: str, *, ai: bool) -> bytes:
    # No figures in the text: these claims are not check-worthy, so the queue stays short.
    disclosure = "This content is AI-generated. " if ai else ""
    return (f"<html><head><title>{escape(title)}</title><meta name=author content=\"{escape(author)}\">"
            f"<meta property=og:site_name content=\"{escape(outlet)}\"></head><body><article>"
            f"<h1>{escape(title)}</h1><p>{disclosure}Story {n}: the council met on Monday.</p></article></body></html>"
            ).encode()


@pytest.fixture
def hostile(session, accounts):
    editor, checker = accounts["editor"], accounts["fact-checker"]
    # Check-worthy sentences (a percentage, a year): the claims are in the follow-up queue as unverified.
    body = "\n\n".join(f"The mayor said {v} and taxes rose 12% in 2025." for v in FILE_VECTORS)
    text_article = articles.import_bytes(session, raw=f"{VECTORS[0]} {VECTORS[10]} title\n\n{body}\n".encode(),
                                         filename="hostile.txt", actor=None, outlet=TEXT_OUTLET).article
    page = (f"<html><head><title>{escape(VECTORS[3])}</title><meta name=author content='{escape(VECTORS[20])}'>"
            "</head><body><article><h1>Council vote</h1>"
            + "".join(f"<p>Paragraph {n}: {v} The council met again.</p>" for n, v in enumerate(FILE_VECTORS))
            + "</article></body></html>")
    html_article = articles.import_bytes(session, raw=page.encode(), filename="hostile.html", actor=None).article

    # Titles, authors and outlets: the whole corpus in each, over as many HTML imports as needed. Those
    # with the titles disclose AI, so the report's AI section and queue show every title.
    titles, authors, outlets = chunks(FILE_VECTORS, 500), chunks(FILE_VECTORS, 300), chunks(FILE_VECTORS, 200)
    count = max(len(titles), len(authors), len(outlets))
    metadata = [articles.import_bytes(session, raw=_html_page(n, t, a, o, ai=n < len(titles)),
                                      filename=f"meta{n}.html", actor=None).article
                for n, t, a, o in zip(range(count), cycle(titles), cycle(authors), cycle(outlets))]
    assert len(titles) <= len(authors)  # the article pages visited for the authors show every title too
    assert _covers([a.title for a in metadata], FILE_VECTORS) == []
    assert _covers([a.author for a in metadata], FILE_VECTORS) == []
    assert _covers([a.outlet for a in metadata], FILE_VECTORS) == []

    # Accounts made before usernames were checked (or by hand in the database), each the assignee
    # of a check-worthy claim, so the queue and every list of accounts show them.
    legacy = [User(username=v, password_hash="!", role="fact-checker") for v in HOSTILE_USERNAMES]
    session.add_all(legacy)
    session.commit()
    units = articles.claim_units(session, text_article.id)
    unit = units[0]
    worthy = [u for u in units[1:] if u.checkworthy >= reports.CHECKWORTHY_MIN]
    for claim, user in zip(worthy, legacy, strict=False):
        claims.assign(session, claim_id=claim.id, assignee_id=user.id, actor=editor)

    # Sources: title, publisher and excerpt, the whole corpus in each.
    titles, publishers, excerpts = chunks(VECTORS, 500), chunks(VECTORS, 300), chunks(VECTORS, 5000)
    for n, title, publisher, excerpt in zip(range(max(len(titles), len(publishers))), cycle(titles),
                                            cycle(publishers), cycle(excerpts)):
        claims.add_source(session, claim_id=unit.id, actor=checker, url=SAFE_URL_VECTOR + str(n),
                          title=title, publisher=publisher, excerpt=excerpt, stance="context")
    for start in range(0, len(VECTORS), 11):
        claims.add_comment(session, claim_id=unit.id, body=" ".join(VECTORS[start:start + 11]), actor=checker)
    verdict = claims.record_verdict(session, claim_id=unit.id, rating="false", rationale=" ".join(VECTORS),
                                    author=editor)
    publication = publish.approve(session, claim_id=unit.id, verdict_id=verdict.id, editor=editor)

    # AI marks (by hostile accounts, so their names are in the queue's reasons too) and follow-up reasons.
    for n, reason in enumerate(chunks(VECTORS, 500)):
        reports.mark_ai(session, article_id=metadata[n % len(metadata)].id, reason=reason, actor=legacy[n])
    reports.mark_ai(session, article_id=text_article.id, reason=" ".join(VECTORS), actor=checker,
                    start=unit.start, end=unit.end)
    for n, reason in enumerate(chunks(VECTORS, 3000)):
        reports.decide(session, flag="ai_disclosed", article_id=metadata[n].id, claim_id=None, actor=editor,
                       action="resolve", reason=reason)
    for vector in VECTORS[:20]:
        with pytest.raises(users.UserError):
            users.create(session, username=vector, password=PASSWORD, role="editor")

    # Origins: title, publisher and URL, the whole corpus; their text shown side by side with the claims.
    passages = "\n\n".join(f"The mayor said {c} was approved on Monday." for c in chunks(FILE_VECTORS, 500))
    traced = articles.import_bytes(session, raw=f"Origin check\n\n{passages}\n".encode(), filename="traced.txt",
                                   actor=None).article
    titles, publishers = chunks(FILE_VECTORS, 500), chunks(VECTORS, 300)
    for n, title, publisher in zip(range(max(len(titles), len(publishers)) - 1, -1, -1), cycle(titles),
                                   cycle(publishers)):
        # Origin 0, the only long one, is added last: each addition re-traces against all origins.
        text = passages if n == 0 else f"Origin note {n}: the council met on Monday."
        origins.add_origin(session, article_id=traced.id, raw=f"{title}\n\n{text}\n".encode(),
                           filename=f"origin{n}.txt", actor=checker, publisher=publisher,
                           url=f"{SAFE_URL_VECTOR}/{n}?q={quote(VECTORS[n % len(VECTORS)])}")
    origins.add_origin(session, article_id=traced.id, filename="canonical.html", actor=checker, raw=(
        b"<html><head><title>Canonical</title><link rel=canonical href=\"javascript:window.__xss(1)\"></head>"
        b"<body><p>The harbour reopened on Monday.</p></body></html>"))
    stored = session.exec(select(OriginDocument).where(OriginDocument.article_id == traced.id)).all()
    assert _covers([o.title for o in stored], FILE_VECTORS) == []
    assert _covers([o.publisher for o in stored], VECTORS) == []
    assert all(o.url is None or o.url.startswith("https://x.example/") for o in stored)
    traced_units = articles.claim_units(session, traced.id)
    first = origins.side_by_side(session, traced_units[0])[0]
    origins.attach_as_source(session, claim_id=traced_units[0].id, origin_id=first.matches[0]["origin_id"],
                             actor=checker)
    return {"text": text_article, "html": html_article, "metadata": metadata, "authored": metadata[:len(authors)],
            "unit": unit,
            "publication": publication, "traced": traced, "traced_units": traced_units}


def _no_script_ran(page, dialogs, where: str) -> None:
    page.wait_for_timeout(WAIT_MS)
    assert page.evaluate("window.__pwned") == [], f"script ran on {where}"
    assert dialogs == [], f"dialog on {where}: {dialogs}"


@pytest.mark.allowed_posts("/login", "/import")
def test_no_vector_runs_anywhere(app, live_server, watched_page, request_log, hostile):
    # Every hostile title, author and outlet on one list page; the queue in pages of 50.
    app.config.update(ARTICLES_PER_PAGE=100, REPORT_PER_PAGE=50)
    text_article, unit, publication = hostile["text"], hostile["unit"], hostile["publication"]
    page = watched_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script("window.__pwned = []; window.__xss = function (n) { window.__pwned.push(n); };")
    log_in(page, live_server, "admin")

    probe = quote(VECTORS[1])
    report_filters = [urlencode({"from": c, "to": c, "outlet": c, "assignee": c, "flag": c})
                      for c in chunks(VECTORS, 1200)]
    pages = [
        "/", f"/?q={probe}", f"/?outlet={probe}&sort={probe}",
        f"/articles/{text_article.id}", f"/articles/{hostile['html'].id}",
        *(f"/articles/{a.id}" for a in hostile["authored"]),  # authors are shown on the article page only
        f"/claims/{unit.id}", f"/claims/{unit.id}/activity", f"/articles/{text_article.id}/activity",
        *(f"/report?{q}" for q in report_filters),
        f"/exports?user={probe}&action={probe}", "/admin/users", f"/fact-checks/{publication.id}",
    ]
    visited = {"/login", "/", "/report"}
    for path in pages:
        response = page.goto(live_server + path)
        visited.add(path.split("?")[0])
        assert response.status < 500, path
        _no_script_ran(page, dialogs, path)

    # The report shows hostile data: titles and AI evidence (AI section), AI-mark reasons and
    # their hostile authors, titles, and every hostile assignee (queue, page by page).
    def queue_pages(query: str):
        for number in range(1, 100):
            page.goto(f"{live_server}/report?{query}&page={number}")
            _no_script_ran(page, dialogs, f"report {query} page {number}")
            yield page.locator("#follow-up")
            if not page.locator("#follow-up").get_by_role("link", name="Next").count():
                return

    page.goto(f"{live_server}/report")
    _no_script_ran(page, dialogs, "the report")
    assert page.locator(".ai-report > ul > li").count() >= len(chunks(FILE_VECTORS, 500))
    marked = sum(q.locator(".queue-item").count() for q in queue_pages("flag=ai_reviewer"))
    assert marked == len(chunks(VECTORS, 500)) + 1
    disclosed = sum(q.locator(".queue-item").count() for q in queue_pages("flag=ai_disclosed"))
    assert disclosed == len(chunks(FILE_VECTORS, 500)) - len(chunks(VECTORS, 3000))  # the others resolved
    assignees = set()
    for queue in queue_pages(urlencode({"outlet": TEXT_OUTLET})):
        assignees |= {m.split("· assignee ", 1)[1].split(" · in ")[0].strip()
                      for m in queue.locator(".queue-item .meta").all_inner_texts()}
    assert set(HOSTILE_USERNAMES) <= assignees, set(HOSTILE_USERNAMES) - assignees
    # Template syntax arrives as text, never evaluated.
    page.goto(f"{live_server}/articles/{text_article.id}")
    assert "{{ 7*7 }}" in page.locator(".article-text").inner_text()
    page.goto(f"{live_server}/claims/{unit.id}")
    rationale = page.locator(".history .rationale").first
    assert rationale.locator("script, img, svg, iframe, object, embed, math, style").count() == 0
    hrefs = [link.get_attribute("href") for link in rationale.locator("a").all()]
    assert hrefs and all(h is None or h.startswith(("http://", "https://")) for h in hrefs), hrefs
    # The JSON-LD block cannot be closed from inside.
    page.goto(f"{live_server}/fact-checks/{publication.id}")
    assert page.locator("script").count() == 1

    # Origins side by side: walk every claim of the traced article (htmx swaps of the claim panel).
    traced_units = hostile["traced_units"]
    page.goto(f"{live_server}/articles/{hostile['traced'].id}")
    visited.add(f"/articles/{hostile['traced'].id}")
    page.wait_for_load_state("load")
    _no_script_ran(page, dialogs, "the traced article")
    for claim in traced_units:
        page.keyboard.press("j")
        panel = page.locator(f"#claim-panel[data-claim-id='{claim.id}']")
        panel.locator(".side-by-side").first.wait_for()
        visited.add(f"/claims/{claim.id}")
        _no_script_ran(page, dialogs, f"the side-by-side view of claim {claim.id}")
    # The passages really were shown, as text.
    page.keyboard.press("k")
    expect(page.locator("#claim-panel .side-by-side").first).to_contain_text("__xss")

    # Upload filenames in the import result: the whole corpus as the names of one import's files.
    page.goto(f"{live_server}/import")
    visited.add("/import")
    page.evaluate("""(names) => {
        const files = new DataTransfer();
        names.forEach((name) => files.items.add(new File(["Uploaded\\n\\nThe council met on Monday.\\n"], name,
                                                         {type: "text/plain"})));
        document.getElementById("files").files = files.files;
    }""", VECTORS)
    page.get_by_role("button", name="Import").click()
    results = page.locator("#import-results .import-results li")
    results.nth(len(VECTORS) - 1).wait_for()
    assert results.count() == len(VECTORS)
    _no_script_ran(page, dialogs, "the import result")

    # Nothing was requested that the test did not ask for: its pages, their assets, its two forms.
    stray = [(method, path, kind) for method, path, kind in request_log
             if not (path in visited or path.startswith("/static/") or (method, path) in {("POST", "/login"),
                                                                                        ("POST", "/import")})]
    assert stray == [], stray
    assert not [r for r in request_log if r[0] == "POST" and r[1] not in {"/login", "/import"}]


@pytest.mark.allowed_posts("/login")
def test_the_guard_stops_an_injected_post_the_test_did_not_make(live_server, watched_page, request_guard, accounts):
    page = watched_page
    log_in(page, live_server, "checker")
    page.wait_for_load_state("load")  # htmx is loaded
    # What one vector would do if it ever reached the page as markup: htmx posts /logout on load.
    page.evaluate("""() => {
        const link = document.createElement("a");
        link.setAttribute("hx-post", "/logout");
        link.setAttribute("hx-trigger", "load");
        document.body.append(link);
        htmx.process(link);
    }""")
    for _ in range(50):
        if request_guard.unintended:
            break
        page.wait_for_timeout(100)
    assert request_guard.unintended == [f"POST {live_server}/logout"]
    page.goto(live_server + "/")  # the logout never reached the server
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    request_guard.unintended.clear()  # seen and checked: the teardown would fail the test on it
    # The blocked request's own console noise (the network error and htmx's report of it) is expected.
    assert all(re.search(r"ERR_FAILED|htmx:(sendError|afterRequest)", e) for e in request_guard.errors)
    request_guard.errors.clear()
