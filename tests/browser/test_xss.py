"""Every field a user or an imported file can fill, filled with 100+ XSS vectors, rendered in Chromium.

Nothing may run: no dialog, no call to window.__xss, no request leaving 127.0.0.1 (watched_page).
"""
from __future__ import annotations

from html import escape
from urllib.parse import quote

import pytest

from factcheck.services import articles, claims, publish, reports, users
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.xss_vectors import VECTORS

SAFE_URL_VECTOR = 'https://x.example/"><svg/onload=window.__xss&&__xss(1)>'


# Files with NUL bytes are refused as binary (tested elsewhere); every other vector goes into the files.
FILE_VECTORS = [v for v in VECTORS if "\x00" not in v]


@pytest.fixture
def hostile(session, accounts):
    body = "\n\n".join(f"{v} said the mayor on Monday." for v in FILE_VECTORS)
    text_article = articles.import_bytes(session, raw=f"{VECTORS[0]} {VECTORS[10]} title\n\n{body}\n".encode(),
                                         filename="hostile.txt", actor=None).article
    page = (f"<html><head><title>{escape(VECTORS[3])}</title><meta name=author content='{escape(VECTORS[20])}'>"
            "</head><body><article><h1>Council vote</h1>"
            + "".join(f"<p>Paragraph {n}: {v} The council voted 5-2.</p>" for n, v in enumerate(FILE_VECTORS))
            + "</article></body></html>")
    html_article = articles.import_bytes(session, raw=page.encode(), filename="hostile.html", actor=None).article
    unit = articles.claim_units(session, text_article.id)[0]
    editor, checker = accounts["editor"], accounts["fact-checker"]
    for n, vector in enumerate(VECTORS[:12]):
        claims.add_source(session, claim_id=unit.id, actor=checker, url=SAFE_URL_VECTOR + str(n),
                          title=vector, publisher=VECTORS[-1 - n], excerpt=VECTORS[20 + n], stance="context")
    for start in range(0, len(VECTORS), 11):
        claims.add_comment(session, claim_id=unit.id, body=" ".join(VECTORS[start:start + 11]), actor=checker)
    verdict = claims.record_verdict(session, claim_id=unit.id, rating="false", rationale=" ".join(VECTORS),
                                    author=editor)
    publication = publish.approve(session, claim_id=unit.id, verdict_id=verdict.id, editor=editor)
    reports.mark_ai(session, article_id=text_article.id, reason=VECTORS[11], actor=checker)
    reports.decide(session, flag="ai_reviewer", article_id=text_article.id, claim_id=None, actor=editor,
                   action="resolve", reason=VECTORS[12])
    for vector in VECTORS[:20]:
        with pytest.raises(users.UserError):
            users.create(session, username=vector, password=PASSWORD, role="editor")
    return text_article, html_article, unit, publication


def test_no_vector_runs_anywhere(live_server, watched_page, hostile):
    text_article, html_article, unit, publication = hostile
    page = watched_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script("window.__pwned = []; window.__xss = function (n) { window.__pwned.push(n); };")
    log_in(page, live_server, "admin")

    probe = quote(VECTORS[1])
    pages = [
        "/", f"/?q={probe}", f"/?outlet={probe}&sort={probe}",
        f"/articles/{text_article.id}", f"/articles/{html_article.id}",
        f"/claims/{unit.id}", f"/claims/{unit.id}/activity", f"/articles/{text_article.id}/activity",
        f"/report?outlet={probe}&flag={probe}&from={probe}", f"/exports?user={probe}&action={probe}",
        "/admin/users", f"/fact-checks/{publication.id}",
    ]
    for path in pages:
        response = page.goto(live_server + path)
        assert response.status < 500, path
        page.wait_for_timeout(150)  # let any onerror/onload fire
        assert page.evaluate("window.__pwned") == [], f"script ran on {path}"
        assert dialogs == [], f"dialog on {path}: {dialogs}"
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
