"""A refused form comes back with what was typed in it, escaped, and nothing is stored."""
import io
import re

import pytest
from markupsafe import escape
from sqlalchemy import func
from sqlmodel import select

from factcheck.models import AIMark, AuditEvent, ClaimUnit, FollowUp, OriginDocument
from factcheck.services import articles, reports
from tests.conftest import PASSWORD, csrf_token, login

RAW = ("Port record\n\nThe port handled 1.2 million containers in March, officials said. "
       "Volumes rose 8% on a year earlier. The mayor called it a record.\n").encode()
HOSTILE = "</textarea><script>alert(1)</script>"


@pytest.fixture
def article(session, accounts):
    return articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article


def _count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def _token(client, path="/"):
    return csrf_token(client.get(path).get_data(as_text=True))


def _shown(html: str, value: str) -> bool:
    """`value` is in the page as text, and not as markup."""
    return str(escape(value)) in html and (value == str(escape(value)) or value not in html)


def test_a_refused_origin_comes_back_filled_in(client, session, article):
    login(client, "checker")
    token = _token(client, f"/articles/{article.id}")
    events = _count(session, AuditEvent)
    typed = {"title": "Port figures", "text": f"\nThe port handled 1.2 million containers. {HOSTILE}",
             "url": "ftp://example.org/x", "publisher": "Harbour \"Ledger\" & Co", "published": "2026-01-14"}
    response = client.post(f"/articles/{article.id}/origins", data={"csrf_token": token, **typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Origin not added: only http and https" in html
    # The extra newline is the one HTML drops after <textarea>; the text's own leading newline stays.
    assert f'name="text" rows="4">\n{escape(typed["text"])}</textarea>' in html
    assert "<script>alert(1)</script>" not in html
    for name in ("title", "url", "publisher", "published"):
        assert re.search(rf'name="{name}"[^>]* value="{re.escape(str(escape(typed[name])))}"', html), name

    # A file cannot be sent back to the browser: the message says to choose it again.
    upload = client.post(f"/articles/{article.id}/origins", content_type="multipart/form-data", data={
        "csrf_token": token, "file": (io.BytesIO(b"Harbour report\n\nThe port handled 1.2 million."), "report.txt"),
        "url": "javascript:alert(1)", "publisher": "Harbour Ledger"})
    assert upload.status_code == 422 and "Choose the file again" in upload.get_data(as_text=True)
    assert 'value="Harbour Ledger"' in upload.get_data(as_text=True)

    # Nothing to add, but a headline typed: it is kept too.
    empty = client.post(f"/articles/{article.id}/origins", data={"csrf_token": token, "title": "Port figures"})
    assert empty.status_code == 422 and "Choose a file or paste" in empty.get_data(as_text=True)
    assert 'name="title" value="Port figures"' in empty.get_data(as_text=True)
    assert _count(session, OriginDocument) == 0 and _count(session, AuditEvent) == events


def test_a_refused_ai_mark_keeps_reason_and_quote(client, session, article):
    login(client, "checker")
    token = _token(client, f"/articles/{article.id}")
    reason, quote = "<script>alert(1)</script> chatbot phrasing", "The port handeld 1.2 million"
    response = client.post(f"/articles/{article.id}/ai-mark",
                           data={"csrf_token": token, "reason": reason, "quote": quote})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "not in the article" in html
    assert f'name="reason" required value="{escape(reason)}"' in html and _shown(html, reason)
    assert f'id="ai-quote" name="quote" value="{escape(quote)}"' in html
    assert '<details class="units" open>' in html
    assert _count(session, AIMark) == 0


def test_a_claim_unit_with_a_typo_keeps_the_quote(client, session, article):
    login(client, "checker")
    token = _token(client, f"/articles/{article.id}")
    units = _count(session, ClaimUnit)
    for quote, message in (("The mayor calld it a record", "not in the article"),
                           ("Volumes rose", "overlaps claim unit"),
                           ("<b>Port</b> & <i>record</i>", "not in the article")):
        response = client.post(f"/articles/{article.id}/units", data={"csrf_token": token, "quote": quote})
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and message in html, quote
        assert f'id="unit-quote" name="quote" value="{escape(quote)}"' in html and _shown(html, quote)
        # Only the form that was sent is filled in: the AI mark's quote field stays empty.
        assert 'id="ai-quote" name="quote" value=""' in html
    assert _count(session, ClaimUnit) == units


def _item(session):
    return next(i for i in reports.build(session).follow_up if i.claim_id)


def _decide(client, token, item, htmx=True, **data):
    return client.post("/report/follow-up", headers={"HX-Request": "true"} if htmx else {}, data={
        "csrf_token": token, "flag": item.flag, "article_id": item.article_id, "claim_id": item.claim_id or "",
        "query": "", **data})


def _queue_item(html: str, item) -> str:
    start = html.index(f'data-flag="{item.flag}" data-claim-id="{item.claim_id}"')
    return html[start:html.index("</li>", start)]


def test_a_refused_follow_up_keeps_the_reason_in_its_item(client, session, article):
    login(client, "editor")
    token = _token(client, "/report")
    item = _item(session)
    reason = "<b>Checked</b> " + "x" * reports.REASON_MAX
    response = _decide(client, token, item, action="resolve", reason=reason)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "longer than 20,000 characters" in html
    assert html.lstrip().startswith('<section id="follow-up"') and "<html" not in html  # the form's target
    assert f'name="reason" required value="{escape(reason)}"' in _queue_item(html, item)
    assert html.count(str(escape(reason))) == 1 and _shown(html, reason)

    # A plain form gets the whole report, with the same typed reason.
    plain = _decide(client, token, item, htmx=False, action="resolve", reason=reason)
    assert plain.status_code == 422 and "<html" in plain.get_data(as_text=True)
    assert f'value="{escape(reason)}"' in _queue_item(plain.get_data(as_text=True), item)

    # A refused snooze keeps its date.
    snooze = _decide(client, token, item, action="snooze", snoozed_until="2000-01-01")
    assert snooze.status_code == 422 and 'value="2000-01-01"' in _queue_item(snooze.get_data(as_text=True), item)
    assert _count(session, FollowUp) == 0


def test_a_refused_follow_up_off_the_page_shows_the_reason_beside_the_error(app, client, session, article):
    app.config["REPORT_PER_PAGE"] = 1
    login(client, "editor")
    token = _token(client, "/report")
    follow_up = reports.build(session).follow_up
    assert len(follow_up) > 1
    reason = HOSTILE + "x" * reports.REASON_MAX
    response = _decide(client, token, follow_up[-1], action="resolve", reason=reason)  # not on page 1
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<textarea id="kept-reason" readonly rows="3">\n{escape(reason)}</textarea>' in html
    assert "<script>alert(1)</script>" not in html
    assert _count(session, FollowUp) == 0


def test_a_csrf_refusal_shows_the_typed_text_to_copy(client, session, article):
    login(client, "checker")
    events = _count(session, AuditEvent)
    typed = {"title": "Port figures", "text": f"Line one\n{HOSTILE}", "url": "https://ledger.example/r"}
    response = client.post(f"/articles/{article.id}/origins", data={
        "csrf_token": "stale-token", "new_password": "hunter2 secret", **typed, "publisher": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Your text is below" in html
    for name, value in typed.items():
        found = re.search(rf'<label for="(sent-\d+)">{name}</label>\s*<textarea id="\1" readonly[^>]*>\n(.*?)</textarea>',
                          html, re.S)
        assert found and found.group(2) == str(escape(value)), name
    assert "<script>alert(1)</script>" not in html
    assert "hunter2" not in html and "stale-token" not in html
    assert ">publisher</label>" not in html  # blank: nothing to copy
    assert _count(session, OriginDocument) == 0 and _count(session, AuditEvent) == events

    # Nothing typed: the page does not say text is below.
    empty = client.post(f"/articles/{article.id}/units", data={"csrf_token": "stale-token"})
    assert empty.status_code == 400 and "Your text is below" not in empty.get_data(as_text=True)
    assert "<textarea" not in empty.get_data(as_text=True)


def test_a_csrf_refusal_at_login_keeps_the_username_not_the_password(app, session, accounts):
    client = app.test_client()
    response = client.post("/login", data={"username": "<b>checker</b>", "password": PASSWORD})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ">username</label>" in html and "&lt;b&gt;checker&lt;/b&gt;" in html
    assert PASSWORD not in html and ">password</label>" not in html
